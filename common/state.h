// The pipeline's view of persistent state, and the writes it asks for.
//
// The pipeline is pure: it reads through a StateReader and returns a
// WriteSet. The store applies a WriteSet atomically (one RocksDB WriteBatch:
// the commit point of an item). MemoryState is the in-memory version used by
// `newsd process` and by tests. The key layout is in docs/storage.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsd {

// One keyspace each; in RocksDB one column family each.
enum class Family {
  kFeeds,
  kSeen,
  kNearDup,
  kItems,
  kEvents,
  kStories,
  kTimeline,
  kOutbox,
  kMeta,
  kEntities,  // the entity catalogue: names to search, event counts
  kChanges,   // what each commit published, in commit order (the API's stream)
};
inline constexpr Family kAllFamilies[] = {Family::kFeeds,    Family::kSeen,   Family::kNearDup,
                                          Family::kItems,    Family::kEvents, Family::kStories,
                                          Family::kTimeline, Family::kOutbox, Family::kMeta,
                                          Family::kEntities, Family::kChanges};
const char* FamilyName(Family f);

// A message to publish once the WriteSet has committed.
struct OutboxMessage {
  std::string topic;  // logical topic: "events" or "stories"
  std::string key;
  // As stored: the publisher turns it into the message value
  // (PublisherOptions::render; an event's record becomes its JSON).
  std::string value;
  int64_t created_ms = 0;  // commit time (Unix ms), set by the committer
};

class StateReader {
 public:
  virtual ~StateReader() = default;
  virtual std::optional<std::string> Get(Family f, std::string_view key) const = 0;
  // Several keys at once (one batched lookup in RocksDB). Same order as `keys`.
  virtual std::vector<std::optional<std::string>> MultiGet(
      Family f, const std::vector<std::string>& keys) const {
    std::vector<std::optional<std::string>> out;
    out.reserve(keys.size());
    for (const auto& k : keys) out.push_back(Get(f, k));
    return out;
  }
  // Calls fn for every key starting with prefix, in key order, until fn returns false.
  virtual void ScanPrefix(
      Family f, std::string_view prefix,
      const std::function<bool(std::string_view key, std::string_view value)>& fn) const = 0;
  // The same from the first key at or after `start` (a key that starts with
  // `prefix`): resuming a scan where a page of results ended.
  virtual void ScanPrefixFrom(
      Family f, std::string_view prefix, std::string_view start,
      const std::function<bool(std::string_view key, std::string_view value)>& fn) const {
    ScanPrefix(f, prefix,
               [&](std::string_view k, std::string_view v) { return k < start || fn(k, v); });
  }
  // ScanPrefix for a bulk read of a whole range, once: a store keeps the
  // blocks it reads out of its cache, where they would push out what the
  // pipeline's lookups use.
  virtual void ScanPrefixBulk(
      Family f, std::string_view prefix,
      const std::function<bool(std::string_view key, std::string_view value)>& fn) const {
    ScanPrefix(f, prefix, fn);
  }
};

struct WriteSet {
  struct Op {
    Family family;
    std::string key;
    std::optional<std::string> value;  // nullopt = delete
    bool append = false;               // append value to the stored one (merge)
  };
  std::vector<Op> ops;
  std::vector<OutboxMessage> outbox;  // appended to the outbox in this order

  void Put(Family f, std::string key, std::string value) {
    ops.push_back({f, std::move(key), std::move(value)});
  }
  void Delete(Family f, std::string key) { ops.push_back({f, std::move(key), std::nullopt}); }
  // Appends bytes to the key's value (creating it): LSH bucket lists.
  void Append(Family f, std::string key, std::string bytes) {
    ops.push_back({f, std::move(key), std::move(bytes), true});
  }
  bool empty() const { return ops.empty() && outbox.empty(); }
};

// State held in ordered maps. Not thread-safe.
class MemoryState final : public StateReader {
 public:
  std::optional<std::string> Get(Family f, std::string_view key) const override;
  void ScanPrefix(Family f, std::string_view prefix,
                  const std::function<bool(std::string_view, std::string_view)>& fn) const override;
  void ScanPrefixFrom(
      Family f, std::string_view prefix, std::string_view start,
      const std::function<bool(std::string_view, std::string_view)>& fn) const override;
  // Applies ops; outbox messages are appended to outbox().
  void Apply(const WriteSet& ws);
  const std::vector<OutboxMessage>& outbox() const { return outbox_; }

 private:
  std::map<std::string, std::string, std::less<>> maps_[std::size(kAllFamilies)];
  std::vector<OutboxMessage> outbox_;
};

}  // namespace newsd
