// Event: who did what to whom, where and when, with its mentions.
// The JSON form of an Event is the Kafka message on `news.events`
// (docs/kafka-schema.md, schema "newsd.event/1").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace newsd {

// How the text presents an event: as done, as planned or announced ("will
// meet", "agreed to visit"), as a condition ("if ...") or inside what
// someone said ("X said he was ready to meet Y").
enum class Modality { kAsserted, kPlanned, kHypothetical, kReported };

// Its name in events and messages: "asserted", "planned", "hypothetical",
// "reported".
constexpr std::string_view ModalityName(Modality m) {
  switch (m) {
    case Modality::kPlanned:
      return "planned";
    case Modality::kHypothetical:
      return "hypothetical";
    case Modality::kReported:
      return "reported";
    case Modality::kAsserted:
      break;
  }
  return "asserted";
}

// The modality of a name; unknown names (a record from a later version)
// read as asserted.
constexpr Modality ParseModality(std::string_view name) {
  for (Modality m : {Modality::kPlanned, Modality::kHypothetical, Modality::kReported})
    if (name == ModalityName(m)) return m;
  return Modality::kAsserted;
}

// What kind of thing an entity is; kNone for an empty entity.
enum class EntityType { kNone, kPerson, kOrganisation, kCountry, kGroup, kPlace };

// Its name in events and messages: "person", "organisation", "country",
// "group", "place" ("" for kNone).
constexpr std::string_view EntityTypeName(EntityType t) {
  switch (t) {
    case EntityType::kPerson:
      return "person";
    case EntityType::kOrganisation:
      return "organisation";
    case EntityType::kCountry:
      return "country";
    case EntityType::kGroup:
      return "group";
    case EntityType::kPlace:
      return "place";
    case EntityType::kNone:
      break;
  }
  return "";
}

// The type of a name; unknown names read as kNone.
constexpr EntityType ParseEntityType(std::string_view name) {
  for (EntityType t : {EntityType::kPerson, EntityType::kOrganisation, EntityType::kCountry,
                       EntityType::kGroup, EntityType::kPlace})
    if (name == EntityTypeName(t)) return t;
  return EntityType::kNone;
}

// How precisely a time is known: the event happened within that day, week,
// month or year.
enum class Granularity { kDay, kWeek, kMonth, kYear };

constexpr std::string_view GranularityName(Granularity g) {
  switch (g) {
    case Granularity::kWeek:
      return "week";
    case Granularity::kMonth:
      return "month";
    case Granularity::kYear:
      return "year";
    case Granularity::kDay:
      break;
  }
  return "day";
}

// Unknown names read as a day, the granule of a publication date.
constexpr Granularity ParseGranularity(std::string_view name) {
  for (Granularity g : {Granularity::kWeek, Granularity::kMonth, Granularity::kYear})
    if (name == GranularityName(g)) return g;
  return Granularity::kDay;
}

// Where an event's time comes from: the sentence dated it, or it is the
// day the item was published.
enum class TimeBasis { kPublished, kText };

constexpr std::string_view TimeBasisName(TimeBasis b) {
  return b == TimeBasis::kText ? "text" : "published";
}

constexpr TimeBasis ParseTimeBasis(std::string_view name) {
  return name == "text" ? TimeBasis::kText : TimeBasis::kPublished;
}

// A person, organisation, country, group or place as named in the text.
struct Entity {
  std::string text;       // surface form as written ("Mr Trump")
  std::string canonical;  // canonical name ("Donald Trump")
  EntityType type = EntityType::kNone;
  std::string country;  // ISO 3166-1 alpha-3 when known ("USA"), else ""
  std::string role;     // government | military | opposition | media | ... or ""
  // The CAMEO actor code ("USAGOV", "IGOUNO", "HUNMIL") when known, else "".
  std::string code;
  // Its CAMEO sector ("GOV", "MIL", "REB", "IGO"), else "".
  std::string sector;
  bool empty() const { return canonical.empty(); }
};

// One sentence that reports the event.
struct Evidence {
  std::string sentence;
  std::string item_link;
  std::string feed;
  std::string item_id;
};

struct Event {
  std::string id;       // "ev-" + 16 hex digits; stable across mentions
  std::string code;     // CAMEO-compatible action code ("040")
  std::string type;     // its name ("consult")
  std::string trigger;  // the word(s) that signalled the action
  Entity source;
  Entity target;     // may be empty for intransitive events
  Entity location;   // may be empty
  Timestamp time{};  // start of the day (or other granule) it happened
  Granularity time_granularity = Granularity::kDay;
  TimeBasis time_basis = TimeBasis::kPublished;
  Modality modality = Modality::kAsserted;
  bool negated = false;
  std::string story_id;
  int64_t mentions = 0;  // sentences reporting it, over all items
  int64_t items = 0;     // distinct items reporting it
  int64_t sources = 0;   // distinct feeds reporting it
  Timestamp first_seen{};
  Timestamp last_seen{};
  std::vector<Evidence> evidence;  // the first kMaxEvidence mentions
  std::vector<std::string> feeds;  // the first kMaxFeedsListed distinct feeds
  int64_t version = 0;             // 1 on creation, +1 on each update
  // Records written before membership keys (keys::EventItem) listed every
  // item here; read so those items still count once, never written.
  std::vector<std::string> legacy_item_ids;

  static constexpr size_t kMaxEvidence = 8;
  // Records and messages stay the same size however many feeds report an
  // event: `sources` counts them all, `feeds` names the first ones.
  static constexpr size_t kMaxFeedsListed = 16;
};

}  // namespace newsd
