// Writes to small list keys (the near-duplicate index's bucket and entity
// lists) held in memory until the store writes them out as one sorted file.
// The index writes ~37 small values per item, each to a different key: as
// RocksDB writes that is 37 memtable inserts per item and a flush thread
// sorting them again; here it is 37 hash-table inserts, and one sorted pass
// when the buffer is written out.
//
// A key holds either appends (added to what is stored) or a put followed by
// appends (replacing what is stored).
//
// Not thread-safe: the store guards it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/state.h"

namespace newsd {

class WriteBuffer {
 public:
  // What the buffer holds for a key.
  enum class Held { kNothing, kAppends, kValue };

  // Appends `bytes` to the key (after what it holds here), or with `put`
  // replaces what it holds and what is stored. Keys longer than 255 bytes
  // and values longer than 65,535 bytes are not buffered: returns false and
  // leaves the buffer unchanged.
  static bool Fits(std::string_view key, std::string_view bytes) {
    return key.size() <= 255 && bytes.size() <= 65535;
  }
  bool Add(Family f, std::string_view key, std::string_view bytes, bool put);

  // Applies what the key holds here to `value` (what is stored, or what an
  // older buffer made of it): appends its bytes, or for a put replaces it.
  // `value` is nullopt for "absent".
  Held ApplyTo(Family f, std::string_view key, std::optional<std::string>* value) const;
  bool Contains(Family f, std::string_view key) const;

  // Every buffered key with its bytes concatenated and whether they replace
  // the stored value, in (family, key) order.
  void ForEachSorted(const std::function<void(Family, std::string_view key, std::string_view bytes,
                                              bool put)>& fn) const;

  // Calls fn for every buffered key of `f` starting with `prefix` (any order).
  void ForEachWithPrefix(
      Family f, std::string_view prefix,
      const std::function<void(std::string_view key, std::string_view bytes, bool put)>& fn) const;

  size_t keys() const { return entries_.size(); }
  // Writes buffered (puts and appends).
  size_t writes() const { return writes_; }
  // Bytes the buffered keys and appends take (what the store's limit counts;
  // capacity kept across Clear() is not counted).
  size_t bytes() const;
  bool empty() const { return entries_.empty(); }
  void Clear();

 private:
  struct Entry {
    uint64_t hash;
    uint32_t key_offset;  // into keys_
    uint32_t first;       // first record of the chain, offset into records_
    uint32_t last;        // last record: where the next append links in
    uint8_t key_size;
    uint8_t family;
    bool put;  // the chain replaces the stored value
  };
  static constexpr uint32_t kNone = UINT32_MAX;

  std::string_view KeyOf(const Entry& e) const;
  // Index into entries_ of the key, or kNone.
  uint32_t Find(uint64_t hash, Family f, std::string_view key) const;
  void Grow();
  std::string Concatenate(const Entry& e) const;

  std::vector<Entry> entries_;
  static uint64_t Slot(uint64_t hash, uint32_t index) {
    return (hash & ~uint64_t{UINT32_MAX}) | (uint64_t{index} + 1);
  }
  // Open addressing, at most half full: Slot(hash, entry index), 0 = empty.
  std::vector<uint64_t> table_;
  std::string keys_;  // key bytes of every entry
  // Records: next record offset (4 bytes, kNone at the end), size (2 bytes), bytes.
  std::string records_;
  size_t writes_ = 0;
};

}  // namespace newsd
