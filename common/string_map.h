// Hash maps and sets keyed by std::string that can be looked up with a
// std::string_view, so that a lookup by a slice of a token or of a key being
// built allocates nothing. Not stable across runs (std::hash): for in-memory
// tables only, never for anything written out.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace newsd {

struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <typename V>
using StringMap = std::unordered_map<std::string, V, StringViewHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringViewHash, std::equal_to<>>;

}  // namespace newsd
