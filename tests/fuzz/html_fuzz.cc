// Fuzz target: HTML -> text.
#include <cstdint>
#include <string_view>

#include "ingest/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)newsd::HtmlToText(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
