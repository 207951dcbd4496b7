// Helpers shared by kafka/'s own clients of the cluster-mode topics (the
// feeds registry, the fetch group): creating a librdkafka handle from
// options and finding how many partitions a topic has. Internal to kafka/.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace newsd::kafka_client {

struct HandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;

// A client of `brokers`: `base` properties, then the operator's
// `properties` over them. Producers report deliveries to `on_delivery`,
// group consumers rebalances to `on_rebalance` (either may be null);
// `opaque` is the handle's opaque. Errors name a rejected
// property, never its value.
Result<Handle> Connect(const std::string& brokers, const std::map<std::string, std::string>& base,
                       const std::map<std::string, std::string>& properties, rd_kafka_type_t type,
                       void* opaque,
                       void (*on_delivery)(rd_kafka_t*, const rd_kafka_message_t*, void*) = nullptr,
                       void (*on_rebalance)(rd_kafka_t*, rd_kafka_resp_err_t,
                                            rd_kafka_topic_partition_list_t*, void*) = nullptr);

// Partitions of the topic: 0 when it does not exist. Asking as a producer
// may have the brokers create it. kUnavailable when the brokers do not
// answer before `deadline`.
Result<int> PartitionCount(rd_kafka_t* rk, const std::string& topic,
                           std::chrono::steady_clock::time_point deadline);

// How often a group member heartbeats: a sixth of the session timeout, at
// most librdkafka's 3 s. A member the group has dropped learns it from its
// next heartbeat, so this bounds how long it may go on believing it owns
// partitions that another member was given.
std::chrono::milliseconds HeartbeatInterval(std::chrono::milliseconds session_timeout);

// The properties of a consumer-group member whose offsets live elsewhere
// (read whole, or kept in the caller's store): cooperative-sticky
// assignment, static membership when `instance_id` is not empty, no
// offsets committed or stored, short fetch waits, heartbeats every
// HeartbeatInterval.
std::map<std::string, std::string> GroupMemberProperties(
    const std::string& group_id, const std::string& instance_id,
    std::chrono::milliseconds session_timeout, std::chrono::milliseconds max_poll_interval);

// Takes or gives up `parts` in a rebalance callback, by the protocol the
// group uses (incremental for cooperative, whole for eager). Errors are
// logged with `who`.
void ApplyAssignment(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* parts, bool assign,
                     const char* who);

// One record as ReadToEnd hands it over.
struct TopicRecord {
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t timestamp_ms = 0;
  std::string_view key;
  std::optional<std::string_view> value;  // nullopt: a tombstone
  std::string_view instance;              // the "newsd-instance" header, if any
};

// Reads every partition of `topic` from its beginning to the end offset it
// has now, in offset order within a partition, calling `each` for every
// record. A topic that does not exist is empty. Errors: kUnavailable (the
// brokers, or the deadline), with `what` in the message.
Status ReadToEnd(const std::string& brokers, const std::map<std::string, std::string>& properties,
                 const std::string& topic, std::chrono::steady_clock::time_point deadline,
                 const std::string& what, const std::function<void(const TopicRecord&)>& each);

// Partition -> end offset (the next offset to be written) of `topic`; empty
// when it does not exist. Errors: kUnavailable.
Result<std::map<int32_t, int64_t>> EndOffsets(const std::string& brokers,
                                              const std::map<std::string, std::string>& properties,
                                              const std::string& topic,
                                              std::chrono::steady_clock::time_point deadline);

// The header that names the instance that wrote a record.
inline constexpr const char* kInstanceHeader = "newsd-instance";

// Milliseconds left until `deadline`, at least 1.
int MillisLeft(std::chrono::steady_clock::time_point deadline);

}  // namespace newsd::kafka_client
