#include "pipeline/text.h"

#include <catch2/catch.hpp>

#include "tests/test_util.h"

using namespace newsd;

namespace {
std::vector<std::string> Sentences(const std::string& text) {
  std::vector<std::string> out;
  for (auto s : SplitSentences(text)) out.push_back(text.substr(s.begin, s.end - s.begin));
  return out;
}
}  // namespace

TEST_CASE("Sentences: abbreviations and initials do not end a sentence") {
  auto s = Sentences(
      "Mr. Pompeo met the envoy in the U.S. capital on Thursday. Andrew Kim of the C.I.A. joined "
      "him. \"It went well,\" Dr. Lee said! Talks resume in Sept. next year?");
  REQUIRE(s.size() == 4);
  CHECK(s[0] == "Mr. Pompeo met the envoy in the U.S. capital on Thursday.");
  CHECK(s[1] == "Andrew Kim of the C.I.A. joined him.");
  CHECK(s[2] == "\"It went well,\" Dr. Lee said!");
  CHECK(s[3] == "Talks resume in Sept. next year?");
}

TEST_CASE("Sentences: a first initial after a verb of saying or 'by' starts a name") {
  auto s = Sentences(
      "\"Sales will rise,\" said J. Marcus Whitby, the chief executive. He takes "
      "vitamin C. The report was written by R. Delmont Ashe.");
  REQUIRE(s.size() == 3);
  CHECK(s[0] == "\"Sales will rise,\" said J. Marcus Whitby, the chief executive.");
  CHECK(s[1] == "He takes vitamin C.");
}

TEST_CASE("Sentences: invalid UTF-8 keeps spans inside the text (found by fuzz_analyze)") {
  std::string text = "One \xff\xfe two. Three \xc3 four.";
  for (auto s : SplitSentences(text)) {
    CHECK(s.begin <= s.end);
    CHECK(s.end <= text.size());
  }
  CHECK(Sentences(text).size() == 2);
  CHECK(Sentences(text)[1] == "Three \xc3 four.");
}

TEST_CASE("Sentences: text without punctuation, empty text") {
  CHECK(Sentences("no punctuation at all here").size() == 1);
  CHECK(Sentences("").empty());
  CHECK(Sentences("   ").empty());
}

TEST_CASE("Paragraphs split on blank lines") {
  auto p = SplitParagraphs("One.\n\n\n\nTwo\nstill two.\n\n  \n\nThree.");
  REQUIRE(p.size() == 3);
  CHECK(p[1] == "Two\nstill two.");
}

TEST_CASE("Normalized words: case folding, punctuation, scripts without spaces") {
  CHECK(NormalizedWords("The U.S. Envoy's \u201cVisit\u201d, ISN'T over!") ==
        std::vector<std::string>{"the", "u.s", "envoy's", "visit", "isn't", "over"});
  // Chinese has no spaces; ICU still splits it into words.
  auto zh = NormalizedWords(
      "\u4e2d\u56fd\u5916\u4ea4\u90e8\u957f\u4eca\u5929\u4f1a\u89c1\u4e86\u4fc4\u7f57\u65af\u5916"
      "\u957f");
  CHECK(zh.size() >= 4);
  CHECK(NormalizedWords(
            "\u0421\u0430\u043c\u043c\u0438\u0442 \u0412 \u041c\u043e\u0441\u043a\u0432\u0435")
            .size() == 3);
}

TEST_CASE("Normalized words: the linear fast path gives exactly ICU's words") {
  CHECK(NormalizedWords("1,000.5 don\u2019t e.g. \u2014U.S.\u2014 a.1 x;y 3;4") ==
        std::vector<std::string>{"1,000.5", "don\u2019t", "e.g", "u.s", "a", "1", "x", "y", "3;4"});
  // Characters the fast path leaves to ICU still give ICU's answer.
  CHECK(NormalizedWords("a:b c_d @news caf\u00e9") ==
        NormalizedWordsWithIcu("a:b c_d @news caf\u00e9"));
  // Generated text over every ASCII character class, the typographic quotes
  // and dashes, and a few characters that send the text to ICU.
  const std::vector<std::string> pieces = {
      "a",      "Q",      "z",      "0",      "7",      ".",     "'",       ",",      ";",
      " ",      "\n",     "\t",     "-",      "!",      "?",     "(",       "\"",     "/",
      "&",      "%",      "$",      "#",      "+",      "=",     "*",       "<",      "[",
      "|",      "\\",     "~",      "`",      "\x01",   "\x7f",  "\u2018",  "\u2019", "\u201c",
      "\u201d", "\u2013", "\u2014", "word",   "U.S.",   "don't", "1,000.5", "e.g.",   ":",
      "_",      "@",      "\u00e9", "\u00a0", "\u2026", "\xff"};
  test::XorShift next;
  int fast_only = 0, fast_taken = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    size_t len = 1 + next() % 16;
    // Most inputs use only the fast path's characters (the first 43).
    size_t range = round % 4 == 0 ? pieces.size() : 43;
    for (size_t k = 0; k < len; ++k) text += pieces[next() % range];
    INFO(text);
    REQUIRE(NormalizedWords(text) == NormalizedWordsWithIcu(text));
    std::vector<std::string> fast;
    if (round % 4 != 0) fast_only += 1, fast_taken += NormalizedWordsFastPath(text, &fast);
  }
  // (The agreement would hold if the fast path took nothing.)
  INFO(fast_taken << " of " << fast_only << " fast-path inputs taken");
  CHECK(fast_taken == fast_only);
}

TEST_CASE("Tokens keep initials, split hyphens and possessives stay in the word") {
  auto t = Tokenize("Kim Yong-chol met U.S. officials, didn't he?");
  std::vector<std::string> words;
  for (auto& tok : t) words.push_back(tok.text);
  CHECK(words == std::vector<std::string>{"Kim", "Yong", "-", "chol", "met", "U.S.", "officials",
                                          ",", "didn't", "he", "?"});
  CHECK(t[0].capitalized);
  CHECK_FALSE(t[4].capitalized);
}

TEST_CASE(
    "Tokens: a typographic apostrophe with no letter after it is punctuation (found by "
    "libFuzzer)") {
  // It used to start a word of length zero, and the tokenizer never moved on.
  auto t = Tokenize(std::string("ij `\xE2\x80\x99\0ij", 10));
  REQUIRE(t.size() >= 4);
  CHECK(t[0].text == "ij");
  CHECK(t[2].text == "\xE2\x80\x99");
  CHECK_FALSE(t[2].word);
  auto cut = Tokenize("x \xE2\x80");  // a sequence cut off at the end
  for (const auto& tok : cut) CHECK(tok.span.end <= 4);
}
