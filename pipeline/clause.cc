#include "pipeline/clause.h"

#include <string>

#include "common/ascii.h"
#include "pipeline/dictionary_trigger.h"
#include "pipeline/taxonomy.h"
#include "pipeline/words.h"

namespace newsd {

namespace {

// "to" at k after a word of intent ("agreed to", "hopes to", "is to").
bool IntendedAt(const std::vector<Token>& t, size_t k) {
  return t[k].lower == "to" && k > 0 &&
         IsOneOf(
             t[k - 1].lower,
             {"plans",  "planned",  "plan",     "expected", "scheduled", "agreed",   "wants",
              "want",   "wanted",   "hopes",    "hope",     "hoped",     "hoping",   "intends",
              "intend", "intended", "going",    "set",      "due",       "is",       "are",
              "was",    "were",     "decided",  "promised", "pledged",   "vowed",    "aims",
              "aim",    "seeks",    "seek",     "sought",   "promise",   "promises", "promising",
              "pledge", "pledges",  "pledging", "vow",      "vows",      "vowing"});
}

// Whether a denial opens the clause that holds the trigger at site.i
// ("denied that", "denies its troops", "rejected claims that").
bool DeniedBefore(const TriggerSite& site) {
  const auto& t = site.s.tokens;
  const size_t i = site.i;
  for (size_t k = i; k-- > site.clause_start && k + 16 > i;) {
    if (t[k].text == ";") break;
    const bool deny = IsOneOf(t[k].lower, {"deny", "denies", "denied", "denying"});
    // ("denied reports that", "rejected claims that": what is denied is
    // the claim's content.)
    const bool claim =
        k + 1 < i && IsOneOf(t[k + 1].lower, {"claims", "reports", "allegations", "accusations",
                                              "suggestions", "charges", "rumours", "rumors"});
    const bool dismiss = IsOneOf(t[k].lower, {"dismissed", "dismisses", "rejected", "rejects",
                                              "refuted", "refutes", "disputed", "disputes"}) &&
                         claim;
    if (!deny && !dismiss) continue;
    const size_t after = k + (claim ? 2 : 1);
    if (after < i && t[after].lower == "that") return true;
    // ("denied Russian troops had crossed": a subject named before the
    // trigger; "denied entry to" is a denial of its own.)
    if (deny)
      for (const Found& f : site.s.entities)
        if (f.begin == after && f.end <= i && IsActor(f.entity)) return true;
    return false;
  }
  return false;
}

}  // namespace

// Negation and modality from the words just before the trigger, and the
// act recoded as CAMEO codes what the sentence says of it (an intent, a
// rejection, a threat): one-sided, and asserted as said. Returns the
// action type the event now has.
const ActionType* ReadModality(const TriggerSite& site, size_t speech_at, const ActionType* type,
                               EventMention& m) {
  const auto& t = site.s.tokens;
  const size_t i = site.i;
  const size_t clause_start = site.clause_start;
  const TriggerHit& tw = site.tw;
  auto recode_as_said = [&](std::string_view code) {
    type = FindActionType(code);
    m.code = std::string(type->code);
    m.type = std::string(type->name);
    m.symmetric = false;
    m.modality = Modality::kAsserted;
  };
  bool refusal = false;  // "refused to", "failed to"
  for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) {
    const std::string& w = t[k].lower;
    if (w == "not" || w == "never" || w.ends_with("n't") || w.ends_with("n\xE2\x80\x99t") ||
        IsOneOf(w, {"skip", "skips", "skipped", "avoid", "avoids", "avoided", "refuse", "refuses",
                    "refused", "decline", "declines", "declined", "without", "fail", "fails",
                    "failed"}))
      m.negated = true;
    if (IsOneOf(w, {"refuse", "refuses", "refused", "refusing", "decline", "declines", "declined",
                    "fail", "fails", "failed", "reneged"}))
      refusal = true;
    if (IsOneOf(w, {"will", "would", "plans", "planned", "plan", "may", "might", "could",
                    "expected", "scheduled", "shall", "intends"}))
      m.modality = Modality::kPlanned;
    // "to" plans only after a word of intent ("agreed to visit", "is to
    // meet"); "blocked roads to protest" did protest.
    if (IntendedAt(t, k)) m.modality = Modality::kPlanned;
    // ("tried to hack", "attempted to assassinate": an attempt is coded as
    // the act, as CAMEO's coders do.)
  }
  // "would not say whether", "couldn't comment": declining comment (011),
  // as "declined to say" is, not a statement denied. ("Did not say that
  // ..." denies what was said.)
  if (tw.kind == TriggerKind::kSpeech && i >= 2 && IsOneOf(t[i - 1].lower, {"not", "never"}) &&
      IsOneOf(t[i - 2].lower, {"would", "will", "could", "can"}) &&
      IsOneOf(t[i].lower, {"say", "comment", "elaborate", "disclose", "confirm", "discuss",
                           "speculate", "specify"})) {
    recode_as_said(cameo::kDeclineComment);
    m.negated = false;
    return type;
  }
  // "Sunak to meet Macron in Paris": a headline's "to" right after the
  // name that opens it is its future.
  if (i >= 2 && t[i - 1].lower == "to")
    for (const Found& f : site.s.entities)
      if (f.end + 1 == i && (f.begin == 0 || (f.begin == 1 && t[0].lower == "the")) &&
          IsActor(f.entity))
        m.modality = Modality::kPlanned;
  // "promising to withdraw from Iran and release prisoners", "will begin
  // withdrawing troops and release prisoners": a verb joined by "and" to
  // an intended or announced one is so too.
  if (i > 0 && t[i - 1].lower == "and")
    for (size_t k = i - 1; k-- > clause_start && k + 14 > i;) {
      if (IsOneOf(t[k].text, {",", ";"}) || t[k].lower == "and") break;
      if (IntendedAt(t, k) || IsOneOf(t[k].lower, {"will", "would", "shall"})) {
        m.modality = Modality::kPlanned;
        break;
      }
    }
  // "has reached no agreement", "signed no deal": "no" before the object
  // denies the act as "not" before the verb does.
  if (tw.kind != TriggerKind::kSpeech && !site.noun && i + tw.length < t.size() &&
      t[i + tw.length].lower == "no")
    m.negated = true;
  for (size_t k = clause_start; k < i; ++k)
    if (t[k].lower == "if" || t[k].lower == "unless") m.modality = Modality::kHypothetical;
  // "ready to meet", "open to talks", "offered talks": intent to meet;
  // "ready to release", "willing to sign": intent to cooperate; "prepared
  // to resume shelling", "wants to destroy": a hostile act to come (a
  // threat, below), never an intent to cooperate.
  bool ready = false;  // ("an open-ended strike" is no openness)
  for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) {
    if (k + 1 < t.size() && t[k + 1].text == "-") continue;
    ready |= IsOneOf(t[k].lower, {"ready", "willing", "open", "offered", "proposed", "wants",
                                  "hopes", "prepared"});
  }
  if (i >= 1 && tw.kind != TriggerKind::kSpeech && ready) {
    if (RootClass(m.code) >= "13")
      m.modality = Modality::kPlanned;
    else
      recode_as_said(RootClass(m.code) == "04" ? cameo::kIntentToMeet : cameo::kIntentToCooperate);
  }
  // "would meet the envoy if he dropped his conditions": a meeting offered
  // on a condition is an offer to meet (an intent, 036), not a meeting
  // planned; "would meet" alone stays the meeting, planned.
  if (!m.negated && tw.kind != TriggerKind::kSpeech && RootClass(m.code) == "04" &&
      WithinNext(t, i >= 2 ? i - 2 : 0, i >= 2 ? 2 : i, {"would"})) {
    for (size_t k = i + tw.length; k < t.size() && k < i + tw.length + 12; ++k) {
      if (IsOneOf(t[k].text, {";", ":"})) break;
      if (IsOneOf(t[k].lower, {"if", "unless", "provided"})) {
        recode_as_said(cameo::kIntentToMeet);
        break;
      }
    }
  }
  // A cooperative act refused, or declared as never to happen ("refused
  // to deploy", "failed to reach agreement", "will not accept"), is a
  // rejection, as CAMEO codes it; a plain negated past ("did not meet")
  // stays the act, negated.
  if (m.negated && tw.kind != TriggerKind::kSpeech &&
      (refusal || m.modality == Modality::kPlanned) && RootClass(m.code) >= "03" &&
      RootClass(m.code) <= "08") {
    const std::string_view root_now = RootClass(m.code);
    recode_as_said(root_now == "04"   ? cameo::kRejectMeeting
                   : root_now == "08" ? cameo::kRefuseToYield
                                      : cameo::kReject);
    m.negated = false;
  }
  // A cooperative act announced for the future ("will support the
  // resolution", "will give Tanzania a grant", "said they will release")
  // is an intent to do it (CAMEO 03x); meetings keep their code, planned,
  // so that the meeting announced and the meeting held are one event.
  if (!m.negated && tw.kind != TriggerKind::kSpeech && m.modality == Modality::kPlanned) {
    const std::string_view r = RootClass(m.code);
    const std::string_view intent = r == "05"   ? cameo::kIntentDiplomaticCooperation
                                    : r == "06" ? cameo::kIntentMaterialCooperation
                                    : r == "07" ? cameo::kIntentToProvideAid
                                    : r == "08" ? cameo::kIntentToYield
                                                : std::string_view();
    if (!intent.empty()) recode_as_said(intent);
  }
  // A hostile act announced for the future ("said they would boycott",
  // "has sworn to fight", "will withdraw its monitors unless ...") is a
  // threat, as CAMEO codes it: protest 133, sanctions 131, halting talks
  // 134, repression 137, force 138.
  if (!m.negated && tw.kind != TriggerKind::kSpeech &&
      (m.modality == Modality::kPlanned ||
       WithinNext(t, i >= 3 ? i - 3 : 0, i >= 3 ? 3 : i,
                  {"sworn", "swore", "vowed", "vows", "vow"}))) {
    const std::string_view r = RootClass(m.code);
    std::string_view threat;
    if (r == "14") threat = cameo::kThreatenDissent;
    if (r == "16")
      threat = m.code == cameo::kHaltNegotiations ? cameo::kThreatenToHaltTalks
                                                  : cameo::kThreatenNonForce;
    if (r == "17") threat = cameo::kThreatenRepression;
    if (r == "18" || r == "19" || r == "20") threat = cameo::kThreatenForce;
    if (!threat.empty()) recode_as_said(threat);
  }
  // ("Erdogan told journalists after his meeting with Zelensky that ...": an
  // action noun in a phrase of the telling, before the "that" opening what
  // was said, is the narrator's.)
  bool before_content = false;
  if (site.noun && speech_at != std::string::npos && speech_at < i &&
      WithinNext(t, i >= 3 ? i - 3 : 0, i >= 3 ? 3 : i, {"after", "before", "during", "at"}))
    for (size_t k = i + 1; k < t.size() && k < i + 8 && !before_content; ++k) {
      if (IsSpeechAt(t, k) || FindTrigger(t, k) || IsOneOf(t[k].text, {";", ":", "\"", ","})) break;
      before_content = t[k].lower == "that";
    }
  if (tw.kind != TriggerKind::kSpeech && speech_at != std::string::npos && speech_at < i &&
      m.modality != Modality::kHypothetical && !before_content)
    m.modality = Modality::kReported;
  // "The Kremlin denied that Russian troops had crossed into Georgia",
  // "dismissed reports that its jets bombed the town": the act is one the
  // speaker says did not happen.
  if (DeniedBefore(site)) {
    m.negated = true;
    if (m.modality != Modality::kHypothetical) m.modality = Modality::kReported;
  }

  return type;
}

// Where the clause of the trigger at i (len tokens) ends: at a ";", a
// subordinator or the next verb trigger.
size_t ClauseEnd(const SentenceInfo& s, size_t i, size_t len) {
  const auto& t = s.tokens;
  size_t clause_end = t.size();
  for (size_t k = i + len; k < t.size(); ++k) {
    if (t[k].text == ";" || (IsSubordinator(t[k].lower) && k > i + len)) {
      clause_end = k;
      break;
    }
    if (k > i + len + 1 && t[k].word && !InsideEntity(s, k)) {
      TriggerHit next = FindTrigger(t, k);
      if (next && next.kind != TriggerKind::kNoun && t[k].lower != "meeting") {
        clause_end = k;
        // ("struck Gaza, Hamas fired": a name after a comma is the next
        // verb's subject, no object of this one.)
        for (const Found& f : s.entities)
          if (f.end == k && f.begin > i + len && t[f.begin - 1].text == ",")
            clause_end = f.begin - 1;
        break;
      }
    }
  }
  return clause_end;
}

// The subject comes after the last subordinator before the trigger
// when one names an actor ("after the union rejected").
// (Not for nouns: "spoke after his meeting with X" is the speaker's.)
size_t SubjectStart(const TriggerSite& site) {
  const auto& t = site.s.tokens;
  const SentenceInfo& s = site.s;
  const size_t i = site.i;
  const bool noun = site.noun;
  size_t left_start = site.clause_start;
  for (size_t k = site.clause_start; k < i && !noun; ++k) {
    if (!IsSubordinator(t[k].lower)) continue;
    for (const auto& f : s.entities)
      if (f.begin > k && f.end <= i && IsActor(f.entity)) {
        left_start = k + 1;
        break;
      }
    // ("after he criticised the government": a subject we could not
    // resolve is still a subject.)
    for (size_t p = k + 1; p < i && p <= k + 2; ++p)
      if (IsOneOf(t[p].lower, {"he", "she", "they", "it"})) left_start = k + 1;
  }

  // "Posing for photographers with Clinton, Blair pledged", "In Paris,
  // Macron met": an opening participle or prepositional phrase ends at its
  // comma; the subject comes after it.
  if (!noun && t[site.clause_start].word &&
      (IsPreposition(t[site.clause_start].lower) ||
       (t[site.clause_start].lower.ends_with("ing") && t[site.clause_start].lower.size() > 4)))
    for (size_t k = site.clause_start + 1; k < i; ++k)
      if (t[k].text == ",") {
        left_start = std::max(left_start, k + 1);
        break;
      }
  return left_start;
}

// "was met by", "have been hurt", "companies hurt badly by price
// declines": a form of "be" before a verb that is no -ing form makes it a
// participle, whatever its spelling ("hurt", "cut", "hit" are their own
// participles); so does "by" right after a past form.
bool IsPassive(const TriggerSite& site) {
  const auto& t = site.s.tokens;
  const size_t i = site.i, len = site.tw.length;
  if (site.noun || i == 0 || t[i].lower.ends_with("ing")) return false;  // "been holding"
  if (IsOneOf(t[i - 1].lower, {"was", "were", "been", "being", "is", "are", "be"}))
    return site.tw.past_participle ||
           (site.tw.kind != TriggerKind::kSpeech && !t[i].lower.ends_with("ing"));
  if (site.tw.kind == TriggerKind::kSpeech) return false;
  if (!site.tw.past_participle) return false;
  for (size_t k = i + len; k < t.size() && k <= i + len + 1; ++k) {
    if (t[k].lower == "by")
      return k + 1 < t.size() && !t[k + 1].lower.ends_with("ing") &&
             !IsOneOf(t[i - 1].lower, {"has", "have", "had"});
    if (!t[k].lower.ends_with("ly")) break;
  }
  return false;
}

bool ReducedPassive(const TriggerSite& site, const Lexicon* lexicon, const Found** patient) {
  const auto& t = site.s.tokens;
  const size_t i = site.i;
  *patient = nullptr;
  if (site.noun || !site.tw.past_participle || site.tw.kind == TriggerKind::kSpeech || i < 2 ||
      !t[i].lower.ends_with("ed") || !t[i - 1].word || IsAuxiliary(t[i - 1].lower))
    return false;
  // The noun phrase before: a mention ending right there, else lower-case
  // plural nouns and their modifiers ("local aid workers").
  size_t begin = i;
  for (const Found& f : site.s.entities)
    if (f.end == i) {
      begin = f.begin;
      *patient = &f;
    }
  if (*patient && (*patient)->pronoun) return false;  // "she failed": a clause of its own
  if (!*patient) {
    const std::string& w = t[i - 1].lower;
    const bool plural = (w.ends_with("s") && lexicon && lexicon->NounFrequency(w) > 0) ||
                        (w.size() > 4 && w.ends_with("men")) ||
                        IsOneOf(w, {"people", "children", "police"});
    if (!lexicon || t[i - 1].capitalized || !plural) return false;
    begin = i - 1;
    while (begin > 0 && i - begin < 4 && t[begin - 1].word && !t[begin - 1].capitalized &&
           !IsPreposition(t[begin - 1].lower) && !IsDeterminer(t[begin - 1].lower) &&
           !lexicon->verbs().IsVerbForm(t[begin - 1].lower))
      --begin;
  }
  // What governs it, past its determiner or count (not "that", which may
  // open a clause: "charges that she failed").
  size_t p = begin;
  while (p > 0 &&
         (IsOneOf(t[p - 1].lower, {"the",   "a",     "an",   "some",  "many",   "several", "these",
                                   "those", "its",   "his",  "her",   "their",  "our",     "all",
                                   "both",  "most",  "two",  "three", "four",   "five",    "six",
                                   "seven", "eight", "nine", "ten",   "dozens", "scores"}) ||
          IsAmountWord(t[p - 1].lower)))
    --p;
  if (p == 0 || p <= site.clause_start || !t[p - 1].word) return false;
  const std::string& gov = t[p - 1].lower;
  if (IsSubordinator(gov) || IsSpeechAt(t, p - 1) ||
      IsOneOf(gov, {"that",     "think",   "thinks",   "thought",   "believe", "believes",
                    "believed", "fear",    "fears",    "feared",    "hope",    "hopes",
                    "hoped",    "suspect", "suspects", "suspected", "expect",  "expects",
                    "expected", "saw",     "see",      "sees",      "heard"}))
    return false;
  // A verb: a lower-case form of the verb dictionary that the sentence
  // reads as one ("President" is none).
  auto verb_at = [&](size_t k) {
    return lexicon && !t[k].capitalized && lexicon->verbs().IsVerbForm(t[k].lower) &&
           lexicon->ReadsAsVerb(t, k);
  };
  if (verb_at(p - 1)) return true;  // "accepted refugees expelled"
  if (!IsPreposition(gov) && gov != "to") return false;
  // A prepositional phrase ends the subject ("officials in Kenya rejected")
  // unless a verb before it, in the same clause, has already come.
  for (size_t k = p - 1; k-- > site.clause_start;) {
    if (!t[k].word || IsSubordinator(t[k].lower) || IsSpeechAt(t, k) ||
        IsOneOf(t[k].lower, {"that", "and", "but", "who", "which"}))
      return false;
    if (verb_at(k)) return true;
  }
  return false;
}

bool AgentOfAnotherVerb(const std::vector<Token>& t, size_t from, size_t by,
                        const Lexicon* lexicon) {
  if (by == std::string::npos || by <= from || by > t.size()) return false;
  for (size_t k = from; k < by; ++k)
    if (IsOneOf(t[k].lower, {"who", "which", "that", "whom", "whose"})) return true;
  size_t p = by;
  while (p > from && t[p - 1].lower.ends_with("ly")) --p;
  if (p == from || !t[p - 1].word || t[p - 1].capitalized) return false;
  const std::string& w = t[p - 1].lower;
  return w.size() > 3 && (w.ends_with("ed") || (lexicon && lexicon->verbs().IsVerbForm(w) &&
                                                !w.ends_with("s") && !w.ends_with("ing")));
}

bool DeclineOfAmount(const std::vector<Token>& t, size_t i) {
  if (!IsOneOf(t[i].lower, {"decline", "declines", "declined", "declining"})) return false;
  size_t next = i + 1;
  while (next < t.size() && t[next].word && t[next].lower.size() > 3 &&
         t[next].lower.ends_with("ly"))
    ++next;
  // (An amount may open with its currency: "$6.3 million", "#89.7 million".)
  auto currency = [&](size_t k) { return IsOneOf(t[k].text, {"$", "#", "£", "€"}); };
  if (next >= t.size() || (!t[next].word && !currency(next))) return true;  // "sales declined."
  auto amount = [&](size_t k) { return k < t.size() && (IsAmountWord(t[k].lower) || currency(k)); };
  const std::string& w = t[next].lower;
  if (amount(next) || (IsPreposition(w) && w != "to") ||
      IsOneOf(w, {"and", "but", "as", "while", "because", "since"}))
    return true;
  if (w == "to") return amount(next + 1);  // "declined to $6.3 million"
  // "declining military spending": a participle before its noun, not after
  // an auxiliary, describes the noun.
  return t[i].lower.ends_with("ing") &&
         (i == 0 || !IsOneOf(t[i - 1].lower, {"is", "are", "was", "were", "been", "be"}));
}

bool HeldNotDone(const std::vector<Token>& t, size_t clause_start, size_t i) {
  for (size_t k = i; k-- > clause_start && k + 12 > i;) {
    if (t[k].text == ";") return false;
    if (k + 1 < i && t[k + 1].lower == "that" &&
        IsOneOf(t[k].lower, {"perception", "perceptions", "belief", "beliefs", "impression",
                             "suspicion", "suspicions", "notion", "speculation", "rumor", "rumors",
                             "rumour", "rumours", "assumption", "myth", "myths"}))
      return true;
    if (t[k].lower == "like" && k > 0 &&
        IsOneOf(t[k - 1].lower, {"looks", "look", "looked", "seems", "seemed", "sounds"}))
      return true;
  }
  return false;
}

// "only if Israel withdraws", "if he strikes again", "until Iraq pays":
// the trigger stands inside a condition (before any comma closes it), so
// it reports no act. A main clause after the condition ("If talks fail,
// Iraq will attack") is not inside it.
bool InsideCondition(const TriggerSite& site) {
  const auto& t = site.s.tokens;
  for (size_t k = site.i; k-- > site.clause_start;) {
    if (t[k].text == "," || t[k].text == ";") return false;
    // ("would not say whether Iran has agreed": a question asked.)
    if (IsOneOf(t[k].lower, {"if", "unless", "whether"})) return true;
    // ("until Iraq pays": a present form after "until" is a condition;
    // "until Iraq withdrew" happened.)
    if (t[k].lower == "until")
      return t[site.i].lower.size() > 3 && t[site.i].lower.ends_with("s") &&
             !t[site.i].lower.ends_with("ss");
  }
  return false;
}

// "Venezuela could start a war by attacking Guyana", "the move may help
// block a takeover", "would have required Cuba to release them": the
// act is a possibility the sentence weighs, not one done or announced. A
// modal of possibility ("may", "might", "could") or a counterfactual
// ("would have") governs the trigger when nothing ends the clause between
// them (a comma, a subordinator, a relative pronoun, or "and"/"but" before
// a new subject).
bool OnlyPossible(const TriggerSite& site) {
  const auto& t = site.s.tokens;
  if (IsOneOf(t[site.i].lower, {"willing", "ready", "prepared", "open"})) return false;
  for (size_t k = site.i; k-- > site.clause_start;) {
    const std::string& w = t[k].lower;
    if (t[k].text == "," || t[k].text == ";" || IsSubordinator(w) ||
        IsOneOf(w, {"who", "which", "that", "whom", "as", "said", "says", "say"}))
      return false;
    if (IsOneOf(w, {"and", "but"}) && k + 1 < site.i &&
        (t[k + 1].capitalized || IsOneOf(t[k + 1].lower, {"he", "she", "it", "they", "we"})))
      return false;
    // ("might be willing to move": an intent, hedged, is still stated.)
    if (IsOneOf(w, {"willing", "ready", "prepared", "open"})) return false;
    if (IsOneOf(w, {"may", "might", "could"})) return true;
    if (w == "would" && k + 1 < site.i && t[k + 1].lower == "have") return true;
    // "an army adequate to mount an offensive", "strong enough to
    // invade": what a force could do. ("was able to seize" says it did.)
    if (k + 2 == site.i && t[k + 1].lower == "to" &&
        IsOneOf(w, {"adequate", "enough", "sufficient", "capable", "insufficient", "inadequate"}))
      return true;
  }
  return false;
}

// Whether "must"/"should" at `modal` states what is expected to happen
// rather than what someone must do: no actor's name right before it, and
// a passive ("should be completed") or a change of amount ("should
// increase") after it.
bool ReportsWhatWasSaid(const TriggerSite& site, std::string_view root) {
  const auto& t = site.s.tokens;
  const size_t i = site.i, n = site.i + site.tw.length;
  if (site.noun || n >= t.size()) return false;
  if (root == "03") return t[i].lower.starts_with("agree") && t[n].lower == "that";
  if (!IsOneOf(root, {"05", "06", "07", "08"}) || n + 1 >= t.size()) return false;
  if (t[n].lower == "that") return true;
  const std::string& verb = t[n + 1].lower;
  return IsOneOf(t[n].lower, {"it", "he", "she", "they", "we", "i"}) &&
         (verb.ends_with("ed") || verb.ends_with("n't") ||
          IsOneOf(verb, {"has", "have", "had", "did", "does", "do", "will", "would", "could", "can",
                         "may", "might", "must", "should", "was", "were", "is", "are"}));
}

bool WarnsNobody(const TriggerSite& site, std::string_view root) {
  const auto& t = site.s.tokens;
  const size_t i = site.i, after = site.i + site.tw.length;
  if (site.noun || root != "13" || !t[i].lower.starts_with("warn")) return false;
  // (A place right after the verb is its government: "warned Manila".)
  for (const auto& f : site.s.entities)
    if ((f.begin >= after && f.begin < site.clause_end && IsActor(f.entity)) ||
        (f.begin == after && f.entity.type == EntityType::kPlace && !f.entity.country.empty()))
      return false;
  // (A pronoun too: "warned it would respond with force".)
  for (size_t k = after; k < site.clause_end && k < t.size(); ++k)
    if (IsOneOf(t[k].lower, {"it", "they", "he", "she", "we", "you"})) return false;
  return true;
}

bool IsForecast(const SentenceInfo& s, size_t modal) {
  const auto& t = s.tokens;
  for (const auto& f : s.entities)
    if (f.end == modal && IsActor(f.entity)) return false;
  // ("that should help it save $500 million": a pronoun for a thing is
  // no one on whom a demand falls.)
  if (modal > 0 && IsOneOf(t[modal - 1].lower, {"that", "this", "which", "there"})) return true;
  size_t v = modal + 1;
  if (v < t.size() && t[v].lower == "not") ++v;
  if (v >= t.size()) return false;
  if (t[v].lower == "be" && v + 1 < t.size()) {
    const std::string& p = t[v + 1].lower;
    return p.ends_with("ed") || p.ends_with("en") || p == "done" || p == "made" || p == "sold";
  }
  return IsOneOf(t[v].lower,
                 {"increase", "rise", "fall", "grow", "improve", "decline", "drop", "ease",
                  "recover", "exceed", "climb", "slow", "widen", "narrow", "double"});
}

namespace {

// Nouns of halting that say who halted: the subject of the verb that
// announces them ("Kenya announced the suspension of talks").
bool HaltNamedByAnnouncer(std::string_view w) {
  return IsOneOf(w, {"suspension", "cancellation", "cancelation", "postponement", "halt", "end",
                     "abandonment", "scrapping", "freezing", "freeze"});
}

// Nouns of halting that name nobody ("the collapse of the talks").
bool HaltNamesNobody(std::string_view w) {
  return IsOneOf(w, {"collapse", "breakdown", "failure", "stalling", "deadlock"});
}

// The verbs whose subject halts what their object's nominal halts.
bool Announces(std::string_view w) {
  return IsOneOf(w, {"announce", "announces", "announced", "announcing", "order", "orders",
                     "ordered", "ordering", "declare", "declares", "declared", "declaring",
                     "confirm", "confirms", "confirmed", "confirming"});
}

// Past forms that, after a form of "be", say a meeting was halted.
bool HaltedParticiple(std::string_view w) {
  return IsOneOf(w, {"suspended", "cancelled", "canceled", "postponed", "scrapped", "halted",
                     "abandoned", "delayed", "shelved", "called", "put", "broken"});
}

// Words a meeting's noun phrase may hold before its noun ("the planned
// 12 June Singapore summit", "next week's peace talks").
bool InMeetingPhrase(const Token& w) {
  if (!w.word) return w.text == "-" || w.text == "'s";
  return !IsOneOf(w.lower, {"of", "to", "from", "with", "in", "on", "at", "for", "by", "and", "or",
                            "that", "after", "before", "over", "into", "about"});
}

}  // namespace

MeetingFate FateOfMeeting(const std::vector<Token>& t, size_t i) {
  // Before the phrase: "the suspension of", "a halt to", "pulled out of",
  // "withdrew from".
  size_t b = i;
  for (size_t n = 0; b > 0 && n < 6 && InMeetingPhrase(t[b - 1]); ++n) --b;
  if (b >= 2) {
    const std::string& prep = t[b - 1].lower;
    const std::string& head = t[b - 2].lower;
    if (prep == "of" && HaltNamesNobody(head)) return MeetingFate::kHaltedByNobodyNamed;
    if ((prep == "of" && HaltNamedByAnnouncer(head)) ||
        (prep == "to" && IsOneOf(head, {"halt", "end", "stop"}))) {
      // Who announced or ordered it halted it; whoever else speaks of it
      // ("criticised the suspension of talks") did not.
      size_t g = b - 2;
      while (g > 0 &&
             IsOneOf(t[g - 1].lower, {"the", "a", "an", "its", "their", "his", "her", "immediate",
                                      "indefinite", "temporary", "sudden", "abrupt"}))
        --g;
      return g > 0 && Announces(t[g - 1].lower) ? MeetingFate::kHaltedBySubject
                                                : MeetingFate::kHaltedByNobodyNamed;
    }
    if (prep == "of" && head == "out" && b >= 3 &&
        IsOneOf(t[b - 3].lower,
                {"pull", "pulls", "pulled", "pulling", "walk", "walks", "walked", "walking",
                 "storm", "stormed", "back", "backs", "backed", "backing"}))
      return MeetingFate::kHaltedBySubject;
    if (prep == "from" &&
        IsOneOf(head, {"withdraw", "withdraws", "withdrew", "withdrawn", "withdrawing"}))
      return MeetingFate::kHaltedBySubject;
  }
  // After it, over whom and where ("talks between Kenya and Somalia in
  // Nairobi"): "collapsed", "broke down", "were called off".
  for (size_t k = i + 1; k < t.size() && k <= i + 10; ++k) {
    const std::string& w = t[k].lower;
    if (!t[k].word && !IsOneOf(t[k].text, {"-", "'s", "."})) break;
    if (IsOneOf(w, {"that", "which", "who", "said", "says", "after", "because"})) break;
    const std::string_view next = k + 1 < t.size() ? std::string_view(t[k + 1].lower) : "";
    if (IsOneOf(w, {"collapsed", "collapse", "collapses", "stalled", "faltered", "foundered",
                    "failed"}) ||
        (IsOneOf(w, {"broke", "break", "breaks"}) && next == "down") ||
        (IsOneOf(w, {"fell", "fall", "falls"}) && next == "through"))
      return MeetingFate::kHaltedByNobodyNamed;
    if (IsOneOf(w, {"was", "were", "been", "is", "are", "be"}) && HaltedParticiple(next)) {
      // ("called off", "put off", "broken off": the particle makes it one.)
      if (IsOneOf(next, {"called", "put", "broken"}) &&
          !(k + 2 < t.size() && t[k + 2].lower == "off"))
        break;
      return MeetingFate::kHaltedByNobodyNamed;
    }
    // Another verb ends the meeting's clause.
    if (IsOneOf(w, {"was", "were", "is", "are", "will", "would", "has", "have", "had"})) break;
  }
  return MeetingFate::kHeld;
}

}  // namespace newsd
