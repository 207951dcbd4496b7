// Where published messages go. KafkaProducer (kafka/producer.h) is the real
// one; MemorySink is the in-memory fake for tests.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace newsd {

// Called once per produced message with the token given to Produce and
// the delivery outcome. Runs on the thread that calls Poll().
using DeliveryCallback = std::function<void(uint64_t token, const Status& outcome)>;

// Kafka record headers, in order (names may repeat).
using MessageHeaders = std::vector<std::pair<std::string, std::string>>;

class MessageSink {
 public:
  virtual ~MessageSink() = default;
  // Queues a message. Errors: kUnavailable when the local queue is full
  // (retry after Poll), kRejected when this message can never be delivered
  // (too large), kInvalidArgument for an unknown topic. A delivery outcome
  // is kRejected likewise when the broker refused the message for good,
  // kUnavailable when a retry may succeed.
  virtual Status Produce(const std::string& topic, const std::string& key, const std::string& value,
                         const MessageHeaders& headers, uint64_t token) = 0;
  // Serves delivery reports, waiting up to timeout_ms for one.
  virtual void Poll(int timeout_ms) = 0;
  // Messages produced and not yet reported.
  virtual int InFlight() const = 0;
};

// Delivers everything on the next Poll, or fails it while `fail` is set.
class MemorySink final : public MessageSink {
 public:
  struct Message {
    std::string topic, key, value;
    MessageHeaders headers;
  };
  explicit MemorySink(DeliveryCallback cb) : cb_(std::move(cb)) {}
  Status Produce(const std::string& topic, const std::string& key, const std::string& value,
                 const MessageHeaders& headers, uint64_t token) override {
    pending_.push_back({{topic, key, value, headers}, token});
    return Status::Ok();
  }
  void Poll(int) override {
    auto pending = std::move(pending_);
    pending_.clear();
    for (auto& [m, token] : pending) {
      if (!reject_key.empty() && m.key == reject_key) {
        cb_(token, Status::Rejected("injected rejection"));
      } else if (fail) {
        cb_(token, Status::Unavailable("injected failure"));
      } else {
        delivered.push_back(m);
        cb_(token, Status::Ok());
      }
    }
  }
  int InFlight() const override { return static_cast<int>(pending_.size()); }

  bool fail = false;
  std::string reject_key;  // a message with this key is refused for good
  std::vector<Message> delivered;

 private:
  DeliveryCallback cb_;
  std::vector<std::pair<Message, uint64_t>> pending_;
};

}  // namespace newsd
