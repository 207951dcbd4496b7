// The persistent near-duplicate index: LSH buckets and signatures in the
// `neardup` family (key layout in common/keys.h, docs/storage.md). Reads go
// through a StateReader, writes into a WriteSet: pure, so the same code runs
// against RocksDB, in memory, and in the benchmark.
#pragma once

#include <chrono>
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
};

// The most similar indexed item sharing an LSH bucket with `signature`, if
// any reaches the threshold. Newest bucket entries are examined first; ties
// go to the smaller item number, so the answer does not depend on order.
std::optional<NearDuplicateMatch> FindNearDuplicate(const StateReader& state,
                                                    const MinHash& signature,
                                                    const NearDuplicateQuery& query);

// Adds an item's buckets and signature to `ws`, stamped with the day of `now`.
void IndexSignature(WriteSet& ws, const std::string& item_id, const MinHash& signature,
                    Timestamp now);

}  // namespace newsd
