#include "kafka/leadership.h"

#include <librdkafka/rdkafka.h>

#include <charconv>

#include "common/log.h"
#include "kafka/client.h"

namespace newsd {

std::string EncodeWatermark(const Watermark& w) {
  std::string out;
  for (const auto& [p, o] : w) {
    if (!out.empty()) out += ',';
    out += std::to_string(p) + ':' + std::to_string(o);
  }
  return out;
}

Watermark DecodeWatermark(std::string_view value) {
  Watermark w;
  while (!value.empty()) {
    const size_t comma = value.find(',');
    std::string_view pair = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    const size_t colon = pair.find(':');
    if (colon == std::string_view::npos) continue;
    int32_t p = 0;
    int64_t o = 0;
    auto a = std::from_chars(pair.data(), pair.data() + colon, p);
    auto b = std::from_chars(pair.data() + colon + 1, pair.data() + pair.size(), o);
    if (a.ec == std::errc() && b.ec == std::errc()) w[p] = o;
  }
  return w;
}

struct Leadership::Impl {
  kafka_client::Handle group;     // the leadership group's member
  kafka_client::Handle reader;    // the watermark, assigned by hand
  kafka_client::Handle producer;  // this leader's watermark
};

struct LeadershipCallbacks {
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* parts, void* opaque) {
    auto* l = static_cast<Leadership*>(opaque);
    const bool assign = err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS;
    l->settled_ = true;
    // One partition: whoever holds it leads.
    if (parts->cnt > 0 && l->leader_ != assign) {
      l->leader_ = assign;
      l->changed_ = true;
    }
    kafka_client::ApplyAssignment(rk, parts, assign, "leadership");
  }
};

Result<std::unique_ptr<Leadership>> Leadership::Join(const LeadershipOptions& o) {
  std::unique_ptr<Leadership> l(new Leadership());
  l->options_ = o;
  l->impl_ = std::make_unique<Impl>();
  auto producer =
      kafka_client::Connect(o.brokers, {{"enable.idempotence", "true"}, {"acks", "all"}},
                            o.properties, RD_KAFKA_PRODUCER, nullptr);
  if (!producer.ok()) return producer.status();
  l->impl_->producer = std::move(producer).value();
  auto partitions = kafka_client::PartitionCount(l->impl_->producer.get(), o.topic,
                                                 std::chrono::steady_clock::now() + o.timeout);
  if (!partitions.ok()) return partitions.status();
  if (*partitions != 1)
    return Status::InvalidArgument("leadership topic " + o.topic + " has " +
                                   std::to_string(*partitions) +
                                   " partitions: create it with one, compacted (docs/scaling.md)");

  std::map<std::string, std::string> props = kafka_client::GroupMemberProperties(
      o.group_id, o.static_membership ? o.instance_id : "", o.session_timeout,
      std::chrono::milliseconds(30 * 60'000));
  auto group = kafka_client::Connect(o.brokers, props, o.properties, RD_KAFKA_CONSUMER, l.get(),
                                     nullptr, LeadershipCallbacks::OnRebalance);
  if (!group.ok()) return group.status();
  l->impl_->group = std::move(group).value();
  rd_kafka_poll_set_consumer(l->impl_->group.get());
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, o.topic.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t e = rd_kafka_subscribe(l->impl_->group.get(), topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Status::Unavailable(std::string("leadership: subscribe: ") + rd_kafka_err2str(e));

  auto reader = kafka_client::Connect(
      o.brokers,
      kafka_client::GroupMemberProperties(o.group_id + ".watermark", "", o.session_timeout,
                                          std::chrono::minutes(30)),
      o.properties, RD_KAFKA_CONSUMER, nullptr);
  if (!reader.ok()) return reader.status();
  l->impl_->reader = std::move(reader).value();
  rd_kafka_poll_set_consumer(l->impl_->reader.get());
  rd_kafka_topic_partition_list_t* all = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(all, o.topic.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(l->impl_->reader.get(), all);
  rd_kafka_topic_partition_list_destroy(all);
  return l;
}

Leadership::~Leadership() {
  if (!impl_) return;
  if (impl_->producer) rd_kafka_flush(impl_->producer.get(), 5000);
  if (impl_->group) rd_kafka_consumer_close(impl_->group.get());
  if (impl_->reader) rd_kafka_consumer_close(impl_->reader.get());
}

bool Leadership::Serve() {
  // Messages of the group's own partition (the watermark, for a leader)
  // are read by the reader; the member only keeps its place.
  for (int n = 0; n < 1000; ++n) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(impl_->group.get(), 0);
    if (!m) break;
    rd_kafka_message_destroy(m);
  }
  for (int n = 0; n < 1000; ++n) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(impl_->reader.get(), 0);
    if (!m) break;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR && m->payload &&
        std::string_view(static_cast<const char*>(m->key), m->key_len) == kWatermarkKey) {
      watermark_ = DecodeWatermark({static_cast<const char*>(m->payload), m->len});
    } else if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR && m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      std::string what = rd_kafka_message_errstr(m);
      if (what != last_error_) NEWSD_LOG(kWarning) << "leadership: " << what;
      last_error_ = what;
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_poll(impl_->producer.get(), 0);
  return std::exchange(changed_, false);
}

void Leadership::PublishWatermark(const Watermark& w) {
  const std::string value = EncodeWatermark(w);
  rd_kafka_resp_err_t e = rd_kafka_producev(
      impl_->producer.get(), RD_KAFKA_V_TOPIC(options_.topic.c_str()), RD_KAFKA_V_PARTITION(0),
      RD_KAFKA_V_KEY(kWatermarkKey.data(), kWatermarkKey.size()),
      RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
      RD_KAFKA_V_HEADER(kafka_client::kInstanceHeader, options_.instance_id.data(),
                        static_cast<ssize_t>(options_.instance_id.size())),
      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    std::string what = std::string("watermark not written: ") + rd_kafka_err2str(e);
    if (what != last_error_) NEWSD_LOG(kWarning) << "leadership: " << what;
    last_error_ = what;
  }
  rd_kafka_poll(impl_->producer.get(), 0);
}

}  // namespace newsd
