// A librdkafka producer: idempotent (enable.idempotence=true, acks=all), so
// librdkafka's own retries never duplicate or reorder a message within a
// session. Move-only RAII around rd_kafka_t.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "kafka/message_sink.h"

namespace newsd {

struct ProducerOptions {
  // bootstrap.servers, "host:port,...". Required.
  std::string brokers;
  // How long librdkafka keeps retrying one message before reporting failure
  // (message.timeout.ms). The row stays in the outbox and is retried later.
  // Default 30 s.
  std::chrono::milliseconds message_timeout{30'000};
  // Any other librdkafka property, passed through (e.g. "compression.type",
  // "security.protocol"). Applied last, so it can override the above.
  std::map<std::string, std::string> properties;
};

// Checks every property as librdkafka would at start (names and values),
// without connecting; errors name the property, never its value.
Status ValidateProducerOptions(const ProducerOptions& options);

class KafkaProducer final : public MessageSink {
 public:
  // Errors: kInvalidArgument naming a rejected property.
  static Result<std::unique_ptr<KafkaProducer>> Create(const ProducerOptions& options,
                                                       DeliveryCallback on_delivery);
  ~KafkaProducer() override;

  Status Produce(const std::string& topic, const std::string& key, const std::string& value,
                 const MessageHeaders& headers, uint64_t token) override;
  void Poll(int timeout_ms) override;
  int InFlight() const override;
  // Waits up to `timeout` for every queued message to be reported.
  Status Flush(std::chrono::milliseconds timeout);

  struct Impl;

 private:
  explicit KafkaProducer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
