// Serializing JSON that carries text from the outside world. nlohmann::json
// throws on invalid UTF-8 by default; everything newsd writes goes through
// here instead, replacing invalid bytes with U+FFFD, so a hostile byte can
// never take the daemon down.
#pragma once

#include <algorithm>
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
    std::string v;
    AppendJsonString(&v, value);
    return Raw(key, std::move(v));
  }
  JsonObjectWriter& Int(std::string_view key, int64_t value) {
    return Raw(key, std::to_string(value));
  }
  JsonObjectWriter& Bool(std::string_view key, bool value) {
    return Raw(key, value ? "true" : "false");
  }
  JsonObjectWriter& Null(std::string_view key) { return Raw(key, "null"); }
  // `json` must be one serialized JSON value.
  JsonObjectWriter& Raw(std::string_view key, std::string json) {
    members_.emplace_back(std::string(key), std::move(json));
    return *this;
  }
  // The object; keys must be distinct.
  std::string Finish() {
    std::sort(members_.begin(), members_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out = "{";
    for (size_t i = 0; i < members_.size(); ++i) {
      if (i) out += ',';
      AppendJsonString(&out, members_[i].first);
      out += ':';
      out += members_[i].second;
    }
    out += '}';
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> members_;
};

}  // namespace newsd
