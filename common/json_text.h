// Serializing JSON that carries text from the outside world. nlohmann::json
// throws on invalid UTF-8 by default; everything newsd writes goes through
// here instead, replacing invalid bytes with U+FFFD, so a hostile byte can
// never take the daemon down.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace newsd {

inline std::string DumpJson(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace newsd
