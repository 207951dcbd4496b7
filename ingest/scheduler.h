// When to poll a feed next, and what a poll outcome does to its FeedState.
// Pure: time and randomness come in as arguments.
#pragma once

#include <chrono>
#include <optional>

#include "ingest/feed_state.h"
#include "ingest/fetcher.h"

namespace newsd {

struct ScheduleOptions {
  // Poll interval of a healthy feed with no interval of its own. Default 15 min.
  std::chrono::seconds default_interval{15 * 60};
  // Bounds on any interval, after backoff and Retry-After. Defaults 30 s, 24 h.
  std::chrono::seconds min_interval{30};
  std::chrono::seconds max_interval{24 * 3600};
  // Failed polls back off exponentially: interval * 2^failures, capped here.
  // Default 6 h. A failing feed is never given up on (except HTTP 410).
  std::chrono::seconds max_backoff{6 * 3600};
  // Random spread added to every interval, as a fraction of it. Default 0.1.
  double jitter = 0.1;
  // Adaptive interval for feeds without an interval of their own: a feed
  // that published N entries in the last 7 days is polled every 7 days / N
  // (Miniflux's entry-frequency rule), within these bounds; a feed with no
  // entry that week is polled every adaptive_max_interval. Off: every such
  // feed uses default_interval. Defaults on, 5 min, 24 h.
  bool adaptive = true;
  std::chrono::seconds adaptive_min_interval{5 * 60};
  std::chrono::seconds adaptive_max_interval{24 * 3600};
};

// The interval of a healthy feed before jitter: `configured` when non-zero,
// else adaptive from s.entries_per_week (default_interval while that is
// unknown); then raised to the publisher's hints (RSS <ttl>,
// sy:updatePeriod, Cache-Control max-age) and bounded by min/max_interval.
std::chrono::seconds BaseInterval(const ScheduleOptions& o, std::chrono::seconds configured,
                                  const FeedState& s);

// What one parsed body says about the feed's rhythm: the entry dates it
// carries (items without a real date are left out) and its own hint
// (<ttl>, sy:updatePeriod), if any. Sets entries_per_week and
// publisher_interval_s.
void RecordEntries(FeedState& s, const std::vector<Timestamp>& entry_dates,
                   std::optional<std::chrono::seconds> publisher_interval, Timestamp now);

// The interval before the next poll. `random01` is a uniform number in [0,1).
std::chrono::milliseconds NextInterval(const ScheduleOptions& o, std::chrono::seconds interval,
                                       int consecutive_failures,
                                       std::optional<std::chrono::seconds> retry_after,
                                       double random01);

// What a poll outcome means for the feed.
enum class PollOutcome {
  kNewContent,     // 2xx with a body to parse
  kNotModified,    // 304
  kHttpError,      // 4xx/5xx other than 410
  kGone,           // 410: the feed is disabled
  kTransportError  // DNS, refused, timeout, too large, ...
};

PollOutcome Classify(const FetchResponse& r);

// Updates status, error, failure count, Cache-Control max-age and permanent
// moves (301/308 chains) after a poll, and sets next_poll. A response with a
// body (kNewContent) is neither success nor failure until it is parsed: the
// caller then reports RecordParsed or RecordFailure, so a 200 whose body is
// no feed keeps backing off instead of resetting the failure count.
void RecordPoll(FeedState& state, const FetchResponse& r, const ScheduleOptions& o,
                std::chrono::seconds interval, Timestamp now, double random01);

// The body of `r` parsed and its items are committed: its validators are
// kept (the next poll is conditional), failures reset, next_poll set.
void RecordParsed(FeedState& state, const FetchResponse& r, const ScheduleOptions& o,
                  std::chrono::seconds interval, Timestamp now, double random01);

// Marks the last poll as failed (e.g. the body was not a feed) and
// reschedules it with backoff.
void RecordFailure(FeedState& state, const std::string& error, const ScheduleOptions& o,
                   std::chrono::seconds interval, Timestamp now, double random01);

}  // namespace newsd
