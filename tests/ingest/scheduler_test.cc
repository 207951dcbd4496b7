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
  CHECK(s.etag.empty());  // not before the body parsed
  RecordParsed(s, ok, o, seconds(900), kNow, 0);
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

TEST_CASE("A 200 whose body is no feed keeps backing off") {
  ScheduleOptions o;
  o.jitter = 0;
  FeedState s;
  for (int k = 1; k <= 3; ++k) {
    RecordPoll(s, Http(200), o, seconds(900), kNow, 0);
    RecordFailure(s, "not a feed", o, seconds(900), kNow, 0);
    CHECK(s.consecutive_failures == k);
  }
  CHECK(s.next_poll == kNow + seconds(900 * 8));
  CHECK_FALSE(s.last_success.has_value());
}

TEST_CASE("FeedState round-trips through its encoding") {
  FeedState s;
  s.url = "https://x.example/rss";
  s.etag = "W/\"abc\"";
  s.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
  s.last_status = 304;
  s.last_error = "timeout \"quoted\"\nnext line";
  s.last_success = kNow;
  s.last_attempt = kNow + seconds(1);
  s.next_poll = kNow + seconds(5);
  s.consecutive_failures = 3;
  s.items_seen = 42;
  s.polls = 7;
  s.entries_per_week = 12;
  s.publisher_interval_s = 3600;
  s.max_age_s = 600;
  s.moved_to = "https://y.example/rss";
  s.url_history = {{"https://x.example/rss", "https://y.example/rss", kNow - seconds(60)}};
  auto d = FeedState::Decode(s.Encode());
  REQUIRE(d.ok());
  CHECK(d->url == s.url);
  CHECK(d->etag == s.etag);
  CHECK(d->last_modified == s.last_modified);
  CHECK(d->last_status == 304);
  CHECK(d->last_error == s.last_error);
  CHECK(d->last_success == kNow);
  CHECK(d->last_attempt == s.last_attempt);
  CHECK(d->next_poll == s.next_poll);
  CHECK(d->consecutive_failures == 3);
  CHECK(d->items_seen == 42);
  CHECK(d->polls == 7);
  CHECK(d->entries_per_week == 12);
  CHECK(d->publisher_interval_s == 3600);
  CHECK(d->max_age_s == 600);
  CHECK(d->moved_to == s.moved_to);
  REQUIRE(d->url_history.size() == 1);
  CHECK(d->url_history[0].from == s.url_history[0].from);
  CHECK(d->url_history[0].to == s.url_history[0].to);
  CHECK(d->url_history[0].at == s.url_history[0].at);
  // A state never polled keeps its unknowns.
  auto fresh = FeedState::Decode(FeedState{}.Encode());
  REQUIRE(fresh.ok());
  CHECK_FALSE(fresh->last_success);
  CHECK(fresh->entries_per_week == -1);
  CHECK_FALSE(FeedState::Decode("not json").ok());
}

TEST_CASE("Adaptive interval: 7 days / entries of the last week, within bounds") {
  ScheduleOptions o;
  FeedState s;
  // Unknown rhythm (no dated entries yet): the default interval.
  CHECK(BaseInterval(o, seconds(0), s) == o.default_interval);
  // A configured interval wins over the adaptive rule.
  s.entries_per_week = 1000;
  CHECK(BaseInterval(o, seconds(120), s) == seconds(120));

  std::vector<Timestamp> busy;
  for (int i = 0; i < 168; ++i) busy.push_back(kNow - hours(i));  // one an hour
  busy.push_back(kNow - hours(24 * 30));                          // a month old: not counted
  RecordEntries(s, busy, std::nullopt, kNow);
  CHECK(s.entries_per_week == 168);
  CHECK(BaseInterval(o, seconds(0), s) == hours(1));

  RecordEntries(s, std::vector<Timestamp>(5000, kNow), std::nullopt, kNow);
  CHECK(BaseInterval(o, seconds(0), s) == o.adaptive_min_interval);  // very busy: 5 min floor

  RecordEntries(s, {kNow - hours(24 * 60)}, std::nullopt, kNow);
  CHECK(s.entries_per_week == 0);
  CHECK(BaseInterval(o, seconds(0), s) == o.adaptive_max_interval);  // quiet: once a day

  RecordEntries(s, {}, std::nullopt, kNow);  // no dates at all: unknown again
  CHECK(s.entries_per_week == -1);

  o.adaptive = false;
  RecordEntries(s, busy, std::nullopt, kNow);
  CHECK(BaseInterval(o, seconds(0), s) == o.default_interval);
}

TEST_CASE("The publisher's hints and Cache-Control raise the interval, never past max") {
  ScheduleOptions o;
  o.jitter = 0;
  FeedState s;
  std::vector<Timestamp> busy(500, kNow);
  RecordEntries(s, busy, seconds(3600), kNow);  // <ttl>60</ttl>
  CHECK(BaseInterval(o, seconds(0), s) == hours(1));
  CHECK(BaseInterval(o, seconds(60), s) == hours(1));  // even over a configured interval

  FetchResponse ok = Http(200);
  ok.max_age = seconds(7200);
  RecordPoll(s, ok, o, BaseInterval(o, seconds(0), s), kNow, 0);
  CHECK(s.max_age_s == 7200);
  CHECK(BaseInterval(o, seconds(0), s) == hours(2));
  RecordPoll(s, Http(304), o, seconds(900), kNow, 0);  // a 304 without max-age clears it
  CHECK(s.max_age_s == 0);

  RecordEntries(s, busy, seconds(400 * 24 * 3600), kNow);  // absurd hint: capped
  CHECK(BaseInterval(o, seconds(0), s) == o.max_interval);
}

TEST_CASE("A permanent redirect moves the feed and keeps its history; a temporary one does not") {
  ScheduleOptions o;
  FeedState s;
  s.url = "http://old.example/rss";
  FetchResponse moved = Http(200);
  moved.permanent_url = "https://new.example/feed.xml";
  moved.effective_url = moved.permanent_url;
  RecordPoll(s, moved, o, seconds(900), kNow, 0);
  CHECK(s.PollUrl() == "https://new.example/feed.xml");
  REQUIRE(s.url_history.size() == 1);
  CHECK(s.url_history[0].from == "http://old.example/rss");
  CHECK(s.url_history[0].at == kNow);

  FetchResponse temporary = Http(200);  // 302 only: permanent_url stays empty
  temporary.effective_url = "https://mirror.example/feed.xml";
  RecordPoll(s, temporary, o, seconds(900), kNow, 0);
  CHECK(s.PollUrl() == "https://new.example/feed.xml");

  FetchResponse failed = Http(500);  // a move is only believed when the poll succeeds
  failed.permanent_url = "https://elsewhere.example/";
  RecordPoll(s, failed, o, seconds(900), kNow, 0);
  CHECK(s.PollUrl() == "https://new.example/feed.xml");

  auto d = FeedState::Decode(s.Encode());
  REQUIRE(d.ok());
  CHECK(d->moved_to == "https://new.example/feed.xml");
  REQUIRE(d->url_history.size() == 1);
  CHECK(d->url_history[0].to == "https://new.example/feed.xml");
  CHECK(d->url_history[0].at == kNow);
}
