// Action triggers: the words and phrases that signal an action of the
// taxonomy (pipeline/taxonomy.h) in a tokenized sentence. Verb paradigms
// and nouns from one table (`kTriggerSpecs` in triggers.cc), phrasal verbs
// ("call off", "step down", "went on strike") and verbs whose object decides
// ("recalled its ambassador", "sent aid", "imposed sanctions"). Rules for
// what is not an action (a verb after a determiner, a participle before its
// noun, a verb form after a preposition) live here too; rules that need the
// sentence's entities live in the extractor. docs/event-taxonomy.md lists
// the words. Pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "pipeline/taxonomy.h"
#include "pipeline/text.h"

namespace newsd {

// How a trigger word names its action.
enum class TriggerKind {
  kVerb,      // "met": actors left and right
  kNoun,      // "talks": the other party follows "with"/"between", or "A and B hold talks"
  kWithVerb,  // "spoke", "cooperated": an encounter only with "with" ("spoke with X")
  kSpeech,    // "said", "told": a public statement when nothing else happens in the sentence
};

// The action a token starts, if any.
struct TriggerHit {
  const ActionType* type = nullptr;
  size_t length = 1;  // tokens
  bool past_participle = false;
  TriggerKind kind = TriggerKind::kVerb;
  // A CAMEO code more specific than type->code ("0231" under "023"), or "".
  std::string code;
  // Found by the CAMEO verb dictionary: coded whether or not the sentence
  // names a target (the hand table's needs_target is for its own words).
  bool from_dictionary = false;
  // Coded by one of the dictionary's phrase patterns, not the bare verb.
  bool by_pattern = false;
  explicit operator bool() const { return type != nullptr; }
};

// The trigger starting at tokens[i], or an empty hit. Most tokens are
// rejected by one hash lookup.
TriggerHit FindTrigger(const std::vector<Token>& tokens, size_t i);

// True for the words whose every action sense the table and its rules
// decide ("appeal" only with "to"/"for", "call" only as "call on/off/for"
// or a telephone call): when FindTrigger says no for them, no other
// dictionary should say yes.
bool DecidedByTriggerTable(std::string_view lower_word);

}  // namespace newsd
