#include <catch2/catch.hpp>
#include <map>
#include <random>

#include "common/ascii.h"
#include "common/event.h"
#include "common/file.h"
#include "common/hash.h"
#include "common/json_text.h"
#include "common/keys.h"
#include "common/state.h"
#include "common/status.h"
#include "common/string_map.h"
#include "common/time.h"

using namespace newsd;

TEST_CASE("Status and Result") {
  CHECK(Status::Ok().ok());
  Status s = Status::IOError("disk full");
  CHECK_FALSE(s.ok());
  CHECK(s.ToString() == "I/O error: disk full");
  Result<int> r = 7;
  CHECK(r.ok());
  CHECK(*r == 7);
  Result<int> e = Status::NotFound("x");
  CHECK_FALSE(e.ok());
  CHECK(e.status().code() == Status::Code::kNotFound);
}

TEST_CASE("RFC 3339 formatting and parsing") {
  auto t = ParseRfc3339("2018-06-01T14:05:09Z");
  REQUIRE(t);
  CHECK(FormatRfc3339(*t) == "2018-06-01T14:05:09Z");
  CHECK(FormatDate(*t) == "2018-06-01");
  CHECK(FormatRfc3339(*ParseRfc3339("2018-06-01T14:05:09+02:00")) == "2018-06-01T12:05:09Z");
  CHECK(FormatRfc3339(*ParseRfc3339("2018-06-01")) == "2018-06-01T00:00:00Z");
  CHECK_FALSE(ParseRfc3339("2018-02-30T00:00:00Z"));
  CHECK_FALSE(ParseRfc3339("June 1"));
  CHECK_FALSE(ParseRfc3339("2018-06-01T14:05:09Zjunk"));
}

TEST_CASE("FakeClock moves only when told") {
  FakeClock c(*ParseRfc3339("2024-01-01T00:00:00Z"));
  auto a = c.Now();
  c.Advance(std::chrono::seconds(90));
  CHECK(c.Now() - a == std::chrono::seconds(90));
}

TEST_CASE("Hashes are stable across runs and machines") {
  // Ids on disk and in Kafka depend on these exact values.
  // (XXH64 of "newsd", seed 0, from an independent implementation.)
  CHECK(Hex64(Hash64("newsd")) == "52afd41aecb41eae");
  CHECK(Hex64(Hash64("")) == "ef46db3751d8e999");  // XXH64 of empty input, seed 0
  CHECK(ReadBigEndian64(BigEndian64(0x0102030405060708ull)) == 0x0102030405060708ull);
  CHECK(BigEndian64(1) < BigEndian64(256));  // sorts like the number
}

TEST_CASE("Timeline keys sort newest first") {
  auto older = keys::TimelineEntry("kim", *ParseRfc3339("2018-05-30"), "ev-a");
  auto newer = keys::TimelineEntry("kim", *ParseRfc3339("2018-06-01"), "ev-b");
  CHECK(newer < older);
  std::string prefix = keys::TimelinePrefix("kim");
  CHECK(keys::TimelineEventId(newer, prefix.size()) == "ev-b");
  CHECK(FormatDate(keys::TimelineTime(newer, prefix.size())) == "2018-06-01");
  // One entity's prefix never matches another's ("kim" vs "kim jong un").
  CHECK(keys::TimelineEntry("kim jong un", *ParseRfc3339("2018-06-01"), "ev-c").rfind(prefix, 0) ==
        std::string::npos);
}

TEST_CASE("MemoryState applies puts, deletes and prefix scans") {
  MemoryState m;
  WriteSet ws;
  ws.Put(Family::kSeen, "u/a", "1");
  ws.Put(Family::kSeen, "u/b", "2");
  ws.Put(Family::kSeen, "v/c", "3");
  ws.Put(Family::kEvents, "u/a", "other family");
  ws.outbox.push_back({"events", "k", "v"});
  m.Apply(ws);
  CHECK(m.Get(Family::kSeen, "u/a") == "1");
  CHECK(m.Get(Family::kEvents, "u/a") == "other family");
  int n = 0;
  m.ScanPrefix(Family::kSeen, "u/", [&](std::string_view, std::string_view) { return ++n, true; });
  CHECK(n == 2);
  WriteSet del;
  del.Delete(Family::kSeen, "u/a");
  m.Apply(del);
  CHECK_FALSE(m.Get(Family::kSeen, "u/a"));
  CHECK(m.outbox().size() == 1);
}

#include "common/metrics.h"

TEST_CASE("Metrics render in the Prometheus text format") {
  MetricsRegistry r;
  r.GetCounter("newsd_polls_total", "Polls by result.", {{"result", "ok"}}).Inc(3);
  r.GetCounter("newsd_polls_total", "Polls by result.", {{"result", "timeout"}}).Inc();
  // The same series is the same object.
  r.GetCounter("newsd_polls_total", "Polls by result.", {{"result", "ok"}}).Inc();
  r.GetGauge("newsd_feeds", "Feeds.", {{"state", "ok"}}).Set(2);
  r.SetCallbackGauge("newsd_outbox_depth", "Outbox rows.", {}, [] { return 7.0; });
  Histogram& h = r.GetHistogram("newsd_lag_seconds", "Lag.", {0.1, 1});
  h.Observe(0.05);
  h.Observe(0.5);
  h.Observe(3);
  std::string text = r.RenderPrometheus();
  CHECK(text.find("# TYPE newsd_polls_total counter\n") != std::string::npos);
  CHECK(text.find("newsd_polls_total{result=\"ok\"} 4\n") != std::string::npos);
  CHECK(text.find("newsd_polls_total{result=\"timeout\"} 1\n") != std::string::npos);
  CHECK(text.find("newsd_feeds{state=\"ok\"} 2\n") != std::string::npos);
  CHECK(text.find("newsd_outbox_depth 7\n") != std::string::npos);
  CHECK(text.find("newsd_lag_seconds_bucket{le=\"0.1\"} 1\n") != std::string::npos);
  CHECK(text.find("newsd_lag_seconds_bucket{le=\"1\"} 2\n") != std::string::npos);
  CHECK(text.find("newsd_lag_seconds_bucket{le=\"+Inf\"} 3\n") != std::string::npos);
  CHECK(text.find("newsd_lag_seconds_count 3\n") != std::string::npos);
  CHECK(text.find("newsd_lag_seconds_sum 3.55\n") != std::string::npos);
}

TEST_CASE("EscapeControls leaves text printable on one line") {
  CHECK(EscapeControls("Evil\x1b[31mRed\x07") == "Evil\\x1b[31mRed\\x07");
  CHECK(EscapeControls("line\nforged: error") == "line\\x0aforged: error");
  CHECK(EscapeControls("Caf\xC3\xA9 \xE2\x80\x94 ok") == "Caf\xC3\xA9 \xE2\x80\x94 ok");
  CHECK(EscapeControls(std::string_view("a\0b\x7f", 4)) == "a\\x00b\\x7f");
}

TEST_CASE("Modality names round-trip; unknown names read as asserted") {
  for (Modality m :
       {Modality::kAsserted, Modality::kPlanned, Modality::kHypothetical, Modality::kReported})
    CHECK(ParseModality(ModalityName(m)) == m);
  CHECK(ModalityName(Modality::kPlanned) == "planned");
  CHECK(ParseModality("conjectured") == Modality::kAsserted);
}

TEST_CASE("AppendJsonString writes what DumpJson writes, for any bytes") {
  std::mt19937 rng(20261205);
  // Byte classes that exercise every branch: ASCII, escapes, controls,
  // valid multi-byte sequences, and broken ones (overlong, surrogate,
  // truncated, stray continuation, past U+10FFFF).
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           " ",
                                           "\"",
                                           "\\",
                                           "\n",
                                           "\t",
                                           "\b",
                                           "\f",
                                           "\r",
                                           "\x01",
                                           "\x1f",
                                           "\x7f",
                                           "/",
                                           "\xc3\xa9",
                                           "\xe2\x82\xac",
                                           "\xf0\x9f\x98\x80",
                                           "\xc0\xaf",
                                           "\xed\xa0\x80",
                                           "\xc3",
                                           "\x80",
                                           "\xf5\x80\x80\x80",
                                           "\xf4\x90\x80\x80",
                                           "\xe0\x80\x80",
                                           "\xff"};
  size_t broken = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int len = static_cast<int>(rng() % 12);
    for (int k = 0; k < len; ++k) s += pieces[rng() % pieces.size()];
    std::string fast;
    AppendJsonString(&fast, s);
    REQUIRE(fast == DumpJson(nlohmann::json(s)));
    broken += !IsWellFormedUtf8(s);
  }
  CHECK(broken > 5000);  // both paths taken many times
  CHECK(broken < 19000);
  CHECK(IsWellFormedUtf8("caf\xc3\xa9 \xf0\x9f\x98\x80"));
  CHECK_FALSE(IsWellFormedUtf8("\xed\xa0\x80"));  // a surrogate
}

TEST_CASE("JsonObjectWriter: members in key order, as nlohmann dumps an object") {
  std::string w = JsonObjectWriter()
                      .String("zeta", "last")
                      .Int("alpha", -42)
                      .Bool("mid", true)
                      .Null("beta")
                      .Raw("list", "[1,2]")
                      .Finish();
  nlohmann::json j = {
      {"zeta", "last"}, {"alpha", -42}, {"mid", true}, {"beta", nullptr}, {"list", {1, 2}}};
  CHECK(w == DumpJson(j));
  CHECK(JsonObjectWriter().Finish() == "{}");
}

TEST_CASE("ReadFileToString: a directory is a clear error, not a huge allocation") {
  // (A directory opens as a stream whose end is the largest offset; a
  // config that names one, feeds_file = "/etc/.", must not allocate that.)
  auto dir = ReadFileToString("/etc/.");
  REQUIRE_FALSE(dir.ok());
  CHECK(dir.status().message().find("directory") != std::string::npos);
  auto missing = ReadFileToString("/nonexistent/newsd-test");
  CHECK_FALSE(missing.ok());
}

TEST_CASE("StringMap agrees with std::map on random words, through growth") {
  std::mt19937 rng(11);
  std::map<std::string, int> ref;
  newsd::StringMap<int> map;
  newsd::StringSet set;
  std::vector<std::string> order;  // insertion order, as iteration gives it
  for (int i = 0; i < 20000; ++i) {
    std::string w;
    const size_t n = 1 + rng() % 20;  // short (inline) and long keys
    for (size_t k = 0; k < n; ++k) w += static_cast<char>('a' + rng() % 4);
    const int v = static_cast<int>(rng() % 1000);
    auto [it, fresh] = map.emplace(w, v);
    const bool ref_fresh = ref.emplace(w, v).second;
    REQUIRE(fresh == ref_fresh);
    REQUIRE(it->first == w);
    REQUIRE(it->second == ref[w]);
    REQUIRE(set.insert(w) == ref_fresh);
    if (fresh) order.push_back(w);
    if (i % 7 == 0) {
      map[w] += 1;
      ref[w] += 1;
    }
  }
  REQUIRE(map.size() == ref.size());
  REQUIRE(set.size() == ref.size());
  for (const auto& [k, v] : ref) {
    REQUIRE(map.count(k) == 1);
    REQUIRE(map.find(std::string_view(k))->second == v);
    REQUIRE(set.count(k) == 1);
    REQUIRE(map.count(k + "z") == 0);  // never generated: letters a-d only
    REQUIRE(set.count(k + "z") == 0);
  }
  REQUIRE(map.find("") == map.end());
  size_t i = 0;
  for (const auto& [k, v] : map) REQUIRE(k == order[i++]);
  map.insert_or_assign(order[0], -5);
  REQUIRE(map.find(order[0])->second == -5);
  REQUIRE(map.size() == ref.size());
}

TEST_CASE("StringMap: reserve keeps every entry findable") {
  newsd::StringMap<size_t> map;
  for (size_t i = 0; i < 100; ++i) map.emplace(std::to_string(i), i);
  map.reserve(5000);
  for (size_t i = 100; i < 5000; ++i) map.emplace(std::to_string(i), i);
  for (size_t i = 0; i < 5000; ++i) REQUIRE(map.find(std::to_string(i))->second == i);
  REQUIRE(map.count("5000") == 0);
}
