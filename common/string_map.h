// Hash maps and sets keyed by std::string that can be looked up with a
// std::string_view, so that a lookup by a slice of a token or of a key being
// built allocates nothing.
//
// Built for the dictionaries: tables of up to a few hundred thousand words,
// filled once and then read from every extraction thread. A lookup is most
// of what the extractor does per token, so the layout is flat: entries sit
// in one vector in insertion order, and an open-addressed index of 8-byte
// slots (a 32-bit hash tag and the entry's position) finds them. A miss
// usually reads one index slot; a hit one slot and its entry (a short key
// lives inside its std::string). std::unordered_map needs a bucket, a node
// and often the key's heap block for the same answer.
//
// Iteration follows insertion order. Entries are never erased. Like
// std::unordered_map, a reference into the map is invalidated by an insert
// that grows it. Not for anything written out: the hash may change between
// versions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsd {

// The hash the tables use (XXH3, 64 bits).
uint64_t StringMapHash(std::string_view s);

// The index under both StringMap and StringSet: positions of entries by
// hash. `KeyAt(i)` gives entry i's key.
class StringIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Position of the entry whose key is `key`, or kNone.
  template <typename KeyAt>
  uint32_t Find(std::string_view key, uint64_t hash, const KeyAt& key_at) const {
    if (slots_.empty()) return kNone;
    const uint32_t tag = Tag(hash);
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.position == kNone) return kNone;
      if (s.tag == tag && key_at(s.position) == key) return s.position;
    }
  }
  // Records entry `position` under `hash`; the caller has checked that its
  // key is not present. Grows to keep the load under 1/2, re-hashing the
  // entries through `hash_at`.
  template <typename HashAt>
  void Add(uint64_t hash, uint32_t position, const HashAt& hash_at) {
    if ((static_cast<size_t>(position) + 1) * 2 > slots_.size())
      Grow(position + 1, position, hash_at);
    Place(hash, position);
  }
  template <typename HashAt>
  void Reserve(size_t entries, size_t present, const HashAt& hash_at) {
    if (entries * 2 > slots_.size()) Grow(entries, present, hash_at);
  }
  void Clear() {
    slots_.clear();
    mask_ = 0;
  }

 private:
  struct Slot {
    uint32_t tag = 0;
    uint32_t position = kNone;
  };
  static uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }
  void Place(uint64_t hash, uint32_t position) {
    size_t i = hash & mask_;
    while (slots_[i].position != kNone) i = (i + 1) & mask_;
    slots_[i] = Slot{Tag(hash), position};
  }
  // Room for `entries` at a load of 1/2 at most; re-places the `present`
  // entries already recorded.
  template <typename HashAt>
  void Grow(size_t entries, size_t present, const HashAt& hash_at) {
    size_t size = 16;
    while (size < entries * 2) size *= 2;
    if (size <= slots_.size()) return;
    slots_.assign(size, Slot{});
    mask_ = size - 1;
    for (size_t p = 0; p < present; ++p) Place(hash_at(p), static_cast<uint32_t>(p));
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

template <typename V>
class StringMap {
 public:
  using value_type = std::pair<std::string, V>;
  using iterator = value_type*;
  using const_iterator = const value_type*;

  StringMap() = default;
  // As emplace, in order: the first of two equal keys stays.
  StringMap(std::initializer_list<std::pair<std::string_view, V>> init) {
    reserve(init.size());
    for (const auto& [k, v] : init) emplace(k, v);
  }

  iterator begin() { return entries_.data(); }
  iterator end() { return entries_.data() + entries_.size(); }
  const_iterator begin() const { return entries_.data(); }
  const_iterator end() const { return entries_.data() + entries_.size(); }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  iterator find(std::string_view key) { return At(Position(key, StringMapHash(key))); }
  const_iterator find(std::string_view key) const { return At(Position(key, StringMapHash(key))); }
  size_t count(std::string_view key) const { return find(key) != end() ? 1 : 0; }
  bool contains(std::string_view key) const { return find(key) != end(); }

  // Inserts (key, V(args...)) unless the key is present; as
  // std::unordered_map::emplace.
  template <typename... Args>
  std::pair<iterator, bool> emplace(std::string_view key, Args&&... args) {
    const uint64_t h = StringMapHash(key);
    if (uint32_t p = Position(key, h); p != StringIndex::kNone) return {begin() + p, false};
    return {Append(h, std::string(key), V(std::forward<Args>(args)...)), true};
  }
  template <typename M>
  std::pair<iterator, bool> insert_or_assign(std::string_view key, M&& value) {
    auto [it, fresh] = emplace(key);
    it->second = std::forward<M>(value);
    return {it, fresh};
  }
  V& operator[](std::string_view key) { return emplace(key).first->second; }

  void reserve(size_t n) {
    entries_.reserve(n);
    hashes_.reserve(n);
    index_.Reserve(n, entries_.size(), [&](size_t p) { return hashes_[p]; });
  }
  void clear() {
    entries_.clear();
    hashes_.clear();
    index_.Clear();
  }

 private:
  uint32_t Position(std::string_view key, uint64_t h) const {
    return index_.Find(key, h, [&](uint32_t p) { return std::string_view(entries_[p].first); });
  }
  iterator At(uint32_t p) { return p == StringIndex::kNone ? end() : begin() + p; }
  const_iterator At(uint32_t p) const { return p == StringIndex::kNone ? end() : begin() + p; }
  iterator Append(uint64_t h, std::string key, V value) {
    entries_.emplace_back(std::move(key), std::move(value));
    hashes_.push_back(h);
    index_.Add(h, static_cast<uint32_t>(entries_.size() - 1), [&](size_t p) { return hashes_[p]; });
    return end() - 1;
  }

  std::vector<value_type> entries_;
  std::vector<uint64_t> hashes_;  // by entry: growing re-hashes no key
  StringIndex index_;
};

class StringSet {
 public:
  using const_iterator = std::vector<std::string>::const_iterator;

  StringSet() = default;
  StringSet(std::initializer_list<std::string_view> init) {
    for (std::string_view k : init) insert(k);
  }

  const_iterator begin() const { return keys_.begin(); }
  const_iterator end() const { return keys_.end(); }
  size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }

  size_t count(std::string_view key) const {
    return Position(key, StringMapHash(key)) != StringIndex::kNone ? 1 : 0;
  }
  bool contains(std::string_view key) const { return count(key) > 0; }
  // True when the key was not there before.
  bool insert(std::string_view key) {
    const uint64_t h = StringMapHash(key);
    if (Position(key, h) != StringIndex::kNone) return false;
    keys_.emplace_back(key);
    hashes_.push_back(h);
    index_.Add(h, static_cast<uint32_t>(keys_.size() - 1), [&](size_t p) { return hashes_[p]; });
    return true;
  }

 private:
  uint32_t Position(std::string_view key, uint64_t h) const {
    return index_.Find(key, h, [&](uint32_t p) { return std::string_view(keys_[p]); });
  }

  std::vector<std::string> keys_;
  std::vector<uint64_t> hashes_;
  StringIndex index_;
};

}  // namespace newsd
