#include "store/key_filter.h"

#include <algorithm>

#include "common/hash.h"

namespace newsd {

namespace {

// Odd constants: the word's bit is the top 5 bits of hash * salt.
constexpr uint32_t kSalt[8] = {0x47b6137bU, 0x44974d91U, 0x8824ad5bU, 0xa2b7289dU,
                               0x705495c7U, 0x2df1424bU, 0x9efc4947U, 0x5c6bfb31U};

}  // namespace

KeyFilter::KeyFilter(uint64_t capacity, unsigned bits_per_key)
    : capacity_(std::max<uint64_t>(capacity, 1)),
      blocks_(std::max<uint64_t>(1, (capacity_ * bits_per_key + 255) / 256)),
      data_(new Block[blocks_]()) {}

uint64_t KeyFilter::HashOf(std::string_view key) { return Hash64(key, 0x6b66696c746572ULL); }

void KeyFilter::Insert(std::string_view key) {
  const uint64_t h = HashOf(key);
  Block& block = data_[((h >> 32) * blocks_) >> 32];
  const uint32_t low = static_cast<uint32_t>(h);
  for (int i = 0; i < 8; ++i) block.words[i] |= 1u << ((low * kSalt[i]) >> 27);
  ++inserted_;
}

void KeyFilter::Merge(const KeyFilter& other) {
  const uint64_t n = std::min(blocks_, other.blocks_);
  for (uint64_t b = 0; b < n; ++b)
    for (int i = 0; i < 8; ++i) data_[b].words[i] |= other.data_[b].words[i];
  inserted_ += other.inserted_;
}

bool KeyFilter::MayContain(std::string_view key) const {
  const uint64_t h = HashOf(key);
  const Block& block = data_[((h >> 32) * blocks_) >> 32];
  const uint32_t low = static_cast<uint32_t>(h);
  for (int i = 0; i < 8; ++i) {
    const uint32_t bit = 1u << ((low * kSalt[i]) >> 27);
    if ((block.words[i] & bit) == 0) return false;
  }
  return true;
}

}  // namespace newsd
