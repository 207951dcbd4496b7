// Fuzz target: HTML -> text. Besides not crashing, the linear fast path
// must give exactly what gumbo gives for every input it accepts.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  if (newsd::HtmlToText(html) != newsd::HtmlToTextWithGumbo(html)) std::abort();
  return 0;
}
