// Fuzz target: article extraction from a hostile page. Besides not
// crashing or hanging: the text is well-formed UTF-8 with no empty
// paragraph, its word count is what it says, and a source is named exactly
// when there is text.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ingest/article_extractor.h"
#include "ingest/charset.h"

namespace {
void Fail(const char* what, std::string_view html) {
  std::fprintf(stderr, "%s\n input: ", what);
  for (unsigned char c : html) std::fprintf(stderr, c >= 0x20 && c < 0x7f ? "%c" : "\\x%02x", c);
  std::fprintf(stderr, "\n");
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  newsd::Article a = newsd::ExtractArticle(html, "https://fuzz.example/a/b");
  if (!newsd::IsValidUtf8(a.text)) Fail("text is not UTF-8", html);
  if (a.text.find("\n\n\n") != std::string::npos || a.text.starts_with("\n") ||
      a.text.ends_with("\n"))
    Fail("empty paragraph", html);
  if (newsd::CountWords(a.text) != a.words) Fail("word count", html);
  if (a.text.empty() != (a.source == newsd::ArticleSource::kNone)) Fail("source", html);
  return 0;
}
