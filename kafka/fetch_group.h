// Cluster mode's fetch group (docs/scaling.md): the instances that fetch
// share the feeds registry's partitions through a Kafka consumer group, and
// a feed's fetch state (validators, schedule, backoff) follows its
// partition through a compacted feed-state topic.
//
// Each member consumes its partitions of the registry topic from the
// beginning (the compacted feed list) and keeps tailing them, so feeds
// added or removed anywhere reach their owner; it reads the same
// partitions of the feed-state topic (which must have as many partitions
// as the registry: state records go to the partition of their feed's host)
// to their end, so a new owner continues where the last one stopped. A
// partition counts as owned once both are read to their end.
//
// The assignment is cooperative-sticky with static membership
// (group.instance.id): a member that leaves or dies loses only its own
// partitions, after session_timeout when it died; one that restarts within
// session_timeout gets its partitions back with no reshuffle.
//
// Not thread-safe: one thread calls Serve and the rest. Rebalances happen
// inside Serve, never behind the caller's back.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "common/status.h"
#include "kafka/feed_registry.h"

struct rd_kafka_message_s;
struct rd_kafka_topic_partition_list_s;

namespace newsd {

struct FetchGroupOptions {
  FeedRegistryOptions registry;  // brokers, properties, registry topic, timeout
  std::string state_topic = "newsd.feed-state";
  std::string group_id = "newsd-fetch";  // the consumer group
  std::string instance_id;               // group.instance.id: static membership
  // Off for a member that comes and goes (`run --once`): it leaves the
  // group when it closes instead of holding its partitions for
  // session_timeout.
  bool static_membership = true;
  std::chrono::milliseconds session_timeout{45'000};
  // How long a member may go between Serve calls before the group takes its
  // partitions (a long poll cycle must stay under it).
  std::chrono::milliseconds max_poll_interval{30 * 60'000};
};

// What Serve saw since the last call.
struct FetchGroupChanges {
  bool feeds_changed = false;  // Feeds() differs: partitions gained or lost, records
  int assigned = 0;            // partitions that became owned
  int revoked = 0;             // partitions given up (or lost)
  // Fetch states read from the feed-state topic for the feeds of partitions
  // that became owned, encoded as the writer gave them: URL -> record.
  std::map<std::string, std::string> states;
};

class FetchGroup {
 public:
  // Joins the group and subscribes to the registry. Errors: kInvalidArgument
  // (a property; the registry topic missing; the feed-state topic's
  // partition count not the registry's), kUnavailable (the brokers do not
  // answer within the registry timeout).
  static Result<std::unique_ptr<FetchGroup>> Join(const FetchGroupOptions& options);
  // Leaves the group after flushing the states written (up to the registry
  // timeout).
  ~FetchGroup();
  FetchGroup(const FetchGroup&) = delete;
  FetchGroup& operator=(const FetchGroup&) = delete;

  // Serves the group without waiting (rebalances, records of the owned
  // partitions, feed states) and returns what changed.
  FetchGroupChanges Serve();
  // URL -> registry settings, over the partitions owned.
  std::map<std::string, std::string> Feeds() const;
  // The partitions owned (read to their end), and those assigned still
  // being read.
  std::set<int32_t> Owned() const;
  size_t Reading() const;
  int partitions() const { return partitions_; }
  // How long a member that has just been given a partition waits before
  // its first poll of a feed another member polled: two heartbeats and a
  // second. A member the group dropped without its knowing (its session
  // expired at the brokers while its heartbeats were not answered) learns
  // it from its next heartbeat and stops; until then it still polls on the
  // schedule the new owner has just adopted, so both would poll the feed
  // at the same moment.
  std::chrono::milliseconds takeover_grace() const;

  // Writes a feed's state to the feed-state topic, keyed by its URL, in the
  // partition of its host. Asynchronous; revocation and the destructor
  // flush. Counts failures in states_failed().
  void PublishState(const std::string& url, std::string_view host, const std::string& encoded);
  uint64_t states_published() const { return states_published_; }
  uint64_t states_failed() const { return states_failed_; }
  // The consumer hit a fatal error (another member fenced this one with
  // the same instance_id): nothing is owned from then on.
  bool failed() const { return failed_; }

 private:
  struct Partition {
    bool registry_read = false, state_read = false;
    std::map<std::string, std::string> feeds;   // URL -> settings
    std::map<std::string, std::string> states;  // read before owned
    bool owned() const { return registry_read && state_read; }
  };
  FetchGroup() = default;
  friend struct FetchGroupCallbacks;
  void Assign(rd_kafka_topic_partition_list_s* parts);
  void Revoke(rd_kafka_topic_partition_list_s* parts);
  void OnRegistryRecord(const rd_kafka_message_s* m);
  void OnStateRecord(const rd_kafka_message_s* m);
  void MarkRead(Partition& p, bool registry);
  void ReportError(const std::string& what);
  void Fail(const std::string& why);

  FetchGroupOptions options_;
  struct Handles;
  std::unique_ptr<Handles> h_;
  int partitions_ = 0;
  std::map<int32_t, Partition> parts_;
  FetchGroupChanges pending_;
  std::string last_error_;
  uint64_t states_published_ = 0, states_failed_ = 0;
  bool failed_ = false;
};

}  // namespace newsd
