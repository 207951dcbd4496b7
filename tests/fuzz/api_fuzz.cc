// Fuzz target: request targets -> Api::Handle over a store holding real
// events (a few items through the whole pipeline). The input's first line
// is the request target (path and query), the second the Last-Event-ID.
// Every answer must be a known status, and a JSON body must parse.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "common/file.h"
#include "common/state.h"
#include "daemon/api.h"
#include "pipeline/extractor.h"
#include "pipeline/gazetteer.h"
#include "pipeline/pipeline.h"

namespace {

struct World {
  std::unique_ptr<newsd::Gazetteer> gazetteer;
  std::unique_ptr<newsd::Extractor> extractor;
  newsd::MemoryState state;
  std::unique_ptr<newsd::Api> api;
};

World& TheWorld() {
  static World* w = [] {
    auto* w = new World;
    const char* dir = std::getenv("NEWSD_DATA_DIR");
    auto gaz = newsd::ReadFileToString(std::string(dir ? dir : "data") + "/gazetteer.json");
    auto iso = newsd::ReadFileToString("/usr/share/iso-codes/json/iso_3166-1.json");
    auto r = newsd::Gazetteer::FromJson(gaz.ok() ? *gaz : "{}", iso.ok() ? *iso : "");
    if (!r.ok()) std::abort();
    w->gazetteer = std::make_unique<newsd::Gazetteer>(std::move(r).value());
    w->extractor = std::make_unique<newsd::Extractor>(w->gazetteer.get());
    newsd::Pipeline p(newsd::PipelineOptions{}, w->extractor.get());
    const newsd::Timestamp now = *newsd::ParseRfc3339("2024-06-03T00:00:00Z");
    const char* texts[] = {
        "Chancellor Olaf Scholz met President Emmanuel Macron in Berlin on Monday.",
        "Secretary of State Antony Blinken criticised China on Sunday. Blinken met Wang Yi.",
        "Police arrested protesters in Paris on Saturday after the rally turned violent.",
    };
    int n = 0;
    for (const char* t : texts) {
      newsd::Item item;
      item.feed_url = "https://fuzz.example/rss";
      item.feed_name = "fuzz";
      item.guid = std::to_string(++n);
      item.link = "https://fuzz.example/" + item.guid;
      item.title = t;
      item.content_text = t;
      item.published = now;
      w->state.Apply(p.Process(item, w->state, now).writes);
    }
    w->api = std::make_unique<newsd::Api>(
        w->state, w->gazetteer.get(),
        newsd::ChangeSource{[w](uint64_t after, size_t max) {
                              std::vector<newsd::ChangeRecord> out;
                              const auto& rows = w->state.outbox();
                              for (size_t i = after; i < rows.size() && out.size() < max; ++i)
                                out.push_back({i + 1, 0, rows[i].topic, rows[i].key});
                              return out;
                            },
                            [w] { return static_cast<uint64_t>(w->state.outbox().size()); }});
    return w;
  }();
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  std::string target = input.substr(0, nl);
  newsd::HttpRequest req;
  req.method = "GET";
  const size_t q = target.find('?');
  req.path = target.substr(0, q);
  req.query = q == std::string::npos ? "" : target.substr(q + 1);
  if (nl != std::string::npos) req.last_event_id = input.substr(nl + 1);
  newsd::HttpResponse r = TheWorld().api->Handle(req);
  if (r.status != 200 && r.status != 400 && r.status != 404) std::abort();
  const bool json =
      r.content_type == "application/json" || r.content_type == "application/problem+json";
  if (json && !nlohmann::json::accept(r.body)) std::abort();
  if (r.status != 200 && r.content_type != "application/problem+json") std::abort();
  if (r.next) {
    uint64_t cursor = r.cursor;
    (void)r.next(&cursor);
  }
  return 0;
}
