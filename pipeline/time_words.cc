// The words of time expressions, shared by the calendar dates
// (time_expr.cc) and the periods, durations and sets (time_periods.cc).
#include "pipeline/time_words.h"

#include <cstdlib>
#include <string_view>

#include "common/string_map.h"

namespace newsd::time_words {

int Weekday(const std::string& w) {
  static const StringMap<int> kDays = {{"sunday", 0},    {"monday", 1},   {"tuesday", 2},
                                       {"wednesday", 3}, {"thursday", 4}, {"friday", 5},
                                       {"saturday", 6}};
  auto it = kDays.find(w);
  return it == kDays.end() ? -1 : it->second;
}

int Month(const std::string& w) {
  static const StringMap<int> kMonths = {
      {"january", 1},   {"february", 2},  {"march", 3},  {"april", 4},     {"may", 5},
      {"june", 6},      {"july", 7},      {"august", 8}, {"september", 9}, {"october", 10},
      {"november", 11}, {"december", 12}, {"jan", 1},    {"feb", 2},       {"mar", 3},
      {"apr", 4},       {"jun", 6},       {"jul", 7},    {"aug", 8},       {"sept", 9},
      {"sep", 9},       {"oct", 10},      {"nov", 11},   {"dec", 12}};
  auto it = kMonths.find(w);
  return it == kMonths.end() ? 0 : it->second;
}

int Number(const Token& t, int max) {
  if (!t.word || t.lower.empty() || t.lower.size() > 4) return -1;
  std::string digits;
  for (char c : t.lower) {
    if (c >= '0' && c <= '9')
      digits.push_back(c);
    else if (digits.empty())
      return -1;
  }
  // "12th", "1st" are fine; "12abc" is not.
  std::string rest = t.lower.substr(digits.size());
  if (!rest.empty() && rest != "st" && rest != "nd" && rest != "rd" && rest != "th") return -1;
  int v = std::atoi(digits.c_str());
  return v >= 1 && v <= max ? v : -1;
}

int Count(const Token& t) {
  static const char* kWords[] = {"one",   "two",   "three", "four", "five",   "six",
                                 "seven", "eight", "nine",  "ten",  "eleven", "twelve"};
  for (int i = 0; i < 12; ++i)
    if (t.lower == kWords[i]) return i + 1;
  if (t.lower == "a" || t.lower == "an") return 1;
  return Number(t, 400);
}

int Year(const Token& t) {
  if (!t.word || t.lower.size() != 4 ||
      t.lower.find_first_not_of("0123456789") != std::string::npos)
    return -1;
  int y = std::atoi(t.lower.c_str());
  return y >= 1900 && y <= 2200 ? y : -1;
}

int SpelledYear(const std::vector<Token>& t, size_t i, size_t* end) {
  static const char* kUnits[] = {"one", "two",   "three", "four", "five",
                                 "six", "seven", "eight", "nine"};
  static const char* kTens[] = {"twenty", "thirty",  "forty",  "fifty",
                                "sixty",  "seventy", "eighty", "ninety"};
  static const char* kTeens[] = {"ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                 "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  auto index = [&](size_t k, const char* const* words, int n) {
    if (k >= t.size()) return -1;
    for (int w = 0; w < n; ++w)
      if (t[k].lower == words[w]) return w;
    return -1;
  };
  if (i + 1 >= t.size()) return -1;
  if (t[i].lower == "nineteen") {
    const int tens = index(i + 1, kTens, 8);
    if (tens < 0) return -1;
    int y = 1920 + 10 * tens;
    *end = i + 2;
    if (i + 3 < t.size() && t[i + 2].text == "-" && t[i + 2].span.begin == t[i + 1].span.end) {
      if (const int unit = index(i + 3, kUnits, 9); unit >= 0) {
        y += unit + 1;
        *end = i + 4;
      }
    }
    return y;
  }
  if (t[i].lower == "two" && t[i + 1].lower == "thousand") {
    size_t k = i + 2;
    if (k < t.size() && t[k].lower == "and") ++k;
    int y = 2000;
    *end = i + 2;
    if (const int unit = index(k, kUnits, 9); unit >= 0) {
      y += unit + 1;
      *end = k + 1;
    } else if (const int teen = index(k, kTeens, 10); teen >= 0) {
      y += 10 + teen;
      *end = k + 1;
    }
    return y;
  }
  return -1;
}

}  // namespace newsd::time_words
