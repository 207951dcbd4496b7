#include "common/string_map.h"

#include <xxhash.h>

namespace newsd {

uint64_t StringMapHash(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

}  // namespace newsd
