// Cluster mode's processors (docs/scaling.md): every processor consumes the
// items topic and builds the same state; one of them, the leader, publishes.
// Leadership is owning partition 0 of a one-partition topic (`newsd.leader`)
// in the consumer group `<group>-process`: Kafka's group protocol gives it
// to exactly one live member and moves it when that member dies.
//
// The same topic carries the leader's delivery watermark: for each items
// partition, the offset up to which every message its records produced has
// been delivered to Kafka. Standbys read it and drop the outbox rows they
// produced from those records (the leader has delivered identical ones), so
// their outboxes stay small and a new leader republishes only what it
// cannot prove delivered.
//
// Not thread-safe: one thread calls Serve and the rest; leadership changes
// inside Serve.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace newsd {

struct LeadershipOptions {
  std::string brokers;
  std::map<std::string, std::string> properties;
  std::string topic = "newsd.leader";
  std::string group_id = "newsd-process";
  std::string instance_id;
  bool static_membership = true;
  std::chrono::milliseconds session_timeout{45'000};
  std::chrono::milliseconds timeout{10'000};  // reaching the brokers at start
};

// The key of the watermark record in the leadership topic.
inline constexpr std::string_view kWatermarkKey = "watermark";

// Items partition -> the offset after the last record whose messages the
// leader has delivered.
using Watermark = std::map<int32_t, int64_t>;

class Leadership {
 public:
  // Errors: kInvalidArgument (a property; the topic missing or with more
  // than one partition), kUnavailable (no brokers).
  static Result<std::unique_ptr<Leadership>> Join(const LeadershipOptions& options);
  ~Leadership();
  Leadership(const Leadership&) = delete;
  Leadership& operator=(const Leadership&) = delete;

  // Serves the group and reads the watermark without waiting. True when
  // leadership changed.
  bool Serve();
  bool leader() const { return leader_; }
  // The group has answered at least once (leader or not).
  bool settled() const { return settled_; }
  // The latest watermark published (by any leader).
  const Watermark& watermark() const { return watermark_; }
  // Writes this leader's watermark (asynchronously; flushed on close).
  void PublishWatermark(const Watermark& w);

 private:
  friend struct LeadershipCallbacks;
  Leadership() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  LeadershipOptions options_;
  bool leader_ = false, settled_ = false, changed_ = false;
  Watermark watermark_;
  std::string last_error_;
};

std::string EncodeWatermark(const Watermark& w);
Watermark DecodeWatermark(std::string_view value);

}  // namespace newsd
