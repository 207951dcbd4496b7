// FeedState: what newsd remembers about one feed between polls (kept in the
// store's `feeds` family, JSON-encoded, keyed by feed URL).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"
#include "common/time.h"

namespace newsd {

struct FeedState {
  std::string url;
  std::string etag;           // exactly as received, sent back as If-None-Match
  std::string last_modified;  // exactly as received, sent back as If-Modified-Since
  int last_status = 0;        // last HTTP status (0: none yet / transport error)
  std::string last_error;     // empty after a success
  std::optional<Timestamp> last_success;
  std::optional<Timestamp> last_attempt;
  Timestamp next_poll{};
  int consecutive_failures = 0;
  int64_t items_seen = 0;  // items parsed over the feed's life
  int64_t polls = 0;

  std::string Encode() const;
  static Result<FeedState> Decode(std::string_view json);
};

}  // namespace newsd
