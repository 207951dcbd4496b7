// An in-memory filter of keys: "certainly absent" or "maybe present". The
// store keeps one over the near-duplicate index's bucket and entity lists,
// where most lookups miss: one probe here (a cache line) instead of a bloom
// probe in every sorted run of the LSM tree.
//
// A split-block bloom filter (Putze et al., as in Parquet and Impala): a key
// sets 8 bits in one 32-byte block, one bit in each 32-bit word. At 8 bits
// per key about 3% of absent keys answer "maybe". Keys are never removed: the
// store builds a new filter when the old one has taken its capacity.
//
// Not thread-safe: lookups may share it, an insertion needs it alone.
// Blocks are indexed with 32 bits of the hash: at most 2^32 blocks.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

namespace newsd {

class KeyFilter {
 public:
  // Room for `capacity` keys at `bits_per_key` (rounded up to whole blocks).
  explicit KeyFilter(uint64_t capacity, unsigned bits_per_key = 8);

  void Insert(std::string_view key);
  bool MayContain(std::string_view key) const;
  // Adds every key of `other`, which has the same capacity and bits per key.
  void Merge(const KeyFilter& other);

  uint64_t capacity() const { return capacity_; }
  // Keys inserted (each insertion counts, repeated keys too).
  uint64_t inserted() const { return inserted_; }
  size_t bytes() const { return blocks_ * sizeof(Block); }

 private:
  struct alignas(32) Block {
    uint32_t words[8];
  };
  static uint64_t HashOf(std::string_view key);

  uint64_t capacity_;
  uint64_t blocks_;
  std::unique_ptr<Block[]> data_;
  uint64_t inserted_ = 0;
};

}  // namespace newsd
