#include "pipeline/extractor.h"

#include <catch2/catch.hpp>

#include "tests/pipeline/gazetteer_fixture.h"

using namespace newsd;

namespace {
const Timestamp kRef = *ParseRfc3339("2024-06-01T09:00:00Z");  // a Saturday

std::vector<EventMention> Extract(const std::string& text) {
  Extractor x(&test::TestGazetteer());
  return x.Extract({text}, {}, kRef);
}

const EventMention* Find(const std::vector<EventMention>& ms, const std::string& code) {
  for (const auto& m : ms)
    if (m.code == code) return &m;
  return nullptr;
}
}  // namespace

TEST_CASE("Gazetteer: iso-codes countries, aliases, demonyms, transliterations") {
  const Gazetteer& g = test::TestGazetteer();
  CHECK(g.Lookup("Kim Yong-chol")->canonical == "Kim Yong Chol");
  CHECK(g.Lookup("kim yong chul")->canonical == "Kim Yong Chol");
  CHECK(g.Lookup("U.S.")->country == "USA");
  CHECK(g.Lookup("North Korea")->country == "PRK");
  CHECK(g.Lookup("Uruguay")->country == "URY");  // only in iso-codes
  CHECK(g.Lookup("Pompeo")->canonical == "Mike Pompeo");
  CHECK(g.Lookup("White House")->type == "place");
  CHECK(g.Lookup("Nobody Atall") == nullptr);
}

TEST_CASE("Who met whom, where and when") {
  auto ms = Extract(
      "Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on "
      "Thursday.");
  REQUIRE(ms.size() == 1);
  const auto& m = ms[0];
  CHECK(m.code == "040");
  CHECK(m.source.canonical == "Antony Blinken");
  CHECK(m.source.country == "USA");
  CHECK(m.target.canonical == "Wang Yi");
  CHECK(m.location.canonical == "Beijing");
  CHECK(FormatDate(m.time) == "2024-05-30");
  CHECK(m.time_basis == "text");
  CHECK(m.modality == "asserted");
  CHECK_FALSE(m.negated);
}

TEST_CASE("Nominal forms: a meeting with, talks between, A and B held talks") {
  auto a = Extract("Erdogan spoke after his Istanbul meeting with Volodymyr Zelensky.");
  REQUIRE(a.size() == 1);
  CHECK(a[0].source.canonical == "Recep Tayyip Erdogan");
  CHECK(a[0].target.canonical == "Volodymyr Zelensky");
  CHECK(a[0].location.canonical == "Istanbul");

  auto b = Extract("Lavrov and Wang Yi held talks in Beijing.");
  REQUIRE(b.size() == 1);
  CHECK(b[0].source.canonical == "Sergei Lavrov");
  CHECK(b[0].target.canonical == "Wang Yi");

  // "earlier talks" names nobody: no meeting, only the statement.
  auto said =
      Extract("The United Nations said the arrests broke commitments made in earlier talks.");
  REQUIRE(said.size() == 1);
  CHECK(said[0].code == "010");
  CHECK(said[0].source.canonical == "United Nations");
}

TEST_CASE("Passive voice swaps the roles") {
  auto ms = Extract("Zelensky was met by Erdogan at Dolmabahce Palace.");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].source.canonical == "Recep Tayyip Erdogan");
  CHECK(ms[0].target.canonical == "Volodymyr Zelensky");
  CHECK(ms[0].location.canonical == "Dolmabahce Palace");
}

TEST_CASE("Negation, plans and conditions") {
  auto neg = Extract("Narendra Modi did not meet Xi Jinping in Kazan.");
  REQUIRE(neg.size() == 1);
  CHECK(neg[0].negated);
  auto plan = Extract("Emmanuel Macron will visit Japan next month.");
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].code == "042");
  CHECK(plan[0].modality == "planned");
  CHECK(plan[0].target.canonical == "Japan");
  CHECK(FormatDate(plan[0].time) == "2024-07-01");
  CHECK(plan[0].time_granularity == "month");
  auto cond = Extract("If the talks go well, Biden will meet Xi in Geneva.");
  REQUIRE(cond.size() == 1);
  CHECK(cond[0].modality == "hypothetical");
}

TEST_CASE("An actor right before the action is not its place (found by extract_eval)") {
  auto ms = Extract("China accused the United States of interfering in its affairs.");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].source.canonical == "China");
  CHECK(ms[0].location.empty());
}

TEST_CASE("Phrasal verbs and other action classes") {
  auto off = Extract("Vladimir Putin called off the summit with Erdogan last week.");
  const EventMention* halt = Find(off, "164");
  REQUIRE(halt);
  CHECK(halt->source.canonical == "Vladimir Putin");
  CHECK(halt->time_granularity == "week");

  auto crit = Extract("The United Nations criticised Venezuela on Thursday.");
  REQUIRE(crit.size() == 1);
  CHECK(crit[0].code == "111");
  CHECK(crit[0].source.canonical == "United Nations");
  CHECK(crit[0].target.canonical == "Venezuela");

  auto sign = Extract("Japan and South Korea signed a defence agreement in Tokyo.");
  REQUIRE(sign.size() == 1);
  CHECK(sign[0].code == "057");
  CHECK(sign[0].target.canonical == "South Korea");
}

TEST_CASE("Within an article short and nominal mentions resolve to the full entity") {
  Extractor x(&test::TestGazetteer());
  auto ms =
      x.Extract({"Chinese Foreign Minister Wang Yi arrived in Washington on Friday.",
                 "Mr Blinken held talks with the senior Chinese envoy at the State Department.",
                 "Wang met Blinken again at dinner."},
                {}, kRef);
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].source.canonical == "Antony Blinken");
  CHECK(ms[0].target.canonical == "Wang Yi");  // "the senior Chinese envoy"
  CHECK(ms[0].location.canonical == "State Department");
  CHECK(ms[1].source.canonical == "Wang Yi");  // "Wang"
}

TEST_CASE("No events invented from text without them") {
  CHECK(Extract("Heavy rain is expected across the north this weekend, forecasters said.").empty());
  CHECK(Extract("Le pr\u00e9sident Macron a rencontr\u00e9 le chancelier Scholz \u00e0 Berlin.")
            .empty());
  CHECK(Extract("").empty());
  CHECK(Extract("meeting meeting meeting talks talks").empty());
  CHECK(Extract("A VERY LONG HEADLINE IN CAPITALS ABOUT NOTHING MUCH").empty());
  std::string long_sentence;
  for (int i = 0; i < 2000; ++i) long_sentence += "word ";
  CHECK(Extract(long_sentence).empty());
}
