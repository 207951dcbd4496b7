// Words of time expressions (weekdays, months, counts, years) and the
// finder of periods, durations and sets. Internal to pipeline/
// (time_expr.cc, time_periods.cc).
#pragma once

#include <string>
#include <vector>

#include "common/time.h"
#include "pipeline/text.h"
#include "pipeline/time_expr.h"

namespace newsd::time_words {

// 0 (Sunday) .. 6, else -1.
int Weekday(const std::string& w);
// 1 .. 12 for a month's name or abbreviation, else 0.
int Month(const std::string& w);
// A day-of-month-like number 1..max ("12", "12th", "1st"), else -1.
int Number(const Token& t, int max);
// "two" -> 2, "a"/"an" -> 1 ("a day later"), digits as Number(t, 400).
int Count(const Token& t);
// A four-digit year 1900..2200, else -1.
int Year(const Token& t);
// A year spoken in words, as broadcast transcripts write it: "nineteen
// ninety-six", "nineteen eighty", "two thousand", "two thousand and
// one". Sets *end past it; -1 when none starts at i.
int SpelledYear(const std::vector<Token>& t, size_t i, size_t* end);

// Appends to *out, whose entries are the sentence's calendar dates, the
// expressions that are none (time_periods.cc): quarters, halves, seasons,
// decades, centuries, references, durations and sets. None overlaps a
// calendar date unless it holds it whole ("the first half of 1990").
void FindPeriods(const std::vector<Token>& tokens, Timestamp reference, bool future,
                 std::vector<TimeExpression>* out);

}  // namespace newsd::time_words
