#include "kafka/client.h"

#include <algorithm>
#include <thread>

#include "common/log.h"

namespace newsd::kafka_client {

namespace {

void OnLog(const rd_kafka_t*, int level, const char* fac, const char* buf) {
  if (level <= 3) NEWSD_LOG(kWarning) << "kafka " << fac << ": " << buf;
}

}  // namespace

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
