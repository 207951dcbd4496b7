#include "store/write_buffer.h"

#include <algorithm>
#include <cstring>

#include "common/hash.h"

namespace newsd {

namespace {

uint64_t KeyHash(Family f, std::string_view key) {
  return Hash64(key, static_cast<uint64_t>(f) + 1);
}

void Store32(std::string& s, size_t at, uint32_t v) { std::memcpy(&s[at], &v, 4); }
uint32_t Load32(const std::string& s, size_t at) {
  uint32_t v;
  std::memcpy(&v, s.data() + at, 4);
  return v;
}
uint16_t Load16(const std::string& s, size_t at) {
  uint16_t v;
  std::memcpy(&v, s.data() + at, 2);
  return v;
}

constexpr size_t kRecordHeader = 6;  // next (4) + size (2)
// Offsets are 32-bit: the buffer never holds more (the store writes it out
// long before).
constexpr size_t kMaxArena = UINT32_MAX - (1u << 20);

}  // namespace

std::string_view WriteBuffer::KeyOf(const Entry& e) const {
  return std::string_view(keys_).substr(e.key_offset, e.key_size);
}

uint32_t WriteBuffer::Find(uint64_t hash, Family f, std::string_view key) const {
  if (table_.empty()) return kNone;
  // A slot holds the entry index + 1 (low half) and the hash's high half,
  // so a probe for an absent key reads no entry.
  const size_t mask = table_.size() - 1;
  const uint64_t tag = hash & ~uint64_t{UINT32_MAX};
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const uint64_t slot = table_[i];
    if (slot == 0) return kNone;
    if ((slot & ~uint64_t{UINT32_MAX}) != tag) continue;
    const uint32_t index = static_cast<uint32_t>(slot) - 1;
    const Entry& e = entries_[index];
    if (e.hash == hash && e.family == static_cast<uint8_t>(f) && KeyOf(e) == key) return index;
  }
}

void WriteBuffer::Grow() {
  std::vector<uint64_t> table(std::max<size_t>(1024, table_.size() * 2), 0);
  const size_t mask = table.size() - 1;
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    size_t j = entries_[i].hash & mask;
    while (table[j] != 0) j = (j + 1) & mask;
    table[j] = Slot(entries_[i].hash, i);
  }
  table_.swap(table);
}

bool WriteBuffer::Add(Family f, std::string_view key, std::string_view bytes, bool put) {
  if (!Fits(key, bytes)) return false;
  if (records_.size() + kRecordHeader + bytes.size() > kMaxArena ||
      keys_.size() + key.size() > kMaxArena)
    return false;
  const uint64_t hash = KeyHash(f, key);
  const uint32_t record = static_cast<uint32_t>(records_.size());
  records_.resize(records_.size() + kRecordHeader);
  Store32(records_, record, kNone);
  const uint16_t size = static_cast<uint16_t>(bytes.size());
  std::memcpy(&records_[record + 4], &size, 2);
  records_.append(bytes);
  ++writes_;

  uint32_t found = Find(hash, f, key);
  if (found != kNone) {
    Entry& e = entries_[found];
    if (put) {  // the earlier records are dropped from the chain (not freed)
      e.first = record;
      e.put = true;
    } else {
      Store32(records_, e.last, record);
    }
    e.last = record;
    return true;
  }
  if ((entries_.size() + 1) * 2 > table_.size()) Grow();
  entries_.push_back(Entry{hash, static_cast<uint32_t>(keys_.size()), record, record,
                           static_cast<uint8_t>(key.size()), static_cast<uint8_t>(f), put});
  keys_.append(key);
  const size_t mask = table_.size() - 1;
  size_t j = hash & mask;
  while (table_[j] != 0) j = (j + 1) & mask;
  table_[j] = Slot(hash, static_cast<uint32_t>(entries_.size() - 1));
  return true;
}

std::string WriteBuffer::Concatenate(const Entry& e) const {
  std::string out;
  for (uint32_t r = e.first; r != kNone; r = Load32(records_, r))
    out.append(records_, r + kRecordHeader, Load16(records_, r + 4));
  return out;
}

WriteBuffer::Held WriteBuffer::ApplyTo(Family f, std::string_view key,
                                       std::optional<std::string>* value) const {
  if (entries_.empty()) return Held::kNothing;
  uint32_t found = Find(KeyHash(f, key), f, key);
  if (found == kNone) return Held::kNothing;
  const Entry& e = entries_[found];
  if (e.put || !*value) value->emplace();
  if (e.put) (*value)->clear();
  for (uint32_t r = e.first; r != kNone; r = Load32(records_, r))
    (*value)->append(records_, r + kRecordHeader, Load16(records_, r + 4));
  return e.put ? Held::kValue : Held::kAppends;
}

bool WriteBuffer::Contains(Family f, std::string_view key) const {
  return Find(KeyHash(f, key), f, key) != kNone;
}

void WriteBuffer::ForEachSorted(
    const std::function<void(Family, std::string_view, std::string_view, bool)>& fn) const {
  std::vector<uint32_t> order(entries_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [this](uint32_t a, uint32_t b) {
    const Entry& x = entries_[a];
    const Entry& y = entries_[b];
    if (x.family != y.family) return x.family < y.family;
    return KeyOf(x) < KeyOf(y);
  });
  for (uint32_t i : order) {
    const Entry& e = entries_[i];
    std::string bytes = Concatenate(e);
    fn(static_cast<Family>(e.family), KeyOf(e), bytes, e.put);
  }
}

void WriteBuffer::ForEachWithPrefix(
    Family f, std::string_view prefix,
    const std::function<void(std::string_view, std::string_view, bool)>& fn) const {
  for (const Entry& e : entries_) {
    if (e.family != static_cast<uint8_t>(f)) continue;
    std::string_view key = KeyOf(e);
    if (key.substr(0, prefix.size()) != prefix) continue;
    std::string bytes = Concatenate(e);
    fn(key, bytes, e.put);
  }
}

size_t WriteBuffer::bytes() const {
  // Each entry also takes two table slots (the table is kept at most half full).
  return entries_.size() * (sizeof(Entry) + 2 * sizeof(uint64_t)) + keys_.size() + records_.size();
}

void WriteBuffer::Clear() {
  // Keeps the capacity: the next round fills about as much.
  entries_.clear();
  std::fill(table_.begin(), table_.end(), 0);
  keys_.clear();
  records_.clear();
  writes_ = 0;
}

}  // namespace newsd
