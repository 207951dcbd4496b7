#include "pipeline/near_dup_index.h"

#include <catch2/catch.hpp>

#include "common/keys.h"
#include "pipeline/text.h"
#include "store/store.h"
#include "tests/test_util.h"

using namespace newsd;

namespace {
const char* kA =
    "Thousands of dock workers at the country's largest container port walked off the job on "
    "Friday, halting most cargo traffic in a dispute over plans to introduce automated cranes. The "
    "union said the employers had refused to guarantee that no jobs would be lost.";
const char* kB =
    "A rocket carrying a robotic probe lifted off on Tuesday morning on a six-year journey to "
    "study "
    "a metal-rich asteroid in the belt between Mars and Jupiter, the space agency said in a short "
    "statement after the launch.";
MinHash Sig(const std::string& s) { return ComputeMinHash(NormalizedWords(s)); }

const Timestamp kNow = *ParseRfc3339("2024-06-10T12:00:00Z");
NearDuplicateQuery Q(double threshold, size_t max = 256) { return {threshold, max, kNow}; }

template <typename State, typename Commit>
void Exercise(State& state, Commit commit) {
  WriteSet ws;
  IndexSignature(ws, "it-00000000000000a1", Sig(kA), kNow - std::chrono::hours(30));
  IndexSignature(ws, "it-00000000000000b2", Sig(kB), kNow);
  commit(ws);
  std::string edited = std::string(kA) + " Continue reading for more.";
  auto m = FindNearDuplicate(state, Sig(edited), Q(0.4));
  REQUIRE(m);
  CHECK(m->item_id == "it-00000000000000a1");
  CHECK(m->similarity > 0.6);
  CHECK_FALSE(FindNearDuplicate(state,
                                Sig("An entirely different text about the weather in the "
                                    "north, with rain expected over the weekend and more."),
                                Q(0.4)));
  // An exact copy is found with similarity 1; max_candidates bounds the work.
  CHECK(FindNearDuplicate(state, Sig(kB), Q(0.4, 1))->similarity == 1.0);
  // Outside the window an item is no candidate any more.
  NearDuplicateQuery later = Q(0.4);
  later.now = kNow + std::chrono::hours(7 * 24);
  CHECK_FALSE(FindNearDuplicate(state, Sig(edited), later));
}
}  // namespace

TEST_CASE("Near-duplicate index in memory and in RocksDB answer the same") {
  MemoryState mem;
  Exercise(mem, [&](const WriteSet& ws) { mem.Apply(ws); });
  test::TempDir dir;
  auto store = Store::Open(StoreOptions{dir.file("db")});
  REQUIRE(store.ok());
  Exercise(**store, [&](const WriteSet& ws) { REQUIRE((*store)->Commit(ws).ok()); });
}

TEST_CASE("Item numbers round-trip through ids") {
  CHECK(keys::ItemId(keys::ItemNumber("it-0123456789abcdef")) == "it-0123456789abcdef");
  CHECK(keys::ItemNumber("it-ffffffffffffffff") == ~uint64_t{0});
}

TEST_CASE("Compaction drops index entries older than the window") {
  test::TempDir dir;
  StoreOptions o{dir.file("db")};
  o.near_duplicate_window = std::chrono::hours(48);
  auto store = Store::Open(o);
  REQUIRE(store.ok());
  Timestamp now = SystemClock::Instance().Now();
  WriteSet old_ws, new_ws;
  IndexSignature(old_ws, "it-00000000000000a1", Sig(kA), now - std::chrono::hours(24 * 10));
  IndexSignature(new_ws, "it-00000000000000b2", Sig(kB), now);
  // The same bucket holding an old and a new entry keeps only the new one.
  IndexSignature(old_ws, "it-00000000000000c3", Sig(kB), now - std::chrono::hours(24 * 10));
  REQUIRE((*store)->Commit(old_ws).ok());
  REQUIRE((*store)->Commit(new_ws).ok());
  REQUIRE((*store)->Flush().ok());
  REQUIRE((*store)->CompactAll().ok());
  CHECK_FALSE((*store)->Get(Family::kNearDup, keys::Signature(0xa1)));
  CHECK_FALSE((*store)->Get(Family::kNearDup, keys::Signature(0xc3)));
  CHECK((*store)->Get(Family::kNearDup, keys::Signature(0xb2)));
  auto buckets = BandKeys(Sig(kB));
  auto list = (*store)->Get(Family::kNearDup, keys::Bucket(0, buckets[0]));
  REQUIRE(list);
  CHECK(list->size() == keys::kBucketEntrySize);
  CHECK(keys::ItemNumber(keys::ItemId(ReadBigEndian64(*list))) == 0xb2);
}

TEST_CASE("Indexing with the lookup's load: small buckets rewritten, full ones left alone") {
  MemoryState state;
  const MinHash sig = Sig(kA);
  const IndexOptions o{/*max_bucket_entries=*/3, /*rewrite_below=*/2, std::chrono::hours(7 * 24)};
  auto bucket_ops = [](const WriteSet& ws, bool append) {
    size_t n = 0;
    for (const auto& op : ws.ops)
      if (op.family == Family::kNearDup && op.key.rfind("b", 0) == 0 && op.append == append) ++n;
    return n;
  };
  // Item 1, indexed long ago: every bucket gets an entry that will expire.
  WriteSet w1;
  IndexSignature(w1, "it-0000000000000001", sig, kNow - std::chrono::hours(24 * 30));
  state.Apply(w1);
  // Item 2: every bucket holds one entry (< rewrite_below): rewritten whole,
  // the expired entry dropped.
  BucketLoad load;
  FindNearDuplicate(state, sig, Q(0.4), &load, o.rewrite_below);
  CHECK(load.entries[0] == 1);
  WriteSet w2;
  IndexSignature(w2, "it-0000000000000002", sig, kNow, &load, o);
  CHECK(bucket_ops(w2, false) == kBands);
  CHECK(bucket_ops(w2, true) == 0);
  state.Apply(w2);
  BucketLoad after;
  FindNearDuplicate(state, sig, Q(0.4), &after, o.rewrite_below);
  CHECK(after.entries[0] == 1);  // item 1 is gone from the list, item 2 is in it
  // Items 3 and 4: appended while below the cap, then the bucket is full.
  WriteSet w3;
  IndexSignature(w3, "it-0000000000000003", sig, kNow, &after, IndexOptions{3, 1, o.window});
  CHECK(bucket_ops(w3, true) == kBands);
  state.Apply(w3);
  BucketLoad full;
  full.entries.fill(3);
  WriteSet w4;
  IndexSignature(w4, "it-0000000000000004", sig, kNow, &full, o);
  CHECK(bucket_ops(w4, true) + bucket_ops(w4, false) == 0);  // only the signature is written
}
