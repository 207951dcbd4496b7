#include "pipeline/extractor.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <set>

#include "pipeline/taxonomy.h"
#include "pipeline/triggers.h"
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
  CHECK(g.Lookup("White House")->type == EntityType::kPlace);
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
  CHECK(m.time_basis == TimeBasis::kText);
  CHECK(m.modality == Modality::kAsserted);
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
  CHECK(plan[0].modality == Modality::kPlanned);
  CHECK(plan[0].target.canonical == "Japan");
  CHECK(FormatDate(plan[0].time) == "2024-07-01");
  CHECK(plan[0].time_granularity == Granularity::kMonth);
  auto cond = Extract("If the talks go well, Biden will meet Xi in Geneva.");
  REQUIRE(cond.size() == 1);
  CHECK(cond[0].modality == Modality::kHypothetical);
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
  CHECK(halt->time_granularity == Granularity::kWeek);

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

TEST_CASE("The taxonomy covers CAMEO's twenty root classes and every trigger's code") {
  std::set<std::string> roots;
  std::string previous;
  for (const auto& t : ActionTypes()) {
    CHECK(std::string(t.code) > previous);  // sorted, no duplicates
    previous = std::string(t.code);
    roots.insert(std::string(RootClass(t.code)));
  }
  CHECK(roots.size() == 20);
  for (int r = 1; r <= 20; ++r) {
    char code[4];
    std::snprintf(code, sizeof code, "%02d0", r);
    CHECK(FindActionType(code) != nullptr);
  }
  CHECK(FindActionType("999") == nullptr);
  CHECK(kTaxonomyVersion == "newsd-cameo/1");
}

TEST_CASE("Action classes beyond meetings") {
  auto code = [](const std::string& text) {
    auto ms = Extract(text);
    return ms.empty() ? std::string("none") : ms[0].code;
  };
  CHECK(code("Japan sent emergency aid to Myanmar on Sunday.") == "070");
  CHECK(code("Hamas released three Israeli hostages on Saturday.") == "084");
  CHECK(code("Israel and Hamas agreed to a ceasefire on Tuesday.") == "087");
  CHECK(code("Federal prosecutors are investigating Boeing.") == "090");
  CHECK(code("Donald Trump demanded that Canada lower its tariffs.") == "100");
  CHECK(code("Apple sued the European Commission over a fine.") == "115");
  CHECK(code("Hungary vetoed the European Union's sanctions package.") == "120");
  CHECK(code("Port workers went on strike over automation.") == "143");
  CHECK(code("Algeria recalled its ambassador to France on Tuesday.") == "161");
  CHECK(code("The European Commission fined Google last year.") == "172");
  CHECK(code("Israeli aircraft bombed Gaza City on Thursday.") == "195");
  CHECK(code("Xi Jinping said China would never accept hegemony.") == "010");
  // A labour strike is no attack; the outcome of an attack is no second one.
  CHECK(Extract("Port workers begin strike over automation").at(0).code == "143");
  CHECK(Extract("Israeli aircraft bombed a school in Gaza City, killing 30 people.").size() == 1);
  // What was threatened or asked is not an event of its own.
  auto threat = Extract("Erdogan threatened to block Sweden's membership of NATO.");
  REQUIRE(threat.size() == 1);
  CHECK(threat[0].code == "130");
  CHECK(threat[0].target.canonical == "Sweden");
}

TEST_CASE("Unnamed groups act, for their country when a demonym says so") {
  auto police = Extract("Police in Manila arrested Rodrigo Duterte on Tuesday.");
  REQUIRE(police.size() == 1);
  CHECK(police[0].source.canonical == "police");
  CHECK(police[0].source.type == EntityType::kGroup);
  CHECK(police[0].location.canonical == "Manila");

  auto iran = Extract("Iranian police arrested two French citizens in Tehran.");
  REQUIRE(iran.size() == 1);
  CHECK(iran[0].source.canonical == "Iran");
  CHECK(iran[0].source.role == "police");
  CHECK(iran[0].target.canonical == "France");

  auto sudan = Extract("Sudan's army and the Rapid Support Forces fought on Monday.");
  REQUIRE(sudan.size() == 1);
  CHECK(sudan[0].source.canonical == "Sudan");
  CHECK(sudan[0].target.canonical == "Rapid Support Forces");

  // "citizens" alone names nobody.
  CHECK(Extract("Citizens protested.").empty());
  CHECK(Extract("Thousands protested in Tbilisi.").at(0).source.canonical == "protesters");
}

TEST_CASE("Pronouns, 'the president' and titled surnames resolve within the article") {
  Extractor x(&test::TestGazetteer());
  auto ms = x.Extract({"President Joe Biden met Xi Jinping in Lima on Saturday.",
                       "The president told reporters the talks were frank.",
                       "He later spoke with Antony Blinken by phone."},
                      {}, kRef);
  REQUIRE(ms.size() == 3);
  CHECK(ms[1].code == "010");
  CHECK(ms[1].source.canonical == "Joe Biden");
  CHECK(ms[2].source.canonical == "Joe Biden");
  CHECK(ms[2].target.canonical == "Antony Blinken");

  auto titled = Extract("Mr. Blinken met Mr. Wang in Beijing on Thursday.");
  REQUIRE(titled.size() == 1);
  CHECK(titled[0].source.canonical == "Antony Blinken");
  CHECK(titled[0].target.canonical == "Wang Yi");

  // "the next day" counts from the date of the sentence before.
  auto next = x.Extract(
      {"Antony Blinken arrived in Kyiv on Tuesday.", "He met Volodymyr Zelensky the next day."}, {},
      kRef);
  REQUIRE(next.size() == 1);
  CHECK(FormatDate(next[0].time) == "2024-05-29");
}

TEST_CASE("Conjoined actors give one event each; apposition names the actor") {
  auto deals = Extract("Boeing and Airbus signed deals with Saudi Arabia on Thursday.");
  REQUIRE(deals.size() == 2);
  CHECK(deals[0].source.canonical == "Boeing");
  CHECK(deals[1].source.canonical == "Airbus");
  CHECK(deals[1].target.canonical == "Saudi Arabia");

  auto accused = Extract("The International Criminal Court accused Israeli and Hamas leaders.");
  REQUIRE(accused.size() == 2);
  CHECK(accused[0].target.canonical == "Israel");
  CHECK(accused[1].target.canonical == "Hamas");

  auto appos = Extract("Japan's prime minister, Shigeru Ishiba, met Donald Trump.");
  REQUIRE(appos.size() == 1);
  CHECK(appos[0].source.canonical == "Shigeru Ishiba");
  CHECK(appos[0].source.country == "JPN");

  auto lavrov = Extract("Sergei Lavrov, the Russian foreign minister, met Wang Yi in Beijing.");
  REQUIRE(lavrov.size() == 1);
  CHECK(lavrov[0].source.canonical == "Sergei Lavrov");
}

TEST_CASE("Places: capitals act for their governments, visits and attacks target places") {
  auto ankara = Extract("Ankara hosted talks between Russian and Ukrainian delegations.");
  REQUIRE(ankara.size() == 1);
  CHECK(ankara[0].code == "043");
  CHECK(ankara[0].source.canonical == "Turkey");
  CHECK(ankara[0].location.canonical == "Ankara");
  CHECK(ankara[0].target.canonical == "Russia");

  auto kyiv = Extract("Olaf Scholz visited Kyiv on Tuesday.");
  REQUIRE(kyiv.size() == 1);
  CHECK(kyiv[0].target.canonical == "Ukraine");
  CHECK(kyiv[0].location.canonical == "Kyiv");

  auto strike = Extract("Ukrainian drones hit an oil refinery in Ryazan on Sunday.");
  REQUIRE(strike.size() == 1);
  CHECK(strike[0].source.canonical == "Ukraine");
  CHECK(strike[0].target.canonical == "Ryazan");
  CHECK(strike[0].location.type == EntityType::kPlace);

  // A relative clause keeps its own date.
  auto xi = Extract(
      "Chinese President Xi Jinping, who arrived in Paris on Sunday, met Emmanuel Macron on "
      "Monday.");
  REQUIRE(xi.size() == 1);
  CHECK(FormatDate(xi[0].time) == "2024-05-27");
}

TEST_CASE("docs/event-taxonomy.md lists every code of the table") {
  const std::string doc = test::ReadFile(test::ProjectDataPath("../docs/event-taxonomy.md"));
  for (const auto& t : ActionTypes()) {
    INFO(t.code);
    CHECK(doc.find("| " + std::string(t.code) + " | " + std::string(t.name) + " |") !=
          std::string::npos);
  }
  CHECK(doc.find(std::string(kTaxonomyVersion)) != std::string::npos);
}

TEST_CASE("Bad input: long unpunctuated text, HTML leftovers, odd Unicode") {
  Extractor x(&test::TestGazetteer());
  // Without punctuation a text is one ICU "sentence"; extraction cuts it
  // into bounded pieces so its cost stays linear.
  std::string flat;
  for (int i = 0; i < 2000; ++i) flat += "the president said he would meet Putin in Moscow ";
  Analysis a = x.Analyze(flat, kRef);
  CHECK(a.sentences.size() >= flat.size() / 1600);
  for (const auto& s : a.sentences) CHECK(s.end - s.begin <= 1500);

  // Markup that survived HTML-to-text is no name and breaks nothing.
  auto html = Extract("<p>Vladimir Putin met Xi Jinping in Beijing.</p>&nbsp;<br/>");
  REQUIRE(html.size() == 1);
  CHECK(html[0].source.canonical == "Vladimir Putin");
  // Zero-width spaces, bidi marks, emoji and combining accents.
  auto odd =
      Extract("Emmanuel\u200b Macron \u200fmet Olaf Scholz \U0001F91D in Berlin on Fri\u0301day.");
  for (const auto& m : odd) CHECK_FALSE(m.source.canonical.empty());
  CHECK(Extract("\xF0\x9F\x98\x80\xE2\x80\x8B\xCC\x81").empty());
  CHECK(Extract("Путин встретился с Си Цзиньпином в Пекине.").empty());
  CHECK(Extract("普京在北京会见了习近平。").empty());
}

TEST_CASE("Regions from iso-codes' 3166-2 are places of their country") {
  const Gazetteer& g = test::TestGazetteer();
  REQUIRE(g.Lookup("Texas") != nullptr);
  CHECK(g.Lookup("Texas")->type == EntityType::kPlace);
  CHECK(g.Lookup("Texas")->country == "USA");
  REQUIRE(g.Lookup("Sindh") != nullptr);
  CHECK(g.Lookup("Sindh")->country == "PAK");
  CHECK(g.Lookup("Punjab") == nullptr);   // India's and Pakistan's: ambiguous, left out
  CHECK(g.Lookup("Central") == nullptr);  // a compass word, not a name
  CHECK(g.Lookup("Georgia")->type == EntityType::kCountry);  // a known name keeps its meaning

  auto ms = Extract("Protesters rallied in Sindh on Sunday.");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].location.canonical == "Sindh");
  CHECK(ms[0].location.country == "PAK");
}

TEST_CASE("Articles: 'the two leaders', 'the pontiff', 'the same day', hyphenated names") {
  Extractor x(&test::TestGazetteer());
  auto pair = x.Extract({"Keir Starmer hosted Narendra Modi at Chequers on Thursday.",
                         "The two prime ministers signed a free trade agreement."},
                        {}, kRef);
  REQUIRE(pair.size() == 2);
  CHECK(pair[1].code == "057");
  CHECK(pair[1].source.canonical == "Keir Starmer");
  CHECK(pair[1].target.canonical == "Narendra Modi");

  auto pope = x.Extract({"Pope Leo XIV met Volodymyr Zelensky at the Vatican on Saturday.",
                         "The pontiff urged both sides to pursue peace."},
                        {}, kRef);
  REQUIRE(pope.size() == 2);
  CHECK(pope[1].code == "020");
  CHECK(pope[1].source.canonical == "Pope Leo XIV");

  auto same = x.Extract({"Hamas and Israel agreed on Sunday to extend the truce.",
                         "Israel released 30 Palestinian prisoners the same day."},
                        {}, kRef);
  REQUIRE(same.size() == 2);
  CHECK(same[0].code == "087");
  CHECK(FormatDate(same[1].time) == "2024-05-26");
  CHECK(same[1].target.canonical == "Palestine");

  auto kim = Extract("Prosecutors charged former defence minister Kim Yong-hyun on Monday.");
  REQUIRE(kim.size() == 1);
  CHECK(kim[0].target.canonical == "Kim Yong-hyun");
  // A missile test is a show of force, not an attack; a court appeal is no appeal to anyone.
  CHECK(Extract("North Korea test-fired a new cruise missile on Wednesday.").at(0).code == "150");
  CHECK(Extract("Kim Yong-hyun said he would appeal.").at(0).code == "010");
}

TEST_CASE("Triggers: paradigms, phrasal verbs, objects that decide, nouns that are no actions") {
  auto code = [](const std::string& sentence, size_t i) {
    auto t = Tokenize(sentence);
    TriggerHit h = FindTrigger(t, i);
    return h ? std::string(h.type->code) + "/" + std::to_string(h.length) : std::string("-");
  };
  CHECK(code("Russia expelled diplomats", 1) == "166/1");
  CHECK(code("Putin called off the summit", 1) == "164/2");
  CHECK(code("workers went on strike", 1) == "143/3");
  CHECK(code("Algeria recalled its ambassador", 1) == "161/1");
  CHECK(code("Algeria recalled its products", 1) == "-");
  CHECK(code("Japan sent emergency aid", 1) == "070/1");
  CHECK(code("the attack on Kyiv", 1) == "-");
  CHECK(code("after clashes in Paris", 1) == "-");
  CHECK(code("over detained activists", 1) == "-");
  CHECK(code("the talks ended", 1) == "040/1");  // noun triggers stay
  CHECK(code("protests in March", 2) == "-");    // the month, not the verb
  CHECK(code("Israel and Hamas agreed to a truce", 3) == "087/1");
}
