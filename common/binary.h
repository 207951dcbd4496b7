// Compact binary field encoding for records kept in the store (not for
// anything published): unsigned LEB128 varints, zig-zag signed varints and
// length-prefixed byte strings. A Reader never reads past its input; after a
// short or malformed field it stays failed and every later read returns zero
// or empty, so a decoder checks ok() once at the end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace newsd::binary {

inline void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

inline void PutSigned(std::string* out, int64_t v) {
  PutVarint(out, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

inline void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) return Fail();
      const auto byte = static_cast<unsigned char>(in_.front());
      in_.remove_prefix(1);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return v;
    }
    return Fail();  // more than ten bytes: not a varint we wrote
  }

  int64_t Signed() {
    const uint64_t z = Varint();
    return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }

  std::string_view Bytes() {
    const uint64_t n = Varint();
    if (n > in_.size()) {
      Fail();
      return {};
    }
    std::string_view s = in_.substr(0, n);
    in_.remove_prefix(n);
    return s;
  }
  std::string String() { return std::string(Bytes()); }

  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }

 private:
  uint64_t Fail() {
    ok_ = false;
    in_ = {};
    return 0;
  }
  std::string_view in_;
  bool ok_ = true;
};

}  // namespace newsd::binary
