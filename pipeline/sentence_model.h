// The sentence model of the event extractor: a sentence's tokens, the
// names found in them (Found) and the clause structure actors and their
// roles are read from. Internal to pipeline/ (extractor.cc and the modules
// it is split into); pure.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/event.h"
#include "common/time.h"
#include "pipeline/text.h"
#include "pipeline/time_expr.h"

namespace newsd {

struct Found {
  Found(Entity e, size_t b, size_t en, bool dem = false)
      : entity(std::move(e)), begin(b), end(en), demonym(dem) {}
  Entity entity;
  size_t begin = 0, end = 0;  // token range
  bool demonym = false;
  bool possessive = false;
  bool nominal = false;         // "a senior North Korean envoy": resolved per article
  bool candidate = false;       // lone capitalised word: resolved against full names in the article
  bool weak = false;            // lone unknown name: an actor only right next to an action
  bool pronoun = false;         // "he", "she": resolved to a person named before
  bool group = false;           // "police", "protesters": an unnamed group
  bool needs_modifier = false;  // "citizens": an actor only with a country
  bool person_like = false;     // "envoy": one person of that country
  std::string role_ref;         // "the president": resolved to the person with that title
  std::optional<Entity> place;  // "a Moscow court": where the group acts
  std::optional<Entity> government;   // "the Kremlin": the country whose power the place seats
  std::optional<Entity> pair_second;  // "the two leaders": the second of the pair
  std::string title;                  // "president" in "President Joe Biden"
};

struct SentenceInfo {
  std::string text;
  size_t offset = 0;  // where the sentence starts in the analysed text
  std::vector<Token> tokens;
  std::vector<Found> entities;
  // Token ranges of role nouns that name no actor here ("riot police"
  // with no country): nouns, so no word in them is an action.
  std::vector<std::pair<size_t, size_t>> role_nouns;
  int weight = 1;
  std::optional<Timestamp> anchor;  // the last date the text gave before this sentence

  // FindTimeExpressions over the tokens, against `reference` and the anchor,
  // computed once for each `future`: the extractor asks for the sentence
  // and again for each event read in it. The anchor must be set first.
  const std::vector<TimeExpression>& Times(Timestamp reference, bool future) const;

 private:
  struct CachedTimes {
    Timestamp reference{};
    std::optional<std::vector<TimeExpression>> times;
  };
  mutable CachedTimes cached_times_[2];  // by `future`
};

// The sentence's text from token b to token e (exclusive), as written.
std::string SpanText(const SentenceInfo& s, size_t b, size_t e);

// Words that end the clause an actor can be taken from ("after the union
// rejected ...": the union acts in the subordinate clause, not the main one).
bool IsSubordinator(const std::string& w);

// Where the word before a name is, skipping "the" and a compass adjective
// ("at the White House", "in southern Lebanon" -> the preposition); npos
// at the start.
size_t PrepositionIndex(const std::vector<Token>& t, size_t begin);
// That word, lower case; "" at the start.
std::string WordBefore(const std::vector<Token>& t, size_t begin);

bool IsActor(const Entity& e);
// Whether "its"/"their" forces after `f` can be its own: an actor with a
// country that is no person, or a place that seats a government.
bool CanOwnForces(const Found& f);
bool IsPossessive(const std::vector<Token>& t, size_t i);
// Splits a possessive "'s" into its own token so names match ("Korea's"),
// and a contraction into its two words, each token's lower case the full
// word ("won't" is "will" + "not", "it'll" "it" + "will").
std::vector<Token> SplitClitics(std::vector<Token> toks);

// Words between an actor and its action that keep them adjacent
// ("Nissan has rejected", "Honda did not meet").
bool IsAuxiliary(const std::string& w);
// Only auxiliaries (and no more than max_gap tokens) between from and to.
bool Adjacent(const std::vector<Token>& t, size_t from, size_t to, size_t max_gap);

// Token ranges of relative clauses (", who arrived in Paris on Sunday,"):
// their dates and names belong to another action.
std::vector<bool> RelativeClauses(const std::vector<Token>& t);

// Also marks reduced relative clauses after an actor ("The Red Cross
// operating in Iraq said", "a group based in Trinidad claims"): a
// participle and the place phrase after it, when a verb follows.
void MarkReducedRelatives(const SentenceInfo& s, std::vector<bool>* mask);

// A headline in title case ("Trump Meets Kim In Singapore"): it
// capitalises its function words and verbs; a sentence dense with names
// does not.
bool IsTitleCase(const std::vector<Token>& t);

// An actor's name ends right before token k.
bool ActorEndsAt(const SentenceInfo& s, size_t k);
// Token k lies inside a name.
bool InsideEntity(const SentenceInfo& s, size_t k);
// Token k is part of an actor's name or of a role noun ("riot police").
bool InsideNounPhrase(const SentenceInfo& s, size_t k);
// Token k ends the sentence or opens an apposition (",", ".", ";", or no
// token): a name that stops there after a verb of saying is its speaker
// ("said Jean Martin, the minister"), not what the verb reports on ("said
// shareholders approved").
bool EndsPhraseAt(const std::vector<Token>& t, size_t k);
// A verb of speech of the trigger table starts at token k.
bool IsSpeechAt(const std::vector<Token>& t, size_t k);
// A verb of the trigger table ends right before token b
// (over "the", "its"): a name at b is its object ("attacked the Kurds").
bool VerbEndsAt(const std::vector<Token>& t, size_t b);

// Actors joined to `first` by "and" (or commas) right after it, in `pool`.
std::vector<const Found*> Conjuncts(const std::vector<Token>& t,
                                    const std::vector<const Found*>& pool, const Found* first);

}  // namespace newsd
