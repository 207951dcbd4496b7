#include "pipeline/time_expr.h"

#include <catch2/catch.hpp>

using namespace newsd;

namespace {
// Reference: Saturday 2 June 2018, 10:00 UTC.
const Timestamp kRef = *ParseRfc3339("2018-06-02T10:00:00Z");

std::vector<std::string> Norm(const std::string& s, bool future = false) {
  std::vector<std::string> out;
  for (const auto& t : FindTimeExpressions(Tokenize(s), kRef, future))
    out.push_back(FormatDate(t.value) + "/" + std::string(GranularityName(t.granularity)) +
                  (t.attributive ? "/attr" : ""));
  return out;
}
}  // namespace

TEST_CASE("Weekdays resolve to the last one (or the next one for plans)") {
  CHECK(Norm("They met on Thursday") == std::vector<std::string>{"2018-05-31/day"});
  CHECK(Norm("arrived Friday afternoon") == std::vector<std::string>{"2018-06-01/day"});
  CHECK(Norm("talks on Saturday") == std::vector<std::string>{"2018-06-02/day"});
  CHECK(Norm("will meet on Tuesday", true) == std::vector<std::string>{"2018-06-05/day"});
  CHECK(Norm("next Friday") == std::vector<std::string>{"2018-06-08/day"});
  CHECK(Norm("last Saturday") == std::vector<std::string>{"2018-05-26/day"});
}

TEST_CASE("Calendar dates with and without a year") {
  CHECK(Norm("on May 30, 2018 in New York") == std::vector<std::string>{"2018-05-30/day"});
  CHECK(Norm("on June 12 in Singapore") == std::vector<std::string>{"2018-06-12/day"});
  CHECK(Norm("on 12 June 2019") == std::vector<std::string>{"2019-06-12/day"});
  CHECK(Norm("in Sept. 3") == std::vector<std::string>{"2018-09-03/day"});
  CHECK(Norm("a meeting on the 12th") == std::vector<std::string>{"2018-06-12/day"});
  // "the 12 June summit": the date describes the summit, not the sentence.
  CHECK(Norm("cancelled the 12 June summit last week") ==
        std::vector<std::string>{"2018-06-12/day/attr", "2018-05-21/week"});
}

TEST_CASE("Relative expressions") {
  CHECK(Norm("said today") == std::vector<std::string>{"2018-06-02/day"});
  CHECK(Norm("met yesterday") == std::vector<std::string>{"2018-06-01/day"});
  CHECK(Norm("three days ago") == std::vector<std::string>{"2018-05-30/day"});
  CHECK(Norm("3 days ago") == std::vector<std::string>{"2018-05-30/day"});
  CHECK(Norm("last month") == std::vector<std::string>{"2018-05-01/month"});
  CHECK(Norm("no time here at all").empty());
  CHECK(Norm("May I ask?").empty());  // "May" without a day is no date
}

TEST_CASE("Months, years and counted spans keep their granularity") {
  CHECK(Norm("visited China in April") == std::vector<std::string>{"2018-04-01/month"});
  CHECK(Norm("will rule in September", true) == std::vector<std::string>{"2018-09-01/month"});
  CHECK(Norm("will return in March", true) == std::vector<std::string>{"2019-03-01/month"});
  CHECK(Norm("last April") == std::vector<std::string>{"2018-04-01/month"});
  CHECK(Norm("last August") == std::vector<std::string>{"2017-08-01/month"});
  CHECK(Norm("in January 2025") == std::vector<std::string>{"2025-01-01/month"});
  CHECK(Norm("sanctioned in 2019") == std::vector<std::string>{"2019-01-01/year"});
  CHECK(Norm("last year") == std::vector<std::string>{"2017-01-01/year"});
  CHECK(Norm("later this year") == std::vector<std::string>{"2018-01-01/year"});
  CHECK(Norm("earlier this month") == std::vector<std::string>{"2018-06-01/month"});
  CHECK(Norm("this week") == std::vector<std::string>{"2018-05-28/week"});
  CHECK(Norm("two months ago") == std::vector<std::string>{"2018-04-01/month"});
  CHECK(Norm("a year ago") == std::vector<std::string>{"2017-01-01/year"});
  CHECK(Norm("two weeks ago") == std::vector<std::string>{"2018-05-14/week"});
  CHECK(Norm("It may rain").empty());  // "may" without a preposition is a verb
}

TEST_CASE("The next day counts from the date the text gave before") {
  const Timestamp anchor = *ParseRfc3339("2018-05-29T00:00:00Z");  // "on Tuesday"
  auto norm = [&](const std::string& s) {
    std::vector<std::string> out;
    for (const auto& t : FindTimeExpressions(Tokenize(s), kRef, false, anchor))
      out.push_back(FormatDate(t.value) + "/" + std::string(GranularityName(t.granularity)));
    return out;
  };
  CHECK(norm("He met Zelensky the next day.") == std::vector<std::string>{"2018-05-30/day"});
  CHECK(norm("the following day") == std::vector<std::string>{"2018-05-30/day"});
  CHECK(norm("two days later") == std::vector<std::string>{"2018-05-31/day"});
  CHECK(norm("the day before") == std::vector<std::string>{"2018-05-28/day"});
  CHECK(norm("a day earlier") == std::vector<std::string>{"2018-05-28/day"});
  // Without an anchor they count from the reference.
  CHECK(Norm("the next day") == std::vector<std::string>{"2018-06-03/day"});
}

TEST_CASE("Years spoken in words, as broadcast transcripts write them") {
  CHECK(Norm("in nineteen ninety-six the plant closed") ==
        std::vector<std::string>{"1996-01-01/year"});
  CHECK(Norm("since nineteen seventy-nine") == std::vector<std::string>{"1979-01-01/year"});
  CHECK(Norm("in January nineteen ninety-seven") == std::vector<std::string>{"1997-01-01/month"});
  CHECK(Norm("by the year two thousand") == std::vector<std::string>{"2000-01-01/year"});
  CHECK(Norm("in two thousand and one") == std::vector<std::string>{"2001-01-01/year"});
  // A count is no year.
  CHECK(Norm("two thousand people marched").empty());
  CHECK(Norm("nineteen ninety-six troops left").empty());
}

TEST_CASE("A month named alone is the nearest one, the coming one for plans") {
  // (Reference: June 2018.)
  CHECK(Norm("talks in December") == std::vector<std::string>{"2017-12-01/month"});
  CHECK(Norm("talks in September") == std::vector<std::string>{"2018-09-01/month"});
  CHECK(Norm("talks in February") == std::vector<std::string>{"2018-02-01/month"});
  CHECK(Norm("will meet in December", true) == std::vector<std::string>{"2018-12-01/month"});
  CHECK(Norm("will meet in February", true) == std::vector<std::string>{"2019-02-01/month"});
  // "since" looks back only.
  CHECK(Norm("has grown since February", true) == std::vector<std::string>{"2018-02-01/month"});
}

TEST_CASE("The year before: 'year-earlier', 'year-ago', 'the past year'") {
  CHECK(Norm("up from the year-earlier period") == std::vector<std::string>{"2017-01-01/year"});
  CHECK(Norm("the year-ago quarter") == std::vector<std::string>{"2017-01-01/year"});
  CHECK(Norm("sales fell over the past year") == std::vector<std::string>{"2017-01-01/year"});
  CHECK(Norm("sales rose this year") == std::vector<std::string>{"2018-01-01/year"});
}
