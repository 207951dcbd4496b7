// Text units the pipeline works on: paragraphs, sentences (ICU, with English
// abbreviations such as "Mr." and "U.S." not ending a sentence), words for
// similarity (ICU word breaks, so scripts without spaces still split), and
// tokens for extraction. All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsd {

// Splits on blank lines ("\n\n"); trims; drops empty paragraphs.
std::vector<std::string> SplitParagraphs(std::string_view text);

struct Span {
  size_t begin = 0;  // byte offsets into the text given
  size_t end = 0;
};

// Sentence spans of `text`, trimmed of surrounding whitespace.
std::vector<Span> SplitSentences(std::string_view text);

// Lower-cased (Unicode case folding, NFKC) word tokens without punctuation:
// the unit of shingles and text hashes.
// Text of ASCII and typographic quotes and dashes, most English copy, is
// split in one linear pass with exactly ICU's result; everything else goes
// through ICU.
std::vector<std::string> NormalizedWords(std::string_view text);

// The same, always through ICU; exists so tests can check the two agree.
std::vector<std::string> NormalizedWordsWithIcu(std::string_view text);
// The linear pass alone: false when the text holds a character it leaves
// to ICU. For tests (how much of the input the fast path takes).
bool NormalizedWordsFastPath(std::string_view text, std::vector<std::string>* out);

// A name as search compares it: its NormalizedWords with accents and
// other combining marks removed ("Ahmadinejād", "AHMADINEJAD" ->
// {"ahmadinejad"}), so a user need not type them.
std::vector<std::string> SearchWords(std::string_view text);

// A token for extraction: a word ("Pompeo", "U.S.", "don't") or a single
// punctuation character. Hyphens inside words split them ("Yong-chol" ->
// "Yong", "chol") so transliteration variants compare equal.
struct Token {
  std::string text;
  std::string lower;
  Span span;
  bool capitalized = false;  // first character is an upper-case letter
  bool word = false;         // false for punctuation
};

std::vector<Token> Tokenize(std::string_view sentence);

}  // namespace newsd
