// Fuzz target: text -> Extractor::Analyze and the whole pipeline over an
// item made of it (sentences, tokens, names, times, events, dedup, merge).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "common/file.h"
#include "common/state.h"
#include "pipeline/extractor.h"
#include "pipeline/gazetteer.h"
#include "pipeline/pipeline.h"

namespace {
const newsd::Gazetteer& Gaz() {
  static const std::unique_ptr<newsd::Gazetteer> g = [] {
    const char* dir = std::getenv("NEWSD_DATA_DIR");
    auto gaz = newsd::ReadFileToString(std::string(dir ? dir : "data") + "/gazetteer.json");
    auto iso = newsd::ReadFileToString("/usr/share/iso-codes/json/iso_3166-1.json");
    auto r = newsd::Gazetteer::FromJson(gaz.ok() ? *gaz : "{}", iso.ok() ? *iso : "");
    if (!r.ok()) std::abort();
    if (auto regions = newsd::ReadFileToString("/usr/share/iso-codes/json/iso_3166-2.json");
        regions.ok())
      (void)r->AddSubdivisions(*regions);
    return std::make_unique<newsd::Gazetteer>(std::move(r).value());
  }();
  return *g;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  newsd::Extractor x(&Gaz());
  const newsd::Timestamp ref = *newsd::ParseRfc3339("2024-06-01T00:00:00Z");
  newsd::Analysis a = x.Analyze(text, ref);
  for (const auto& s : a.sentences)
    if (s.begin > s.end || s.end > text.size()) std::abort();
  for (const auto& m : a.events)
    if (m.trigger_span.end > text.size()) std::abort();
  newsd::Pipeline p(newsd::PipelineOptions{}, &x);
  newsd::MemoryState state;
  newsd::Item item;
  item.feed_url = "https://fuzz.example/rss";
  item.title = text.substr(0, 80);
  item.content_text = text;
  item.published = ref;
  state.Apply(p.Process(item, state, ref).writes);
  item.guid = "again";
  (void)p.Process(item, state, ref);
  return 0;
}
