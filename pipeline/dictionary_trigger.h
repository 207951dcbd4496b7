// Triggers from the CAMEO verb dictionary (data/cameo/verbs.txt) for the
// verbs the hand-written trigger table does not know, with the grammar
// rules that keep the coders' codes from outrunning the sentence
// (docs/dictionaries.md lists them). Internal to pipeline/; pure.
#pragma once

#include <cstddef>

#include "pipeline/lexicon.h"
#include "pipeline/sentence_model.h"
#include "pipeline/triggers.h"

namespace newsd {

// A verb of the CAMEO dictionary at s.tokens[i] that the trigger table does
// not decide, where the sentence reads it as a verb: its code from the
// dictionary's phrase patterns over the clause that starts at
// clause_start. An empty hit when there is none.
TriggerHit DictionaryTrigger(const Lexicon& lexicon, const SentenceInfo& s, size_t i,
                             size_t clause_start, bool headline = false);

// True when tokens[i] is an infinitive that says what something is for or
// would be ("the authority to seize", "reluctant to engage"), not an act
// the sentence reports.
bool IsPurposeInfinitive(const Lexicon& lexicon, const std::vector<Token>& t, size_t i);

// True when tokens[i] heads a noun phrase that a name modifies: "in New
// York Stock Exchange trading", "with Wall Street estimates", "the Glen
// Ridge, N.J., concern". The name follows an article or a preposition, and
// WordNet knows the word more often as a noun than as a verb (past forms
// excepted: "talks with Iran resumed"; "The FBI says" keeps its verb).
bool IsHeadOfNamedPhrase(const Lexicon& lexicon, const std::vector<Token>& t, size_t i);

}  // namespace newsd
