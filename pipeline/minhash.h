// MinHash signatures over word shingles, with LSH banding, for
// near-duplicate detection.
//
// A signature has kMinHashSize 32-bit minima; the fraction of equal positions
// estimates the Jaccard similarity of the two shingle sets. Bands of
// kRowsPerBand rows hash to bucket keys: two items sharing any bucket are
// candidates. With 36 bands of 2 rows, a pair at Jaccard 0.4 is a candidate
// with probability 0.998, at 0.3 with 0.97, at 0.1 with 0.30 and at 0.02
// (unrelated news) with 0.014. docs/pipeline.md has the measurements. Pure.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsd {

inline constexpr size_t kMinHashSize = 72;
inline constexpr size_t kRowsPerBand = 2;
inline constexpr size_t kBands = kMinHashSize / kRowsPerBand;

using MinHash = std::array<uint32_t, kMinHashSize>;

// Signature of the `shingle`-word shingles of `words` (all of them as one
// shingle when there are fewer words). Empty input gives the all-max signature.
MinHash ComputeMinHash(const std::vector<std::string>& words, size_t shingle = 3);

// Estimated Jaccard similarity, in [0, 1].
double EstimateSimilarity(const MinHash& a, const MinHash& b);

// One 64-bit bucket key per band.
std::array<uint64_t, kBands> BandKeys(const MinHash& m);

// Fixed-size binary encoding, for storage.
std::string EncodeMinHash(const MinHash& m);
bool DecodeMinHash(std::string_view bytes, MinHash* out);

}  // namespace newsd
