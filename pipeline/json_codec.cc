#include "pipeline/json_codec.h"

#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "pipeline/gazetteer.h"
#include "pipeline/taxonomy.h"

namespace newsd {
namespace {

using nlohmann::json;

Entity EntityFrom(const json& j) {
  Entity e;
  if (!j.is_object()) return e;
  e.text = j.value("text", "");
  e.canonical = j.value("name", "");
  e.type = ParseEntityType(j.value("type", ""));
  if (j.contains("country") && j["country"].is_string()) e.country = j["country"];
  if (j.contains("role") && j["role"].is_string()) e.role = j["role"];
  if (j.contains("code") && j["code"].is_string()) e.code = j["code"];
  if (j.contains("sector") && j["sector"].is_string()) e.sector = j["sector"];
  return e;
}

Timestamp TimeFrom(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string()) return {};
  auto t = ParseRfc3339(j[key].get<std::string>());
  return t ? *t : Timestamp{};
}

}  // namespace

json EntityToJson(const Entity& e) {
  if (e.empty()) return nullptr;
  json j = {{"text", e.text}, {"name", e.canonical}, {"type", EntityTypeName(e.type)}};
  j["country"] = e.country.empty() ? json(nullptr) : json(e.country);
  j["role"] = e.role.empty() ? json(nullptr) : json(e.role);
  const std::string code = CameoActorCode(e);
  const std::string sector = e.sector.empty() ? CameoSector(e) : e.sector;
  j["code"] = code.empty() ? json(nullptr) : json(code);
  j["sector"] = sector.empty() ? json(nullptr) : json(sector);
  return j;
}

namespace {

// EntityToJson, serialized without a tree.
std::string EntityJson(const Entity& e) {
  if (e.empty()) return "null";
  JsonObjectWriter w;
  auto text_or_null = [&w](const char* key, const std::string& v) {
    if (v.empty())
      w.Null(key);
    else
      w.String(key, v);
  };
  // Added in key order, so that Finish has nothing to sort.
  text_or_null("code", CameoActorCode(e));
  text_or_null("country", e.country);
  w.String("name", e.canonical);
  text_or_null("role", e.role);
  text_or_null("sector", e.sector.empty() ? CameoSector(e) : e.sector);
  w.String("text", e.text).String("type", EntityTypeName(e.type));
  return w.Finish();
}

}  // namespace

std::string EventToJson(const Event& e) {
  // Members are added in key order, so that Finish has nothing to sort.
  std::string evidence = "[";
  for (const auto& ev : e.evidence) {
    if (evidence.size() > 1) evidence += ',';
    evidence += JsonObjectWriter()
                    .String("feed", ev.feed)
                    .String("link", ev.item_link)
                    .String("sentence", ev.sentence)
                    .Finish();
  }
  evidence += ']';
  return JsonObjectWriter()
      .String("code", e.code)
      .Raw("evidence", evidence)
      .Raw("feeds", JsonStringArray(e.feeds))
      .String("first_seen", FormatRfc3339(e.first_seen))
      .String("id", e.id)
      .Int("items", e.items)
      .String("last_seen", FormatRfc3339(e.last_seen))
      .Raw("location", EntityJson(e.location))
      .Int("mentions", e.mentions)
      .String("modality", ModalityName(e.modality))
      .Bool("negated", e.negated)
      .String("schema", kEventSchema)
      .Raw("source", EntityJson(e.source))
      .Int("sources", e.sources)
      .String("story_id", e.story_id)
      .Raw("target", EntityJson(e.target))
      .String("taxonomy", kTaxonomyVersion)
      .Raw("time", JsonObjectWriter()
                       .String("basis", TimeBasisName(e.time_basis))
                       .String("granularity", GranularityName(e.time_granularity))
                       .String("value", FormatDate(e.time))
                       .Finish())
      .String("trigger", e.trigger)
      .String("type", e.type)
      .Int("version", e.version)
      .Finish();
}

nlohmann::json EventToJsonTree(const Event& e) {
  json evidence = json::array();
  for (const auto& ev : e.evidence)
    evidence.push_back({{"sentence", ev.sentence}, {"link", ev.item_link}, {"feed", ev.feed}});
  json j = {{"schema", kEventSchema},
            {"taxonomy", kTaxonomyVersion},
            {"id", e.id},
            {"version", e.version},
            {"code", e.code},
            {"type", e.type},
            {"trigger", e.trigger},
            {"source", EntityToJson(e.source)},
            {"target", EntityToJson(e.target)},
            {"location", EntityToJson(e.location)},
            {"time",
             {{"value", FormatDate(e.time)},
              {"granularity", GranularityName(e.time_granularity)},
              {"basis", TimeBasisName(e.time_basis)}}},
            {"modality", ModalityName(e.modality)},
            {"negated", e.negated},
            {"story_id", e.story_id},
            {"mentions", e.mentions},
            {"items", e.items},
            {"sources", e.sources},
            {"feeds", e.feeds},
            {"first_seen", FormatRfc3339(e.first_seen)},
            {"last_seen", FormatRfc3339(e.last_seen)},
            {"evidence", evidence}};
  return j;
}

Result<Event> EventFromJson(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::ParseError("event is not a JSON object");
  try {
    Event e;
    e.id = j.at("id");
    e.version = j.value("version", int64_t{0});
    e.code = j.value("code", "");
    e.type = j.value("type", "");
    e.trigger = j.value("trigger", "");
    e.source = EntityFrom(j.value("source", json()));
    e.target = EntityFrom(j.value("target", json()));
    e.location = EntityFrom(j.value("location", json()));
    const json& t = j.at("time");
    auto when = ParseRfc3339(t.value("value", ""));
    e.time = when ? *when : Timestamp{};
    e.time_granularity = ParseGranularity(t.value("granularity", "day"));
    e.time_basis = ParseTimeBasis(t.value("basis", ""));
    e.modality = ParseModality(j.value("modality", "asserted"));
    e.negated = j.value("negated", false);
    e.story_id = j.value("story_id", "");
    e.mentions = j.value("mentions", int64_t{0});
    e.items = j.value("items", int64_t{0});
    e.sources = j.value("sources", int64_t{0});
    e.feeds = j.value("feeds", std::vector<std::string>{});
    e.legacy_item_ids = j.value("item_ids", std::vector<std::string>{});
    e.first_seen = TimeFrom(j, "first_seen");
    e.last_seen = TimeFrom(j, "last_seen");
    for (const auto& ev : j.value("evidence", json::array()))
      e.evidence.push_back(
          {ev.value("sentence", ""), ev.value("link", ""), ev.value("feed", ""), ""});
    return e;
  } catch (const json::exception& ex) {
    return Status::ParseError(std::string("event JSON: ") + ex.what());
  }
}

std::string StoryToJson(const Story& s) {
  return JsonObjectWriter()
      .Raw("feeds", JsonStringArray(s.feeds))
      .String("first_seen", FormatRfc3339(s.first_seen))
      .String("headline", s.headline)
      .String("id", s.id)
      .Int("items", s.items)
      .String("last_updated", FormatRfc3339(s.last_updated))
      .String("schema", kStorySchema)
      .Int("sources", s.sources)
      .Int("version", s.version)
      .Finish();
}

Result<Story> StoryFromJson(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::ParseError("story is not a JSON object");
  Story s;
  s.id = j.value("id", "");
  s.version = j.value("version", int64_t{0});
  s.headline = j.value("headline", "");
  s.first_seen = TimeFrom(j, "first_seen");
  s.last_updated = TimeFrom(j, "last_updated");
  s.items = j.value("items", int64_t{0});
  s.sources = j.value("sources", int64_t{0});
  s.feeds = j.value("feeds", std::vector<std::string>{});
  return s;
}

}  // namespace newsd
