// Fuzz target: date strings -> ParseFeedDate and ParseRfc3339; a parsed date
// must format and parse back to itself.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/feed_date.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  if (auto t = newsd::ParseFeedDate(s)) {
    auto back = newsd::ParseRfc3339(newsd::FormatRfc3339(*t));
    // Seconds precision: the round trip may drop milliseconds only.
    if (!back || *t - *back >= std::chrono::seconds(1) || *back > *t) std::abort();
  }
  (void)newsd::ParseRfc3339(s);
  return 0;
}
