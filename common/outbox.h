// The outbox: messages committed with their item, waiting for Kafka.
// Implemented by the store; drained by the publisher (kafka/publisher.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/state.h"
#include "common/status.h"

namespace newsd {

struct OutboxRow {
  uint64_t seq = 0;  // commit order; rows are read in this order
  OutboxMessage message;
};

class Outbox {
 public:
  virtual ~Outbox() = default;
  // Up to `max` rows with seq > after, in order. Thread-safe.
  virtual std::vector<OutboxRow> ReadOutbox(uint64_t after, size_t max) const = 0;
  // Removes delivered rows. Thread-safe.
  virtual Status DeleteOutbox(const std::vector<uint64_t>& seqs) = 0;
  // Rows waiting. Thread-safe.
  virtual uint64_t OutboxDepth() const = 0;
  // Moves a row Kafka refused for good aside, with the reason, so the rows
  // behind it flow (`newsd outbox list` shows it, `newsd outbox retry`
  // puts it back). Thread-safe. Errors: kNotFound, kIOError.
  virtual Status QuarantineOutbox(uint64_t seq, const std::string& reason) = 0;
};

}  // namespace newsd
