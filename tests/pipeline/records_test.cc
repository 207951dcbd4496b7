#include "pipeline/records.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/keys.h"
#include "common/state.h"
#include "pipeline/json_codec.h"
#include "pipeline/pipeline.h"
#include "tests/pipeline/gazetteer_fixture.h"

using namespace newsd;

namespace {

const Timestamp kNow = *ParseRfc3339("2025-03-04T05:06:07Z");

// Every field set, the enumerations at their last values.
Event FullEvent() {
  Event e;
  e.id = "ev-0123456789abcdef";
  e.code = "0311";
  e.type = "express intent to cooperate economically";
  e.trigger = "pledged";
  e.source = {
      "the Velorian cabinet", "Velorian cabinet", EntityType::kPlace, "VLR", "government", "", ""};
  e.target = {"Mrs Quandt", "Ottilie Quandt", EntityType::kPerson, "", "", "XYZBUS", "BUS"};
  e.time = *ParseRfc3339("1961-02-03T00:00:00Z");  // before 1970: a negative day count
  e.time_granularity = Granularity::kYear;
  e.time_basis = TimeBasis::kText;
  e.modality = Modality::kReported;
  e.negated = true;
  e.story_id = "st-00000000000000ff";
  e.mentions = 3;
  e.items = 2;
  e.sources = 40;
  e.feeds = {"Harbour Gazette", "Valley \"Post\"", "北方日报"};
  e.first_seen = *ParseRfc3339("2025-03-01T10:00:00Z");
  e.last_seen = kNow;
  e.evidence = {{"The Velorian cabinet pledged to help Mrs Quandt's mill.", "https://a.example/1",
                 "Harbour Gazette", ""},
                {"A line with a tab\tand a quote \"here\".", "https://b.example/2", "Valley", ""}};
  e.version = 7;
  return e;
}

}  // namespace

TEST_CASE("An event record prints the JSON its event publishes") {
  const Event e = FullEvent();
  const std::string record = EncodeEventRecord(e);
  REQUIRE(record[0] == kRecordV1);
  CHECK(record.size() < EventToJson(e).size() / 2);
  auto json = EventRecordJson(record);
  REQUIRE(json.ok());
  CHECK(*json == EventToJson(e));
  auto back = DecodeEventRecord(record);
  REQUIRE(back.ok());
  CHECK(back->story_id == e.story_id);
  CHECK(back->time == e.time);
  CHECK(back->feeds == e.feeds);
  CHECK(back->evidence.size() == 2);
  // The actor code the JSON derives for the source is kept in the record,
  // as reading the JSON back would give it.
  CHECK(back->source.code == "VLR");
  CHECK(EventRecordStory(record) == e.story_id);

  Event bare;
  bare.id = "ev-00000000000000aa";
  auto bare_back = DecodeEventRecord(EncodeEventRecord(bare));
  REQUIRE(bare_back.ok());
  CHECK(bare_back->source.empty());
  CHECK(EventToJson(*bare_back) == EventToJson(bare));
}

TEST_CASE("Event records in JSON from earlier versions stay readable") {
  const Event e = FullEvent();
  const std::string json = EventToJson(e);
  auto back = DecodeEventRecord(json);
  REQUIRE(back.ok());
  CHECK(EventToJson(*back) == json);
  CHECK(*EventRecordJson(json) == json);  // printed as stored
  CHECK(EventRecordStory(json) == e.story_id);
  CHECK(DecodeEventRecord(" \n" + json).ok());
  // An outbox row an earlier version committed is produced as it is.
  CHECK(*OutboxMessageValue({"events", e.id, json, 0}) == json);
}

TEST_CASE("A story record prints the JSON its story publishes; earlier JSON stays readable") {
  Story s;
  s.id = "st-00000000000000bb";
  s.headline = "Harbour tolls rise, ferry crews say \"enough\"";
  s.first_seen = *ParseRfc3339("1968-07-01T12:00:00Z");
  s.last_updated = kNow;
  s.items = 12;
  s.sources = 30;
  s.feeds = {"Harbour Gazette", "Valley Post"};
  s.version = 4;
  const std::string record = EncodeStoryRecord(s);
  REQUIRE(record[0] == kRecordV1);
  CHECK(*StoryRecordJson(record) == StoryToJson(s));
  auto back = DecodeStoryRecord(record);
  REQUIRE(back.ok());
  CHECK(back->feeds == s.feeds);
  CHECK(back->first_seen == s.first_seen);
  const std::string json = StoryToJson(s);
  CHECK(*StoryRecordJson(json) == json);
  REQUIRE(DecodeStoryRecord(json).ok());
  CHECK(StoryToJson(*DecodeStoryRecord(json)) == json);
  for (size_t n = 0; n < record.size(); ++n)
    CHECK_FALSE(DecodeStoryRecord(record.substr(0, n)).ok());
  CHECK_FALSE(DecodeStoryRecord(record + "x").ok());
  CHECK_FALSE(StoryRecordJson("\x07junk").ok());
}

TEST_CASE("A damaged event record is an error, never a wrong event") {
  const std::string record = EncodeEventRecord(FullEvent());
  for (size_t n = 0; n < record.size(); ++n) {
    INFO("cut at " << n);
    CHECK_FALSE(DecodeEventRecord(record.substr(0, n)).ok());
    CHECK_FALSE(EventRecordJson(record.substr(0, n)).ok());
  }
  CHECK_FALSE(DecodeEventRecord(record + "x").ok());
  CHECK_FALSE(DecodeEventRecord("\x02" + record.substr(1)).ok());
  CHECK_FALSE(DecodeEventRecord("").ok());
  CHECK(EventRecordStory("") == "");
  // An entity type past the last one.
  Event odd = FullEvent();
  std::string bad = EncodeEventRecord(odd);
  const size_t type_at = bad.find("Velorian cabinet", bad.find("Velorian cabinet") + 1);
  REQUIRE(type_at != std::string::npos);
  bad[type_at + std::string("Velorian cabinet").size()] = 9;
  CHECK_FALSE(DecodeEventRecord(bad).ok());
}

TEST_CASE("The pipeline stores events as records and publishes their JSON") {
  Extractor extractor{&test::TestGazetteer()};
  Pipeline pipeline{PipelineOptions{}, &extractor};
  MemoryState state;
  const char* texts[] = {
      "Emmanuel Macron met Olaf Scholz in Berlin on Wednesday to talk about trade.",
      "In Berlin on Wednesday, Emmanuel Macron met Olaf Scholz for talks on trade and energy.",
      "Olaf Scholz criticized Emmanuel Macron on Thursday over farm subsidies."};
  int n = 0;
  for (const char* text : texts) {
    Item it;
    it.feed_url = "https://outlet" + std::to_string(n) + ".example/rss";
    it.feed_name = "outlet" + std::to_string(n);
    it.guid = "g" + std::to_string(n);
    it.link = "https://outlet" + std::to_string(n) + ".example/" + it.guid;
    it.title = "Item " + std::to_string(n++);
    it.content_text = text;
    it.published = *ParseRfc3339("2024-07-11T08:00:00Z");
    auto r = pipeline.Process(it, state, kNow);
    state.Apply(r.writes);
  }
  std::map<std::string, OutboxMessage> latest;  // the latest row of each event
  for (const auto& m : state.outbox())
    if (m.topic == "events") latest[m.key] = m;
  REQUIRE(latest.size() >= 2);
  for (const auto& [id, m] : latest) {
    auto stored = state.Get(Family::kEvents, id);
    REQUIRE(stored);
    CHECK((*stored)[0] == kRecordV1);
    CHECK(m.value == *stored);  // the outbox row holds the record as stored
    auto json = OutboxMessageValue(m);
    REQUIRE(json.ok());
    auto doc = nlohmann::json::parse(*json);
    CHECK(doc["schema"] == "newsd.event/1");
    CHECK(doc["id"] == id);
    CHECK(*json == EventToJson(*DecodeEventRecord(*stored)));
  }
  // Stories the same way.
  size_t stories = 0;
  for (const auto& m : state.outbox()) {
    if (m.topic != "stories") continue;
    ++stories;
    REQUIRE(m.value[0] == kRecordV1);
    auto json = OutboxMessageValue(m);
    REQUIRE(json.ok());
    auto doc = nlohmann::json::parse(*json);
    CHECK(doc["schema"] == "newsd.story/1");
    CHECK(doc["id"] == m.key);
    CHECK(*json == StoryToJson(*DecodeStoryRecord(m.value)));
  }
  CHECK(stories >= 2);
  // A row of a topic newsd does not know is published as stored.
  CHECK(*OutboxMessageValue({"other", "k", "as is", 0}) == "as is");
}
