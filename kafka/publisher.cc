#include "kafka/publisher.h"

#include <algorithm>

#include "common/log.h"
#include "kafka/cloudevents.h"

namespace newsd {

Publisher::Publisher(Outbox* outbox, const PublisherOptions& options, MetricsRegistry* metrics,
                     const Clock* clock)
    : outbox_(outbox), options_(options), clock_(clock) {
  if (metrics) {
    const char* help = "Messages acknowledged by Kafka, or failed after librdkafka's retries.";
    delivered_metric_ =
        &metrics->GetCounter("newsd_kafka_deliveries_total", help, {{"result", "ok"}});
    failed_metric_ =
        &metrics->GetCounter("newsd_kafka_deliveries_total", help, {{"result", "error"}});
    quarantined_metric_ = &metrics->GetCounter(
        "newsd_kafka_quarantined_total",
        "Outbox rows Kafka refused for good, moved aside (newsd outbox list).");
    latency_metric_ = &metrics->GetHistogram(
        "newsd_kafka_delivery_latency_seconds",
        "From the commit of an outbox row to Kafka's acknowledgement.", LatencyBuckets());
  }
}

DeliveryCallback Publisher::Callback() {
  return [this](uint64_t token, const Status& outcome) { OnDelivery(token, outcome); };
}

void Publisher::OnDelivery(uint64_t seq, const Status& outcome) {
  int64_t created_ms = 0;
  if (auto it = in_flight_.find(seq); it != in_flight_.end()) {
    created_ms = it->second;
    in_flight_.erase(it);
    in_flight_count_.store(in_flight_.size());
  }
  if (outcome.ok()) {
    delivered_.push_back(seq);
    ++stats_.delivered;
    if (delivered_metric_) delivered_metric_->Inc();
    if (latency_metric_ && created_ms > 0)
      latency_metric_->Observe(std::max<double>(
          0, static_cast<double>(ToUnixMillis(clock_->Now()) - created_ms) / 1000.0));
    return;
  }
  ++stats_.failed;
  if (failed_metric_) failed_metric_->Inc();
  if (outcome.code() == Status::Code::kRejected && Quarantine(seq, outcome)) return;
  if (seq < retry_from_) retry_from_ = seq;
  if (outcome.message() != last_error_.message())
    NEWSD_LOG(kError) << "publisher: delivery failed, outbox row " << seq
                      << " kept for retry: " << outcome.message();
  last_error_ = outcome;
}

bool Publisher::Quarantine(uint64_t seq, const Status& why) {
  Status s = outbox_->QuarantineOutbox(seq, why.message());
  if (!s.ok()) {
    NEWSD_LOG(kError) << "publisher: outbox row " << seq << " refused by Kafka (" << why.message()
                      << ") and could not be moved aside: " << s.message();
    return false;
  }
  ++stats_.quarantined;
  if (quarantined_metric_) quarantined_metric_->Inc();
  NEWSD_LOG(kError) << "publisher: outbox row " << seq << " refused by Kafka for good ("
                    << why.message() << "); moved aside, see `newsd outbox list`";
  return true;
}

size_t Publisher::Pump(int poll_ms) {
  if (!sink_) return 0;
  // After a failure, go back and produce the failed rows again, in order.
  if (retry_from_ != UINT64_MAX && in_flight_.empty()) {
    cursor_ = retry_from_ - 1;
    retry_from_ = UINT64_MAX;
  }
  size_t produced = 0;
  if (retry_from_ == UINT64_MAX && in_flight_.size() < options_.max_in_flight) {
    for (OutboxRow& row : outbox_->ReadOutbox(cursor_, options_.batch)) {
      const std::string& topic =
          row.message.topic == "stories" ? options_.topic_stories : options_.topic_events;
      if (options_.render) {
        // The message value replaces the stored one, so ce_id hashes what
        // consumers receive.
        Result<std::string> value = options_.render(row.message);
        if (!value.ok()) {
          if (!Quarantine(row.seq,
                          Status::Rejected("unreadable outbox row: " + value.status().message())))
            break;  // tried again on the next pump
          cursor_ = row.seq;
          continue;
        }
        row.message.value = std::move(value).value();
      }
      Status s =
          sink_->Produce(topic, row.message.key, row.message.value,
                         CloudEventHeaders(row.message, options_.cloudevents_source), row.seq);
      if (s.code() == Status::Code::kRejected && Quarantine(row.seq, s)) {
        cursor_ = row.seq;
        continue;
      }
      if (!s.ok()) {
        if (s.code() != Status::Code::kUnavailable)
          NEWSD_LOG(kError) << "publisher: produce row " << row.seq << ": " << s.message();
        break;  // queue full: poll, then continue from here
      }
      in_flight_.emplace(row.seq, row.message.created_ms);
      in_flight_count_.store(in_flight_.size());
      cursor_ = row.seq;
      ++produced;
      ++stats_.produced;
    }
  }
  sink_->Poll(poll_ms);
  if (!delivered_.empty()) {
    // Kept when the delete fails (a full disk): tried again on the next
    // pump, so the rows are not republished at the next start and the depth
    // comes back to zero once the store takes writes again.
    Status s = outbox_->DeleteOutbox(delivered_);
    if (s.ok()) {
      delivered_.clear();
      last_delete_error_.clear();
    } else if (s.message() != last_delete_error_) {
      NEWSD_LOG(kError) << "publisher: " << s.message() << " (" << delivered_.size()
                        << " delivered rows kept to delete later)";
      last_delete_error_ = s.message();
    }
  }
  if (produced == 0 && retry_from_ != UINT64_MAX) last_error_ = Status::Ok();
  return produced;
}

bool Publisher::Idle() const { return in_flight_count_.load() == 0 && outbox_->OutboxDepth() == 0; }

}  // namespace newsd
