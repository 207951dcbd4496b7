// The key layout of every family, in one place (docs/storage.md explains
// it). Both the pipeline (which decides what to write) and the store and
// CLI (which scan) build keys only through these functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/hash.h"
#include "common/time.h"

namespace newsd::keys {

// seen: per-feed GUID -> "<item id>|<text hash hex>"
inline std::string SeenGuid(std::string_view feed_url, std::string_view guid) {
  return "g/" + Hex64(Hash64(feed_url)) + "/" + std::string(guid);
}
// seen: canonical URL -> item id
inline std::string SeenUrl(std::string_view canonical_url) {
  return "u/" + std::string(canonical_url);
}
// seen: normalized text hash -> item id
inline std::string SeenText(uint64_t text_hash) { return "t/" + Hex64(text_hash); }

// neardup: LSH bucket entry; prefix scans find candidates.
inline std::string BandPrefix(size_t band, uint64_t bucket) {
  std::string k = "b/";
  k.push_back(static_cast<char>(band));
  k += BigEndian64(bucket);
  return k;
}
inline std::string BandEntry(size_t band, uint64_t bucket, std::string_view item_id) {
  return BandPrefix(band, bucket) + std::string(item_id);
}
// neardup: item id -> MinHash signature (256 bytes)
inline std::string Signature(std::string_view item_id) { return "s/" + std::string(item_id); }

// timeline: entity key, then newest first, then event id. Value empty.
inline std::string TimelinePrefix(std::string_view entity_key) {
  return std::string(entity_key) + std::string(1, '\0');
}
inline std::string TimelineEntry(std::string_view entity_key, Timestamp t,
                                 std::string_view event_id) {
  uint64_t ms = static_cast<uint64_t>(ToUnixMillis(t));
  return TimelinePrefix(entity_key) + BigEndian64(~ms) + std::string(event_id);
}
inline Timestamp TimelineTime(std::string_view key, size_t prefix_len) {
  return FromUnixMillis(static_cast<int64_t>(~ReadBigEndian64(key.substr(prefix_len, 8))));
}
inline std::string_view TimelineEventId(std::string_view key, size_t prefix_len) {
  return key.substr(prefix_len + 8);
}

// meta: next outbox sequence number (8 bytes big-endian)
inline constexpr std::string_view kOutboxSeq = "outbox_seq";

}  // namespace newsd::keys
