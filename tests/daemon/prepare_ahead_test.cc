#include "daemon/prepare_ahead.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <stdexcept>

using namespace newsd;

namespace {
// A PreparedFeed that says which index made it (as its parse status text).
PreparedFeed Marked(size_t i) {
  PreparedFeed p;
  p.feed = Result<ParsedFeed>(Status::InvalidArgument("feed " + std::to_string(i)));
  return p;
}
std::string Mark(const PreparedFeed& p) { return p.feed ? p.feed->status().message() : ""; }
}  // namespace

TEST_CASE("PrepareAhead hands results over in order and runs at most `ahead` feeds ahead") {
  std::atomic<size_t> started{0};
  std::atomic<size_t> max_lead{0};
  std::atomic<size_t> taken{0};
  PrepareAhead ahead(50, 3, [&](size_t i) {
    ++started;
    size_t lead = i - taken.load();  // results made but not taken yet, this one included
    size_t prev = max_lead.load();
    while (lead > prev && !max_lead.compare_exchange_weak(prev, lead)) {
    }
    return Marked(i);
  });
  for (size_t i = 0; i < 50; ++i) {
    CHECK(Mark(ahead.Take(i)) == "feed " + std::to_string(i));
    taken = i + 1;
  }
  CHECK(started == 50);
  CHECK(max_lead <= 3);
}

TEST_CASE("PrepareAhead: a failing feed comes back empty; stopping early does not hang") {
  {
    PrepareAhead ahead(4, 2, [](size_t i) -> PreparedFeed {
      if (i == 1) throw std::runtime_error("bad feed");
      return Marked(i);
    });
    CHECK(Mark(ahead.Take(0)) == "feed 0");
    PreparedFeed failed = ahead.Take(1);
    CHECK_FALSE(failed.feed);
    CHECK(failed.items.empty());
    CHECK(Mark(ahead.Take(2)) == "feed 2");
  }
  // Destroyed with 1,000 feeds left: the thread stops after at most `ahead`.
  std::atomic<size_t> ran{0};
  {
    PrepareAhead ahead(1000, 4, [&](size_t i) {
      ++ran;
      return Marked(i);
    });
    ahead.Take(0);
  }
  CHECK(ran <= 5);
}
