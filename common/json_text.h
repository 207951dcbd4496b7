// Serializing JSON that carries text from the outside world. nlohmann::json
// throws on invalid UTF-8 by default; everything newsd writes goes through
// here instead, replacing invalid bytes with U+FFFD, so a hostile byte can
// never take the daemon down.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsd {

inline std::string DumpJson(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing past U+10FFFF).
bool IsWellFormedUtf8(std::string_view s);

// Appends `s` as a JSON string exactly as DumpJson writes it (the same
// escapes, invalid bytes replaced the same way), without building a tree.
void AppendJsonString(std::string* out, std::string_view s);

// An array of strings, written as AppendJsonString writes each.
std::string JsonStringArray(const std::vector<std::string>& values);

// Writes one JSON object with members in key order, byte for byte what
// DumpJson writes for the same nlohmann::json object (its objects are
// std::maps: keys come out sorted). For the records written on every
// commit, where building a tree of allocated nodes first costs more than
// the writing. Values are added already serialized.
class JsonObjectWriter {
 public:
  JsonObjectWriter& String(std::string_view key, std::string_view value) {
    const size_t at = BeginMember(key);
    AppendJsonString(&buf_, value);
    return EndMember(at);
  }
  JsonObjectWriter& Int(std::string_view key, int64_t value) {
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof digits, value);
    return Raw(key, std::string_view(digits, static_cast<size_t>(r.ptr - digits)));
  }
  JsonObjectWriter& Bool(std::string_view key, bool value) {
    return Raw(key, value ? "true" : "false");
  }
  JsonObjectWriter& Null(std::string_view key) { return Raw(key, "null"); }
  // `json` must be one serialized JSON value.
  JsonObjectWriter& Raw(std::string_view key, std::string_view json) {
    const size_t at = BeginMember(key);
    buf_ += json;
    return EndMember(at);
  }
  // The object; keys must be distinct.
  std::string Finish() {
    auto key_of = [this](const Member& m) {
      return std::string_view(buf_).substr(m.key_at, m.key_size);
    };
    auto by_key = [&](const Member& a, const Member& b) { return key_of(a) < key_of(b); };
    if (!std::is_sorted(members_.begin(), members_.end(), by_key))
      std::sort(members_.begin(), members_.end(), by_key);
    std::string out;
    out.reserve(buf_.size() + members_.size() * 4 + 2);
    out += '{';
    for (size_t i = 0; i < members_.size(); ++i) {
      if (i) out += ',';
      AppendJsonString(&out, key_of(members_[i]));
      out += ':';
      out.append(buf_, members_[i].value_at, members_[i].value_size);
    }
    out += '}';
    return out;
  }

 private:
  // Each member's raw key and serialized value lie one after the other in
  // buf_, so adding a member allocates nothing once the buffer has grown.
  struct Member {
    size_t key_at, key_size, value_at, value_size;
  };

  size_t BeginMember(std::string_view key) {
    members_.push_back({buf_.size(), key.size(), 0, 0});
    buf_ += key;
    members_.back().value_at = buf_.size();
    return members_.size() - 1;
  }
  JsonObjectWriter& EndMember(size_t at) {
    members_[at].value_size = buf_.size() - members_[at].value_at;
    return *this;
  }

  std::string buf_;
  std::vector<Member> members_;
};

}  // namespace newsd
