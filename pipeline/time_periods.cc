// Time expressions that are no calendar date, written the TimeML way:
// quarters, halves, seasons, decades and centuries, references to the
// present, past and future, durations and sets. Added beside the calendar
// dates FindTimeExpressions finds, never in their place: they carry a
// TimeML value but date no event.
#include <cctype>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "common/string_map.h"
#include "pipeline/time_words.h"
#include "pipeline/words.h"

namespace newsd::time_words {
namespace {

using namespace std::chrono;

// TimeML's unit of a duration: "P3Y", "P2W", "PT6H".
struct DurationUnit {
  std::string_view letters;  // "Y", "M", "W", "D", "Q", "DE", "CE", "H", "MIN", "S"
  bool clock = false;        // hours, minutes, seconds: written after "T"
};

// The unit a word names, singular or plural ("years" sets *plural).
std::optional<DurationUnit> UnitOf(std::string_view w, bool* plural) {
  struct Entry {
    std::string_view singular, plural;
    DurationUnit unit;
  };
  static const Entry kUnits[] = {
      {"year", "years", {"Y"}},           {"month", "months", {"M"}},
      {"week", "weeks", {"W"}},           {"day", "days", {"D"}},
      {"quarter", "quarters", {"Q"}},     {"decade", "decades", {"DE"}},
      {"century", "centuries", {"CE"}},   {"hour", "hours", {"H", true}},
      {"minute", "minutes", {"M", true}}, {"second", "seconds", {"S", true}},
  };
  for (const Entry& e : kUnits) {
    if (w == e.singular || w == e.plural) {
      *plural = w == e.plural;
      return e.unit;
    }
  }
  return std::nullopt;
}

std::string DurationValue(std::string_view count, const DurationUnit& u) {
  // Decades and centuries in years, as TimeBank writes them ("two
  // decades" is P20Y); an unknown number of them keeps its unit.
  if ((u.letters == "DE" || u.letters == "CE") && count != "X")
    return "P" + std::to_string(std::stoi(std::string(count)) * (u.letters == "DE" ? 10 : 100)) +
           "Y";
  std::string v = u.clock ? "PT" : "P";
  v += count;
  v += u.letters == "M" && u.clock ? "M" : u.letters;
  return v;
}

// "first" .. "fourth", "1st" .. "4th", "final"/"last" (as 4, for quarters).
int Ordinal(std::string_view w) {
  static const std::string_view kWords[] = {"first", "second", "third", "fourth"};
  static const std::string_view kDigits[] = {"1st", "2nd", "3rd", "4th"};
  for (int k = 0; k < 4; ++k)
    if (w == kWords[k] || w == kDigits[k]) return k + 1;
  return 0;
}

// 0 spring, 1 summer, 2 fall, 3 winter; -1 for other words.
int Season(std::string_view w) {
  if (w == "spring") return 0;
  if (w == "summer") return 1;
  if (w == "fall" || w == "autumn") return 2;
  if (w == "winter") return 3;
  return -1;
}

constexpr std::string_view kSeasonCodes[] = {"SP", "SU", "FA", "WI"};
constexpr unsigned kSeasonStart[] = {3, 6, 9, 12};  // first month of each season

// Counts that are no number: "a few weeks", "several years".
bool VagueCount(std::string_view w) {
  return IsOneOf(w, {"few", "several", "some", "many", "couple"});
}

// Words a time expression may run into while still dating the clause
// rather than a noun after it ("the third quarter of 1989", "in the
// quarter, profits rose").
bool EndsPhrase(const std::vector<Token>& t, size_t e) {
  if (e >= t.size() || !t[e].word) return true;
  return IsPreposition(t[e].lower) ||
         IsOneOf(t[e].lower, {"and", "or",  "but",  "as",   "when",  "while", "that", "than", "the",
                              "a",   "an",  "he",   "she",  "it",    "they",  "we",   "i",    "is",
                              "was", "are", "were", "will", "would", "has",   "had",  "have"});
}

// Whether an expression of this file may start at a word: every one starts
// with a number or one of these words. Most words of a sentence are
// rejected here with one lookup, instead of by each finder in turn.
bool MayStart(std::string_view w) {
  static const StringSet kHeads = {
      // sets
      "every", "each", "daily", "weekly", "monthly", "annually", "yearly", "hourly", "quarterly",
      "a", "an", "per", "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays",
      "sundays",
      // quarters and halves
      "last", "this", "next", "most", "latest", "recent", "current", "quarter", "fiscal", "first",
      "second", "third", "fourth", "final", "q1", "q2", "q3", "q4",
      // seasons, decades, centuries
      "spring", "summer", "fall", "autumn", "winter", "twenties", "thirties", "forties", "fifties",
      "sixties", "seventies", "eighties", "nineties", "decade", "century",
      // references
      "now", "currently", "nowadays", "these", "soon", "near", "short", "present", "recently",
      "previously", "formerly", "past", "future", "coming",
      // counts and units
      "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
      "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
      "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "few",
      "several", "some", "many", "couple", "years", "months", "weeks", "days", "hours", "minutes",
      "seconds", "decades", "centuries", "quarters"};
  return (!w.empty() && std::isdigit(static_cast<unsigned char>(w[0]))) || kHeads.contains(w);
}

class PeriodFinder {
 public:
  PeriodFinder(const std::vector<Token>& t, Timestamp ref, bool future,
               std::vector<TimeExpression>* out)
      : t_(t), future_(future), out_(out), dropped_(out->size()) {
    const year_month_day ymd{floor<days>(ref)};
    ref_year_ = static_cast<int>(ymd.year());
    ref_month_ = static_cast<unsigned>(ymd.month());
  }

  void Run() {
    // In a sentence about quarters, the year-ago ones count from them; not
    // with a year named ("year-ago figures included a gain booked in the
    // 1991 first quarter": "year-ago" may count from it instead).
    bool year_ago_quarters = TalksOfQuarters();
    for (size_t k = 0; k < t_.size() && year_ago_quarters; ++k) year_ago_quarters = Year(t_[k]) < 0;
    for (size_t i = 0; i < t_.size(); ++i) {
      if (!t_[i].word || !MayStart(t_[i].lower)) continue;
      size_t end = 0;
      if ((end = Set(i)) || (end = QuarterOrHalf(i)) || (end = SeasonAt(i)) ||
          (end = DecadeOrCentury(i)) || (end = Reference(i)) || (end = Duration(i)))
        i = end - 1;
    }
    // (Once the quarters are known.)
    if (year_ago_quarters)
      for (size_t i = 0; i < t_.size(); ++i)
        if (t_[i].word)
          if (size_t end = YearAgoQuarter(i)) i = end - 1;
    size_t kept = 0;
    for (size_t k = 0; k < out_->size(); ++k)
      if (k >= dropped_.size() || !dropped_[k]) {
        if (kept != k) (*out_)[kept] = std::move((*out_)[k]);
        ++kept;
      }
    out_->resize(kept);
  }

 private:
  const std::string& W(size_t k) const {
    static const std::string kNone;
    return k < t_.size() ? t_[k].lower : kNone;
  }
  bool Hyphen(size_t k) const { return k < t_.size() && t_[k].text == "-"; }

  // True when [b, e) holds no expression found before except whole ones
  // ("the first half of 1990" holds the year 1990).
  bool Free(size_t b, size_t e) const {
    for (size_t k = 0; k < out_->size(); ++k) {
      const TimeExpression& x = (*out_)[k];
      if (x.token_end <= b || x.token_begin >= e) continue;
      if (x.token_begin < b || x.token_end > e) return false;
    }
    return true;
  }

  // Like Add, the expressions inside [b, e) read again as part of it and
  // dropped.
  size_t Replace(size_t b, size_t e, TimeType type, std::string value) {
    if (!Free(b, e)) return 0;
    dropped_.resize(out_->size());
    for (size_t k = 0; k < out_->size(); ++k)
      if ((*out_)[k].token_begin >= b && (*out_)[k].token_end <= e) dropped_[k] = true;
    return Add(b, e, type, std::move(value));
  }

  size_t Add(size_t b, size_t e, TimeType type, std::string value, bool attributive = false) {
    if (!Free(b, e)) return 0;
    TimeExpression x;
    x.token_begin = b;
    x.token_end = e;
    x.type = type;
    x.period = std::move(value);
    x.attributive = attributive;
    out_->push_back(std::move(x));
    return e;
  }

  // An explicit year at k ("1989", "fiscal 1989", "of 1989"): sets *end.
  int YearAt(size_t k, size_t* end) const {
    if (W(k) == "of") ++k;
    if (W(k) == "fiscal") ++k;
    if (k < t_.size() && Year(t_[k]) > 0) {
      *end = k + 1;
      return Year(t_[k]);
    }
    size_t spelled_end = 0;
    if (const int y = SpelledYear(t_, k, &spelled_end); y > 0) {
      *end = spelled_end;
      return y;
    }
    return -1;
  }

  // The determiner or modifier before i that belongs to the expression
  // ("the third quarter", "this summer"), if any.
  size_t WithArticle(size_t i) const { return i > 0 && W(i - 1) == "the" ? i - 1 : i; }

  // "every Friday", "each year", "every two weeks", "weekly", "twice a
  // week", "$5 a month", "on Fridays".
  size_t Set(size_t i) {
    const std::string& w = W(i);
    static const std::pair<std::string_view, std::string_view> kAdverbs[] = {
        {"daily", "XXXX-XX-XX"}, {"weekly", "XXXX-WXX"}, {"monthly", "XXXX-XX"},
        {"annually", "XXXX"},    {"yearly", "XXXX"},     {"hourly", "PT1H"},
        {"quarterly", "XXXX-QX"}};
    for (const auto& [adverb, value] : kAdverbs)
      if (w == adverb && EndsPhrase(t_, i + 1))
        return Add(i, i + 1, TimeType::kSet, std::string(value));
    if (w == "every" || w == "each") {
      size_t k = i + 1;
      std::string count = "1";
      if (k < t_.size() && Count(t_[k]) > 1) {
        count = std::to_string(Count(t_[k]));
        ++k;
      } else if (W(k) == "other") {
        count = "2";
        ++k;
      }
      bool plural = false;
      if (auto u = UnitOf(W(k), &plural); u && plural == (count != "1"))
        return Add(i, k + 1, TimeType::kSet, DurationValue(count, *u));
      if (count != "1") return 0;
      if (int wd = Weekday(W(k)); wd >= 0) {
        std::string v = "XXXX-WXX-";
        v += static_cast<char>('0' + (wd == 0 ? 7 : wd));
        return Add(i, k + 1, TimeType::kSet, v);
      }
      if (int mo = Month(W(k)); mo > 0 && t_[k].capitalized) {
        char v[16];
        std::snprintf(v, sizeof v, "XXXX-%02d", mo);
        return Add(i, k + 1, TimeType::kSet, v);
      }
      if (int s = Season(W(k)); s >= 0)
        return Add(i, k + 1, TimeType::kSet, "XXXX-" + std::string(kSeasonCodes[s]));
      return 0;
    }
    // "on Fridays": a weekday in the plural.
    if (t_[i].capitalized && w.size() > 1 && w.back() == 's') {
      if (int wd = Weekday(w.substr(0, w.size() - 1)); wd >= 0) {
        std::string v = "XXXX-WXX-";
        v += static_cast<char>('0' + (wd == 0 ? 7 : wd));
        return Add(i, i + 1, TimeType::kSet, v);
      }
    }
    // "twice a week", "three times a year", "$5 a month", "per day".
    if ((w == "a" || w == "per") && i > 0) {
      bool plural = false;
      auto u = UnitOf(W(i + 1), &plural);
      if (!u || plural) return 0;
      const Token& prev = t_[i - 1];
      const bool rate = w == "per" || IsOneOf(prev.lower, {"once", "twice", "times", "percent"}) ||
                        prev.text == "%" ||
                        (!prev.lower.empty() &&
                         prev.lower.find_first_not_of("0123456789.,") == std::string::npos);
      if (rate) return Add(i, i + 2, TimeType::kSet, DurationValue("1", *u));
    }
    return 0;
  }

  // A quarter (n 1..4) or half (n 1..2) of year y, as an index that
  // counts them: shifting by one moves one quarter or half.
  struct Period {
    int year = 0, n = 0;
    bool half = false;
    std::string Value() const {
      return std::to_string(year) + (half ? "-H" : "-Q") + std::to_string(n);
    }
    Period Shift(int by) const {
      const int per_year = half ? 2 : 4;
      const int index = year * per_year + n - 1 + by;
      return {index / per_year, index % per_year + 1, half};
    }
  };

  Period Now(bool half) const {
    return {ref_year_,
            half ? (ref_month_ <= 6 ? 1 : 2) : static_cast<int>((ref_month_ - 1) / 3) + 1, half};
  }

  // The quarter a sentence reports on: the first it names, else the last
  // one completed (what results and filings speak of).
  Period ContextQuarter() const {
    for (const TimeExpression& x : *out_)
      if (x.period.size() == 7 && x.period[5] == 'Q')
        return {std::stoi(x.period.substr(0, 4)), x.period[6] - '0', false};
    return Now(false).Shift(-1);
  }

  bool TalksOfQuarters() const {
    for (const Token& w : t_)
      if (w.lower == "quarter" || w.lower == "quarterly" || w.lower == "quarters") return true;
    return false;
  }

  // "the third quarter", "third-quarter", "the fourth quarter of 1989",
  // "Q3", "the first half", "the 1988 third quarter", "last quarter", "the
  // latest quarter", "the current quarter".
  size_t QuarterOrHalf(size_t i) {
    // "last quarter", "this quarter", "next quarter".
    if (IsOneOf(W(i), {"last", "this", "next"}) && W(i + 1) == "quarter") {
      const int shift = W(i) == "last" ? -1 : W(i) == "next" ? 1 : 0;
      return Add(i, i + 2, TimeType::kDate, Now(false).Shift(shift).Value(),
                 !EndsPhrase(t_, i + 2));
    }
    // "the latest quarter", "the most recent quarter", "the current quarter",
    // "the quarter".
    if (i > 0 && W(i - 1) == "the") {
      size_t u = i;
      if (W(u) == "most" && W(u + 1) == "recent") ++u;
      const bool current = W(u) == "current";
      if (IsOneOf(W(u), {"latest", "recent", "current"})) ++u;
      if (W(u) == "quarter" && !(u + 1 < t_.size() && (W(u + 1) == "-" || W(u + 1) == "of")))
        return Add(i - 1, u + 1, TimeType::kDate,
                   current ? Now(false).Value() : Now(false).Shift(-1).Value(),
                   !EndsPhrase(t_, u + 1));
    }
    size_t b = WithArticle(i), k = i;
    int explicit_year = -1;
    if (Year(t_[k]) > 0 && Ordinal(W(k + 1)) > 0)
      explicit_year = Year(t_[k++]);  // "the 1988 third quarter"
    if (W(k) == "fiscal") ++k;
    int n = Ordinal(W(k));
    if ((W(k) == "final" || W(k) == "last") && b != i) n = -1;  // "the final quarter"
    size_t unit_at;
    bool half = false;
    if (W(k).size() == 2 && W(k)[0] == 'q' && W(k)[1] >= '1' && W(k)[1] <= '4') {
      n = W(k)[1] - '0';
      unit_at = k;
    } else {
      if (n == 0) return 0;
      unit_at = k + 1;
      if (Hyphen(unit_at)) ++unit_at;
      half = W(unit_at) == "half";
      if (W(unit_at) != "quarter" && !half) return 0;
      if (n == -1) n = half ? 2 : 4;  // "the last half of 1996"
      if (half && n > 2) return 0;
    }
    size_t end = unit_at + 1;
    int y = explicit_year > 0 ? explicit_year : YearAt(end, &end);
    if (y < 0) {
      // The nearest one not to come; looking ahead, the one just over
      // (still to be reported) or one to come.
      const int now = Now(half).n;
      y = future_ ? (n >= now - 1 ? ref_year_ : ref_year_ + 1)
                  : (n <= now ? ref_year_ : ref_year_ - 1);
    }
    return Add(b, end, TimeType::kDate, Period{y, n, half}.Value(), !EndsPhrase(t_, end));
  }

  // In a sentence about quarters, "a year ago", "a year earlier", "the
  // year-ago quarter", "year-earlier" name the same quarter a year before
  // ("earnings climbed to $8 million from $6 million a year ago"), not the year.
  size_t YearAgoQuarter(size_t i) {
    size_t b = i, e;
    int ordinal = 0;
    if ((W(i) == "a" || W(i) == "one") && W(i + 1) == "year" &&
        IsOneOf(W(i + 2), {"ago", "earlier"})) {
      e = i + 3;
    } else if (W(i) == "year" && Hyphen(i + 1) && IsOneOf(W(i + 2), {"ago", "earlier"})) {
      e = i + 3;
      if (IsOneOf(W(e), {"quarter", "period"})) {
        ++e;
      } else if (Ordinal(W(e)) > 0 && W(e + 1) == "quarter") {
        ordinal = Ordinal(W(e));
        e += 2;
      }
      b = WithArticle(i);
      if (b == i && i > 1 && W(i - 1) == "comparable" && W(i - 2) == "the") b = i - 2;
    } else {
      return 0;
    }
    Period q = ContextQuarter();
    if (ordinal > 0) q.n = ordinal;
    q.year -= 1;
    return Replace(b, e, TimeType::kDate, q.Value());
  }

  // "this summer", "last fall", "the winter of 1994", "this past spring",
  // "summer 1997", "next spring".
  size_t SeasonAt(size_t i) {
    const int s = Season(W(i));
    if (s < 0) return 0;
    size_t b = i;
    std::string_view which;
    if (i > 0 && IsOneOf(W(i - 1), {"this", "last", "next", "the", "early", "late"})) {
      b = i - 1;
      which = W(i - 1);
      if (which == "early" || which == "late") {
        which = b > 0 && IsOneOf(W(b - 1), {"this", "last", "next", "the"}) ? W(b - 1) : "";
        if (!which.empty()) --b;
      }
    } else if (i > 1 && W(i - 1) == "past" && W(i - 2) == "this") {
      b = i - 2;
      which = "last";
    }
    size_t end = i + 1;
    int y = YearAt(end, &end);
    if (y < 0) {
      if (which.empty()) return 0;  // "fall" alone is mostly the verb
      // ("the fall of the Berlin Wall" is no season.)
      if (W(i + 1) == "of") return 0;
      const int start = static_cast<int>(kSeasonStart[s]);
      const int ref = ref_year_ * 12 + static_cast<int>(ref_month_) - 1;
      auto begins = [&](int year) { return year * 12 + start - 1; };  // in months
      if (which == "last") {
        y = ref_year_ + 1;
        while (begins(y) + 3 > ref) --y;  // the latest one over before now
      } else if (which == "next") {
        y = ref_year_ - 1;
        while (begins(y) <= ref) ++y;  // the first one to begin after now
      } else {
        y = ref_year_;  // this year's, or the winter begun last December
        if (s == 3 && ref_month_ <= 2) --y;
      }
    }
    return Add(b, end, TimeType::kDate, std::to_string(y) + "-" + std::string(kSeasonCodes[s]));
  }

  // "the 1990s", "the late 1970s", "the mid-1990s", "the '80s", "the
  // nineties", "the last decade", "the 20th century", "this century".
  size_t DecadeOrCentury(size_t i) {
    const std::string& w = W(i);
    auto with_modifier = [&](size_t at) {
      // "the early 1980s", "the mid-1990s".
      if (at > 0 && IsOneOf(W(at - 1), {"early", "late", "mid"})) {
        --at;
      } else if (at > 1 && Hyphen(at - 1) && W(at - 2) == "mid") {
        at -= 2;
      }
      return at > 0 && W(at - 1) == "the" ? at - 1 : at;
    };
    // "1990s", "1990's", "80s" after an apostrophe.
    auto digits = [](std::string_view s) {
      return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
    };
    std::string decade;
    size_t first = i, end = i + 1;
    if (w.size() == 5 && w.back() == 's' && digits(w.substr(0, 4)) && w[3] == '0') {
      decade = w.substr(0, 3);
    } else if (w.size() == 4 && digits(w) && w[3] == '0' && (W(i + 1) == "'s" || W(i + 1) == "s")) {
      decade = w.substr(0, 3);
      end = i + 2;
    } else if (w.size() == 3 && w.back() == 's' && digits(w.substr(0, 2)) && w[1] == '0' && i > 0 &&
               t_[i - 1].text == "'") {
      decade = (w[0] == '0' || w[0] == '1' ? "20" : "19") + w.substr(0, 1);
      first = i - 1;
    } else {
      static const std::string_view kDecades[] = {"twenties", "thirties",  "forties",  "fifties",
                                                  "sixties",  "seventies", "eighties", "nineties"};
      for (int k = 0; k < 8; ++k)
        if (w == kDecades[k] && i > 0 && IsOneOf(W(i - 1), {"the", "early", "late", "mid"}))
          decade = "19" + std::to_string(k + 2);
    }
    if (!decade.empty()) return Add(with_modifier(first), end, TimeType::kDate, decade);
    // "the last decade", "this decade"; "the 20th century", "this century".
    if ((w == "decade" || w == "century") && i > 0) {
      const int decade_now = ref_year_ / 10, century_now = ref_year_ / 100;
      const std::string& before = W(i - 1);
      int value = -1;
      if (before == "this") value = w == "decade" ? decade_now : century_now;
      if (before == "last" && i > 1 && W(i - 2) == "the")
        value = (w == "decade" ? decade_now : century_now) - 1;
      if (before == "next" || before == "coming")
        value = (w == "decade" ? decade_now : century_now) + 1;
      if (w == "century" && value < 0) {
        // "the 20th century": the 20th is 19xx.
        std::string_view n = before;
        if (n.size() > 2 &&
            (n.ends_with("th") || n.ends_with("st") || n.ends_with("nd") || n.ends_with("rd")) &&
            digits(n.substr(0, n.size() - 2)))
          value = std::stoi(std::string(n.substr(0, n.size() - 2))) - 1;
      }
      if (value < 0) return 0;
      size_t b = i - 1;
      if (b > 0 && W(b - 1) == "the") --b;
      if (W(i + 1) == "-" || W(i + 1) == "old") return 0;
      // ("the 20th" alone reads as a day of the month.)
      return Replace(b, i + 1, TimeType::kDate, std::to_string(value));
    }
    return 0;
  }

  // "now", "currently", "at present", "the past", "recently", "the
  // future", "the coming weeks", "in coming months".
  size_t Reference(size_t i) {
    const std::string& w = W(i);
    if (w == "now" || w == "currently" || w == "nowadays")
      return Add(i, i + 1, TimeType::kDate, "PRESENT_REF");
    if (w == "these" && W(i + 1) == "days") return Add(i, i + 2, TimeType::kDate, "PRESENT_REF");
    bool plural = false;
    // "current prices", "the current account", as TimeML reads them; "the
    // current quarter" and "the current year" are dates of their own.
    if (w == "current" && i + 1 < t_.size() && t_[i + 1].word && !UnitOf(W(i + 1), &plural) &&
        !UnitOf(W(i + 2), &plural) && !IsOneOf(W(i + 1), {"and", "or", "fiscal"}))
      return Add(i, i + 1, TimeType::kDate, "PRESENT_REF");
    // "recent weeks", "in recent years", "recent gains".
    if (w == "recent") {
      if (UnitOf(W(i + 1), &plural) && plural) return Add(i, i + 2, TimeType::kDate, "PAST_REF");
      if (i + 1 < t_.size() && t_[i + 1].word) return Add(i, i + 1, TimeType::kDate, "PAST_REF");
    }
    if (w == "soon" && !(i > 0 && W(i - 1) == "as"))
      return Add(i, i + 1, TimeType::kDate, "FUTURE_REF");
    // "the near term", "the short term".
    if ((w == "near" || w == "short") && W(i + 1) == "term" && i > 0 && W(i - 1) == "the")
      return Add(i - 1, i + 2, TimeType::kDate, "FUTURE_REF");
    if (w == "present" && i > 0 && IsOneOf(W(i - 1), {"at", "the"}) && EndsPhrase(t_, i + 1))
      return Add(i - 1, i + 1, TimeType::kDate, "PRESENT_REF");
    if (w == "recently" || w == "previously" || w == "formerly")
      return Add(i, i + 1, TimeType::kDate, "PAST_REF");
    if (w == "past" && i > 0 && W(i - 1) == "the" && EndsPhrase(t_, i + 1))
      return Add(i - 1, i + 1, TimeType::kDate, "PAST_REF");
    if (w == "future" && i > 0) {
      size_t b = i;
      if (b > 0 && IsOneOf(W(b - 1), {"near", "foreseeable", "distant", "immediate"})) --b;
      if (b > 0 && W(b - 1) == "the" && EndsPhrase(t_, i + 1))
        return Add(b - 1, i + 1, TimeType::kDate, "FUTURE_REF");
      // "future quarters", "future earnings".
      if (b == i && i + 1 < t_.size() && t_[i + 1].word && !EndsPhrase(t_, i + 1))
        return Add(i, i + 1, TimeType::kDate, "FUTURE_REF");
      return 0;
    }
    // "the coming weeks", "in coming months", "the weeks ahead".
    if (w == "coming" && UnitOf(W(i + 1), &plural) && plural)
      return Add(WithArticle(i), i + 2, TimeType::kDate, "FUTURE_REF");
    if (UnitOf(w, &plural) && plural && W(i + 1) == "ahead" && i > 0 && W(i - 1) == "the")
      return Add(i - 1, i + 2, TimeType::kDate, "FUTURE_REF");
    return 0;
  }

  // A count at k: Count's ("two", "12", "a"), or tens and teens in words
  // ("twenty years", "twenty-five years", "fifteen months"). Sets *after
  // past it; 0 when none.
  int CountAt(size_t k, size_t* after) const {
    if (k >= t_.size()) return 0;
    if (const int n = Count(t_[k]); n > 0) {
      // Day-of-month ordinals ("the 20th") count nothing.
      if (!W(k).empty() && std::isdigit(static_cast<unsigned char>(W(k)[0])) &&
          W(k).find_first_not_of("0123456789") != std::string::npos)
        return 0;
      *after = k + 1;
      return n;
    }
    static const std::string_view kTeens[] = {"thirteen",  "fourteen", "fifteen", "sixteen",
                                              "seventeen", "eighteen", "nineteen"};
    static const std::string_view kTens[] = {"twenty", "thirty",  "forty",  "fifty",
                                             "sixty",  "seventy", "eighty", "ninety"};
    for (int d = 0; d < 7; ++d)
      if (W(k) == kTeens[d]) {
        *after = k + 1;
        return 13 + d;
      }
    for (int d = 0; d < 8; ++d) {
      if (W(k) != kTens[d]) continue;
      static const std::string_view kUnits[] = {"one", "two",   "three", "four", "five",
                                                "six", "seven", "eight", "nine"};
      int n = 20 + 10 * d;
      *after = k + 1;
      const size_t unit_at = Hyphen(k + 1) ? k + 2 : k + 1;  // "twenty-five", "twenty five"
      for (int u = 0; u < 9; ++u)
        if (W(unit_at) == kUnits[u]) {
          n += u + 1;
          *after = unit_at + 1;
        }
      return n;
    }
    return 0;
  }

  // "three years", "for weeks", "the past six months", "a few days",
  // "five-year" ("a five-year plan"), "recent years".
  size_t Duration(size_t i) {
    size_t b = i, k = i;
    std::string count;
    if (VagueCount(W(k))) {
      if (W(k) == "couple") {
        if (k == 0 || W(k - 1) != "a" || W(k + 1) != "of") return 0;
        b = k - 1;
        count = "2";
        k += 2;
      } else {
        if (W(k) == "few" && k > 0 && W(k - 1) == "a") b = k - 1;
        count = "X";
        ++k;
      }
    } else if (size_t after = 0; const int n = CountAt(k, &after)) {
      // "a second time", "a second round": an ordinal, no duration.
      if (n == 1 && !std::isdigit(static_cast<unsigned char>(W(k)[0])) &&
          !IsOneOf(W(after), {"year", "month", "week", "day", "decade", "century", "hour", "minute",
                              "quarter", "-"}))
        return 0;
      count = std::to_string(n);
      k = after;
    }
    // "20 more years", "three full days".
    if (!count.empty() && IsOneOf(W(k), {"more", "additional", "full", "straight", "consecutive"}))
      ++k;
    // "a five-year plan", "the 8-month-old truce": attributive.
    const bool hyphened = !count.empty() && Hyphen(k);
    if (hyphened) ++k;
    bool plural = false;
    auto u = UnitOf(W(k), &plural);
    if (!u) return 0;
    if (count.empty()) {
      // A unit alone: "for years", "in recent months", "over decades".
      if (!plural || i == 0) return 0;
      if (W(i - 1) == "recent") {
        b = i - 1;
      } else if (!IsOneOf(W(i - 1), {"for", "over", "within"})) {
        return 0;
      }
      count = "X";
    } else if (count == "1" && plural) {
      return 0;  // "a days" is no phrase; "one days" neither
    } else if (u->letters == "Q" && (count == "1" || W(k + 1) == "of")) {
      return 0;  // "a quarter of the vote", "three quarters of voters"
    }
    const size_t end = k + 1;
    // Dates counted from now or from the text ("two days ago", "a year
    // earlier") are calendar dates, found before.
    if (IsOneOf(W(end), {"ago", "later", "earlier"}) ||
        (W(end) == "or" && W(end + 1) == "so" && IsOneOf(W(end + 2), {"ago", "later", "earlier"})))
      return 0;
    // "the past three months", "the last two years", "the next five days".
    if (b > 1 && W(b - 2) == "the" &&
        IsOneOf(W(b - 1), {"past", "last", "next", "first", "coming"}))
      b -= 2;
    size_t e = end;
    if (hyphened && Hyphen(e) && W(e + 1) == "old") e += 2;
    return Add(b, e, TimeType::kDuration, DurationValue(count, *u), hyphened);
  }

  const std::vector<Token>& t_;
  const bool future_;
  std::vector<TimeExpression>* out_;
  std::vector<bool> dropped_;  // by index in *out_: read again by a wider expression
  int ref_year_ = 0;
  unsigned ref_month_ = 1;
};

}  // namespace

void FindPeriods(const std::vector<Token>& tokens, Timestamp reference, bool future,
                 std::vector<TimeExpression>* out) {
  PeriodFinder(tokens, reference, future, out).Run();
}

}  // namespace newsd::time_words
