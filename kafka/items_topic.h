// Cluster mode's items topic (docs/scaling.md): fetchers publish the items
// they parse; every processor reads all of them in order and runs the
// pipeline (kafka/leadership.h says which one publishes).
//
// Delivery is at least once (a fetcher that dies between publishing a
// response's items and saving the feed's state publishes them again from
// its successor); the effect is once, because a processor recognises an
// item it has already committed as a repeat (the pipeline's exact stage)
// and stores the offset it consumed in the same write as the item.
//
// A record's key is the item's dedup domain: every item that near-duplicate
// detection must compare goes to one partition, so in one order. There is
// one domain today ("all").
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/item.h"
#include "common/status.h"

struct rd_kafka_topic_partition_list_s;

namespace newsd {

// The dedup domain of an item: the items topic's record key.
inline constexpr std::string_view kDefaultDedupDomain = "all";

// An item as a record value (JSON with every field of Item), and back.
// Decode errors: kParseError.
std::string EncodeItemRecord(const Item& item);
Result<Item> DecodeItemRecord(std::string_view value);

struct ItemsTopicOptions {
  std::string brokers;
  std::map<std::string, std::string> properties;
  std::string topic = "newsd.items";
  // Publishing waits this long for the brokers' acknowledgement.
  std::chrono::milliseconds timeout{10'000};
};

// Publishes items, waiting for every acknowledgement. Not thread-safe.
class ItemsProducer {
 public:
  static Result<std::unique_ptr<ItemsProducer>> Create(const ItemsTopicOptions& options);
  ~ItemsProducer();
  // Every record is acknowledged (acks=all) or the call fails
  // (kUnavailable): the caller then keeps the feed's old state, so the
  // items are fetched and published again.
  Status Publish(const std::vector<Item>& items, std::string_view domain = kDefaultDedupDomain);
  uint64_t published() const { return published_; }

 private:
  ItemsProducer() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint64_t published_ = 0;
};

// One consumed record.
struct ItemRecord {
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t timestamp_ms = 0;  // when the fetcher published it
  std::string value;
};

struct ItemsConsumerOptions {
  ItemsTopicOptions topic;
  std::string client_id;  // names this reader to the brokers
};

// A processor's reader of the items topic: every partition, each from the
// offset after the last record the caller's store holds (`stored`, -1 for
// none: from the beginning). Every processor reads everything, so each
// builds the same state (kafka/leadership.h says who publishes). Offsets
// are never committed to Kafka. Not thread-safe.
class ItemsConsumer {
 public:
  using StoredOffset = std::function<int64_t(int32_t partition)>;
  // Errors: kInvalidArgument (a property; the topic missing), kUnavailable.
  static Result<std::unique_ptr<ItemsConsumer>> Open(const ItemsConsumerOptions& options,
                                                     StoredOffset stored);
  ~ItemsConsumer();
  // Up to `max` records, waiting at most `wait` for the first.
  std::vector<ItemRecord> Poll(size_t max, std::chrono::milliseconds wait);
  // Goes back, on every partition, to the offset `stored` gives: records
  // polled but not committed are read again.
  void Rewind(const StoredOffset& stored);
  int partitions() const { return partitions_; }
  // Records the topic holds beyond what was polled (from the brokers' last
  // answer; no round trip).
  int64_t Lag() const;

 private:
  ItemsConsumer() = default;
  rd_kafka_topic_partition_list_s* Positions(const StoredOffset& stored) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  ItemsConsumerOptions options_;
  int partitions_ = 0;
  std::map<int32_t, int64_t> next_;  // the offset after the last record polled
  std::string last_error_;
};

}  // namespace newsd
