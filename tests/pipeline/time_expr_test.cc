#include "pipeline/time_expr.h"

#include <catch2/catch.hpp>

using namespace newsd;

namespace {
// Reference: Saturday 2 June 2018, 10:00 UTC.
const Timestamp kRef = *ParseRfc3339("2018-06-02T10:00:00Z");

// The calendar dates, as events take them.
std::vector<std::string> Norm(const std::string& s, bool future = false) {
  std::vector<std::string> out;
  for (const auto& t : FindTimeExpressions(Tokenize(s), kRef, future))
    if (t.calendar())
      out.push_back(FormatDate(t.value) + "/" + std::string(GranularityName(t.granularity)) +
                    (t.attributive ? "/attr" : ""));
  return out;
}

// Every expression as TimeML writes it: "text TYPE value".
std::vector<std::string> TimeMl(const std::string& s, bool future = false, Timestamp ref = kRef) {
  std::vector<std::string> out;
  const std::vector<Token> tokens = Tokenize(s);
  for (const auto& t : FindTimeExpressions(tokens, ref, future)) {
    const size_t b = tokens[t.token_begin].span.begin, e = tokens[t.token_end - 1].span.end;
    out.push_back(s.substr(b, e - b) + " " + std::string(TimeTypeName(t.type)) + " " +
                  TimeMlValue(t));
  }
  return out;
}

using Strings = std::vector<std::string>;
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
  // Among quarters, "year-ago" is the quarter a year before (below).
  CHECK(Norm("the year-ago period") == std::vector<std::string>{"2017-01-01/year"});
  CHECK(Norm("sales fell over the past year") == std::vector<std::string>{"2017-01-01/year"});
  CHECK(Norm("sales rose this year") == std::vector<std::string>{"2018-01-01/year"});
}

TEST_CASE("Quarters and halves: the nearest one over, the one to report when looking ahead") {
  // 2 June 2018 is in the second quarter.
  CHECK(TimeMl("Profit rose in the first quarter") == Strings{"the first quarter DATE 2018-Q1"});
  CHECK(TimeMl("third-quarter profit fell") == Strings{"third-quarter DATE 2017-Q3"});
  CHECK(TimeMl("will report third-quarter results", true) == Strings{"third-quarter DATE 2018-Q3"});
  CHECK(TimeMl("expects to report first-quarter results", true) ==
        Strings{"first-quarter DATE 2018-Q1"});
  CHECK(TimeMl("in the fourth quarter of 1989") ==
        Strings{"the fourth quarter of 1989 DATE 1989-Q4", "1989 DATE 1989"});
  CHECK(TimeMl("sales in Q3 2017") == Strings{"Q3 2017 DATE 2017-Q3", "2017 DATE 2017"});
  CHECK(TimeMl("in the second half") == Strings{"the second half DATE 2017-H2"});
  CHECK(TimeMl("last quarter") == Strings{"last quarter DATE 2018-Q1"});
  CHECK(TimeMl("in the quarter, sales rose") == Strings{"the quarter DATE 2018-Q1"});
  CHECK(TimeMl("in the current quarter") == Strings{"the current quarter DATE 2018-Q2"});
  // A quarter is no calendar date: it dates no event.
  CHECK(Norm("Profit rose in the first quarter").empty());
  // Not quarters: a fraction, a second time.
  CHECK(TimeMl("a quarter of the vote").empty());
  CHECK(TimeMl("three quarters of voters").empty());
  CHECK(TimeMl("for a second time").empty());
}

TEST_CASE("Among quarters, a year ago is the same quarter a year before") {
  CHECK(TimeMl("Earnings climbed in the third quarter from $6 million a year ago") ==
        Strings{"the third quarter DATE 2017-Q3", "a year ago DATE 2016-Q3"});
  CHECK(TimeMl("compared with the year-ago quarter") ==
        Strings{"the year-ago quarter DATE 2017-Q1"});
  CHECK(TimeMl("against the year-earlier second quarter") ==
        Strings{"the year-earlier second quarter DATE 2017-Q2"});
  // Without quarters, a year ago is a year.
  CHECK(TimeMl("He left a year ago") == Strings{"a year ago DATE 2017"});
  // With a year named, "year-ago" may count from it: left as it was.
  CHECK(TimeMl("year-ago figures included a gain booked in the 1991 first quarter") ==
        Strings{"year-ago DATE 2017", "the 1991 first quarter DATE 1991-Q1", "1991 DATE 1991"});
}

TEST_CASE("Seasons, decades and centuries") {
  CHECK(TimeMl("this summer") == Strings{"this summer DATE 2018-SU"});
  CHECK(TimeMl("last summer") == Strings{"last summer DATE 2017-SU"});
  CHECK(TimeMl("last spring") == Strings{"last spring DATE 2018-SP"});
  CHECK(TimeMl("next winter") == Strings{"next winter DATE 2018-WI"});
  CHECK(TimeMl("this past fall") == Strings{"this past fall DATE 2017-FA"});
  CHECK(TimeMl("the winter of 1994") ==
        Strings{"the winter of 1994 DATE 1994-WI", "1994 DATE 1994"});
  // "fall" alone, or the fall of something, is no season.
  CHECK(TimeMl("prices fall in the city").empty());
  CHECK(TimeMl("since the fall of the Berlin Wall").empty());
  CHECK(TimeMl("in the late 1970s") == Strings{"the late 1970s DATE 197"});
  CHECK(TimeMl("since the mid-1990s") == Strings{"the mid-1990s DATE 199"});
  CHECK(TimeMl("in the '80s") == Strings{"the '80s DATE 198"});
  CHECK(TimeMl("in the nineties") == Strings{"the nineties DATE 199"});
  CHECK(TimeMl("over the last decade") == Strings{"the last decade DATE 200"});
  CHECK(TimeMl("in the 20th century") == Strings{"the 20th century DATE 19"});
}

TEST_CASE("References to the present, past and future") {
  CHECK(TimeMl("Now the talks resume") == Strings{"Now DATE PRESENT_REF"});
  CHECK(TimeMl("prices are currently low") == Strings{"currently DATE PRESENT_REF"});
  CHECK(TimeMl("at current prices") == Strings{"current DATE PRESENT_REF"});
  CHECK(TimeMl("for the current fiscal year") == Strings{"the current fiscal year DATE 2018"});
  CHECK(TimeMl("as in the past, he said") == Strings{"the past DATE PAST_REF"});
  CHECK(TimeMl("He recently resigned") == Strings{"recently DATE PAST_REF"});
  CHECK(TimeMl("in recent weeks") == Strings{"recent weeks DATE PAST_REF"});
  CHECK(TimeMl("in the near future") == Strings{"the near future DATE FUTURE_REF"});
  CHECK(TimeMl("in the coming weeks") == Strings{"the coming weeks DATE FUTURE_REF"});
  CHECK(TimeMl("talks will resume soon") == Strings{"soon DATE FUTURE_REF"});
  // "the past" opening a duration is the duration's.
  CHECK(TimeMl("over the past six months") == Strings{"the past six months DURATION P6M"});
}

TEST_CASE("Durations are typed as durations") {
  CHECK(TimeMl("For three years, they talked") == Strings{"three years DURATION P3Y"});
  CHECK(TimeMl("a few days of calm") == Strings{"a few days DURATION PXD"});
  CHECK(TimeMl("for a couple of weeks") == Strings{"a couple of weeks DURATION P2W"});
  CHECK(TimeMl("after twenty-five years") == Strings{"twenty-five years DURATION P25Y"});
  CHECK(TimeMl("for 20 more years") == Strings{"20 more years DURATION P20Y"});
  CHECK(TimeMl("for six hours") == Strings{"six hours DURATION PT6H"});
  CHECK(TimeMl("for two decades") == Strings{"two decades DURATION P20Y"});
  CHECK(TimeMl("for years") == Strings{"years DURATION PXY"});
  CHECK(TimeMl("a five-year plan") == Strings{"five-year DURATION P5Y"});
  CHECK(TimeMl("the 8-month-old truce") == Strings{"8-month-old DURATION P8M"});
  // Counted from now or from the text, a span is a date.
  CHECK(TimeMl("two years ago") == Strings{"two years ago DATE 2016"});
  CHECK(TimeMl("two weeks or so ago").empty());
  // A count of things is no duration.
  CHECK(TimeMl("2,000 troops").empty());
}

TEST_CASE("Sets: what recurs is no date") {
  CHECK(TimeMl("They march every Friday") == Strings{"every Friday SET XXXX-WXX-5"});
  CHECK(Norm("They march every Friday").empty());
  CHECK(TimeMl("protests each July") == Strings{"each July SET XXXX-07"});
  CHECK(TimeMl("each spring") == Strings{"each spring SET XXXX-SP"});
  CHECK(TimeMl("meets every month") == Strings{"every month SET P1M"});
  CHECK(TimeMl("every two weeks") == Strings{"every two weeks SET P2W"});
  CHECK(TimeMl("They met twice a week") == Strings{"a week SET P1W"});
  CHECK(TimeMl("$5 a year") == Strings{"a year SET P1Y"});
  CHECK(TimeMl("Shares trade daily.") == Strings{"daily SET XXXX-XX-XX"});
  CHECK(TimeMl("the daily newspaper").empty());
  CHECK(TimeMl("They meet on Fridays") == Strings{"Fridays SET XXXX-WXX-5"});
}
