// Time expressions in a sentence, normalized against a reference time (the
// item's publication time): weekdays ("on Thursday"), dates with and without
// a year ("May 30, 2018", "12 June"), "today", "yesterday", "tomorrow",
// "last week", "last month", "N days ago". Pure.
#pragma once

#include <string>
#include <vector>

#include "common/time.h"
#include "pipeline/text.h"

namespace newsd {

struct TimeExpression {
  size_t token_begin = 0;
  size_t token_end = 0;     // exclusive
  Timestamp value{};        // start of the day, week or month (UTC)
  std::string granularity;  // day | week | month
  // True when the expression qualifies a following noun ("the 12 June
  // summit") rather than dating the clause.
  bool attributive = false;
};

// `future` selects the next weekday instead of the last one ("will meet on
// Friday").
std::vector<TimeExpression> FindTimeExpressions(const std::vector<Token>& tokens,
                                                Timestamp reference, bool future);

}  // namespace newsd
