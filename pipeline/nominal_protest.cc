// Protests a sentence reports by their noun, as the subject of a verb that
// says they go on or break out: "Chilean protests against the pension law
// were still going on", "student protests erupted in Dhaka", "a general
// strike entered its third day". The news is the protest: who protests is
// the country or people its adjective names, what it is against is the
// target, and where and when are read as for any other event.
#include <string_view>

#include "pipeline/event_roles.h"
#include "pipeline/taxonomy.h"
#include "pipeline/words.h"

namespace newsd {

namespace {

// A strike is a labour protest only with a word that says so ("a general
// strike"); alone it is as often an air or missile strike.
bool NamesLabourStrike(std::string_view w) {
  return IsOneOf(w, {"general", "nationwide", "national", "labour", "labor", "workers", "worker",
                     "miners", "teachers", "doctors", "nurses", "transport", "rail", "dock", "port",
                     "truckers", "public-sector", "indefinite", "open-ended"});
}

// The CAMEO code of the protest the noun at i names, or "".
std::string_view ProtestNounCode(const std::vector<Token>& t, size_t i) {
  const std::string& w = t[i].lower;
  if (IsOneOf(w, {"protest", "protests", "demonstration", "demonstrations", "rally", "rallies",
                  "marches"}))
    return cameo::kDemonstrate;
  if (IsOneOf(w, {"riot", "riots", "rioting"})) return cameo::kRiot;
  if (IsOneOf(w, {"strike", "strikes", "walkout", "walkouts"}) && i > 0) {
    if (t[i - 1].lower == "hunger") return cameo::kHungerStrike;
    if (NamesLabourStrike(t[i - 1].lower) ||
        (i > 1 && t[i - 1].lower == "'s" && NamesLabourStrike(t[i - 2].lower)))
      return cameo::kStrikeOrBoycott;
  }
  return {};
}

// How many tokens from k make a verb saying a protest goes on or breaks
// out ("continued", "broke out", "went on"), or 0.
size_t GoesOnAt(const std::vector<Token>& t, size_t k) {
  const std::string& w = t[k].lower;
  const std::string_view next = k + 1 < t.size() ? std::string_view(t[k + 1].lower) : "";
  if (IsOneOf(w, {"break", "breaks", "broke", "broken", "breaking", "go", "goes", "went", "gone",
                  "going", "flare", "flares", "flared", "flaring"}) &&
      IsOneOf(next, {"out", "on", "up"}))
    return (w.starts_with("br") && next == "out") || (w.starts_with("g") && next == "on") ||
                   (w.starts_with("fl") && next == "up")
               ? 2
               : 0;
  return IsOneOf(
             w,
             {"continue",   "continues", "continued",   "continuing",  "erupt",        "erupts",
              "erupted",    "erupting",  "spread",      "spreads",     "spreading",    "resume",
              "resumes",    "resumed",   "resuming",    "escalate",    "escalates",    "escalated",
              "escalating", "intensify", "intensifies", "intensified", "intensifying", "rage",
              "rages",      "raged",     "raging",      "persist",     "persists",     "persisted",
              "persisting", "flared",    "entered",     "enters",      "swept",        "sweeps"})
             ? 1
             : 0;
}

// Words that may stand between a protest noun and its verb in the clause:
// auxiliaries and adverbs of time ("were still going on").
bool Between(std::string_view w) {
  return IsOneOf(w, {"are", "were", "is", "was", "have", "has", "had", "been", "still", "also",
                     "again", "reportedly", "now", "already"});
}

// Words that leave the protest denied or only possible ("did not
// continue", "could spread"): no event is read from them.
bool Unasserted(std::string_view w) {
  return IsOneOf(w, {"not", "never", "did", "does", "do", "will", "would", "could", "may", "might",
                     "can", "should", "must"});
}

// Words that open the noun phrase of the protest or stand in it.
bool Determiner(std::string_view w) {
  return IsOneOf(w, {"the", "a", "an", "these", "those", "new", "fresh", "renewed", "more",
                     "further", "several", "some", "mass", "its", "their", "days", "weeks", "of"});
}

// What may come before the noun phrase: the sentence's start, a clause's
// start or a word that opens one.
bool OpensClause(const std::vector<Token>& t, size_t b, size_t clause_start) {
  if (b == 0 || b <= clause_start) return true;
  const Token& w = t[b - 1];
  if (!w.word) return IsOneOf(w.text, {",", ";", ":", "\""});
  return IsOneOf(w.lower, {"that", "as", "while", "when", "after", "but", "and", "where", "said",
                           "says", "since"});
}

}  // namespace

std::optional<EventMention> EventReader::NominalProtest(const SentenceInfo& s, size_t index,
                                                        size_t i, size_t clause_start,
                                                        const std::vector<bool>& relative,
                                                        size_t* end) const {
  const auto& t = s.tokens;
  if (!t[i].word || (t[i].capitalized && i > 0)) return std::nullopt;
  const std::string_view code = ProtestNounCode(t, i);
  if (code.empty()) return std::nullopt;
  // Back over the noun phrase: determiners, adjectives and nouns, numbers,
  // hyphens, and the country or people that protests ("Palestinian",
  // "anti-government", "Greek student").
  const GazetteerEntry* who = nullptr;
  size_t who_begin = 0, who_end = 0;
  size_t b = i;
  for (size_t words = 0; b > clause_start && words < 6; ++words) {
    const Token& w = t[b - 1];
    if (!w.word) {
      if (w.text == "-" || w.text == "'s") {
        --b;
        continue;
      }
      break;
    }
    // (A capital opening the sentence may be any word: "Student protests".)
    if (w.capitalized) {
      // The name of a country or people, ending right here.
      size_t k = 0;
      if (const GazetteerEntry* c = CountryOrPeopleEndingAt(t, b, &k)) {
        if (!who) {
          who = c;
          who_begin = k;
          who_end = b;
        }
        b = k;
        continue;
      }
      // "Anti-government": a capital opening a hyphened compound.
      if (b < i && t[b].text == "-" && !g_.MatchName(t, b - 1).entry) {
        --b;
        continue;
      }
      if (b > 1) break;
    }
    const bool modifier =
        Determiner(w.lower) || w.lower.find_first_of("0123456789") != std::string::npos ||
        (lexicon_ && !IsAuxiliary(w.lower) && !IsSubordinator(w.lower) &&
         (lexicon_->Frequency(w.lower, PartOfSpeech::kAdjective) > 0 ||
          lexicon_->NounFrequency(w.lower) > 0) &&
         !IsOneOf(w.lower, {"in", "on", "at", "by", "to", "for", "with", "from", "against", "over",
                            "after", "before", "and", "or", "but", "as", "that", "said", "says"}));
    if (!modifier) break;
    --b;
  }
  if (!OpensClause(t, b, clause_start)) return std::nullopt;
  // Forward to the verb, over what the protest is against or where it is
  // ("against the new pension law", "in the capital").
  size_t k = i + 1;
  size_t against = std::string::npos;
  if (k < t.size() && IsOneOf(t[k].lower, {"against", "over", "in", "across", "at", "outside",
                                           "near", "throughout", "around", "by", "on"})) {
    for (size_t limit = k + 10; k < t.size() && k < limit; ++k) {
      if (t[k].lower == "against" && against == std::string::npos) against = k;
      if (!t[k].word && !IsOneOf(t[k].text, {"-", "'s", "."})) return std::nullopt;
      if (IsOneOf(t[k].lower, {"that", "which", "who", "whose", "said"})) return std::nullopt;
      if (Between(t[k].lower) || Unasserted(t[k].lower) || GoesOnAt(t, k)) break;
      if (FindTrigger(t, k)) return std::nullopt;
    }
  }
  bool asserted = true;
  while (k < t.size() && (Between(t[k].lower) || Unasserted(t[k].lower))) {
    asserted &= !Unasserted(t[k].lower);
    ++k;
  }
  if (k >= t.size() || !asserted) return std::nullopt;
  const size_t verb_len = GoesOnAt(t, k);
  if (verb_len == 0) return std::nullopt;
  // "a general strike entered its third day", not "entered the city".
  if (IsOneOf(t[k].lower, {"entered", "enters"}) &&
      !WithinNext(t, k + 1, 3, {"day", "week", "month", "year"}))
    return std::nullopt;

  const ActionType* type = FindActionType(code);
  if (!type) return std::nullopt;
  TriggerHit hit;
  hit.type = type;
  hit.kind = TriggerKind::kNoun;
  const TriggerSite site{s, i, hit, true, clause_start, ClauseEnd(s, k, verb_len), relative};
  EventMention m = NounEvent(s, index, i, *type);
  if (who) {
    m.source = MakeEntity(*who, SpanText(s, who_begin, who_end));
    if (m.source.type == EntityType::kCountry) {
      // The people of the country protest, not its state.
      m.source.type = EntityType::kGroup;
      m.source.role = code == cameo::kStrikeOrBoycott ? "labour" : "opposition";
      m.source.code.clear();
    }
  }
  if (against != std::string::npos)
    for (const Found& f : s.entities)
      if (f.begin > against && f.begin <= against + 4 && f.end <= k && IsActor(f.entity) &&
          f.entity.canonical != m.source.canonical) {
        m.target = f.entity;
        break;
      }
  AssignPlace(site, RootClass(m.code), m);
  // Protests by nobody named, against nothing, nowhere: too little to
  // follow.
  if (m.source.empty() && m.target.empty() && m.location.empty()) return std::nullopt;
  AssignTime(site, m);
  *end = k + verb_len;
  return m;
}

}  // namespace newsd
