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

namespace newsd {

// One sentence reporting one event.
struct EventMention {
  std::string code;        // CAMEO-compatible ("040")
  std::string type;        // "consult"
  std::string trigger;     // as written ("meeting")
  bool symmetric = false;  // A meets B == B meets A
  Entity source, target, location;
  Timestamp time{};
  std::string time_granularity = "day";
  std::string time_basis = "published";  // or "text"
  std::string modality = "asserted";     // asserted | planned | hypothetical
  bool negated = false;
  std::string sentence;
  int weight = 1;  // copies of the sentence's paragraph in the article
};

// Entities and times found in a text, for `newsd analyze` and tests.
struct EntityMention {
  Entity entity;
  Span span;  // byte offsets in the sentence
};

class Extractor {
 public:
  explicit Extractor(const Gazetteer* gazetteer) : gazetteer_(gazetteer) {}

  // Extracts the event mentions of an article given as paragraphs (titles
  // count as paragraphs). weights[i] (optional) is how many times paragraph i
  // occurred in the article; its mentions carry that weight. `reference` is
  // the publication time relative dates are resolved against.
  std::vector<EventMention> Extract(const std::vector<std::string>& paragraphs,
                                    const std::vector<int>& weights, Timestamp reference) const;

 private:
  const Gazetteer* gazetteer_;
};

// Canonical entity key for timelines: lower-case canonical name.
std::string EntityKey(const Entity& e);

}  // namespace newsd
