#include "ingest/scheduler.h"

#include <catch2/catch.hpp>

using namespace newsd;
using namespace std::chrono;

namespace {
const Timestamp kNow = *ParseRfc3339("2024-06-05T12:00:00Z");
FetchResponse Http(long code) {
  FetchResponse r;
  r.http_status = code;
  return r;
}
}  // namespace

TEST_CASE("Intervals: backoff doubles, caps, honours Retry-After and bounds") {
  ScheduleOptions o;
  o.jitter = 0;
  CHECK(NextInterval(o, seconds(600), 0, std::nullopt, 0.5) == seconds(600));
  CHECK(NextInterval(o, seconds(600), 2, std::nullopt, 0.5) == seconds(2400));
  CHECK(NextInterval(o, seconds(600), 30, std::nullopt, 0.5) == o.max_backoff);
  CHECK(NextInterval(o, seconds(600), 0, seconds(7200), 0.5) == seconds(7200));
  CHECK(NextInterval(o, seconds(1), 0, std::nullopt, 0.5) == o.min_interval);
  o.jitter = 0.1;
  CHECK(NextInterval(o, seconds(1000), 0, std::nullopt, 0.999) < seconds(1100));
  CHECK(NextInterval(o, seconds(1000), 0, std::nullopt, 0.5) == seconds(1050));
}

TEST_CASE("Poll outcomes update the feed state") {
  ScheduleOptions o;
  o.jitter = 0;
  FeedState s;
  FetchResponse ok = Http(200);
  ok.etag = "\"v1\"";
  ok.last_modified = "Wed, 05 Jun 2024 11:00:00 GMT";
  RecordPoll(s, ok, o, seconds(900), kNow, 0);
  CHECK(s.etag == "\"v1\"");
  CHECK(s.last_modified == "Wed, 05 Jun 2024 11:00:00 GMT");
  CHECK(s.next_poll == kNow + seconds(900));
  CHECK(s.last_error.empty());

  RecordPoll(s, Http(503), o, seconds(900), kNow, 0);
  CHECK(s.consecutive_failures == 1);
  CHECK(s.etag == "\"v1\"");  // validators survive failures
  CHECK(s.next_poll == kNow + seconds(1800));
  CHECK(s.last_error == "HTTP 503");

  FetchResponse limited = Http(429);
  limited.retry_after = seconds(20000);
  RecordPoll(s, limited, o, seconds(900), kNow, 0);
  CHECK(s.next_poll == kNow + seconds(20000));  // Retry-After beats the backoff
  RecordPoll(s, Http(304), o, seconds(900), kNow, 0);
  CHECK(s.consecutive_failures == 0);
  CHECK(s.last_success == kNow);

  RecordPoll(s, Http(410), o, seconds(900), kNow, 0);
  CHECK(s.next_poll == Timestamp::max());

  FetchResponse dns;
  dns.status = Status::IOError("Could not resolve host");
  FeedState t;
  RecordPoll(t, dns, o, seconds(900), kNow, 0);
  CHECK(Classify(dns) == PollOutcome::kTransportError);
  CHECK(t.last_error.find("Could not resolve host") != std::string::npos);
}

TEST_CASE("FeedState round-trips through its encoding") {
  FeedState s;
  s.url = "https://x.example/rss";
  s.etag = "W/\"abc\"";
  s.last_success = kNow;
  s.next_poll = kNow + seconds(5);
  s.items_seen = 42;
  auto d = FeedState::Decode(s.Encode());
  REQUIRE(d.ok());
  CHECK(d->etag == s.etag);
  CHECK(d->last_success == kNow);
  CHECK(d->next_poll == s.next_poll);
  CHECK(d->items_seen == 42);
  CHECK_FALSE(FeedState::Decode("not json").ok());
}
