// Fuzz target: HTML -> text. Besides not crashing, the linear fast path
// must give exactly what gumbo gives for every input it accepts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ingest/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  std::string fast = newsd::HtmlToText(html), slow = newsd::HtmlToTextWithGumbo(html);
  if (fast != slow) {
    std::fprintf(stderr, "fast path and gumbo disagree\n input: ");
    for (unsigned char c : html) std::fprintf(stderr, c >= 0x20 && c < 0x7f ? "%c" : "\\x%02x", c);
    std::fprintf(stderr, "\n fast:  %s\n gumbo: %s\n", fast.c_str(), slow.c_str());
    std::abort();
  }
  return 0;
}
