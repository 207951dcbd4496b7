// A development Kafka inside this process: librdkafka's mock cluster. It
// speaks the real Kafka protocol on 127.0.0.1 (any client, kcat included,
// can connect to bootstrap()), keeps data in memory only, and vanishes with
// the process. For the quick start and tests; never for production.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace newsd {

struct EmbeddedBrokerOptions {
  // Brokers in the mock cluster. Default 1.
  int brokers = 1;
  // Partitions of each topic created up front. Default 3.
  int partitions = 3;
  // Topics created up front (others are auto-created on first use).
  std::vector<std::string> topics = {"news.events", "news.stories"};
  // Topics of `topics` with a partition count of their own.
  std::map<std::string, int> topic_partitions;
};

class EmbeddedBroker {
 public:
  static Result<std::unique_ptr<EmbeddedBroker>> Start(const EmbeddedBrokerOptions& options);
  ~EmbeddedBroker();
  EmbeddedBroker(const EmbeddedBroker&) = delete;
  EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

  // "127.0.0.1:PORT[,...]": the bootstrap.servers of the cluster.
  const std::string& bootstrap() const { return bootstrap_; }

 private:
  struct Impl;
  explicit EmbeddedBroker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::string bootstrap_;
};

}  // namespace newsd
