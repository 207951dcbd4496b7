#include "pipeline/time_expr.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "common/string_map.h"
#include "pipeline/time_words.h"
#include "pipeline/words.h"

namespace newsd {
namespace {

using namespace std::chrono;
using namespace time_words;

// Whether a calendar date may start at a word: every one below starts with
// a number, a weekday, a month or one of these words. Most words of a
// sentence are rejected here with one lookup.
bool MayStartDate(const std::string& w) {
  static const StringSet kHeads = {
      "the",       "this",     "later",    "earlier", "last", "next", "year",   "today", "tonight",
      "yesterday", "tomorrow", "nineteen", "a",       "an",   "one",  "two",    "three", "four",
      "five",      "six",      "seven",    "eight",   "nine", "ten",  "eleven", "twelve"};
  if (!w.empty() && std::isdigit(static_cast<unsigned char>(w[0]))) return true;
  return kHeads.contains(w) || Weekday(w) >= 0 || Month(w) > 0;
}

bool IsTimeOfDay(const std::string& w) {
  return w == "morning" || w == "afternoon" || w == "evening" || w == "night";
}

}  // namespace

std::vector<TimeExpression> FindTimeExpressions(const std::vector<Token>& t, Timestamp ref,
                                                bool future, std::optional<Timestamp> anchor) {
  std::vector<TimeExpression> out;
  const sys_days ref_day = floor<days>(ref);
  const year_month_day ref_ymd{ref_day};
  // "the next day", "two days later" count from the last date the text gave.
  const sys_days anchor_day = anchor ? floor<days>(*anchor) : ref_day;
  auto month_start = [](year_month ym) { return sys_days(ym / 1); };
  // The year of month `mo` named without one: the coming one when the
  // clause looks ahead ("will ... in May"); else the occurrence nearest
  // the reference, the past one on a tie ("in October", said in January,
  // is last October; "January", said in late October, the coming one).
  auto NearestYear = [&](int mo, bool ahead_only) {
    const int y = static_cast<int>(ref_ymd.year());
    const int ahead = mo - static_cast<int>(static_cast<unsigned>(ref_ymd.month()));
    if (ahead_only) return ahead < 0 ? y + 1 : y;
    if (ahead >= 6) return y - 1;
    if (ahead < -6) return y + 1;
    return y;
  };
  auto year_start = [](int y) { return sys_days(year(y) / January / 1); };
  auto add = [&](size_t b, size_t e, sys_days d, Granularity gran, bool calendar_date = false) {
    TimeExpression x;
    x.token_begin = b;
    x.token_end = e;
    x.value = time_point_cast<milliseconds>(sys_time<days>(d));
    x.granularity = gran;
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
    if (!t[i].word || !MayStartDate(t[i].lower)) continue;
    const std::string& w = t[i].lower;
    // "the next day", "the following day", "the day before", "the previous day".
    if (w == "the" && i + 2 < t.size() && t[i + 2].lower == "day") {
      const std::string& n = t[i + 1].lower;
      int delta = (n == "next" || n == "following") ? 1 : n == "previous" ? -1 : 0;
      if (delta != 0) {
        add(i, i + 3, anchor_day + days(delta), Granularity::kDay);
        i += 2;
        continue;
      }
    }
    // "the same day": the anchor's.
    if (w == "the" && i + 2 < t.size() && t[i + 1].lower == "same" && t[i + 2].lower == "day") {
      add(i, i + 3, anchor_day, Granularity::kDay);
      i += 2;
      continue;
    }
    if (w == "the" && i + 2 < t.size() && t[i + 1].lower == "day" &&
        (t[i + 2].lower == "before" || t[i + 2].lower == "after") &&
        (i + 3 >= t.size() || !t[i + 3].word)) {
      add(i, i + 3, anchor_day + days(t[i + 2].lower == "after" ? 1 : -1), Granularity::kDay);
      i += 2;
      continue;
    }
    // "this year", "later this month", "earlier this week".
    if ((w == "this" ||
         ((w == "later" || w == "earlier") && i + 1 < t.size() && t[i + 1].lower == "this")) &&
        i + 1 < t.size()) {
      const size_t u = w == "this" ? i + 1 : i + 2;
      if (u < t.size()) {
        const std::string& unit = t[u].lower;
        if (unit == "year") {
          add(i, u + 1, year_start(static_cast<int>(ref_ymd.year())), Granularity::kYear);
          i = u;
          continue;
        }
        if (unit == "month") {
          add(i, u + 1, month_start(ref_ymd.year() / ref_ymd.month()), Granularity::kMonth);
          i = u;
          continue;
        }
        if (unit == "week") {
          add(i, u + 1, ref_day - days((weekday(ref_day).c_encoding() + 6) % 7),
              Granularity::kWeek);
          i = u;
          continue;
        }
      }
    }
    if ((w == "last" || w == "next") && i + 1 < t.size() && t[i + 1].lower == "year") {
      add(i, i + 2, year_start(static_cast<int>(ref_ymd.year()) + (w == "last" ? -1 : 1)),
          Granularity::kYear);
      ++i;
      continue;
    }
    // "N days ago", "two months ago", "a year ago"; "two days later", "a day earlier".
    if (int n = Count(t[i]);
        n > 0 && i + 2 < t.size() &&
        (t[i + 2].lower == "ago" || t[i + 2].lower == "later" || t[i + 2].lower == "earlier")) {
      const std::string& unit = t[i + 1].lower;
      const bool ago = t[i + 2].lower == "ago";
      const int sign = t[i + 2].lower == "later" ? 1 : -1;
      const sys_days base = ago ? ref_day : anchor_day;
      if (unit == "day" || unit == "days") {
        add(i, i + 3, base + days(sign * n), Granularity::kDay);
        i += 2;
        continue;
      }
      if (unit == "week" || unit == "weeks") {
        sys_days d = base + days(sign * 7 * n);
        add(i, i + 3, d - days((weekday(d).c_encoding() + 6) % 7), Granularity::kWeek);
        i += 2;
        continue;
      }
      if (unit == "month" || unit == "months") {
        year_month_day b{base};
        add(i, i + 3, month_start(b.year() / b.month() + months(sign * n)), Granularity::kMonth);
        i += 2;
        continue;
      }
      if (unit == "year" || unit == "years") {
        add(i, i + 3, year_start(static_cast<int>(year_month_day{base}.year()) + sign * n),
            Granularity::kYear);
        i += 2;
        continue;
      }
    }
    // "in 2019", "since 2020", "fiscal 1989", "the 1988 period", "in
    // nineteen ninety-six": a year alone; not a count of things ("2000
    // troops", "1990 percent", "two thousand people").
    size_t year_end = i + 1;
    int y = Year(t[i]);
    if (y < 0) {
      y = SpelledYear(t, i, &year_end);
      // ("two thousand" is a year only after "the year" or a preposition
      // of time.)
      if (y >= 2000 && !(i > 0 && IsOneOf(t[i - 1].lower, {"year", "in", "by", "since", "until",
                                                           "before", "after"})))
        y = -1;
    }
    if (y > 0) {
      const std::string next = year_end < t.size() ? t[year_end].lower : "";
      const bool count = year_end < t.size() && t[year_end].word && !t[year_end].capitalized &&
                         ((next.size() > 3 && next.ends_with("s") && !next.ends_with("ss")) ||
                          next == "percent" || next == "people" || next == "%");
      const bool money = i > 0 && (t[i - 1].text == "$" || t[i - 1].text == "#");
      if (!count && !money) {
        add(i, year_end, year_start(y), Granularity::kYear);
        i = year_end - 1;
        continue;
      }
    }
    // "this year", "the year", "the current year", "that year": the
    // reference's year (durations such as "a year" are not dates).
    // "the year-earlier period", "a year-ago quarter": the year before the
    // reference's.
    if (w == "year" && i + 2 < t.size() && t[i + 1].text == "-" &&
        t[i + 1].span.begin == t[i].span.end && IsOneOf(t[i + 2].lower, {"earlier", "ago"})) {
      add(i, i + 3, year_start(static_cast<int>(ref_ymd.year()) - 1), Granularity::kYear);
      i += 2;
      continue;
    }
    size_t spelled_end = 0;
    if (w == "year" && i > 0 && !(i + 1 < t.size() && t[i + 1].lower == "ago") &&
        !(i + 1 < t.size() && (Year(t[i + 1]) > 0 || SpelledYear(t, i + 1, &spelled_end) > 0))) {
      size_t b = i - 1;
      // ("the current fiscal year": two modifiers at most.)
      for (int m = 0; m < 2 && b > 0 && IsOneOf(t[b].lower, {"current", "full", "past", "fiscal"});
           ++m)
        --b;
      if (IsOneOf(t[b].lower, {"this", "the", "that"}) &&
          !(i + 1 < t.size() && IsOneOf(t[i + 1].lower, {"before", "after", "earlier", "later"}))) {
        // ("the past year": the one before this.)
        const int back = t[i - 1].lower == "past" ? 1 : 0;
        add(b, i + 1, year_start(static_cast<int>(ref_ymd.year()) - back), Granularity::kYear);
        continue;
      }
    }
    // Relative days.
    if (w == "today" || w == "tonight") {
      add(i, i + 1, ref_day, Granularity::kDay);
      continue;
    }
    if (w == "yesterday") {
      add(i, i + 1, ref_day - days(1), Granularity::kDay);
      continue;
    }
    if (w == "tomorrow") {
      add(i, i + 1, ref_day + days(1), Granularity::kDay);
      continue;
    }
    if ((w == "last" || w == "next" || w == "this") && i + 1 < t.size()) {
      const std::string& n = t[i + 1].lower;
      int sign = w == "last" ? -1 : w == "next" ? 1 : 0;
      if (n == "week") {
        sys_days monday = ref_day - days((weekday(ref_day).c_encoding() + 6) % 7);
        add(i, i + 2, monday + days(7 * sign), Granularity::kWeek);
        ++i;
        continue;
      }
      if (n == "month") {
        year_month m = ref_ymd.year() / ref_ymd.month();
        m += months(sign);
        add(i, i + 2, sys_days(m / 1), Granularity::kMonth);
        ++i;
        continue;
      }
      if (int wd = Weekday(n); wd >= 0) {
        const int ref_wd = static_cast<int>(weekday(ref_day).c_encoding());
        const int back = (ref_wd - wd + 7) % 7, ahead = (wd - ref_wd + 7) % 7;
        sys_days d = sign > 0 ? ref_day + days(ahead == 0 ? 7 : ahead)
                              : ref_day - days(back == 0 ? 7 : back);
        add(i, i + 2, d, Granularity::kDay);
        ++i;
        continue;
      }
    }
    // "every Friday", "each July": a set (time_periods.cc), no date.
    if (i > 0 && IsOneOf(t[i - 1].lower, {"every", "each"}) && (Weekday(w) >= 0 || Month(w) > 0))
      continue;
    // Weekday alone: the last one on or before the reference (or the next).
    if (int wd = Weekday(w); wd >= 0 && t[i].capitalized) {
      int ref_wd = static_cast<int>(weekday(ref_day).c_encoding());
      sys_days d =
          future ? ref_day + days((wd - ref_wd + 7) % 7) : ref_day - days((ref_wd - wd + 7) % 7);
      add(i, i + 1, d, Granularity::kDay);
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
          add(i, end, sys_days(ymd), Granularity::kDay, true);
          i = end - 1;
        }
        continue;
      }
      // "January 2025"; "in April" (this year's, or next year's when the
      // clause looks ahead and the month has passed). "may" needs a
      // preposition: it is also a verb.
      if (j < t.size() && Year(t[j]) > 0) {
        add(i, j + 1, month_start(year(Year(t[j])) / month(static_cast<unsigned>(mo))),
            Granularity::kMonth);
        i = j;
        continue;
      }
      // ("January nineteen ninety-seven".)
      size_t spelled_end = 0;
      if (const int sy = j < t.size() ? SpelledYear(t, j, &spelled_end) : -1; sy > 0) {
        add(i, spelled_end, month_start(year(sy) / month(static_cast<unsigned>(mo))),
            Granularity::kMonth);
        i = spelled_end - 1;
        continue;
      }
      std::string before = i > 0 ? t[i - 1].lower : "";
      if (before == "-" && i > 1 && t[i - 2].lower == "mid") before = "mid";  // "mid-November"
      // A month named alone ("January", "this September"); not "May" or
      // "March", which are also a verb and a modal.
      const bool alone = mo != 3 && mo != 5 && before != "the";
      if (before == "in" || before == "since" || before == "until" || before == "by" ||
          before == "early" || before == "late" || before == "mid" || before == "last" ||
          before == "next" || before == "this" || before == "of" || alone) {
        int y = static_cast<int>(ref_ymd.year());
        const unsigned m = static_cast<unsigned>(mo),
                       ref_mo = static_cast<unsigned>(ref_ymd.month());
        if (before == "last" && m >= ref_mo) y -= 1;  // the last April
        if (before == "next" && m <= ref_mo) y += 1;  // the next April
        if (before != "last" && before != "next" && before != "since") y = NearestYear(mo, future);
        if (before == "since" && m > ref_mo) y -= 1;  // "since June", said in March
        const size_t b = before == "last" || before == "next" ? i - 1 : i;
        add(b, i + 1, month_start(year(y) / month(static_cast<unsigned>(mo))), Granularity::kMonth);
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
            add(i, end, sys_days(ymd), Granularity::kDay, true);
            i = end - 1;
          }
          continue;
        }
      }
      if (i > 0 && t[i - 1].lower == "the" && t[i].lower.size() > 2 &&
          t[i].lower.find_first_not_of("0123456789") != std::string::npos) {
        year_month_day ymd{ref_ymd.year(), ref_ymd.month(), day(static_cast<unsigned>(d))};
        if (ymd.ok()) add(i, i + 1, sys_days(ymd), Granularity::kDay, true);
      }
    }
  }
  FindPeriods(t, ref, future, &out);
  std::stable_sort(out.begin(), out.end(), [](const TimeExpression& a, const TimeExpression& b) {
    return a.token_begin < b.token_begin;
  });
  return out;
}

std::string_view TimeTypeName(TimeType t) {
  switch (t) {
    case TimeType::kDuration:
      return "DURATION";
    case TimeType::kSet:
      return "SET";
    case TimeType::kDate:
      break;
  }
  return "DATE";
}

std::string TimeMlValue(const TimeExpression& e) {
  if (!e.period.empty()) return e.period;
  const std::string day = FormatDate(e.value);  // YYYY-MM-DD
  if (e.granularity == Granularity::kYear) return day.substr(0, 4);
  if (e.granularity == Granularity::kMonth) return day.substr(0, 7);
  if (e.granularity == Granularity::kWeek) {
    // ISO 8601: the week belongs to the year of its Thursday.
    using namespace std::chrono;
    const sys_days d = floor<days>(e.value);
    const weekday wd{d};
    const sys_days thursday = d + days(3 - static_cast<int>((wd.c_encoding() + 6) % 7));
    const year_month_day ymd{thursday};
    const sys_days jan1 = sys_days{ymd.year() / January / 1};
    const int week = static_cast<int>((thursday - jan1).count() / 7) + 1;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(ymd.year()), week);
    return buf;
  }
  return day;
}

}  // namespace newsd
