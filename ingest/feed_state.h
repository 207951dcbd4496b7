// FeedState: what newsd remembers about one feed between polls (kept in the
// store's `feeds` family, JSON-encoded, keyed by feed URL).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
  // Adaptive scheduling: entries the feed published in the 7 days before
  // its last successful parse (-1: unknown, e.g. the feed gives no dates),
  // and the publisher's own hints in seconds (0: none): RSS <ttl> or
  // sy:updatePeriod/updateFrequency, and HTTP Cache-Control max-age.
  int entries_per_week = -1;
  int64_t publisher_interval_s = 0;
  int64_t max_age_s = 0;
  // A 301/308 moved the feed: it is polled at `moved_to` from then on, and
  // every earlier address is kept in `url_history` (oldest first). `url`
  // (the configured address) stays the feed's identity.
  std::string moved_to;
  struct Move {
    std::string from, to;
    Timestamp at{};
  };
  std::vector<Move> url_history;
  // Cluster mode, fetch side: what the last response's items were (a hash
  // of each item's identity and the feed's own text for it), so the next
  // response publishes to the items topic only what is new or changed,
  // and the next owner of the feed continues from it.
  std::vector<uint64_t> sent_items;

  // The address to poll: moved_to if the feed moved, else url.
  const std::string& PollUrl() const { return moved_to.empty() ? url : moved_to; }

  std::string Encode() const;
  static Result<FeedState> Decode(std::string_view json);
};

}  // namespace newsd
