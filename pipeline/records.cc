#include "pipeline/records.h"

#include "common/binary.h"
#include "pipeline/gazetteer.h"
#include "pipeline/json_codec.h"

namespace newsd {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::seconds;

// An entity as the JSON carries it: the actor code and sector it would
// print, derived when not set, so the record and the JSON agree.
void PutEntity(std::string* out, const Entity& e) {
  if (e.empty()) {
    out->push_back(0);
    return;
  }
  out->push_back(1);
  binary::PutString(out, e.text);
  binary::PutString(out, e.canonical);
  out->push_back(static_cast<char>(e.type));
  binary::PutString(out, e.country);
  binary::PutString(out, e.role);
  binary::PutString(out, CameoActorCode(e));
  binary::PutString(out, e.sector.empty() ? CameoSector(e) : e.sector);
}

// Small enumerations are one byte; a value out of range marks the record damaged.
template <typename Enum>
Enum ReadEnum(binary::Reader& r, Enum last, bool* bad) {
  const uint64_t v = r.Varint();
  if (v > static_cast<uint64_t>(last)) *bad = true;
  return *bad ? Enum{} : static_cast<Enum>(v);
}

Entity ReadEntity(binary::Reader& r, bool* bad) {
  Entity e;
  if (r.Varint() == 0) return e;
  e.text = r.String();
  e.canonical = r.String();
  e.type = ReadEnum(r, EntityType::kPlace, bad);
  e.country = r.String();
  e.role = r.String();
  e.code = r.String();
  e.sector = r.String();
  return e;
}

Timestamp FromSeconds(int64_t s) { return Timestamp(seconds(s)); }

bool IsJson(std::string_view stored) {
  size_t i = stored.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && stored[i] == '{';
}

}  // namespace

std::string EncodeEventRecord(const Event& e) {
  std::string out;
  out.reserve(256 + 160 * e.evidence.size());
  out.push_back(kRecordV1);
  // The story id first: clustering reads it alone (EventRecordStory).
  binary::PutString(&out, e.story_id);
  binary::PutString(&out, e.id);
  binary::PutSigned(&out, e.version);
  binary::PutString(&out, e.code);
  binary::PutString(&out, e.type);
  binary::PutString(&out, e.trigger);
  PutEntity(&out, e.source);
  PutEntity(&out, e.target);
  PutEntity(&out, e.location);
  // The JSON gives the day and, for first and last seen, the second.
  binary::PutSigned(&out, floor<days>(e.time).time_since_epoch().count());
  binary::PutVarint(&out, static_cast<uint64_t>(e.time_granularity));
  binary::PutVarint(&out, static_cast<uint64_t>(e.time_basis));
  binary::PutVarint(&out, static_cast<uint64_t>(e.modality));
  binary::PutVarint(&out, e.negated ? 1 : 0);
  binary::PutSigned(&out, e.mentions);
  binary::PutSigned(&out, e.items);
  binary::PutSigned(&out, e.sources);
  binary::PutVarint(&out, e.feeds.size());
  for (const auto& f : e.feeds) binary::PutString(&out, f);
  binary::PutSigned(&out, floor<seconds>(e.first_seen).time_since_epoch().count());
  binary::PutSigned(&out, floor<seconds>(e.last_seen).time_since_epoch().count());
  binary::PutVarint(&out, e.evidence.size());
  for (const auto& ev : e.evidence) {
    binary::PutString(&out, ev.sentence);
    binary::PutString(&out, ev.item_link);
    binary::PutString(&out, ev.feed);
  }
  return out;
}

Result<Event> DecodeEventRecord(std::string_view stored) {
  if (stored.empty() || stored[0] != kRecordV1) {
    if (IsJson(stored)) return EventFromJson(stored);
    return Status::ParseError("event record: unknown format");
  }
  binary::Reader r(stored.substr(1));
  bool bad = false;
  Event e;
  e.story_id = r.String();
  e.id = r.String();
  e.version = r.Signed();
  e.code = r.String();
  e.type = r.String();
  e.trigger = r.String();
  e.source = ReadEntity(r, &bad);
  e.target = ReadEntity(r, &bad);
  e.location = ReadEntity(r, &bad);
  e.time = Timestamp(days(r.Signed()));
  e.time_granularity = ReadEnum(r, Granularity::kYear, &bad);
  e.time_basis = ReadEnum(r, TimeBasis::kText, &bad);
  e.modality = ReadEnum(r, Modality::kReported, &bad);
  e.negated = r.Varint() != 0;
  e.mentions = r.Signed();
  e.items = r.Signed();
  e.sources = r.Signed();
  const uint64_t feeds = r.Varint();
  for (uint64_t i = 0; i < feeds && r.ok(); ++i) e.feeds.push_back(r.String());
  e.first_seen = FromSeconds(r.Signed());
  e.last_seen = FromSeconds(r.Signed());
  const uint64_t evidence = r.Varint();
  for (uint64_t i = 0; i < evidence && r.ok(); ++i) {
    Evidence ev;
    ev.sentence = r.String();
    ev.item_link = r.String();
    ev.feed = r.String();
    e.evidence.push_back(std::move(ev));
  }
  if (!r.ok() || bad || !r.done()) return Status::ParseError("event record: damaged");
  return e;
}

std::string EventRecordStory(std::string_view stored) {
  if (!stored.empty() && stored[0] == kRecordV1) {
    binary::Reader r(stored.substr(1));
    std::string story = r.String();
    return r.ok() ? story : "";
  }
  auto e = DecodeEventRecord(stored);
  return e.ok() ? e->story_id : "";
}

Result<std::string> EventRecordJson(std::string_view stored) {
  if (IsJson(stored)) return std::string(stored);
  auto e = DecodeEventRecord(stored);
  if (!e.ok()) return e.status();
  return EventToJson(*e);
}

std::string EncodeStoryRecord(const Story& s) {
  std::string out;
  out.reserve(64 + s.headline.size() + 24 * s.feeds.size());
  out.push_back(kRecordV1);
  binary::PutString(&out, s.id);
  binary::PutSigned(&out, s.version);
  binary::PutString(&out, s.headline);
  binary::PutSigned(&out, floor<seconds>(s.first_seen).time_since_epoch().count());
  binary::PutSigned(&out, floor<seconds>(s.last_updated).time_since_epoch().count());
  binary::PutSigned(&out, s.items);
  binary::PutSigned(&out, s.sources);
  binary::PutVarint(&out, s.feeds.size());
  for (const auto& f : s.feeds) binary::PutString(&out, f);
  return out;
}

Result<Story> DecodeStoryRecord(std::string_view stored) {
  if (stored.empty() || stored[0] != kRecordV1) {
    if (IsJson(stored)) return StoryFromJson(stored);
    return Status::ParseError("story record: unknown format");
  }
  binary::Reader r(stored.substr(1));
  Story s;
  s.id = r.String();
  s.version = r.Signed();
  s.headline = r.String();
  s.first_seen = FromSeconds(r.Signed());
  s.last_updated = FromSeconds(r.Signed());
  s.items = r.Signed();
  s.sources = r.Signed();
  const uint64_t feeds = r.Varint();
  for (uint64_t i = 0; i < feeds && r.ok(); ++i) s.feeds.push_back(r.String());
  if (!r.ok() || !r.done()) return Status::ParseError("story record: damaged");
  return s;
}

Result<std::string> StoryRecordJson(std::string_view stored) {
  if (IsJson(stored)) return std::string(stored);
  auto s = DecodeStoryRecord(stored);
  if (!s.ok()) return s.status();
  return StoryToJson(*s);
}

Result<std::string> OutboxMessageValue(const OutboxMessage& m) {
  if (m.topic == "events") return EventRecordJson(m.value);
  if (m.topic == "stories") return StoryRecordJson(m.value);
  return m.value;
}

}  // namespace newsd
