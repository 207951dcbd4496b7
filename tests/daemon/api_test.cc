#include "daemon/api.h"

#include <array>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/keys.h"
#include "common/state.h"
#include "ingest/feed_parser.h"
#include "pipeline/extractor.h"
#include "pipeline/json_codec.h"
#include "pipeline/pipeline.h"
#include "pipeline/records.h"
#include "tests/pipeline/gazetteer_fixture.h"

using namespace newsd;
using nlohmann::json;

namespace {

const Timestamp kNow = *ParseRfc3339("2024-10-01T00:00:00Z");

// The pipeline over a MemoryState, fed the project's fixture feeds; the
// change log is the outbox in order (sequence numbers from 1).
struct Fixture {
  Extractor extractor{&test::TestGazetteer()};
  Pipeline pipeline{PipelineOptions{}, &extractor};
  MemoryState state;
  Api api{state, &test::TestGazetteer(), Changes()};

  Fixture() {
    for (const char* name :
         {"repeated_story.xml", "syndicated_1.xml", "syndicated_2.xml", "syndicated_3.xml"}) {
      auto f =
          ParseFeed(test::ReadFile(test::DataPath(std::string("feeds/") + name)),
                    ParseContext{std::string("https://feeds.example/") + name, name, "", kNow});
      REQUIRE(f.ok());
      for (const Item& item : f->items) {
        ItemResult r = pipeline.Process(item, state, kNow);
        state.Apply(r.writes);
      }
    }
  }

  ChangeSource Changes() {
    return {[this](uint64_t after, size_t max) {
              std::vector<ChangeRecord> out;
              const auto& rows = state.outbox();
              for (size_t i = after; i < rows.size() && out.size() < max; ++i)
                out.push_back({i + 1, rows[i].created_ms, rows[i].topic, rows[i].key});
              return out;
            },
            [this] { return static_cast<uint64_t>(state.outbox().size()); }};
  }

  HttpResponse Get(const std::string& target, const std::string& last_event_id = "") const {
    HttpRequest r;
    r.method = "GET";
    size_t q = target.find('?');
    r.path = target.substr(0, q);
    r.query = q == std::string::npos ? "" : target.substr(q + 1);
    r.last_event_id = last_event_id;
    return api.Handle(r);
  }
  json GetJson(const std::string& target) const {
    HttpResponse r = Get(target);
    INFO(target << " -> " << r.status << " " << r.body);
    REQUIRE(r.status == 200);
    REQUIRE(r.content_type == "application/json");
    return json::parse(r.body);
  }
};

Fixture& Shared() {
  static Fixture f;
  return f;
}

bool IsProblem(const HttpResponse& r, int status) {
  if (r.status != status || r.content_type != "application/problem+json") return false;
  json doc = json::parse(r.body);
  return doc["status"] == status && doc["type"] == "about:blank" && !doc["detail"].empty();
}

}  // namespace

TEST_CASE("ParseQuery decodes escapes and refuses what it cannot read") {
  auto q = ParseQuery("q=Kim+Yong%20Chol&limit=5&&flag");
  REQUIRE(q.ok());
  CHECK(q->at("q") == "Kim Yong Chol");
  CHECK(q->at("limit") == "5");
  CHECK(q->at("flag").empty());
  CHECK(ParseQuery("q=%C3%A9")->at("q") == "\xC3\xA9");
  for (const char* bad :
       {"q=%", "q=%2", "q=%zz", "q=%00", "q=%0a", "q=%FF", "q=%C3", "a=1&a=2", "q=%7f"})
    CHECK_FALSE(ParseQuery(bad).ok());
  std::string many;
  for (int i = 0; i < 33; ++i) many += "p" + std::to_string(i) + "=1&";
  CHECK_FALSE(ParseQuery(many).ok());
  CHECK(ParseQuery("").ok());
}

TEST_CASE("Entity search: part of a name, a later word, an alias, any case and accents") {
  Fixture& f = Shared();
  auto names = [&](const std::string& q) {
    std::vector<std::string> out;
    const json r = f.GetJson("/api/v1/entities?q=" + q);
    for (const auto& e : r["entities"]) out.push_back(e["name"]);
    return out;
  };
  CHECK_THAT(names("blin"), Catch::VectorContains(std::string("Antony Blinken")));
  CHECK_THAT(names("ANTONY"), Catch::VectorContains(std::string("Antony Blinken")));
  CHECK_THAT(names("yi"), Catch::VectorContains(std::string("Wang Yi")));
  CHECK_THAT(names("w%C3%A1ng"), Catch::VectorContains(std::string("Wang Yi")));
  CHECK_THAT(names("scholz"), Catch::VectorContains(std::string("Olaf Scholz")));
  // Sorted by events, at most `limit`.
  json r = f.GetJson("/api/v1/entities?q=a&limit=3");
  REQUIRE(r["entities"].size() <= 3);
  for (size_t i = 1; i < r["entities"].size(); ++i)
    CHECK(r["entities"][i - 1]["events"] >= r["entities"][i]["events"]);
  CHECK(IsProblem(f.Get("/api/v1/entities"), 400));
  CHECK(IsProblem(f.Get("/api/v1/entities?q=%20"), 400));
  CHECK(IsProblem(f.Get("/api/v1/entities?q=x&limit=101"), 400));
}

TEST_CASE("An entity's event count is the number of its timeline rows") {
  Fixture& f = Shared();
  size_t entities = 0;
  f.state.ScanPrefix(Family::kEntities, "s", [&](std::string_view k, std::string_view v) {
    auto summary = DecodeEntitySummary(v);
    REQUIRE(summary);
    const std::string key(k.substr(1));
    size_t rows = 0;
    f.state.ScanPrefix(Family::kTimeline, keys::TimelinePrefix(key),
                       [&](std::string_view, std::string_view) { return ++rows; });
    INFO(key);
    CHECK(summary->events == static_cast<int64_t>(rows));
    CHECK(summary->last_seen_ms == ToUnixMillis(kNow));
    ++entities;
    return true;
  });
  CHECK(entities >= 5);
}

TEST_CASE("Timeline: newest first, paged by cursor, filtered by time, under an alias") {
  Fixture& f = Shared();
  json all = f.GetJson("/api/v1/timeline/Blinken");
  CHECK(all["entity"]["name"] == "Antony Blinken");
  REQUIRE(all["events"].size() >= 2);
  CHECK(all["next_cursor"].is_null());
  std::vector<std::string> times, ids;
  for (const auto& e : all["events"]) {
    times.push_back(e["time"]["value"]);
    ids.push_back(e["id"]);
  }
  CHECK(std::is_sorted(times.rbegin(), times.rend()));

  std::vector<std::string> paged;
  std::string cursor;
  for (int guard = 0; guard < 50; ++guard) {
    json page = f.GetJson("/api/v1/timeline/antony%20blinken?limit=1" +
                          (cursor.empty() ? "" : "&cursor=" + cursor));
    for (const auto& e : page["events"]) paged.push_back(e["id"]);
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  CHECK(paged == ids);

  // since is inclusive, until exclusive.
  const std::string newest = times.front();
  const json since = f.GetJson("/api/v1/timeline/Blinken?since=" + newest);
  CHECK_FALSE(since["events"].empty());
  for (const auto& e : since["events"]) CHECK(e["time"]["value"] >= newest);
  const json until = f.GetJson("/api/v1/timeline/Blinken?until=" + newest);
  CHECK(since["events"].size() + until["events"].size() == all["events"].size());
  for (const auto& e : until["events"]) CHECK(e["time"]["value"] < newest);

  CHECK(IsProblem(f.Get("/api/v1/timeline/Nobody%20Here"), 404));
  CHECK(IsProblem(f.Get("/api/v1/timeline/Blinken?limit=0"), 400));
  CHECK(IsProblem(f.Get("/api/v1/timeline/Blinken?limit=abc"), 400));
  CHECK(IsProblem(f.Get("/api/v1/timeline/Blinken?cursor=xyz"), 400));
  CHECK(IsProblem(f.Get("/api/v1/timeline/Blinken?since=soon"), 400));
  CHECK(IsProblem(f.Get("/api/v1/timeline/Blinken?bogus=1"), 400));
}

TEST_CASE("Events and stories by id, events by code and country") {
  Fixture& f = Shared();
  json t = f.GetJson("/api/v1/timeline/Olaf%20Scholz");
  const json* meeting = nullptr;
  for (const auto& e : t["events"])
    if (e["code"] == "040") meeting = &e;
  REQUIRE(meeting);
  const std::string id = (*meeting)["id"];
  CHECK(f.GetJson("/api/v1/events/" + id) == *meeting);
  // The body is the event's latest Kafka value, byte for byte.
  std::string published;
  for (const auto& m : f.state.outbox())
    if (m.topic == "events" && m.key == id) published = *OutboxMessageValue(m);
  CHECK(f.Get("/api/v1/events/" + id).body == published);

  auto ids_of = [&](const std::string& target) {
    std::vector<std::string> out;
    const json r = f.GetJson(target);
    for (const auto& e : r["events"]) out.push_back(e["id"]);
    return out;
  };
  CHECK_THAT(ids_of("/api/v1/events?code=04"), Catch::VectorContains(id));
  CHECK_THAT(ids_of("/api/v1/events?code=040&country=deu"), Catch::VectorContains(id));
  CHECK_FALSE(Catch::VectorContains(id).match(ids_of("/api/v1/events?code=19")));
  CHECK_FALSE(Catch::VectorContains(id).match(ids_of("/api/v1/events?country=JPN")));
  const json statements = f.GetJson("/api/v1/events?code=01");
  CHECK_FALSE(statements["events"].empty());
  for (const auto& e : statements["events"]) CHECK(e["code"].get<std::string>().starts_with("01"));

  json story = f.GetJson("/api/v1/stories/" + (*meeting)["story_id"].get<std::string>());
  CHECK(story["schema"] == "newsd.story/1");
  std::vector<std::string> story_events;
  for (const auto& e : story["events"]) story_events.push_back(e["id"]);
  CHECK_THAT(story_events, Catch::VectorContains(id));

  CHECK(IsProblem(f.Get("/api/v1/events/ev-0000000000000000"), 404));
  CHECK(IsProblem(f.Get("/api/v1/stories/st-0000000000000000"), 404));
  for (const std::string& bad :
       std::vector<std::string>{"/api/v1/events/ev-XYZ", "/api/v1/events/" + id.substr(0, 10),
                                "/api/v1/events/..%2F..%2Fmeta", "/api/v1/events?code=abc",
                                "/api/v1/events?country=DE", "/api/v1/stories/ev-0000000000000000"})
    CHECK(IsProblem(f.Get(bad), 400));
  // Internal keys of the events family are not events.
  CHECK(IsProblem(f.Get("/api/v1/events/" + id + "%2Fi%2Fit-0"), 400));
  CHECK(IsProblem(f.Get("/api/v1/nothing"), 404));
  CHECK(IsProblem(f.Get("/secret"), 404));
}

TEST_CASE("The stream replays what changed after a cursor, each message once") {
  Fixture& f = Shared();
  uint64_t cursor = 0;
  std::string all = f.api.StreamChunk(&cursor, 100000);
  CHECK(cursor == f.state.outbox().size());
  size_t messages = 0;
  for (size_t p = all.find("id: "); p != std::string::npos; p = all.find("\nid: ", p + 1))
    ++messages;
  CHECK(messages == f.state.outbox().size());
  CHECK(all.find("event: event\ndata: {") != std::string::npos);
  CHECK(all.find("event: story\ndata: {") != std::string::npos);
  // Resuming after message 3 gives 4, 5, ... and nothing before.
  uint64_t resume = 3;
  std::string rest = f.api.StreamChunk(&resume, 2);
  CHECK(rest.starts_with("id: 4\n"));
  CHECK(rest.find("id: 5\n") != std::string::npos);
  CHECK(rest.find("id: 6\n") == std::string::npos);
  CHECK(resume == 5);
  // A new client starts at the newest change.
  HttpResponse r = f.Get("/api/v1/stream");
  CHECK(r.content_type.starts_with("text/event-stream"));
  CHECK(r.cursor == f.state.outbox().size());
  REQUIRE(r.next);
  CHECK(f.Get("/api/v1/stream", "2").body.find("id: 3\n") != std::string::npos);
  CHECK(IsProblem(f.Get("/api/v1/stream", "abc"), 400));
}

TEST_CASE("The page is served whole from the binary") {
  HttpResponse r = Shared().Get("/");
  CHECK(r.status == 200);
  CHECK(r.content_type == "text/html; charset=utf-8");
  CHECK(r.body.find("<title>newsd</title>") != std::string::npos);
  CHECK(r.body.find("/api/v1/stream") != std::string::npos);
  // Nothing loads from elsewhere.
  CHECK(r.body.find("src=\"http") == std::string::npos);
  CHECK(r.body.find("href=\"http") == std::string::npos);
}

TEST_CASE("Events by code read all-events rows written before they carried a value") {
  MemoryState state;
  Event e;
  e.id = "ev-00000000000000aa";
  e.code = "193";
  e.type = "fight with small arms and light weapons";
  e.source.canonical = "Someone";
  e.source.country = "SYR";
  e.time = *ParseRfc3339("2024-05-01T00:00:00Z");
  e.version = 1;
  WriteSet ws;
  ws.Put(Family::kEvents, e.id, EventToJson(e));
  ws.Put(Family::kTimeline, keys::TimelineEntry(keys::kAllEvents, e.time, e.id), "");
  state.Apply(ws);
  Api api(state, nullptr, {});
  auto ids = [&](const std::string& query) {
    HttpRequest r{"GET", "/api/v1/events", query, ""};
    HttpResponse resp = api.Handle(r);
    REQUIRE(resp.status == 200);
    std::vector<std::string> out;
    const json doc = json::parse(resp.body);
    for (const auto& ev : doc["events"]) out.push_back(ev["id"]);
    return out;
  };
  CHECK(ids("code=19") == std::vector<std::string>{e.id});
  CHECK(ids("country=SYR") == std::vector<std::string>{e.id});
  CHECK(ids("code=04").empty());
  CHECK(ids("country=USA").empty());
}

TEST_CASE("Histogram: an entity's events per day by quad class") {
  Fixture& f = Shared();
  const json t = f.GetJson("/api/v1/timeline/Blinken?limit=500");
  const json h = f.GetJson("/api/v1/histogram/Blinken");
  CHECK_FALSE(h["truncated"].get<bool>());
  std::map<std::string, std::array<int64_t, 5>> want;
  for (const auto& e : t["events"]) {
    const int root = std::stoi(e["code"].get<std::string>().substr(0, 2));
    const size_t quad = root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
    ++want[e["time"]["value"].get<std::string>()][quad];
  }
  std::map<std::string, std::array<int64_t, 5>> got;
  for (const auto& d : h["days"]) got[d["day"]] = d["counts"].get<std::array<int64_t, 5>>();
  CHECK(got == want);
  // A window before every event is empty; bad windows are problems.
  const json before = f.GetJson("/api/v1/histogram/Blinken?since=2000-01-01&until=2000-02-01");
  CHECK(before["days"].empty());
  CHECK(IsProblem(f.Get("/api/v1/histogram/Blinken?since=2024-02-01&until=2024-01-01"), 400));
  CHECK(IsProblem(f.Get("/api/v1/histogram/Nobody%20Here"), 404));
  CHECK(IsProblem(f.Get("/api/v1/histogram/Blinken?limit=3"), 400));
}
