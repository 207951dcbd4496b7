#include "kafka/feed_registry.h"

#include <librdkafka/rdkafka.h>

#include "common/hash.h"
#include "kafka/client.h"

namespace newsd {

namespace {

using Clock = std::chrono::steady_clock;
using kafka_client::Connect;
using kafka_client::MillisLeft;

struct Delivery {
  size_t failed = 0;
  std::string first_error;
};

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
  auto* d = static_cast<Delivery*>(opaque);
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
  if (d->failed++ == 0) d->first_error = rd_kafka_err2str(m->err);
}

Result<int> PartitionCount(rd_kafka_t* rk, const std::string& topic, Clock::time_point deadline) {
  auto n = kafka_client::PartitionCount(rk, topic, deadline);
  if (!n.ok()) return Status::Unavailable("feeds registry: " + n.status().message());
  return n;
}

}  // namespace

int RegistryPartition(std::string_view host, int partitions) {
  if (partitions <= 0) return 0;
  return static_cast<int>(Hash64(host) % static_cast<uint64_t>(partitions));
}

Result<std::map<std::string, std::string>> ReadFeedRegistry(const FeedRegistryOptions& o) {
  std::map<std::string, std::string> out;
  Status s = kafka_client::ReadToEnd(o.brokers, o.properties, o.topic, Clock::now() + o.timeout,
                                     "feeds registry", [&out](const kafka_client::TopicRecord& r) {
                                       if (r.value)
                                         out[std::string(r.key)] = std::string(*r.value);
                                       else
                                         out.erase(std::string(r.key));
                                     });
  if (!s.ok()) return s;
  return out;
}

Status WriteFeedRegistry(const FeedRegistryOptions& o, const std::vector<RegistryRecord>& records) {
  if (records.empty()) return Status::Ok();
  const auto deadline = Clock::now() + o.timeout;
  Delivery delivery;
  auto rk =
      Connect(o.brokers, {{"enable.idempotence", "true"}, {"acks", "all"}, {"linger.ms", "5"}},
              o.properties, RD_KAFKA_PRODUCER, &delivery, OnDelivery);
  if (!rk.ok()) return rk.status();
  rd_kafka_t* p = rk->get();
  auto partitions = PartitionCount(p, o.topic, deadline);
  if (!partitions.ok()) return partitions.status();
  if (*partitions == 0)
    return Status::Unavailable("feeds registry: topic " + o.topic +
                               " does not exist and the brokers did not create it");
  for (const RegistryRecord& r : records) {
    const void* value = r.settings ? r.settings->data() : nullptr;
    const size_t len = r.settings ? r.settings->size() : 0;
    rd_kafka_resp_err_t e = rd_kafka_producev(
        p, RD_KAFKA_V_TOPIC(o.topic.c_str()),
        RD_KAFKA_V_PARTITION(RegistryPartition(r.host, *partitions)),
        RD_KAFKA_V_KEY(r.url.data(), r.url.size()), RD_KAFKA_V_VALUE(const_cast<void*>(value), len),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
      return Status::Unavailable(std::string("feeds registry: ") + rd_kafka_err2str(e));
  }
  rd_kafka_resp_err_t e = rd_kafka_flush(p, MillisLeft(deadline));
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Status::Unavailable("feeds registry: the brokers did not acknowledge in time (" +
                               std::string(rd_kafka_err2str(e)) + ")");
  if (delivery.failed > 0)
    return Status::Unavailable("feeds registry: " + std::to_string(delivery.failed) +
                               " records refused (" + delivery.first_error + ")");
  return Status::Ok();
}

}  // namespace newsd
