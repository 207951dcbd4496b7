#include "kafka/client.h"

#include <algorithm>
#include <cstring>
#include <thread>

#include "common/log.h"

namespace newsd::kafka_client {

namespace {

void OnLog(const rd_kafka_t*, int level, const char* fac, const char* buf) {
  if (level <= 3) NEWSD_LOG(kWarning) << "kafka " << fac << ": " << buf;
}

}  // namespace

std::map<std::string, std::string> GroupMemberProperties(
    const std::string& group_id, const std::string& instance_id,
    std::chrono::milliseconds session_timeout, std::chrono::milliseconds max_poll_interval) {
  std::map<std::string, std::string> props = {
      {"group.id", group_id},
      {"partition.assignment.strategy", "cooperative-sticky"},
      {"session.timeout.ms", std::to_string(session_timeout.count())},
      {"max.poll.interval.ms", std::to_string(max_poll_interval.count())},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", "earliest"},
      {"fetch.wait.max.ms", "100"}};
  if (!instance_id.empty()) props["group.instance.id"] = instance_id;
  return props;
}

void ApplyAssignment(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* parts, bool assign,
                     const char* who) {
  const char* protocol = rd_kafka_rebalance_protocol(rk);
  if (!protocol || std::strcmp(protocol, "COOPERATIVE") != 0) {
    rd_kafka_assign(rk, assign ? parts : nullptr);
    return;
  }
  rd_kafka_error_t* e =
      assign ? rd_kafka_incremental_assign(rk, parts) : rd_kafka_incremental_unassign(rk, parts);
  if (e) {
    NEWSD_LOG(kWarning) << who << (assign ? ": assign: " : ": unassign: ")
                        << rd_kafka_error_string(e);
    rd_kafka_error_destroy(e);
  }
}

int MillisLeft(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<int64_t>(left.count(), 1, INT32_MAX));
}

Result<Handle> Connect(const std::string& brokers, const std::map<std::string, std::string>& base,
                       const std::map<std::string, std::string>& properties, rd_kafka_type_t type,
                       void* opaque,
                       void (*on_delivery)(rd_kafka_t*, const rd_kafka_message_t*, void*),
                       void (*on_rebalance)(rd_kafka_t*, rd_kafka_resp_err_t,
                                            rd_kafka_topic_partition_list_t*, void*)) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  std::map<std::string, std::string> props = base;
  props["bootstrap.servers"] = brokers;
  for (const auto& [k, v] : properties) props[k] = v;
  for (const auto& [k, v] : props) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return Status::InvalidArgument("kafka property " + k + ": " + err);
    }
  }
  rd_kafka_conf_set_log_cb(conf, OnLog);
  if (on_delivery) rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  if (on_rebalance) rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
  rd_kafka_conf_set_opaque(conf, opaque);
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("kafka: ") + err);
  }
  return Handle(rk);
}

Result<int> PartitionCount(rd_kafka_t* rk, const std::string& topic,
                           std::chrono::steady_clock::time_point deadline) {
  rd_kafka_topic_t* t = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  Status last = Status::Unavailable(topic + ": no answer from the brokers");
  int count = -1;
  while (count < 0 && std::chrono::steady_clock::now() < deadline) {
    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, t, &md, MillisLeft(deadline));
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      last = Status::Unavailable(topic + ": " + rd_kafka_err2str(e));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR &&
        md->topics[0].partition_cnt > 0) {
      count = md->topics[0].partition_cnt;
    } else if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
      count = 0;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // being created
    }
    rd_kafka_metadata_destroy(md);
  }
  rd_kafka_topic_destroy(t);
  if (count < 0) return last;
  return count;
}

}  // namespace newsd::kafka_client
