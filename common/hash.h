// Stable 64-bit hashing (xxHash64). Stable across runs and machines: hashes
// are part of keys and ids on disk and in Kafka.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace newsd {

uint64_t Hash64(std::string_view data, uint64_t seed = 0);
// 16 lower-case hex digits.
std::string Hex64(uint64_t v);
// 8 bytes, big-endian: sorts like the number.
std::string BigEndian64(uint64_t v);
uint64_t ReadBigEndian64(std::string_view bytes);

}  // namespace newsd
