// The persistent near-duplicate index: LSH buckets and signatures in the
// `neardup` family (key layout in common/keys.h, docs/storage.md). Reads go
// through a StateReader, writes into a WriteSet: pure, so the same code runs
// against RocksDB, in memory, and in the benchmark.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/state.h"
#include "common/time.h"
#include "pipeline/minhash.h"
#include "pipeline/recent_signatures.h"

namespace newsd {

struct NearDuplicateMatch {
  std::string item_id;
  double similarity = 0;
};

struct NearDuplicateQuery {
  double threshold = 0.4;       // estimated Jaccard similarity at least this
  size_t max_candidates = 256;  // a hot bucket cannot stall the pipeline
  Timestamp now{};              // entries indexed before now - window are ignored
  std::chrono::hours window{7 * 24};
  // Sketches of recently indexed items: candidates they show cannot reach
  // the threshold are dismissed without reading their stored signature.
  // The answer is the same with or without it.
  const RecentSignatures* recent = nullptr;
};

// A signature's LSH buckets as FindNearDuplicate read them, for
// IndexSignature to update: their entry counts and, for small ones, the
// lists themselves.
struct BucketLoad {
  std::array<uint32_t, kBands> entries{};
  std::array<std::string, kBands> lists;  // filled when entries < IndexOptions::rewrite_below
};

struct IndexOptions {
  // A bucket this full is shared by unrelated items (boilerplate, stock
  // phrases): new items are no longer added to it, which bounds the index
  // size and the cost of reading a bucket. 0: no limit.
  size_t max_bucket_entries = 256;
  // Buckets smaller than this are rewritten whole (their expired entries
  // dropped) instead of appended to: a read then finds one value instead of
  // a chain of merge operands. Larger ones are appended to.
  size_t rewrite_below = 64;
  // Entries indexed more than this long ago are expired.
  std::chrono::hours window{7 * 24};
};

// The most similar indexed item sharing an LSH bucket with `signature`, if
// any reaches the threshold. Candidates sharing more buckets are examined
// first (then the newest); ties go to the smaller item number, so the answer
// does not depend on order. Fills `load` when given (lists shorter than
// `rewrite_below` entries are copied into it).
std::optional<NearDuplicateMatch> FindNearDuplicate(const StateReader& state,
                                                    const MinHash& signature,
                                                    const NearDuplicateQuery& query,
                                                    BucketLoad* load = nullptr,
                                                    size_t rewrite_below = 64);

// Adds an item's buckets and signature to `ws`, stamped with the day of `now`.
// With `load` (from FindNearDuplicate for the same signature), full buckets
// are left alone and small ones rewritten (see IndexOptions); without it,
// every bucket is appended to.
void IndexSignature(WriteSet& ws, const std::string& item_id, const MinHash& signature,
                    Timestamp now, const BucketLoad* load = nullptr,
                    const IndexOptions& options = {});

// Fills `table` from the stored signatures of items indexed within `window`
// of `now`, so that a restarted process dismisses candidates as one that has
// run for days does. When they do not all fit, the newest days go first.
// Never evicts what the table already holds (the pipeline may be adding
// newer items meanwhile). Reads the signatures twice: once to count them by
// day, once to load. Gives up early when `stop` returns true. Returns how
// many were recorded.
size_t LoadRecentSignatures(const StateReader& state, Timestamp now, std::chrono::hours window,
                            RecentSignatures* table, const std::function<bool()>& stop = nullptr);

}  // namespace newsd
