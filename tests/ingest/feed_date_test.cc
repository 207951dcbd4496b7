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

TEST_CASE("RFC 822 dates with localized day and month names") {
  CHECK(D("Mi, 12 M\xC3\xA4r 2025 08:30:00 +0100") == "2025-03-12T07:30:00Z");  // German
  CHECK(D("Do, 03 Okt 2024 12:00:00 +0200") == "2024-10-03T10:00:00Z");
  CHECK(D("mer., 05 f\xC3\xA9vr. 2025 18:00:00 +0100") == "2025-02-05T17:00:00Z");  // French
  CHECK(D("ven., 15 ao\xC3\xBBt 2025 06:00:00 GMT") == "2025-08-15T06:00:00Z");
  CHECK(D("lun, 06 ene 2025 10:00:00 +0100") == "2025-01-06T09:00:00Z");  // Spanish
  CHECK(D("vie, 19 dic 2025 10:00:00 GMT") == "2025-12-19T10:00:00Z");
  CHECK(D("sab, 11 ott 2025 09:15:00 +0200") == "2025-10-11T07:15:00Z");  // Italian
  CHECK(D("qua, 01 out 2025 09:00:00 -0300") == "2025-10-01T12:00:00Z");  // Portuguese
  CHECK(D("di, 04 mrt 2025 11:00:00 +0100") == "2025-03-04T10:00:00Z");   // Dutch
  CHECK(D("Tue, 02 September 2025 10:00:00 GMT") == "2025-09-02T10:00:00Z");
  CHECK(D("Mo, 02 Juni 2025 10:00:00 GMT") == "2025-06-02T10:00:00Z");
  CHECK(D("Fri, 01 Foo 2018 14:05:00 GMT") == "none");
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
