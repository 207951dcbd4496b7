#include "pipeline/recent_signatures.h"

#include <catch2/catch.hpp>
#include <deque>
#include <map>
#include <random>

#include "common/keys.h"
#include "pipeline/near_dup_index.h"

using namespace newsd;

namespace {

MinHash RandomSignature(std::mt19937_64& rng) {
  MinHash m;
  for (auto& v : m) v = static_cast<uint32_t>(rng());
  return m;
}

// `base` with each position replaced by a random value with probability `p`.
MinHash Edited(const MinHash& base, double p, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  MinHash m = base;
  for (auto& v : m)
    if (u(rng) < p) v = static_cast<uint32_t>(rng());
  return m;
}

RecentSignatures::Probe ProbeOne(const RecentSignatures& r, const MinHash& query, uint64_t n) {
  std::vector<RecentSignatures::Probe> out;
  r.Lookup(RecentSignatures::SketchOf(query), {n}, &out);
  return out.at(0);
}

// Counts the signature reads a lookup makes.
class CountingState final : public StateReader {
 public:
  explicit CountingState(const MemoryState& inner) : inner_(inner) {}
  std::optional<std::string> Get(Family f, std::string_view key) const override {
    if (f == Family::kNearDup && !key.empty() && key[0] == 's') ++signature_reads;
    return inner_.Get(f, key);
  }
  void ScanPrefix(
      Family f, std::string_view prefix,
      const std::function<bool(std::string_view, std::string_view)>& fn) const override {
    inner_.ScanPrefix(f, prefix, fn);
  }
  mutable size_t signature_reads = 0;

 private:
  const MemoryState& inner_;
};

}  // namespace

TEST_CASE("Recent signatures: a sketch's equal nibbles bound the equal minima from above") {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 2000; ++i) {
    MinHash a = RandomSignature(rng);
    MinHash b = Edited(a, std::uniform_real_distribution<double>(0, 1)(rng), rng);
    // Force collisions of the low bits on some unequal positions.
    for (size_t k = 0; k < kMinHashSize; k += 7)
      if (a[k] != b[k]) b[k] = (b[k] & ~0xfu) | (a[k] & 0xfu);
    RecentSignatures r(4);
    r.Add(1, 100, a);
    auto p = ProbeOne(r, b, 1);
    REQUIRE(p.found);
    size_t equal = 0;
    for (size_t k = 0; k < kMinHashSize; ++k) equal += a[k] == b[k];
    REQUIRE(p.equal_at_most >= equal);
    CHECK(p.day == 100);
  }
}

TEST_CASE("Recent signatures: holds the newest items, updates in place, evicts the oldest") {
  std::mt19937_64 rng(3);
  MinHash s = RandomSignature(rng);
  RecentSignatures r(3);
  r.Add(10, 1, s);
  r.Add(20, 2, s);
  r.Add(30, 3, s);
  CHECK(r.size() == 3);
  r.Add(10, 9, s);  // known: updated, nothing evicted
  CHECK(ProbeOne(r, s, 10).day == 9);
  CHECK(ProbeOne(r, s, 20).found);
  r.Add(40, 4, s);  // evicts the oldest position, 10's
  CHECK_FALSE(ProbeOne(r, s, 10).found);
  CHECK(ProbeOne(r, s, 20).found);
  CHECK(ProbeOne(r, s, 40).equal_at_most == kMinHashSize);
  CHECK(r.size() == 3);
  RecentSignatures none(0);
  none.Add(1, 1, s);
  CHECK_FALSE(ProbeOne(none, s, 1).found);
}

TEST_CASE("Recent signatures: the table agrees with a model over many evictions") {
  // A small table, so probe runs wrap around and backward shifts happen often.
  std::mt19937_64 rng(5);
  const size_t capacity = 13;
  RecentSignatures r(capacity);
  std::deque<uint64_t> order;  // ring order of distinct numbers
  std::map<uint64_t, uint32_t> days;
  MinHash s = RandomSignature(rng);
  for (uint32_t step = 0; step < 20000; ++step) {
    // Small numbers repeat (updates); some share home slots.
    uint64_t n = rng() % 64;
    r.Add(n, step, s);
    if (!days.count(n)) {
      if (order.size() == capacity) {
        days.erase(order.front());
        order.pop_front();
      }
      order.push_back(n);
    }
    days[n] = step;
    if (step % 97 == 0) {
      for (uint64_t q = 0; q < 64; ++q) {
        auto p = ProbeOne(r, s, q);
        REQUIRE(p.found == (days.count(q) > 0));
        if (p.found) REQUIRE(p.day == days[q]);
      }
    }
  }
}

TEST_CASE("Near-duplicate lookups give the same answers with recent signatures, with fewer reads") {
  std::mt19937_64 rng(17);
  const Timestamp now = *ParseRfc3339("2024-06-10T12:00:00Z");
  // Edited copies of a few originals, at several distances from them.
  std::vector<MinHash> originals;
  for (int i = 0; i < 12; ++i) originals.push_back(RandomSignature(rng));
  std::vector<MinHash> items = originals;
  for (int i = 0; i < 600; ++i) {
    const MinHash& base = originals[rng() % originals.size()];
    // Most share a little with an earlier item (as stock phrases do), some
    // are close copies.
    const double p = rng() % 5 == 0 ? std::uniform_real_distribution<double>(0.1, 0.6)(rng)
                                    : std::uniform_real_distribution<double>(0.75, 0.97)(rng);
    items.push_back(Edited(base, p, rng));
  }
  MemoryState state;             // one index: both lookups must leave the same writes
  RecentSignatures recent(256);  // smaller than the index: some candidates miss it
  size_t reads_with = 0, reads_without = 0, found = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string id = keys::ItemId(1000 + i);
    NearDuplicateQuery plain{0.4, 256, now};
    NearDuplicateQuery fronted = plain;
    fronted.recent = &recent;
    CountingState a(state), b(state);
    BucketLoad la, lb;
    auto ma = FindNearDuplicate(a, items[i], plain, &la);
    auto mb = FindNearDuplicate(b, items[i], fronted, &lb);
    REQUIRE(ma.has_value() == mb.has_value());
    if (ma) {
      ++found;
      REQUIRE(ma->item_id == mb->item_id);
      REQUIRE(ma->similarity == mb->similarity);
    }
    REQUIRE(la.entries == lb.entries);
    reads_without += a.signature_reads;
    reads_with += b.signature_reads;
    WriteSet ws;
    IndexSignature(ws, id, items[i], now, &lb);
    state.Apply(ws);
    recent.Add(keys::ItemNumber(id), keys::DayNumber(now), items[i]);
  }
  CHECK(found > 100);
  CHECK(reads_with * 2 < reads_without);
  // Past the window nothing is a candidate, with the table as without it.
  NearDuplicateQuery later{0.4, 256, now + std::chrono::hours(8 * 24)};
  later.recent = &recent;
  CHECK_FALSE(FindNearDuplicate(state, items.back(), later));
}

TEST_CASE("Recent signatures: AddIfRoom fills free room only, never replacing or evicting") {
  std::mt19937_64 rng(23);
  MinHash s = RandomSignature(rng);
  RecentSignatures r(2);
  CHECK(r.AddIfRoom(1, 5, s));
  CHECK_FALSE(r.AddIfRoom(1, 9, s));  // held already: left as it is
  CHECK(ProbeOne(r, s, 1).day == 5);
  r.Add(2, 6, s);
  CHECK_FALSE(r.AddIfRoom(3, 7, s));  // full
  CHECK_FALSE(ProbeOne(r, s, 3).found);
  r.Add(4, 8, s);  // the ring still evicts in order: 1 first
  CHECK_FALSE(ProbeOne(r, s, 1).found);
  CHECK(ProbeOne(r, s, 2).found);
}

TEST_CASE("Recent signatures: growth past a reserve stops at the capacity") {
  std::mt19937_64 rng(37);
  const MinHash s = RandomSignature(rng);
  RecentSignatures r(1000);
  const size_t index_bytes = r.MemoryBytes();  // the slots are there from the start
  const size_t per_entry = sizeof(uint64_t) + sizeof(uint32_t) + RecentSignatures::kSketchBytes;
  r.Reserve(700);  // as a load from the store does
  for (uint64_t n = 1; n <= 701; ++n) r.Add(n, 1, s);
  CHECK(r.MemoryBytes() <= index_bytes + 1000 * per_entry);
  for (uint64_t n = 702; n <= 3000; ++n) r.Add(n, 1, s);
  CHECK(r.size() == 1000);
  CHECK(r.MemoryBytes() <= index_bytes + 1000 * per_entry);
}

TEST_CASE("Recent signatures loaded from the index: newest days first, live entries kept") {
  std::mt19937_64 rng(29);
  const Timestamp first = *ParseRfc3339("2024-06-01T12:00:00Z");
  const auto day = std::chrono::hours(24);
  MemoryState state;
  std::map<uint64_t, int> day_of;  // item number -> day index
  for (int d = 0; d < 4; ++d)
    for (int i = 0; i < 10; ++i) {
      const std::string id = keys::ItemId(100 * d + i + 1);
      WriteSet ws;
      IndexSignature(ws, id, RandomSignature(rng), first + d * day);
      state.Apply(ws);
      day_of[keys::ItemNumber(id)] = d;
    }
  const Timestamp now = first + 3 * day;
  const MinHash any = RandomSignature(rng);

  RecentSignatures r(25);
  r.Add(999, keys::DayNumber(now), any);  // added by the pipeline meanwhile
  CHECK(LoadRecentSignatures(state, now, std::chrono::hours(7 * 24), &r) == 24);
  CHECK(r.size() == 25);
  CHECK(ProbeOne(r, any, 999).found);
  std::map<int, int> loaded;  // day index -> items found
  for (const auto& [number, d] : day_of)
    if (ProbeOne(r, any, number).found) {
      ++loaded[d];
      CHECK(ProbeOne(r, any, number).day == keys::DayNumber(first + d * day));
    }
  CHECK(loaded[3] == 10);
  CHECK(loaded[2] == 10);
  CHECK(loaded[1] == 4);  // what room was left, from the oldest day loaded
  CHECK(loaded[0] == 0);

  // Only the window: days 0 and 1 are too old two days later.
  RecentSignatures w(100);
  CHECK(LoadRecentSignatures(state, now + 2 * day, std::chrono::hours(3 * 24), &w) == 20);
  // A stop request gives up.
  RecentSignatures stopped(100);
  CHECK(LoadRecentSignatures(state, now, std::chrono::hours(7 * 24), &stopped,
                             [] { return true; }) == 0);
}

TEST_CASE(
    "Near-duplicate lookups after loading the table from the index: same answers, fewer reads") {
  std::mt19937_64 rng(31);
  const Timestamp now = *ParseRfc3339("2024-06-10T12:00:00Z");
  std::vector<MinHash> originals;
  for (int i = 0; i < 8; ++i) originals.push_back(RandomSignature(rng));
  MemoryState state;
  auto variant = [&] {
    const double p = rng() % 5 == 0 ? std::uniform_real_distribution<double>(0.1, 0.6)(rng)
                                    : std::uniform_real_distribution<double>(0.75, 0.97)(rng);
    return Edited(originals[rng() % originals.size()], p, rng);
  };
  for (int i = 0; i < 400; ++i) {
    WriteSet ws;
    IndexSignature(ws, keys::ItemId(5000 + i), variant(), now);
    state.Apply(ws);
  }
  RecentSignatures empty(1024), loaded(1024);
  CHECK(LoadRecentSignatures(state, now, std::chrono::hours(7 * 24), &loaded) == 400);
  size_t reads_empty = 0, reads_loaded = 0;
  for (int i = 0; i < 100; ++i) {
    const MinHash q = variant();
    NearDuplicateQuery a{0.4, 256, now}, b = a;
    a.recent = &empty;
    b.recent = &loaded;
    CountingState ca(state), cb(state);
    auto ma = FindNearDuplicate(ca, q, a);
    auto mb = FindNearDuplicate(cb, q, b);
    REQUIRE(ma.has_value() == mb.has_value());
    if (ma) {
      REQUIRE(ma->item_id == mb->item_id);
      REQUIRE(ma->similarity == mb->similarity);
    }
    reads_empty += ca.signature_reads;
    reads_loaded += cb.signature_reads;
  }
  CHECK(reads_loaded * 2 < reads_empty);
}
