#include "pipeline/time_expr.h"

#include <cstdlib>

namespace newsd {
namespace {

using namespace std::chrono;

int Weekday(const std::string& w) {
  static const char* kDays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                "thursday", "friday", "saturday"};
  for (int i = 0; i < 7; ++i)
    if (w == kDays[i]) return i;
  return -1;
}

int Month(const std::string& w) {
  static const char* kMonths[] = {"january",   "february", "march",    "april",
                                  "may",       "june",     "july",     "august",
                                  "september", "october",  "november", "december"};
  static const char* kShort[] = {"jan", "feb", "mar",  "apr", "may", "jun",
                                 "jul", "aug", "sept", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i)
    if (w == kMonths[i] || w == kShort[i] || (i == 8 && w == "sep")) return i + 1;
  return 0;
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

bool IsTimeOfDay(const std::string& w) {
  return w == "morning" || w == "afternoon" || w == "evening" || w == "night";
}

}  // namespace

std::vector<TimeExpression> FindTimeExpressions(const std::vector<Token>& t, Timestamp ref,
                                                bool future) {
  std::vector<TimeExpression> out;
  const sys_days ref_day = floor<days>(ref);
  const year_month_day ref_ymd{ref_day};
  auto add = [&](size_t b, size_t e, sys_days d, const char* gran, bool calendar_date = false) {
    TimeExpression x{b, e, time_point_cast<milliseconds>(sys_time<days>(d)), gran, false};
    // Attributive: a calendar date directly followed by a noun-like word
    // ("the 12 June summit").
    if (calendar_date && e < t.size() && t[e].word && !IsTimeOfDay(t[e].lower)) {
      static const char* kFunction[] = {"as",  "and",  "or",    "but",    "in",   "at",
                                        "to",  "with", "after", "before", "when", "while",
                                        "for", "of",   "that",  "the",    "a",    "he",
                                        "she", "they", "it",    "we",     "last", "next"};
      bool function_word = false;
      for (const char* f : kFunction) function_word |= t[e].lower == f;
      x.attributive = !function_word && !t[e].capitalized &&
                      t[e].lower.find_first_of("0123456789") == std::string::npos;
    }
    out.push_back(x);
  };
  for (size_t i = 0; i < t.size(); ++i) {
    if (!t[i].word) continue;
    const std::string& w = t[i].lower;
    // Relative days.
    if (w == "today" || w == "tonight") {
      add(i, i + 1, ref_day, "day");
      continue;
    }
    if (w == "yesterday") {
      add(i, i + 1, ref_day - days(1), "day");
      continue;
    }
    if (w == "tomorrow") {
      add(i, i + 1, ref_day + days(1), "day");
      continue;
    }
    if ((w == "last" || w == "next" || w == "this") && i + 1 < t.size()) {
      const std::string& n = t[i + 1].lower;
      int sign = w == "last" ? -1 : w == "next" ? 1 : 0;
      if (n == "week") {
        sys_days monday = ref_day - days((weekday(ref_day).c_encoding() + 6) % 7);
        add(i, i + 2, monday + days(7 * sign), "week");
        ++i;
        continue;
      }
      if (n == "month") {
        year_month m = ref_ymd.year() / ref_ymd.month();
        m += months(sign);
        add(i, i + 2, sys_days(m / 1), "month");
        ++i;
        continue;
      }
      if (int wd = Weekday(n); wd >= 0) {
        const int ref_wd = static_cast<int>(weekday(ref_day).c_encoding());
        const int back = (ref_wd - wd + 7) % 7, ahead = (wd - ref_wd + 7) % 7;
        sys_days d = sign > 0 ? ref_day + days(ahead == 0 ? 7 : ahead)
                              : ref_day - days(back == 0 ? 7 : back);
        add(i, i + 2, d, "day");
        ++i;
        continue;
      }
    }
    // "N days ago" / "N weeks ago".
    if (int n = Number(t[i], 400); n > 0 && i + 2 < t.size() && t[i + 2].lower == "ago") {
      if (t[i + 1].lower == "days" || t[i + 1].lower == "day") {
        add(i, i + 3, ref_day - days(n), "day");
        i += 2;
        continue;
      }
      if (t[i + 1].lower == "weeks" || t[i + 1].lower == "week") {
        add(i, i + 3, ref_day - days(7 * n), "week");
        i += 2;
        continue;
      }
    }
    // Weekday alone: the last one on or before the reference (or the next).
    if (int wd = Weekday(w); wd >= 0 && t[i].capitalized) {
      int ref_wd = static_cast<int>(weekday(ref_day).c_encoding());
      sys_days d =
          future ? ref_day + days((wd - ref_wd + 7) % 7) : ref_day - days((ref_wd - wd + 7) % 7);
      add(i, i + 1, d, "day");
      continue;
    }
    // "May 30, 2018", "June 12", "Sept. 3".
    if (int mo = Month(w); mo > 0 && t[i].capitalized) {
      size_t j = i + 1;
      if (j < t.size() && t[j].text == ".") ++j;
      int d = j < t.size() ? Number(t[j], 31) : -1;
      if (d > 0) {
        size_t end = j + 1;
        int y = static_cast<int>(ref_ymd.year());
        size_t k = end;
        if (k < t.size() && t[k].text == ",") ++k;
        if (k < t.size() && t[k].lower.size() == 4) {
          int yy = std::atoi(t[k].lower.c_str());
          if (yy >= 1900 && yy <= 2200) {
            y = yy;
            end = k + 1;
          }
        }
        year_month_day ymd{year(y), month(static_cast<unsigned>(mo)),
                           day(static_cast<unsigned>(d))};
        if (ymd.ok()) {
          add(i, end, sys_days(ymd), "day", true);
          i = end - 1;
        }
        continue;
      }
    }
    // "12 June", "12 June 2018", "the 12th" (of the reference month).
    if (int d = Number(t[i], 31); d > 0) {
      if (i + 1 < t.size()) {
        if (int mo = Month(t[i + 1].lower); mo > 0 && t[i + 1].capitalized) {
          size_t end = i + 2;
          int y = static_cast<int>(ref_ymd.year());
          if (end < t.size() && t[end].lower.size() == 4) {
            int yy = std::atoi(t[end].lower.c_str());
            if (yy >= 1900 && yy <= 2200) {
              y = yy;
              ++end;
            }
          }
          year_month_day ymd{year(y), month(static_cast<unsigned>(mo)),
                             day(static_cast<unsigned>(d))};
          if (ymd.ok()) {
            add(i, end, sys_days(ymd), "day", true);
            i = end - 1;
          }
          continue;
        }
      }
      if (i > 0 && t[i - 1].lower == "the" && t[i].lower.size() > 2 &&
          t[i].lower.find_first_not_of("0123456789") != std::string::npos) {
        year_month_day ymd{ref_ymd.year(), ref_ymd.month(), day(static_cast<unsigned>(d))};
        if (ymd.ok()) add(i, i + 1, sys_days(ymd), "day", true);
      }
    }
  }
  return out;
}

}  // namespace newsd
