// A bounded in-memory table of the newest indexed items' signature
// sketches, in front of the near-duplicate index's stored signatures.
//
// A candidate from an LSH bucket used to cost one stored-signature read; on
// news with stock phrases most of an item's ~250 candidates share one bucket
// by chance and are far below the threshold. A sketch keeps the low four
// bits of each of the signature's minima. Two equal minima have equal low
// bits, so the share of equal nibbles is never below the share of equal
// minima: a candidate whose sketch stays under the threshold cannot reach
// it, and is dismissed without a read. Candidates that may reach it, and
// those not in the table, are read as before, so answers are exactly the
// same with or without the table; only their cost changes. (Unrelated
// minima agree in four bits one time in sixteen, so a few more hopeless
// candidates are read than with a whole byte; the table is half the size.)
//
// Holds the last `capacity` items added (oldest evicted first): 48 bytes of
// sketch, number and day per item and two 4-byte index slots, about 14 MiB
// for 2^18 items. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <vector>

#include "pipeline/minhash.h"

namespace newsd {

class RecentSignatures {
 public:
  // Two minima's low four bits to a byte.
  static constexpr size_t kSketchBytes = kMinHashSize / 2;
  using Sketch = std::array<uint8_t, kSketchBytes>;

  // capacity 0: the table holds nothing and every lookup misses.
  explicit RecentSignatures(size_t capacity);

  static Sketch SketchOf(const MinHash& m);

  // Records `number`'s signature as indexed on `day` (replacing what was
  // recorded under that number).
  void Add(uint64_t number, uint32_t day, const MinHash& signature);
  // Records `number` only if the table has room and does not hold it: for
  // filling the table from the store while the pipeline adds newer items,
  // which an older entry must never evict. False when nothing was recorded.
  bool AddIfRoom(uint64_t number, uint32_t day, const MinHash& signature);

  // For each of `numbers`, whether it is in the table, and if so its day and
  // how many of its minima may equal `query`'s: those whose low four bits
  // are equal (an upper bound of the equal minima). One lock for the whole
  // batch.
  struct Probe {
    bool found = false;
    uint32_t day = 0;
    uint32_t equal_at_most = 0;
  };
  void Lookup(const Sketch& query, const std::vector<uint64_t>& numbers,
              std::vector<Probe>* out) const;

  // Room for `n` entries (at most the capacity) without growing again.
  void Reserve(size_t n);

  size_t size() const;
  size_t capacity() const { return capacity_; }
  // Bytes the table holds, its reserve included.
  size_t MemoryBytes() const;

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;

  size_t Home(uint64_t number) const;
  // The index slot holding `number`, or the free slot where it would go.
  size_t Find(uint64_t number) const;
  void Erase(size_t slot);
  void ReserveLocked(size_t n);
  // Writes `number` at ring position `pos` and index slot `slot`.
  void Store(size_t slot, size_t pos, uint64_t number, uint32_t day, const Sketch& sketch);

  const size_t capacity_;
  mutable std::mutex mu_;
  // The ring, in insertion order: entry i is numbers_[i], days_[i] and
  // sketches_[i * kSketchBytes ...].
  std::vector<uint64_t> numbers_;
  std::vector<uint32_t> days_;
  std::vector<uint8_t> sketches_;
  size_t next_ = 0;   // ring position written next
  size_t count_ = 0;  // entries in use
  // Open addressing with linear probing over a power of two at least twice
  // the capacity: ring positions (kEmpty when free), found by their number.
  std::vector<uint32_t> index_;
  size_t mask_ = 0;
};

}  // namespace newsd
