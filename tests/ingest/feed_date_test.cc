#include "ingest/feed_date.h"

#include <catch2/catch.hpp>

using namespace newsd;

static std::string D(const char* s) {
  auto t = ParseFeedDate(s);
  return t ? FormatRfc3339(*t) : "none";
}

TEST_CASE("RFC 822 dates and their real-world variants") {
  CHECK(D("Fri, 01 Jun 2018 14:05:00 GMT") == "2018-06-01T14:05:00Z");
  CHECK(D("Fri, 1 Jun 2018 14:05:00 +0200") == "2018-06-01T12:05:00Z");
  CHECK(D("1 Jun 2018 14:05 EST") == "2018-06-01T19:05:00Z");         // no weekday, no seconds
  CHECK(D("Fri, 01 Jun 18 14:05:00 PDT") == "2018-06-01T21:05:00Z");  // two-digit year
  CHECK(D("  Sat,  02 Jun 2018   09:00:00   BST ") == "2018-06-02T08:00:00Z");
  CHECK(D("Mon, 03 June 2024 10:00:00 +05:30") == "2024-06-03T04:30:00Z");
}

TEST_CASE("RFC 3339 and W3CDTF") {
  CHECK(D("2018-06-01T14:05:00Z") == "2018-06-01T14:05:00Z");
  CHECK(D("2018-06-01T14:05:00.123-04:00") == "2018-06-01T18:05:00Z");
  CHECK(D("2018-06-01") == "2018-06-01T00:00:00Z");
  CHECK(D("2018-06") == "2018-06-01T00:00:00Z");
}

TEST_CASE("Unparseable dates are nullopt") {
  CHECK(D("") == "none");
  CHECK(D("yesterday-ish") == "none");
  CHECK(D("Fri, 32 Jun 2018 14:05:00 GMT") == "none");
  CHECK(D("2018-13-01T00:00:00Z") == "none");
  // Found by fuzz_date: a five-digit year parsed but could not be written back.
  CHECK(D("Mon, 03 June 22024 10:00:00 +05:30") == "none");
  CHECK(D("0001-01-01T00:00:00Z") == "none");
}
