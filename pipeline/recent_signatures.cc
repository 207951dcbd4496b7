#include "pipeline/recent_signatures.h"

#include <algorithm>

namespace newsd {

RecentSignatures::RecentSignatures(size_t capacity)
    : capacity_(std::min<size_t>(capacity, kEmpty - 1)) {
  if (capacity_ == 0) return;
  size_t slots = 2;
  while (slots < 2 * capacity_) slots *= 2;
  index_.assign(slots, kEmpty);
  mask_ = slots - 1;
}

RecentSignatures::Sketch RecentSignatures::SketchOf(const MinHash& m) {
  Sketch s{};
  for (size_t i = 0; i < kMinHashSize; ++i)
    s[i / 2] |= static_cast<uint8_t>((m[i] & 0xfu) << (i % 2 * 4));
  return s;
}

size_t RecentSignatures::Home(uint64_t number) const {
  // Item numbers are hashes already, but tests and callers may use small
  // ones: mix so neighbours do not cluster.
  number ^= number >> 33;
  number *= 0xff51afd7ed558ccdULL;
  number ^= number >> 33;
  return static_cast<size_t>(number) & mask_;
}

size_t RecentSignatures::Find(uint64_t number) const {
  size_t i = Home(number);
  while (index_[i] != kEmpty && numbers_[index_[i]] != number) i = (i + 1) & mask_;
  return i;
}

void RecentSignatures::Erase(size_t i) {
  // Backward-shift deletion: later entries of the probe run move up, so
  // every entry stays reachable from its home slot without tombstones.
  for (size_t j = i;;) {
    j = (j + 1) & mask_;
    if (index_[j] == kEmpty) break;
    const size_t home = Home(numbers_[index_[j]]);
    const bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
    if (stays) continue;
    index_[i] = index_[j];
    i = j;
  }
  index_[i] = kEmpty;
}

void RecentSignatures::Add(uint64_t number, uint32_t day, const MinHash& signature) {
  if (capacity_ == 0) return;
  const Sketch sketch = SketchOf(signature);
  std::lock_guard<std::mutex> lock(mu_);
  size_t slot = Find(number);
  if (index_[slot] != kEmpty) {
    Store(slot, index_[slot], number, day, sketch);  // known: updated where it is
    return;
  }
  const size_t pos = next_;
  if (count_ == capacity_) {
    Erase(Find(numbers_[pos]));
    slot = Find(number);  // the shift may have freed an earlier slot
  }
  Store(slot, pos, number, day, sketch);
}

bool RecentSignatures::AddIfRoom(uint64_t number, uint32_t day, const MinHash& signature) {
  if (capacity_ == 0) return false;
  const Sketch sketch = SketchOf(signature);
  std::lock_guard<std::mutex> lock(mu_);
  const size_t slot = Find(number);
  if (index_[slot] != kEmpty || count_ == capacity_) return false;
  Store(slot, next_, number, day, sketch);
  return true;
}

void RecentSignatures::Store(size_t slot, size_t pos, uint64_t number, uint32_t day,
                             const Sketch& sketch) {
  if (index_[slot] == kEmpty) {
    if (pos == numbers_.size()) {
      // The ring grows as it fills, so a small store costs little memory,
      // and never past the capacity (a vector's own doubling would).
      if (numbers_.size() == numbers_.capacity())
        ReserveLocked(std::max<size_t>(1024, 2 * numbers_.size()));
      ++count_;
      numbers_.push_back(number);
      days_.push_back(0);
      sketches_.resize(sketches_.size() + kSketchBytes);
    } else {
      numbers_[pos] = number;
    }
    next_ = (next_ + 1) % capacity_;
    index_[slot] = static_cast<uint32_t>(pos);
  }
  days_[pos] = day;
  std::copy(sketch.begin(), sketch.end(), sketches_.begin() + pos * kSketchBytes);
}

void RecentSignatures::Lookup(const Sketch& query, const std::vector<uint64_t>& numbers,
                              std::vector<Probe>* out) const {
  out->assign(numbers.size(), Probe{});
  if (capacity_ == 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t n = 0; n < numbers.size(); ++n) {
    const uint32_t pos = index_[Find(numbers[n])];
    if (pos == kEmpty) continue;
    const uint8_t* s = &sketches_[size_t{pos} * kSketchBytes];
    uint32_t equal = 0;
    for (size_t i = 0; i < kSketchBytes; ++i) {
      const uint8_t x = s[i] ^ query[i];
      equal += (x & 0x0f) == 0;
      equal += (x & 0xf0) == 0;
    }
    (*out)[n] = Probe{true, days_[pos], equal};
  }
}

void RecentSignatures::Reserve(size_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  ReserveLocked(n);
}

void RecentSignatures::ReserveLocked(size_t n) {
  n = std::min(n, capacity_);
  numbers_.reserve(n);
  days_.reserve(n);
  sketches_.reserve(n * kSketchBytes);
}

size_t RecentSignatures::MemoryBytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return numbers_.capacity() * sizeof(uint64_t) + days_.capacity() * sizeof(uint32_t) +
         sketches_.capacity() + index_.capacity() * sizeof(uint32_t);
}

size_t RecentSignatures::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return count_;
}

}  // namespace newsd
