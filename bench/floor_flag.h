// Reading a quality floor ("--min-class 0.57") for the eval programs: a
// value that is not a non-negative number is an error, so that a typo in a
// ctest line fails loudly instead of leaving the check a no-op.
#pragma once

#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsd {

// Parses `value` into *floor; false (and a message naming `program` and
// `flag`) when it is not a non-negative number.
inline bool ParseFloorFlag(std::string_view program, std::string_view flag, const char* value,
                           double* floor) {
  char* end = nullptr;
  *floor = std::strtod(value, &end);
  if (end == value || *end != '\0' || *floor < 0) {
    std::cerr << program << ": " << flag << " needs a number, got '" << value << "'\n";
    return false;
  }
  return true;
}

// The flags an eval program takes after its positional arguments: floors
// ("--min-class 0.57"), switches ("--verbose") and text options
// ("--dump-events FILE").
struct EvalFlags {
  std::vector<std::pair<std::string_view, double*>> floors;
  std::vector<std::pair<std::string_view, bool*>> switches;
  std::vector<std::pair<std::string_view, std::string*>> texts;
};

// Reads argv[first..argc) into `flags`. An unknown flag, a missing value
// or a floor that is not a number is an error, said on stderr: false.
inline bool ParseEvalFlags(std::string_view program, int argc, char** argv, int first,
                           const EvalFlags& flags) {
  for (int i = first; i < argc; ++i) {
    const std::string_view a = argv[i];
    bool known = false;
    for (const auto& [name, value] : flags.switches)
      if (a == name) *value = known = true;
    for (const auto& [name, value] : flags.texts)
      if (a == name && i + 1 < argc) *value = argv[++i], known = true;
    for (const auto& [name, value] : flags.floors)
      if (a == name && i + 1 < argc) {
        if (!ParseFloorFlag(program, a, argv[++i], value)) return false;
        known = true;
      }
    if (!known) {
      std::cerr << program << ": unknown or incomplete argument '" << a << "'\n";
      return false;
    }
  }
  return true;
}

}  // namespace newsd
