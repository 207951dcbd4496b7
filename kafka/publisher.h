// The publisher drains the outbox into a MessageSink and deletes each row
// only after its delivery succeeded. A failed delivery leaves the row, and
// the publisher produces it again later, in order. A row Kafka refuses for
// good (kRejected: too large for the topic, not writable with these
// credentials) is moved aside to the quarantine instead, counted in
// newsd_kafka_quarantined_total, and the rows behind it flow on.
//
// Thread model: Pump() is called from one thread (the publisher thread);
// stats() and depth may be read from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/metrics.h"
#include "common/outbox.h"
#include "common/status.h"
#include "common/time.h"
#include "kafka/message_sink.h"

namespace newsd {

struct PublisherOptions {
  // Kafka topic for outbox messages of logical topic "events" / "stories".
  std::string topic_events = "news.events";
  std::string topic_stories = "news.stories";
  // Rows read from the outbox per Pump(). Default 500.
  size_t batch = 500;
  // Rows produced and not yet reported, at most. Default 10000.
  size_t max_in_flight = 10'000;
  // CloudEvents `ce_source` of every message ([kafka] cloudevents_source).
  // Default "urn:newsd:" + host name.
  std::string cloudevents_source = "urn:newsd:localhost";
  // Turns a row's stored value into the message value, on the publisher's
  // thread: the store keeps events as binary records and they leave as JSON
  // (OutboxMessageValue in pipeline/records.h). An error moves the row
  // aside like a message Kafka refuses for good. Unset: the value as stored.
  std::function<Result<std::string>(const OutboxMessage&)> render;
};

struct PublisherStats {
  std::atomic<uint64_t> produced{0};
  std::atomic<uint64_t> delivered{0};
  std::atomic<uint64_t> failed{0};
  std::atomic<uint64_t> quarantined{0};
};

class Publisher {
 public:
  // `outbox` must outlive the publisher. The sink is set with SetSink
  // because its delivery callback must reach this publisher. `metrics`
  // (optional) receives newsd_kafka_* series; `clock` times deliveries.
  Publisher(Outbox* outbox, const PublisherOptions& options, MetricsRegistry* metrics = nullptr,
            const Clock* clock = &SystemClock::Instance());

  void SetSink(MessageSink* sink) { sink_ = sink; }
  // The callback to give the sink.
  DeliveryCallback Callback();

  // Produces the next rows and serves delivery reports, waiting up to
  // poll_ms. Returns the number of rows produced.
  size_t Pump(int poll_ms);
  // True when the outbox is empty and nothing is in flight. Safe to call
  // from another thread than the one pumping.
  bool Idle() const;
  const PublisherStats& stats() const { return stats_; }

 private:
  void OnDelivery(uint64_t seq, const Status& outcome);
  // Moves a refused row aside; false when that failed (it is retried then).
  bool Quarantine(uint64_t seq, const Status& why);

  Outbox* outbox_;
  MessageSink* sink_ = nullptr;
  PublisherOptions options_;
  uint64_t cursor_ = 0;                     // highest seq produced
  std::map<uint64_t, int64_t> in_flight_;   // seq -> commit time (ms)
  std::atomic<size_t> in_flight_count_{0};  // its size, for Idle() elsewhere
  std::vector<uint64_t> delivered_;         // to delete after this poll
  uint64_t retry_from_ = UINT64_MAX;
  Status last_error_;
  std::string last_delete_error_;  // logged once until a delete succeeds
  PublisherStats stats_;
  const Clock* clock_;
  Counter* delivered_metric_ = nullptr;
  Counter* failed_metric_ = nullptr;
  Counter* quarantined_metric_ = nullptr;
  Histogram* latency_metric_ = nullptr;
};

}  // namespace newsd
