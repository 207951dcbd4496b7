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

// neardup: one LSH bucket -> the items in it, appended as 8-byte item
// numbers (the 64-bit hash inside an "it-" id), oldest first.
inline std::string Bucket(size_t band, uint64_t bucket) {
  std::string k = "b";
  k.push_back(static_cast<char>(band));
  k += BigEndian64(bucket);
  return k;
}
// neardup: item number -> MinHash signature
inline constexpr std::string_view kSignaturePrefix = "s";
inline std::string Signature(uint64_t item_number) {
  return std::string(kSignaturePrefix) + BigEndian64(item_number);
}

// stories: a paragraph seen in a story -> the item that first carried it.
// Story records themselves are keyed by the bare story id ("st-...").
inline std::string StoryParagraph(std::string_view story_id, uint64_t paragraph_hash) {
  return "p/" + std::string(story_id) + "/" + Hex64(paragraph_hash);
}

// stories: a story's key terms (title and lead words, '\n'-separated), for
// clustering write-ups that are not near-duplicates.
inline std::string StoryTerms(std::string_view story_id) { return "k/" + std::string(story_id); }

// stories: a feed that carried the story ("f/" story id "/" H(feed name)),
// value empty; so each feed counts once in `sources` however many there are.
// Written only for feeds past those the record names (Story::feeds).
inline std::string StoryFeed(std::string_view story_id, std::string_view feed) {
  return "f/" + std::string(story_id) + "/" + Hex64(Hash64(feed));
}

// events: an item or a feed that reported the event, value empty; so each
// counts once in `items` and `sources` without the record growing with
// them. A feed is keyed only past those the record names (Event::feeds).
// Event ids ("ev-" + 16 hex digits) never contain '/'.
inline std::string EventItem(std::string_view event_id, std::string_view item_id) {
  return std::string(event_id) + "/i/" + std::string(item_id);
}
inline std::string EventFeed(std::string_view event_id, std::string_view feed) {
  return std::string(event_id) + "/f/" + Hex64(Hash64(feed));
}

// timeline: entity key, then newest first, then event id. Value: the
// event's CAMEO code (empty in rows written before it was kept), so a
// histogram by quad class reads no event.
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

// timeline: every event under the empty entity key (no entity key is
// empty), newest first: what queries by action code or country scan.
inline constexpr std::string_view kAllEvents = "";
// The value of an all-events row: what queries filter on, so that they
// read only the events they return ("040\tUSA\tPRK": code, source and
// target country). Rows written before it have an empty value.
inline std::string AllEventsValue(std::string_view code, std::string_view source_country,
                                  std::string_view target_country) {
  return std::string(code) + '\t' + std::string(source_country) + '\t' +
         std::string(target_country);
}

// stories: an event first reported in the story ("e/" story id "/" event
// id), value empty: the story's events for the API.
inline std::string StoryEvent(std::string_view story_id, std::string_view event_id) {
  return "e/" + std::string(story_id) + "/" + std::string(event_id);
}
inline std::string StoryEventPrefix(std::string_view story_id) {
  return "e/" + std::string(story_id) + "/";
}

// entities: one word-start of an entity's name in search form (words of
// pipeline's SearchWords joined by spaces: "kim yong chol", "yong chol",
// "chol"), '\0', the entity key. Value empty. A prefix scan answers "names
// or later words of names starting with ...".
inline std::string EntityNamePrefix(std::string_view search_form) {
  return "n" + std::string(search_form);
}
inline std::string EntityName(std::string_view search_form, std::string_view entity_key) {
  return EntityNamePrefix(search_form) + std::string(1, '\0') + std::string(entity_key);
}
// entities: entity key -> its EntitySummary (common/catalog.h).
inline std::string EntitySummaryKey(std::string_view entity_key) {
  return "s" + std::string(entity_key);
}

// changes: the outbox sequence number of a published message (8 bytes
// big-endian) -> commit time (Unix ms, 8 bytes big-endian), topic, '\n',
// key. Written by the store with every outbox row and kept for
// kChangeLogRetention after its commit, deletion from the outbox aside.
inline std::string Change(uint64_t seq) { return BigEndian64(seq); }

// meta: next outbox sequence number (8 bytes big-endian)
inline constexpr std::string_view kOutboxSeq = "outbox_seq";
// meta: an outbox row Kafka refused for good, by its old sequence number
// (8 bytes big-endian after the prefix).
inline constexpr std::string_view kQuarantinePrefix = "quarantine/";

}  // namespace newsd::keys

namespace newsd::keys {

// "it-0123456789abcdef" <-> 0x0123456789abcdef. Ids are "it-" + Hex64.
inline uint64_t ItemNumber(std::string_view item_id) {
  uint64_t v = 0;
  for (char c : item_id.substr(item_id.size() >= 16 ? item_id.size() - 16 : 0))
    v = (v << 4) | static_cast<uint64_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  return v;
}
inline std::string ItemId(uint64_t item_number) { return "it-" + Hex64(item_number); }

// neardup values carry the day they were indexed (days since the Unix
// epoch, 4 bytes big-endian), so old entries expire: a bucket list is a
// sequence of 12-byte entries (item number, day); a signature value starts
// with its day.
inline constexpr size_t kBucketEntrySize = 12;
inline uint32_t DayNumber(Timestamp t) {
  return static_cast<uint32_t>(ToUnixMillis(t) / 86'400'000);
}
inline std::string EncodeDay(uint32_t day) {
  std::string s(4, '\0');
  for (int i = 3; i >= 0; --i, day >>= 8) s[static_cast<size_t>(i)] = static_cast<char>(day & 0xff);
  return s;
}
inline uint32_t DecodeDay(std::string_view b) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4 && i < b.size(); ++i) v = (v << 8) | static_cast<unsigned char>(b[i]);
  return v;
}

// neardup: the stories that named an entity on a day ("e", day, entity key)
// -> story ids, '\n'-terminated, appended. Expire with the window like the
// LSH entries (the day is in the key).
inline std::string EntityDay(uint32_t day, std::string_view entity_key) {
  return "e" + EncodeDay(day) + std::string(entity_key);
}

}  // namespace newsd::keys
