// Time expressions in a sentence, normalized against a reference time (the
// item's publication time): weekdays ("on Thursday"), dates with and without
// a year ("May 30, 2018", "12 June"), months and years ("in April",
// "January 2025", "in 2019"), "today", "yesterday", "tomorrow", "last
// week/month/year", "this week/month/year" (also "earlier/later this ..."),
// "N days/weeks/months/years ago", and expressions counted from an anchor
// date the text gave earlier ("the next day", "two days later", "the day
// before"). Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/event.h"
#include "common/time.h"
#include "pipeline/text.h"

namespace newsd {

struct TimeExpression {
  size_t token_begin = 0;
  size_t token_end = 0;  // exclusive
  Timestamp value{};     // start of the day, week or month (UTC)
  Granularity granularity = Granularity::kDay;
  // True when the expression qualifies a following noun ("the 12 June
  // summit") rather than dating the clause.
  bool attributive = false;
};

// The expression's value written the TimeML way: "1998-03-04" (a day),
// "1998-03" (a month), "1998" (a year), "1998-W09" (an ISO week).
std::string TimeMlValue(const TimeExpression& e);

// `future` selects the next weekday instead of the last one ("will meet on
// Friday"). `anchor`: the last date the text gave before this sentence;
// "the next day" counts from it (from `reference` when absent).
std::vector<TimeExpression> FindTimeExpressions(const std::vector<Token>& tokens,
                                                Timestamp reference, bool future,
                                                std::optional<Timestamp> anchor = {});

}  // namespace newsd
