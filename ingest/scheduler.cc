#include "ingest/scheduler.h"

#include <algorithm>
#include <cmath>

namespace newsd {

using namespace std::chrono;

milliseconds NextInterval(const ScheduleOptions& o, seconds interval, int failures,
                          std::optional<seconds> retry_after, double random01) {
  double base = static_cast<double>(interval.count());
  if (failures > 0) {
    base = std::min(base * std::pow(2.0, std::min(failures, 30)),
                    static_cast<double>(o.max_backoff.count()));
  }
  if (retry_after) base = std::max(base, static_cast<double>(retry_after->count()));
  base = std::clamp(base, static_cast<double>(o.min_interval.count()),
                    static_cast<double>(o.max_interval.count()));
  double jittered = base * (1.0 + o.jitter * random01);
  return milliseconds(static_cast<int64_t>(jittered * 1000.0));
}

seconds BaseInterval(const ScheduleOptions& o, seconds configured, const FeedState& s) {
  seconds base = o.default_interval;
  if (configured.count() > 0) {
    base = configured;
  } else if (o.adaptive && s.entries_per_week == 0) {
    base = o.adaptive_max_interval;
  } else if (o.adaptive && s.entries_per_week > 0) {
    base = std::clamp(seconds(7 * 24 * 3600 / s.entries_per_week), o.adaptive_min_interval,
                      o.adaptive_max_interval);
  }
  base = std::max({base, seconds(s.publisher_interval_s), seconds(s.max_age_s)});
  return std::clamp(base, o.min_interval, o.max_interval);
}

void RecordEntries(FeedState& s, const std::vector<Timestamp>& entry_dates,
                   std::optional<seconds> publisher_interval, Timestamp now) {
  s.publisher_interval_s = publisher_interval ? publisher_interval->count() : 0;
  if (entry_dates.empty()) {
    s.entries_per_week = -1;
    return;
  }
  const Timestamp week_ago = now - hours(7 * 24);
  int n = 0;
  for (Timestamp t : entry_dates)
    if (t > week_ago && t <= now + hours(24)) ++n;  // a day of clock skew allowed
  s.entries_per_week = n;
}

PollOutcome Classify(const FetchResponse& r) {
  if (!r.status.ok()) return PollOutcome::kTransportError;
  if (r.http_status == 304) return PollOutcome::kNotModified;
  if (r.http_status == 410) return PollOutcome::kGone;
  if (r.http_status >= 200 && r.http_status < 300) return PollOutcome::kNewContent;
  return PollOutcome::kHttpError;
}

void RecordFailure(FeedState& s, const std::string& error, const ScheduleOptions& o,
                   seconds interval, Timestamp now, double random01) {
  s.last_error = error;
  ++s.consecutive_failures;
  s.next_poll = now + NextInterval(o, interval, s.consecutive_failures, std::nullopt, random01);
}

static void RecordSuccess(FeedState& s, const FetchResponse& r, const ScheduleOptions& o,
                          seconds interval, Timestamp now, double random01) {
  s.last_error.clear();
  s.consecutive_failures = 0;
  s.last_success = now;
  s.next_poll = now + NextInterval(o, interval, 0, r.retry_after, random01);
}

void RecordParsed(FeedState& s, const FetchResponse& r, const ScheduleOptions& o, seconds interval,
                  Timestamp now, double random01) {
  s.etag = r.etag;
  s.last_modified = r.last_modified;
  RecordSuccess(s, r, o, interval, now, random01);
}

void RecordPoll(FeedState& s, const FetchResponse& r, const ScheduleOptions& o, seconds interval,
                Timestamp now, double random01) {
  ++s.polls;
  s.last_attempt = now;
  s.last_status = static_cast<int>(r.http_status);
  const PollOutcome outcome = Classify(r);
  if (outcome == PollOutcome::kNewContent || outcome == PollOutcome::kNotModified) {
    s.max_age_s = r.max_age ? r.max_age->count() : 0;
    if (!r.permanent_url.empty() && r.permanent_url != s.PollUrl()) {
      s.url_history.push_back({s.PollUrl(), r.permanent_url, now});
      s.moved_to = r.permanent_url == s.url ? std::string() : r.permanent_url;
    }
  }
  switch (outcome) {
    case PollOutcome::kNewContent:
      return;  // the caller reports the parse: RecordParsed or RecordFailure
    case PollOutcome::kNotModified:
      RecordSuccess(s, r, o, interval, now, random01);
      return;
    case PollOutcome::kGone:
      s.last_error = "HTTP 410 Gone: feed disabled";
      ++s.consecutive_failures;
      s.next_poll = Timestamp::max();
      return;
    case PollOutcome::kHttpError:
      s.last_error = "HTTP " + std::to_string(r.http_status);
      ++s.consecutive_failures;
      s.next_poll =
          now + NextInterval(o, interval, s.consecutive_failures, r.retry_after, random01);
      return;
    case PollOutcome::kTransportError:
      s.last_error = r.status.ToString();
      ++s.consecutive_failures;
      s.next_poll = now + NextInterval(o, interval, s.consecutive_failures, std::nullopt, random01);
      return;
  }
}

}  // namespace newsd
