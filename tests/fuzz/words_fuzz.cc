// Fuzz target: words for similarity. Besides not crashing, the linear fast
// path must give exactly ICU's words for every input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "pipeline/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (newsd::NormalizedWords(text) != newsd::NormalizedWordsWithIcu(text)) {
    std::fprintf(stderr, "fast path and ICU disagree\n input: ");
    for (unsigned char c : text) std::fprintf(stderr, c >= 0x20 && c < 0x7f ? "%c" : "\\x%02x", c);
    std::fprintf(stderr, "\n");
    std::abort();
  }
  return 0;
}
