// Fuzz target: config text -> ParseConfig (TOML, every key's validation).
#include <cstdint>
#include <string_view>

#include "daemon/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)newsd::ParseConfig(std::string_view(reinterpret_cast<const char*>(data), size),
                           "/fuzz/newsd.toml");
  return 0;
}
