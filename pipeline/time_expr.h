// Time expressions in a sentence, normalized against a reference time (the
// item's publication time) and typed as TimeML types them.
//
// Calendar dates: weekdays ("on Thursday"), dates with and without a year
// ("May 30, 2018", "12 June"), months and years ("in April", "January
// 2025", "in 2019"), "today", "yesterday", "tomorrow", "last
// week/month/year", "this week/month/year" (also "earlier/later this ..."),
// "N days/weeks/months/years ago", and expressions counted from an anchor
// date the text gave earlier ("the next day", "two days later", "the day
// before"). Only these date events.
//
// Other dates (time_periods.cc): quarters and halves ("the third quarter",
// "third-quarter", "the first half of 1990"), seasons ("last fall", "this
// summer"), decades and centuries ("the late 1970s", "the 20th century"),
// and references ("now", "the past", "the coming weeks"). Durations
// ("three years", "for weeks", "the past six months") and sets ("every
// Friday", "each year", "weekly"). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/event.h"
#include "common/time.h"
#include "pipeline/text.h"

namespace newsd {

// TimeML's TIMEX3 types newsd finds (it reads no clock times, TIME).
enum class TimeType { kDate, kDuration, kSet };

// "DATE", "DURATION", "SET".
std::string_view TimeTypeName(TimeType t);

struct TimeExpression {
  size_t token_begin = 0;
  size_t token_end = 0;  // exclusive
  Timestamp value{};     // start of the day, week or month (UTC)
  Granularity granularity = Granularity::kDay;
  // True when the expression qualifies a following noun ("the 12 June
  // summit") rather than dating the clause.
  bool attributive = false;
  TimeType type = TimeType::kDate;
  // The TimeML value of what is no calendar date: a quarter ("1998-Q3"), a
  // half ("1998-H1"), a season ("1998-SU"), a decade ("199"), a century
  // ("19"), a reference ("PRESENT_REF"), a duration ("P3Y", "PXM") or a set
  // ("XXXX-WXX-5", "P1M"). Empty for calendar dates, whose TimeML value
  // TimeMlValue writes from `value` and `granularity`.
  std::string period;

  // A day, week, month or year: what can date an event.
  bool calendar() const { return type == TimeType::kDate && period.empty(); }
};

// The expression's value written the TimeML way: "1998-03-04" (a day),
// "1998-03" (a month), "1998" (a year), "1998-W09" (an ISO week), else its
// `period`.
std::string TimeMlValue(const TimeExpression& e);

// `future` selects the next weekday instead of the last one ("will meet on
// Friday"). `anchor`: the last date the text gave before this sentence;
// "the next day" counts from it (from `reference` when absent).
std::vector<TimeExpression> FindTimeExpressions(const std::vector<Token>& tokens,
                                                Timestamp reference, bool future,
                                                std::optional<Timestamp> anchor = {});

}  // namespace newsd
