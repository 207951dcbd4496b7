// Event extraction: who did what to whom, where and when, from the
// sentences of one article.
//
// Dictionary- and pattern-based, like the CAMEO coders: actors come from the
// gazetteer (plus unknown capitalised names), actions from a trigger table
// mapped to CAMEO-compatible codes, places from "at/in <place>", times from
// time_expr.h. Within one article, short mentions ("Pompeo", "Mr Trump") and
// nominal ones ("a senior North Korean envoy") resolve to the full entity.
// Pure; an Extractor is immutable after construction and thread-safe.
#pragma once

#include <string>
#include <vector>

#include "common/event.h"
#include "common/time.h"
#include "pipeline/gazetteer.h"
#include "pipeline/lexicon.h"
#include "pipeline/time_expr.h"

namespace newsd {

// One sentence reporting one event.
struct EventMention {
  std::string code;        // CAMEO-compatible ("040")
  std::string type;        // "consult"
  std::string trigger;     // as written ("meeting")
  bool symmetric = false;  // A meets B == B meets A
  Entity source, target, location;
  Timestamp time{};
  Granularity time_granularity = Granularity::kDay;
  TimeBasis time_basis = TimeBasis::kPublished;
  Modality modality = Modality::kAsserted;
  bool negated = false;
  std::string sentence;
  int weight = 1;             // copies of the sentence's paragraph in the article
  size_t sentence_index = 0;  // in Analyze(): which sentence
  Span trigger_span;          // in Analyze(): byte offsets of the trigger in the text
};

// What the extractor saw in a text, for `newsd analyze` and tests. Spans
// are byte offsets into the analysed text.
struct Analysis {
  struct EntitySpan {
    Entity entity;
    size_t sentence = 0;
    Span span;
  };
  struct TimeSpan {
    size_t sentence = 0;
    Span span;
    Timestamp value{};
    Granularity granularity = Granularity::kDay;
    bool attributive = false;  // qualifies a noun ("the 12 June summit")
    // The value written the TimeML way: "1998-03-04", "1998-03" (a month),
    // "1998" (a year), "1998-W09" (an ISO week), "1998-Q3" (a quarter),
    // "P3Y" (a duration), "XXXX-WXX-5" (a set).
    std::string timeml;
    TimeType type = TimeType::kDate;
    // A day, week, month or year: `value` and `granularity` hold it, and it
    // can date an event. Other expressions have only their TimeML value.
    bool calendar = true;
  };
  std::vector<Span> sentences;
  std::vector<EntitySpan> entities;  // after resolution within the text
  std::vector<TimeSpan> times;
  std::vector<EventMention> events;
};

class Extractor {
 public:
  // `lexicon` (optional) adds the CAMEO verb dictionary's actions, read
  // where the sentence makes the word a verb; without it only the trigger
  // table of pipeline/triggers.h codes actions.
  explicit Extractor(const Gazetteer* gazetteer, const Lexicon* lexicon = nullptr)
      : gazetteer_(gazetteer), lexicon_(lexicon) {}

  // Extracts the event mentions of an article given as paragraphs (titles
  // count as paragraphs). weights[i] (optional) is how many times paragraph i
  // occurred in the article; its mentions carry that weight. `reference` is
  // the publication time relative dates are resolved against.
  // `entities` (optional) receives the article's named actors and places,
  // once each, after resolution (no pronouns, unnamed groups or lone
  // unknown words): what story clustering compares.
  std::vector<EventMention> Extract(const std::vector<std::string>& paragraphs,
                                    const std::vector<int>& weights, Timestamp reference,
                                    std::vector<Entity>* entities = nullptr) const;

  // The same over one text (paragraphs separated by blank lines), with
  // everything it found and where.
  Analysis Analyze(std::string_view text, Timestamp reference) const;

 private:
  const Gazetteer* gazetteer_;
  const Lexicon* lexicon_;
};

// Canonical entity key for timelines: lower-case canonical name.
std::string EntityKey(const Entity& e);

}  // namespace newsd
