#include "kafka/publisher.h"

#include "common/log.h"

namespace newsd {

Publisher::Publisher(Outbox* outbox, const PublisherOptions& options)
    : outbox_(outbox), options_(options) {}

DeliveryCallback Publisher::Callback() {
  return [this](uint64_t token, const Status& outcome) { OnDelivery(token, outcome); };
}

void Publisher::OnDelivery(uint64_t seq, const Status& outcome) {
  in_flight_.erase(seq);
  if (outcome.ok()) {
    delivered_.push_back(seq);
    ++stats_.delivered;
    return;
  }
  ++stats_.failed;
  if (seq < retry_from_) retry_from_ = seq;
  if (outcome.message() != last_error_.message())
    NEWSD_LOG(kError) << "publisher: delivery failed, outbox row " << seq
                      << " kept for retry: " << outcome.message();
  last_error_ = outcome;
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
    for (const OutboxRow& row : outbox_->ReadOutbox(cursor_, options_.batch)) {
      const std::string& topic =
          row.message.topic == "stories" ? options_.topic_stories : options_.topic_events;
      Status s = sink_->Produce(topic, row.message.key, row.message.value, row.seq);
      if (!s.ok()) {
        if (s.code() != Status::Code::kUnavailable)
          NEWSD_LOG(kError) << "publisher: produce row " << row.seq << ": " << s.message();
        break;  // queue full: poll, then continue from here
      }
      in_flight_.insert(row.seq);
      cursor_ = row.seq;
      ++produced;
      ++stats_.produced;
    }
  }
  sink_->Poll(poll_ms);
  if (!delivered_.empty()) {
    Status s = outbox_->DeleteOutbox(delivered_);
    if (!s.ok()) NEWSD_LOG(kError) << "publisher: " << s.message();
    delivered_.clear();
  }
  if (produced == 0 && retry_from_ != UINT64_MAX) last_error_ = Status::Ok();
  return produced;
}

bool Publisher::Idle() const { return in_flight_.empty() && outbox_->OutboxDepth() == 0; }

}  // namespace newsd
