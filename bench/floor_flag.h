// Reading a quality floor ("--min-class 0.57") for the eval programs: a
// value that is not a non-negative number is an error, so that a typo in a
// ctest line fails loudly instead of leaving the check a no-op.
#pragma once

#include <cstdlib>
#include <iostream>
#include <string_view>

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

}  // namespace newsd
