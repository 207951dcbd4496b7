// The persistent near-duplicate index: LSH buckets and signatures in the
// `neardup` family (key layout in common/keys.h, docs/storage.md). Reads go
// through a StateReader, writes into a WriteSet: pure, so the same code runs
// against RocksDB, in memory, and in the benchmark.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/state.h"
#include "common/time.h"
#include "pipeline/minhash.h"

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
  // A candidate's signature is read only if the 64-bit sketch in its bucket
  // entry estimates at least threshold - sketch_margin (sharing one LSH
  // bucket, as most chance candidates do) or threshold - 2 * sketch_margin
  // (sharing two); sharing three or more, always. At 0.25 a pair at the
  // threshold is missed about 1.2% of the time when it shares one bucket
  // (1.5% of such pairs do) and almost never when it shares two, while about
  // 87% of unrelated candidates are never read. Negative: read every one.
  double sketch_margin = 0.25;
};

// A signature's LSH buckets as FindNearDuplicate read them, for
// IndexSignature to rewrite: their entry counts and lists.
struct BucketLoad {
  std::array<uint32_t, kBands> entries{};
  std::array<std::string, kBands> lists;
  uint32_t screened_out = 0;     // candidates not read: one bucket, sketch too far
  uint32_t signatures_read = 0;  // candidates whose signature was read
};

struct IndexOptions {
  // A bucket this full is shared by unrelated items (boilerplate, stock
  // phrases): new items are no longer added to it, which bounds the index
  // size and the cost of reading a bucket. 0: no limit.
  size_t max_bucket_entries = 256;
  // Entries indexed more than this long ago are dropped when a bucket is rewritten.
  std::chrono::hours window{7 * 24};
};

// The most similar indexed item sharing an LSH bucket with `signature`, if
// any reaches the threshold. Candidates sharing more buckets are examined
// first (then the newest); ties go to the smaller item number, so the answer
// does not depend on order. Fills `load` when given.
std::optional<NearDuplicateMatch> FindNearDuplicate(const StateReader& state,
                                                    const MinHash& signature,
                                                    const NearDuplicateQuery& query,
                                                    BucketLoad* load = nullptr);

// Adds an item's buckets and signature to `ws`, stamped with the day of
// `now`. With `load` (from FindNearDuplicate for the same signature), each
// bucket is rewritten whole (Put: its live entries and the new one, so a
// read finds one value, the newest) and full ones are left alone
// (IndexOptions::max_bucket_entries); without it, every bucket is appended to.
void IndexSignature(WriteSet& ws, const std::string& item_id, const MinHash& signature,
                    Timestamp now, const BucketLoad* load = nullptr,
                    const IndexOptions& options = {});

}  // namespace newsd
