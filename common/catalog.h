// The entity catalogue: what the API knows about an entity without
// reading its timeline (its name to show, what it is, how many events name
// it and when it was last seen). One record per entity key in the
// `entities` family (keys::EntitySummaryKey), updated with every item that
// creates or updates an event naming it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/event.h"

namespace newsd {

struct EntitySummary {
  std::string canonical;  // "Kim Yong Chol"
  EntityType type = EntityType::kNone;
  std::string country;       // ISO 3166-1 alpha-3 or ""
  std::string code;          // CAMEO actor code or ""
  int64_t events = 0;        // events created naming it (source, target or place)
  int64_t last_seen_ms = 0;  // latest commit that created or updated one of them
};

// Tab-separated text, readable with `ldb`: events, last seen, type,
// country, code, canonical name (last: it is the only field that could
// hold a tab, and it keeps the rest).
std::string EncodeEntitySummary(const EntitySummary& s);
std::optional<EntitySummary> DecodeEntitySummary(std::string_view bytes);

// A change-log row (keys::Change): what one outbox message published.
struct ChangeRecord {
  uint64_t seq = 0;
  int64_t created_ms = 0;
  std::string topic;  // "events" or "stories"
  std::string key;    // the event or story id
};
std::string EncodeChange(int64_t created_ms, std::string_view topic, std::string_view key);
std::optional<ChangeRecord> DecodeChange(uint64_t seq, std::string_view bytes);

}  // namespace newsd
