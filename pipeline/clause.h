// The clause around a trigger: where it starts and ends, where its
// subject may stand, its voice, and what it says of the act (negated,
// planned, only possible, inside a condition), with the CAMEO code that
// follows from that. Internal to pipeline/ (event_roles.cc); pure.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "pipeline/extractor.h"
#include "pipeline/lexicon.h"
#include "pipeline/sentence_model.h"
#include "pipeline/taxonomy.h"
#include "pipeline/triggers.h"

namespace newsd {

// A trigger where it stands: the sentence, the token it starts at, what
// it is (a noun "meeting" or a verb) and the clause around it.
struct TriggerSite {
  const SentenceInfo& s;
  size_t i;  // first token of the trigger
  const TriggerHit& tw;
  bool noun;  // the trigger names the action ("talks", "a meeting")
  size_t clause_start, clause_end;
  const std::vector<bool>& relative;  // tokens inside relative clauses
};

// Negation and modality from the words just before the trigger, and the
// act recoded as CAMEO codes what the sentence says of it (an intent, a
// rejection, a threat): one-sided, and asserted as said. Returns the
// action type the event now has.
const ActionType* ReadModality(const TriggerSite& site, size_t speech_at, const ActionType* type,
                               EventMention& m);

// Where the clause of the trigger at i (len tokens) ends: at a ";", a
// subordinator or the next verb trigger.
size_t ClauseEnd(const SentenceInfo& s, size_t i, size_t len);

// The subject comes after the last subordinator before the trigger
// when one names an actor ("after the union rejected").
// (Not for nouns: "spoke after his meeting with X" is the speaker's.)
size_t SubjectStart(const TriggerSite& site);

// "was met by", "have been hurt", "companies hurt badly by price
// declines": a form of "be" before a verb that is no -ing form makes it a
// participle, whatever its spelling ("hurt", "cut", "hit" are their own
// participles); so does "by" right after a past form.
bool IsPassive(const TriggerSite& site);

// "opened its border to Sudanese traders ordered out of Libya", "accepted
// refugees expelled by Uganda": a past participle right after a noun
// phrase that is the object of a preposition or a verb is a reduced
// passive relative. It tells what was done to that phrase, by the actor
// after "by" if one is named, never by the sentence's subject. Sets
// *patient to the mention the phrase is, if it is one. Not after verbs of
// saying or thinking, whose object is a clause ("said rebels attacked").
bool ReducedPassive(const TriggerSite& site, const Lexicon* lexicon, const Found** patient);

// "was convicted of defrauding investors who bought bonds sold by Keating's
// staff": the "by" at `by` names the agent of another verb when a relative
// pronoun or another participle stands between the passive verb (ending
// before `from`) and it. `lexicon` (may be null) knows irregular forms.
bool AgentOfAnotherVerb(const std::vector<Token>& t, size_t from, size_t by,
                        const Lexicon* lexicon);

// "Revenue declined 8%", "membership usually declines during booms",
// "reflecting declining military spending": "decline" tells of an amount
// that fell, not of a refusal, unless "to" and a verb or an object
// follow it ("declined to comment", "declined the invitation").
bool DeclineOfAmount(const std::vector<Token>& t, size_t i);

// "the perception that the U.S. wants to destroy Iraq", "it looks like the
// West wants to destroy Iraq": the act at i is what a perception, belief or
// rumour holds (within twelve words before it in its clause), not an act
// reported.
bool HeldNotDone(const std::vector<Token>& t, size_t clause_start, size_t i);

// What the sentence says became of the meeting its noun at `i` names
// ("talks", "the summit"): held as reported; halted by the actor the
// sentence makes the noun's subject ("announced the suspension of talks
// with", "pulled out of the talks"); or halted without saying by whom
// ("talks between X and Y collapsed", "the summit was cancelled",
// "criticised the postponement of the meeting").
enum class MeetingFate { kHeld, kHaltedBySubject, kHaltedByNobodyNamed };
MeetingFate FateOfMeeting(const std::vector<Token>& t, size_t i);

// "only if Israel withdraws", "if he strikes again", "until Iraq pays",
// "would not say whether Iran had agreed": the trigger stands inside a
// condition or a question (before any comma closes it), so it reports no
// act. A main clause after the condition ("If talks fail,
// Iraq will attack") is not inside it.
bool InsideCondition(const TriggerSite& site);

// "Venezuela could start a war by attacking Guyana", "the move may help
// block a takeover", "would have required Cuba to release them": the
// act is a possibility the sentence weighs, not one done or announced. A
// modal of possibility ("may", "might", "could") or a counterfactual
// ("would have") governs the trigger when nothing ends the clause between
// them (a comma, a subordinator, a relative pronoun, or "and"/"but" before
// a new subject).
bool OnlyPossible(const TriggerSite& site);

// The verb takes a clause as its object, so it reports what was said, not
// the act: a verb of cooperation or yielding (root 05-08) before "that" or
// a subject and its verb ("conceded that its troops fired first",
// "affirmed it doesn't plan to bid"), or agreeing (03) that something is
// so ("agrees that program trading is hurting the market").
bool ReportsWhatWasSaid(const TriggerSite& site, std::string_view root);

// "warned residents that rains will cause landslides", "the IMF warned
// that prices would rise": a warning (root 13, a form of "warn") that
// names no actor or pronoun to face it in the rest of its clause is a
// statement, not a threat. The caller checks that it has no target.
bool WarnsNobody(const TriggerSite& site, std::string_view root);

// Whether "must"/"should" at `modal` states what is expected to happen
// rather than what someone must do: no actor's name right before it, and
// a passive ("should be completed") or a change of amount ("should
// increase") after it.
bool IsForecast(const SentenceInfo& s, size_t modal);

}  // namespace newsd
