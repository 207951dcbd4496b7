#include "pipeline/text.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace newsd {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// ICU break iterators are expensive to create and not thread-safe: keep one
// prototype each and clone per thread.
icu::BreakIterator* ThreadSentenceIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode err = U_ZERO_ERROR;
    // "ss=standard" turns on ICU's abbreviation suppressions (Mr., U.S., ...).
    std::unique_ptr<icu::BreakIterator> b(
        icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), err));
    if (U_FAILURE(err)) {
      err = U_ZERO_ERROR;
      b.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), err));
    }
    return b;
  }();
  return it.get();
}

icu::BreakIterator* ThreadWordIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode err = U_ZERO_ERROR;
    return std::unique_ptr<icu::BreakIterator>(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
  }();
  return it.get();
}

// Decodes UTF-8 (invalid sequences become U+FFFD) and records, for every
// UTF-16 unit, the byte offset it came from, plus one entry for the end.
// One walk over the bytes, so the two always agree.
icu::UnicodeString DecodeWithOffsets(std::string_view text, std::vector<size_t>* map) {
  icu::UnicodeString u;
  map->clear();
  map->reserve(text.size() + 1);
  const uint8_t* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    const size_t start = static_cast<size_t>(i);
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) c = 0xFFFD;
    u.append(c);
    for (int32_t k = 0; k < U16_LENGTH(c); ++k) map->push_back(start);
  }
  map->push_back(text.size());
  return u;
}

// True if the piece ends with a common English abbreviation (or initials)
// that ICU does not suppress: the sentence goes on.
bool EndsWithAbbreviation(std::string_view s) {
  static const char* kAbbrev[] = {"Mr.",  "Mrs.", "Ms.",  "Dr.",  "Gen.", "Sen.", "Rep.",  "Gov.",
                                  "Lt.",  "Col.", "Sgt.", "Jan.", "Feb.", "Aug.", "Sept.", "Sep.",
                                  "Oct.", "Nov.", "Dec.", "St.",  "Jr.",  "Sr.",  "Prof.", "No."};
  s = Trim(s);
  for (const char* a : kAbbrev) {
    std::string_view av(a);
    if (s.size() >= av.size() && s.substr(s.size() - av.size()) == av &&
        (s.size() == av.size() || IsSpace(s[s.size() - av.size() - 1])))
      return true;
  }
  // Initials: "C.I.A." or "U.N." ends in letter-dot-letter-dot.
  if (s.size() >= 4 && s.back() == '.' && s[s.size() - 3] == '.' &&
      std::isupper(static_cast<unsigned char>(s[s.size() - 2])) &&
      std::isupper(static_cast<unsigned char>(s[s.size() - 4])))
    return true;
  // A middle initial after a capitalised name: "James E. Ousley" ("World
  // War I." is a numeral).
  if (s.size() >= 5 && s.back() == '.' && IsSpace(s[s.size() - 3]) && s[s.size() - 2] != 'I' &&
      std::isupper(static_cast<unsigned char>(s[s.size() - 2]))) {
    size_t w = s.size() - 3;
    while (w > 0 && !IsSpace(s[w - 1])) --w;
    if (w + 1 < s.size() - 3 && std::isupper(static_cast<unsigned char>(s[w])) &&
        std::islower(static_cast<unsigned char>(s[w + 1])))
      return true;
  }
  // A first initial after a verb of saying or "by": "said C. Alan Gray"
  // ("vitamin C." ends a sentence).
  if (s.size() >= 5 && s.back() == '.' && IsSpace(s[s.size() - 3]) &&
      std::isupper(static_cast<unsigned char>(s[s.size() - 2]))) {
    std::string_view before = Trim(s.substr(0, s.size() - 3));
    size_t w = before.size();
    while (w > 0 && !IsSpace(before[w - 1])) --w;
    const std::string_view word = before.substr(w);
    for (std::string_view v : {"said", "says", "added", "wrote", "by"})
      if (word == v) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> SplitParagraphs(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t next = text.find("\n\n", pos);
    std::string_view p =
        Trim(text.substr(pos, next == std::string_view::npos ? text.npos : next - pos));
    if (!p.empty()) out.emplace_back(p);
    if (next == std::string_view::npos) break;
    pos = next + 2;
  }
  return out;
}

std::vector<Span> SplitSentences(std::string_view text) {
  std::vector<Span> out;
  if (text.empty()) return out;
  std::vector<size_t> map;
  icu::UnicodeString u = DecodeWithOffsets(text, &map);
  icu::BreakIterator* it = ThreadSentenceIterator();
  it->setText(u);
  size_t pending_begin = std::string_view::npos;
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    size_t b = map[static_cast<size_t>(start)], e = map[static_cast<size_t>(end)];
    if (pending_begin != std::string_view::npos) b = pending_begin;
    std::string_view piece = text.substr(b, e - b);
    if (EndsWithAbbreviation(piece) && end != u.length()) {
      pending_begin = b;
      continue;
    }
    pending_begin = std::string_view::npos;
    size_t lead = 0;
    while (lead < piece.size() && IsSpace(piece[lead])) ++lead;
    std::string_view t = Trim(piece);
    if (!t.empty()) out.push_back({b + lead, b + lead + t.size()});
  }
  if (pending_begin != std::string_view::npos) {
    std::string_view t = Trim(text.substr(pending_begin));
    if (!t.empty()) {
      size_t lead = text.substr(pending_begin).find(t.front());
      out.push_back({pending_begin + lead, pending_begin + lead + t.size()});
    }
  }
  return out;
}

namespace {

// Word-break classes (Unicode UAX #29) of the characters the fast path
// knows; kUnknown sends the whole text to ICU.
enum class WordClass { kLetter, kDigit, kMidNumLet, kMidNum, kBreak, kUnknown };

// The class of the character at text[i] and its length in bytes.
WordClass ClassAt(std::string_view text, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  *len = 1;
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return WordClass::kLetter;
    if (c >= '0' && c <= '9') return WordClass::kDigit;
    if (c == '.' || c == '\'') return WordClass::kMidNumLet;
    if (c == ',' || c == ';') return WordClass::kMidNum;
    // ':' joins letters in UAX #29 (MidLetter), '_' joins everything
    // (ExtendNumLet) and ICU counts '@' as a letter (e-mail addresses,
    // handles): rare in news copy, left to ICU.
    if (c == ':' || c == '_' || c == '@') return WordClass::kUnknown;
    return WordClass::kBreak;
  }
  // Typographic quotes and dashes, the only non-ASCII characters common in
  // English copy: U+2018/U+2019 join like '.', U+201C/U+201D and
  // U+2013/U+2014 break. Case folding and NFKC leave all four unchanged.
  if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(text[i + 2]);
    *len = 3;
    if (d == 0x98 || d == 0x99) return WordClass::kMidNumLet;
    if (d == 0x9C || d == 0x9D || d == 0x93 || d == 0x94) return WordClass::kBreak;
  }
  return WordClass::kUnknown;
}

// NormalizedWords for text made only of the characters ClassAt knows: ASCII
// case folding and the UAX #29 rules that apply to them (WB5-WB12: letters
// and digits join; a '.', apostrophe or typographic apostrophe joins two
// letters or two digits; ',' and ';' join two digits). False, with `out`
// unspecified, when another character occurs.
bool FastNormalizedWords(std::string_view text, std::vector<std::string>* out) {
  struct Char {
    WordClass cls;
    size_t len;
  };
  size_t i = 0;
  auto at = [&](size_t pos) {
    Char ch{WordClass::kBreak, 0};
    if (pos < text.size()) ch.cls = ClassAt(text, pos, &ch.len);
    return ch;
  };
  std::string word;
  while (i < text.size()) {
    Char ch = at(i);
    if (ch.cls == WordClass::kUnknown) return false;
    if (ch.cls != WordClass::kLetter && ch.cls != WordClass::kDigit) {
      i += ch.len;
      continue;
    }
    word.clear();
    WordClass last = ch.cls;
    while (true) {
      for (size_t k = 0; k < ch.len; ++k) {
        char c = text[i + k];
        word.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      }
      i += ch.len;
      if (i >= text.size()) break;
      Char next = at(i);
      if (next.cls == WordClass::kUnknown) return false;
      if (next.cls == WordClass::kLetter || next.cls == WordClass::kDigit) {
        last = next.cls;
        ch = next;
        continue;
      }
      bool mid = next.cls == WordClass::kMidNumLet ||
                 (next.cls == WordClass::kMidNum && last == WordClass::kDigit);
      if (!mid) break;
      Char after = at(i + next.len);
      if (after.cls == WordClass::kUnknown) return false;
      if (after.cls != last) break;  // letter.letter or digit,digit only
      // The middle character is kept, as ICU keeps it ("u.s", "1,000").
      word.append(text.substr(i, next.len));
      i += next.len;
      ch = after;
    }
    out->push_back(word);
  }
  return true;
}

}  // namespace

std::vector<std::string> NormalizedWords(std::string_view text) {
  std::vector<std::string> out;
  if (FastNormalizedWords(text, &out)) return out;
  return NormalizedWordsWithIcu(text);
}

bool NormalizedWordsFastPath(std::string_view text, std::vector<std::string>* out) {
  out->clear();
  return FastNormalizedWords(text, out);
}

std::vector<std::string> NormalizedWordsWithIcu(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  // Fold the whole text once (NFKC + case folding), then split it.
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(err);
  if (nfkc && U_SUCCESS(err)) {
    icu::UnicodeString folded = nfkc->normalize(u, err);
    if (U_SUCCESS(err)) u = std::move(folded);
  }
  icu::BreakIterator* it = ThreadWordIterator();
  it->setText(u);
  std::string s;
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    if (it->getRuleStatus() == UBRK_WORD_NONE) continue;  // spaces and punctuation
    s.clear();
    u.tempSubStringBetween(start, end).toUTF8String(s);
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

std::vector<std::string> SearchWords(std::string_view text) {
  bool ascii = std::all_of(text.begin(), text.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return NormalizedWords(text);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  if (!nfd || U_FAILURE(err)) return NormalizedWords(text);
  icu::UnicodeString decomposed = nfd->normalize(u, err);
  if (U_FAILURE(err)) return NormalizedWords(text);
  icu::UnicodeString bare;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) bare.append(c);
    i += U16_LENGTH(c);
  }
  std::string utf8;
  bare.toUTF8String(utf8);
  return NormalizedWords(utf8);
}

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  out.reserve(s.size() / 5 + 1);  // about one token per five bytes of news copy
  size_t i = 0;
  auto is_word_byte = [](unsigned char c) { return std::isalnum(c) || c >= 0x80; };
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsSpace(static_cast<char>(c))) {
      ++i;
      continue;
    }
    // Typographic apostrophe (U+2019) inside a word counts as one.
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x9C ||
         static_cast<unsigned char>(s[i + 2]) == 0x9D ||
         static_cast<unsigned char>(s[i + 2]) == 0x98)) {
      // Curly quotes are punctuation.
      out.push_back({std::string(s.substr(i, 3)), "\"", {i, i + 3}, false, false});
      i += 3;
      continue;
    }
    // The end of the word starting at i (i itself when a dash or a quote
    // such as "’" not followed by a letter starts here: punctuation below).
    auto word_end = [&](size_t j) {
      while (j < s.size()) {
        unsigned char d = static_cast<unsigned char>(s[j]);
        if (is_word_byte(d)) {
          // Stop at U+201C/U+201D/U+2018 quotes; keep U+2019 as apostrophe.
          if (d == 0xE2 && j + 2 < s.size() && static_cast<unsigned char>(s[j + 1]) == 0x80) {
            unsigned char e = static_cast<unsigned char>(s[j + 2]);
            if (e == 0x99 && j + 3 < s.size() &&
                std::isalpha(static_cast<unsigned char>(s[j + 3]))) {
              j += 3;
              continue;
            }
            if (e >= 0x90 && e <= 0x9F) break;  // dashes and quotes
          }
          ++j;
        } else if (d == '\'' && j + 1 < s.size() &&
                   std::isalpha(static_cast<unsigned char>(s[j + 1]))) {
          ++j;
        } else if (d == '.' && j + 1 < s.size() &&
                   std::isalpha(static_cast<unsigned char>(s[j + 1])) && j + 2 <= s.size() &&
                   (j + 2 == s.size() || s[j + 2] == '.')) {
          // Initials: U.S., C.I.A.
          j += 2;
        } else {
          break;
        }
      }
      return j;
    };
    if (is_word_byte(c) && word_end(i) > i) {
      size_t b = i;
      i = word_end(i);
      // Keep a final dot of initials ("U.S." / "C.I.A.") with the word.
      std::string_view w = s.substr(b, i - b);
      if (i < s.size() && s[i] == '.' && w.find('.') != std::string_view::npos) {
        ++i;
        w = s.substr(b, i - b);
      }
      Token t;
      t.text = std::string(w);
      t.lower = t.text;
      for (char& ch : t.lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      t.span = {b, i};
      t.capitalized = std::isupper(static_cast<unsigned char>(w[0])) != 0;
      t.word = true;
      out.push_back(std::move(t));
      continue;
    }
    std::string p(1, static_cast<char>(c));
    size_t n = 1;
    if (c >= 0x80) {  // multi-byte punctuation: keep the whole sequence
      n = std::min<size_t>((c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : 2, s.size() - i);
      p = std::string(s.substr(i, n));
    }
    out.push_back({p, p, {i, i + n}, false, false});
    i += n;
  }
  return out;
}

}  // namespace newsd
