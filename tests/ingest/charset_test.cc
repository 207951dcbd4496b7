#include "ingest/charset.h"

#include <catch2/catch.hpp>

using namespace newsd;

TEST_CASE("UTF-8 validation") {
  CHECK(IsValidUtf8("plain ascii"));
  CHECK(IsValidUtf8("caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xf0\x9f\x98\x80"));
  CHECK_FALSE(IsValidUtf8("caf\xe9"));       // latin-1 byte
  CHECK_FALSE(IsValidUtf8("\xc3"));          // truncated
  CHECK_FALSE(IsValidUtf8("\xe0\x80\xaf"));  // overlong
  CHECK_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
}

TEST_CASE("Decoding strips a UTF-8 BOM and honours declarations") {
  auto r = DecodeToUtf8("\xEF\xBB\xBF<?xml version=\"1.0\"?><a/>", "");
  CHECK(r.text == "<?xml version=\"1.0\"?><a/>");
  CHECK(r.charset == "utf-8");
  auto k = DecodeToUtf8("<?xml version=\"1.0\" encoding=\"KOI8-R\"?><a>\xf0\xd2\xc9</a>", "");
  CHECK(k.text.find("\xd0\x9f\xd1\x80\xd0\xb8") != std::string::npos);  // "При"
}

TEST_CASE("An unknown charset name falls back instead of failing") {
  auto r = DecodeToUtf8("<?xml version=\"1.0\" encoding=\"x-made-up\"?><a>ok</a>", "");
  CHECK(r.fallback);
  CHECK(r.text.find("<a>ok</a>") != std::string::npos);
}
