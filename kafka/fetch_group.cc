#include "kafka/fetch_group.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "common/log.h"
#include "kafka/client.h"

namespace newsd {

namespace {

using Clock = std::chrono::steady_clock;

// Messages taken from one consumer per Serve call, so a partition being
// read from its beginning does not hold the caller for long.
constexpr int kMaxMessagesPerServe = 20'000;

std::string KeyOf(const rd_kafka_message_t* m) {
  return m->key ? std::string(static_cast<const char*>(m->key), m->key_len) : std::string();
}

std::optional<std::string> ValueOf(const rd_kafka_message_t* m) {
  if (!m->payload || m->len == 0) return std::nullopt;  // a tombstone
  return std::string(static_cast<const char*>(m->payload), m->len);
}

// The same partitions of `topic`, read from the beginning.
rd_kafka_topic_partition_list_t* FromBeginning(const rd_kafka_topic_partition_list_t* parts,
                                               const std::string& topic) {
  rd_kafka_topic_partition_list_t* out = rd_kafka_topic_partition_list_new(parts->cnt);
  for (int i = 0; i < parts->cnt; ++i)
    rd_kafka_topic_partition_list_add(out, topic.c_str(), parts->elems[i].partition)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  return out;
}

}  // namespace

struct FetchGroup::Handles {
  kafka_client::Handle producer;  // feed states
  kafka_client::Handle group;     // the registry, as a group member
  kafka_client::Handle states;    // the feed-state topic, assigned by hand
};

// librdkafka's callbacks, with the group as their opaque.
struct FetchGroupCallbacks {
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* parts, void* opaque) {
    auto* g = static_cast<FetchGroup*>(opaque);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
      rd_kafka_topic_partition_list_t* begin = FromBeginning(parts, g->options_.registry.topic);
      g->Assign(begin);
      kafka_client::ApplyAssignment(rk, begin, /*assign=*/true, "fetch group");
      rd_kafka_topic_partition_list_destroy(begin);
      return;
    }
    // Revoked, or lost (the group moved on without us): stop owning them
    // either way.
    g->Revoke(parts);
    kafka_client::ApplyAssignment(rk, parts, /*assign=*/false, "fetch group");
  }

  static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* g = static_cast<FetchGroup*>(opaque);
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++g->states_published_;
      return;
    }
    ++g->states_failed_;
    g->ReportError(std::string("feed state not written: ") + rd_kafka_err2str(m->err));
  }
};

Result<std::unique_ptr<FetchGroup>> FetchGroup::Join(const FetchGroupOptions& o) {
  const auto deadline = Clock::now() + o.registry.timeout;
  std::unique_ptr<FetchGroup> g(new FetchGroup());
  g->options_ = o;
  g->h_ = std::make_unique<Handles>();
  auto producer = kafka_client::Connect(
      o.registry.brokers, {{"enable.idempotence", "true"}, {"acks", "all"}, {"linger.ms", "5"}},
      o.registry.properties, RD_KAFKA_PRODUCER, g.get(), FetchGroupCallbacks::OnDelivery);
  if (!producer.ok()) return producer.status();
  g->h_->producer = std::move(producer).value();

  auto registry = kafka_client::PartitionCount(g->h_->producer.get(), o.registry.topic, deadline);
  if (!registry.ok()) return registry.status();
  auto state = kafka_client::PartitionCount(g->h_->producer.get(), o.state_topic, deadline);
  if (!state.ok()) return state.status();
  if (*registry == 0)
    return Status::InvalidArgument("fetch group: topic " + o.registry.topic +
                                   " does not exist (create it compacted: docs/scaling.md)");
  if (*state != *registry)
    return Status::InvalidArgument(
        "fetch group: " + o.state_topic + " has " + std::to_string(*state) + " partitions, " +
        o.registry.topic + " " + std::to_string(*registry) +
        ": create it compacted with as many (a feed's state goes to its host's partition)");
  g->partitions_ = *registry;

  // The compacted list is read whole on every assignment: no offsets; a
  // new owner waits for the end of its partitions before polling.
  std::map<std::string, std::string> props = kafka_client::GroupMemberProperties(
      o.group_id, o.static_membership ? o.instance_id : "", o.session_timeout, o.max_poll_interval);
  props["enable.partition.eof"] = "true";
  auto group =
      kafka_client::Connect(o.registry.brokers, props, o.registry.properties, RD_KAFKA_CONSUMER,
                            g.get(), nullptr, FetchGroupCallbacks::OnRebalance);
  if (!group.ok()) return group.status();
  g->h_->group = std::move(group).value();
  rd_kafka_poll_set_consumer(g->h_->group.get());

  auto states = kafka_client::Connect(o.registry.brokers,
                                      {{"group.id", o.group_id + ".state-reader"},
                                       {"enable.auto.commit", "false"},
                                       {"enable.auto.offset.store", "false"},
                                       {"auto.offset.reset", "earliest"},
                                       {"enable.partition.eof", "true"},
                                       {"fetch.wait.max.ms", "100"}},
                                      o.registry.properties, RD_KAFKA_CONSUMER, g.get());
  if (!states.ok()) return states.status();
  g->h_->states = std::move(states).value();
  rd_kafka_poll_set_consumer(g->h_->states.get());

  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, o.registry.topic.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t e = rd_kafka_subscribe(g->h_->group.get(), topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Status::Unavailable(std::string("fetch group: subscribe: ") + rd_kafka_err2str(e));
  NEWSD_LOG(kInfo) << "fetch group " << o.group_id << ": joining as " << o.instance_id << " ("
                   << g->partitions_ << " partitions of " << o.registry.topic << ")";
  return g;
}

FetchGroup::~FetchGroup() {
  if (!h_) return;
  if (h_->group) {
    // Revokes what we own (flushing the states) and leaves.
    rd_kafka_consumer_close(h_->group.get());
    h_->group.reset();
  }
  if (h_->states) {
    rd_kafka_consumer_close(h_->states.get());
    h_->states.reset();
  }
  if (h_->producer) {
    rd_kafka_flush(h_->producer.get(), static_cast<int>(std::min<int64_t>(
                                           options_.registry.timeout.count(), INT32_MAX)));
  }
}

void FetchGroup::Assign(rd_kafka_topic_partition_list_t* parts) {
  for (int i = 0; i < parts->cnt; ++i) parts_[parts->elems[i].partition] = Partition{};
  rd_kafka_topic_partition_list_t* states = FromBeginning(parts, options_.state_topic);
  if (rd_kafka_error_t* e = rd_kafka_incremental_assign(h_->states.get(), states)) {
    ReportError(std::string("reading ") + options_.state_topic + ": " + rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
  }
  rd_kafka_topic_partition_list_destroy(states);
  NEWSD_LOG(kInfo) << "fetch group: assigned " << parts->cnt << " partitions; reading them";
}

void FetchGroup::Revoke(rd_kafka_topic_partition_list_t* parts) {
  // The next owner reads the states from the topic: ours go first.
  rd_kafka_flush(h_->producer.get(),
                 static_cast<int>(std::min<int64_t>(options_.registry.timeout.count(), INT32_MAX)));
  rd_kafka_topic_partition_list_t* states = rd_kafka_topic_partition_list_new(parts->cnt);
  int given_up = 0;
  for (int i = 0; i < parts->cnt; ++i) {
    const int32_t p = parts->elems[i].partition;
    auto it = parts_.find(p);
    if (it == parts_.end()) continue;
    if (it->second.owned()) pending_.feeds_changed = true;
    parts_.erase(it);
    ++given_up;
    rd_kafka_topic_partition_list_add(states, options_.state_topic.c_str(), p);
  }
  if (states->cnt > 0) {
    if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(h_->states.get(), states))
      rd_kafka_error_destroy(e);  // not assigned there: nothing to stop
  }
  rd_kafka_topic_partition_list_destroy(states);
  pending_.revoked += given_up;
  NEWSD_LOG(kInfo) << "fetch group: " << given_up << " partitions revoked"
                   << (rd_kafka_assignment_lost(h_->group.get()) ? " (lost)" : "");
}

void FetchGroup::MarkRead(Partition& p, bool registry) {
  const bool was_owned = p.owned();
  (registry ? p.registry_read : p.state_read) = true;
  if (was_owned || !p.owned()) return;
  for (auto& [url, state] : p.states) pending_.states[url] = std::move(state);
  p.states.clear();
  pending_.feeds_changed = true;
  ++pending_.assigned;
}

void FetchGroup::OnRegistryRecord(const rd_kafka_message_t* m) {
  auto it = parts_.find(m->partition);
  if (it == parts_.end()) return;  // revoked meanwhile
  std::string url = KeyOf(m);
  if (url.empty()) return;
  if (auto v = ValueOf(m))
    it->second.feeds[url] = std::move(*v);
  else
    it->second.feeds.erase(url);
  if (it->second.owned()) pending_.feeds_changed = true;
}

void FetchGroup::OnStateRecord(const rd_kafka_message_t* m) {
  auto it = parts_.find(m->partition);
  // Once a partition is owned its states are ours to write.
  if (it == parts_.end() || it->second.state_read) return;
  std::string url = KeyOf(m);
  if (url.empty()) return;
  if (auto v = ValueOf(m))
    it->second.states[url] = std::move(*v);
  else
    it->second.states.erase(url);
}

void FetchGroup::Fail(const std::string& why) {
  if (failed_) return;
  failed_ = true;
  NEWSD_LOG(kError) << "fetch group: the consumer failed for good (" << why
                    << "); this instance polls none of the group's feeds until it is restarted. "
                       "Two instances with one instance_id fence each other";
  for (const auto& [p, part] : parts_) {
    if (part.owned()) pending_.feeds_changed = true;
    ++pending_.revoked;
  }
  parts_.clear();
}

FetchGroupChanges FetchGroup::Serve() {
  if (failed_) return std::exchange(pending_, FetchGroupChanges{});
  auto drain = [this](rd_kafka_t* c, bool registry) {
    for (int n = 0; n < kMaxMessagesPerServe && !failed_; ++n) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(c, 0);
      if (!m) return;
      if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        registry ? OnRegistryRecord(m) : OnStateRecord(m);
      } else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        if (auto it = parts_.find(m->partition); it != parts_.end()) MarkRead(it->second, registry);
      } else if (m->err == RD_KAFKA_RESP_ERR__FATAL) {
        char why[512] = {};
        rd_kafka_fatal_error(c, why, sizeof why);
        Fail(why);
      } else {
        ReportError(std::string(registry ? options_.registry.topic : options_.state_topic) + ": " +
                    rd_kafka_message_errstr(m));
      }
      rd_kafka_message_destroy(m);
    }
  };
  drain(h_->group.get(), /*registry=*/true);
  drain(h_->states.get(), /*registry=*/false);
  rd_kafka_poll(h_->producer.get(), 0);
  return std::exchange(pending_, FetchGroupChanges{});
}

std::map<std::string, std::string> FetchGroup::Feeds() const {
  std::map<std::string, std::string> out;
  for (const auto& [p, part] : parts_)
    if (part.owned()) out.insert(part.feeds.begin(), part.feeds.end());
  return out;
}

std::chrono::milliseconds FetchGroup::takeover_grace() const {
  return 2 * kafka_client::HeartbeatInterval(options_.session_timeout) +
         std::chrono::milliseconds(1000);
}

std::set<int32_t> FetchGroup::Owned() const {
  std::set<int32_t> out;
  for (const auto& [p, part] : parts_)
    if (part.owned()) out.insert(p);
  return out;
}

size_t FetchGroup::Reading() const { return parts_.size() - Owned().size(); }

void FetchGroup::PublishState(const std::string& url, std::string_view host,
                              const std::string& encoded) {
  rd_kafka_resp_err_t e = rd_kafka_producev(
      h_->producer.get(), RD_KAFKA_V_TOPIC(options_.state_topic.c_str()),
      RD_KAFKA_V_PARTITION(RegistryPartition(host, partitions_)),
      RD_KAFKA_V_KEY(url.data(), url.size()),
      RD_KAFKA_V_VALUE(const_cast<char*>(encoded.data()), encoded.size()),
      RD_KAFKA_V_HEADER(kafka_client::kInstanceHeader, options_.instance_id.data(),
                        static_cast<ssize_t>(options_.instance_id.size())),
      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++states_failed_;
    ReportError(std::string("feed state not written: ") + rd_kafka_err2str(e));
  }
  rd_kafka_poll(h_->producer.get(), 0);
}

void FetchGroup::ReportError(const std::string& what) {
  // Brokers that are down say so on every call: once per distinct error.
  if (what == last_error_) return;
  last_error_ = what;
  NEWSD_LOG(kWarning) << "fetch group: " << what;
}

}  // namespace newsd
