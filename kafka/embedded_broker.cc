#include "kafka/embedded_broker.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

namespace newsd {

struct EmbeddedBroker::Impl {
  rd_kafka_t* rk = nullptr;  // owner of the mock cluster's bookkeeping
  rd_kafka_mock_cluster_t* cluster = nullptr;
  ~Impl() {
    if (cluster) rd_kafka_mock_cluster_destroy(cluster);
    if (rk) rd_kafka_destroy(rk);
  }
};

Result<std::unique_ptr<EmbeddedBroker>> EmbeddedBroker::Start(const EmbeddedBrokerOptions& o) {
  auto impl = std::make_unique<Impl>();
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "client.id", "newsd-embedded-broker", err, sizeof err);
  rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err);
  impl->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!impl->rk) {
    rd_kafka_conf_destroy(conf);
    return Status::Internal(std::string("embedded broker: ") + err);
  }
  impl->cluster = rd_kafka_mock_cluster_new(impl->rk, o.brokers);
  if (!impl->cluster) return Status::Internal("embedded broker: cannot create the mock cluster");
  for (const auto& t : o.topics) {
    auto own = o.topic_partitions.find(t);
    const int partitions = own != o.topic_partitions.end() ? own->second : o.partitions;
    rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(impl->cluster, t.c_str(), partitions, 1);
    if (e) return Status::Internal("embedded broker: topic " + t + ": " + rd_kafka_err2str(e));
  }
  std::string bootstrap = rd_kafka_mock_cluster_bootstraps(impl->cluster);
  auto broker = std::unique_ptr<EmbeddedBroker>(new EmbeddedBroker(std::move(impl)));
  broker->bootstrap_ = std::move(bootstrap);
  return broker;
}

EmbeddedBroker::EmbeddedBroker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EmbeddedBroker::~EmbeddedBroker() = default;

}  // namespace newsd
