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

std::chrono::milliseconds HeartbeatInterval(std::chrono::milliseconds session_timeout) {
  return std::clamp(session_timeout / 6, std::chrono::milliseconds(100),
                    std::chrono::milliseconds(3000));
}

std::map<std::string, std::string> GroupMemberProperties(
    const std::string& group_id, const std::string& instance_id,
    std::chrono::milliseconds session_timeout, std::chrono::milliseconds max_poll_interval) {
  std::map<std::string, std::string> props = {
      {"group.id", group_id},
      {"partition.assignment.strategy", "cooperative-sticky"},
      {"session.timeout.ms", std::to_string(session_timeout.count())},
      {"heartbeat.interval.ms", std::to_string(HeartbeatInterval(session_timeout).count())},
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

Status ReadToEnd(const std::string& brokers, const std::map<std::string, std::string>& properties,
                 const std::string& topic, std::chrono::steady_clock::time_point deadline,
                 const std::string& what, const std::function<void(const TopicRecord&)>& each) {
  auto rk = Connect(brokers,
                    {{"group.id", "newsd-reader"},
                     {"enable.auto.commit", "false"},
                     {"enable.partition.eof", "true"},
                     {"auto.offset.reset", "earliest"}},
                    properties, RD_KAFKA_CONSUMER, nullptr);
  if (!rk.ok()) return rk.status();
  rd_kafka_t* c = rk->get();
  auto partitions = PartitionCount(c, topic, deadline);
  if (!partitions.ok()) return Status::Unavailable(what + ": " + partitions.status().message());
  // Each partition up to the end it has now.
  std::map<int32_t, int64_t> end;
  rd_kafka_topic_partition_list_t* assign = rd_kafka_topic_partition_list_new(*partitions);
  for (int32_t p = 0; p < *partitions; ++p) {
    int64_t low = 0, high = 0;
    rd_kafka_resp_err_t e =
        rd_kafka_query_watermark_offsets(c, topic.c_str(), p, &low, &high, MillisLeft(deadline));
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_topic_partition_list_destroy(assign);
      return Status::Unavailable(what + ": " + rd_kafka_err2str(e));
    }
    if (high <= low) continue;
    end[p] = high;
    rd_kafka_topic_partition_list_add(assign, topic.c_str(), p)->offset = low;
  }
  Status out = Status::Ok();
  if (!end.empty()) {
    rd_kafka_poll_set_consumer(c);
    rd_kafka_assign(c, assign);
    while (!end.empty()) {
      if (std::chrono::steady_clock::now() >= deadline) {
        out = Status::Unavailable(what + ": reading " + topic + " timed out");
        break;
      }
      rd_kafka_message_t* m = rd_kafka_consumer_poll(c, 100);
      if (!m) continue;
      if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        TopicRecord r;
        r.partition = m->partition;
        r.offset = m->offset;
        r.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
        r.key = std::string_view(static_cast<const char*>(m->key), m->key ? m->key_len : 0);
        if (m->payload && m->len > 0)
          r.value = std::string_view(static_cast<const char*>(m->payload), m->len);
        rd_kafka_headers_t* headers = nullptr;
        const void* v = nullptr;
        size_t len = 0;
        if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR &&
            rd_kafka_header_get_last(headers, kInstanceHeader, &v, &len) ==
                RD_KAFKA_RESP_ERR_NO_ERROR &&
            v)
          r.instance = std::string_view(static_cast<const char*>(v), len);
        each(r);
      }
      auto it = end.find(m->partition);
      if (it != end.end() &&
          (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF ||
           (m->err == RD_KAFKA_RESP_ERR_NO_ERROR && m->offset + 1 >= it->second)))
        end.erase(it);
      rd_kafka_message_destroy(m);
    }
    rd_kafka_assign(c, nullptr);
  }
  rd_kafka_topic_partition_list_destroy(assign);
  rd_kafka_consumer_close(c);
  return out;
}

Result<std::map<int32_t, int64_t>> EndOffsets(const std::string& brokers,
                                              const std::map<std::string, std::string>& properties,
                                              const std::string& topic,
                                              std::chrono::steady_clock::time_point deadline) {
  auto rk =
      Connect(brokers, {{"group.id", "newsd-reader"}}, properties, RD_KAFKA_CONSUMER, nullptr);
  if (!rk.ok()) return rk.status();
  auto partitions = PartitionCount(rk->get(), topic, deadline);
  if (!partitions.ok()) return partitions.status();
  std::map<int32_t, int64_t> out;
  for (int32_t p = 0; p < *partitions; ++p) {
    int64_t low = 0, high = 0;
    rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(rk->get(), topic.c_str(), p, &low,
                                                             &high, MillisLeft(deadline));
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
      return Status::Unavailable(topic + ": " + rd_kafka_err2str(e));
    out[p] = high;
  }
  return out;
}

}  // namespace newsd::kafka_client
