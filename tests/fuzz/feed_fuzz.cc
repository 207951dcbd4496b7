// Fuzz target: feed bytes -> ParseFeed (charset detection, XML recovery,
// HTML to text, dates, URL resolution).
#include <cstdint>
#include <string>

#include "ingest/feed_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  newsd::ParseContext ctx{"https://fuzz.example/feed.xml", "fuzz", "", {}};
  auto r = newsd::ParseFeed(bytes, ctx);
  if (r.ok())
    for (const auto& it : r->items) (void)it.BodyText().size();
  return 0;
}
