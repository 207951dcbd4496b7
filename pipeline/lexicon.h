// What the extractor knows about words beyond names: the CAMEO verb
// dictionary (pipeline/verb_dictionary.h) and parts of speech from
// WordNet's index files (Debian's wordnet-base: which lemmas are nouns and
// which verbs, and how often each sense was seen in WordNet's tagged
// corpus). A word the verb dictionary lists is coded as an action only where
// the sentence reads it as a verb: "the talks collapsed" and "Late-night
// hosts addressed" have no verb "talk" or "host" (ReadsAsVerb).
//
// Built once from texts (no I/O here: pipeline/dictionaries.h loads the
// files), then read-only and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "common/string_map.h"
#include "pipeline/text.h"
#include "pipeline/verb_dictionary.h"

namespace newsd {

enum class PartOfSpeech { kNoun, kVerb, kAdjective, kAdverb };

// The one-word adjectives WordNet's index.adj relates to a noun by its
// pertainym pointer ('\\'): "soviet", "swiss", "greek" (of the Soviet Union,
// Switzerland, Greece), where the form alone does not say so. Errors:
// kParseError on a line that is not an index line.
Result<std::unordered_set<std::string>> ReadPertainymAdjectives(std::string_view index_adj);

class Lexicon {
 public:
  // `verbs`: data/cameo/verbs.txt. `wordnet_noun`, `wordnet_verb`,
  // `wordnet_adj`, `wordnet_adv`: WordNet's index.noun, index.verb, index.adj
  // and index.adv (empty: no part-of-speech evidence, every dictionary verb
  // form counts as a verb where its context allows).
  // `wordnet_verb_exc`: WordNet's verb.exc, the irregular inflections
  // ("withdrew withdraw"), so that "Iraq withdrew troops" reads its past
  // tense as a verb, not as a bare form before a plural noun.
  static Result<std::unique_ptr<Lexicon>> Build(std::string_view verbs,
                                                std::string_view wordnet_noun,
                                                std::string_view wordnet_verb,
                                                std::string_view wordnet_adj = {},
                                                std::string_view wordnet_adv = {},
                                                std::string_view wordnet_verb_exc = {});

  const VerbDictionary& verbs() const { return verbs_; }

  // How often WordNet saw `lemma` (lower case) as that part of speech in its
  // tagged corpus, plus one; 0 when WordNet does not list it so.
  int Frequency(std::string_view lemma, PartOfSpeech pos) const;
  // The same for a surface form: nouns also through their plural ("hosts").
  int NounFrequency(std::string_view word) const;

  // True when tokens[i], a form the verb dictionary lists, reads as a verb
  // in its sentence: not after a determiner, a preposition or a number, and
  // not a plural noun acting as subject of the next verb; a word WordNet
  // knows mostly as a noun needs a subject or auxiliary right before it.
  bool ReadsAsVerb(const std::vector<Token>& tokens, size_t i) const;

  // Auxiliaries, modals and the words that only look like verb forms
  // ("according", "including"): never an action, whatever the sentence.
  static bool IsNeverAction(std::string_view word);

  // `w` is the past tense or participle of a verb WordNet knows: a regular
  // "-ed" form of it, or an irregular form ("rose", "took") whose verb is
  // at least as common as the noun it spells.
  bool IsPastForm(const std::string& w) const;

  size_t wordnet_lemmas() const { return nouns_.size() + verbs_freq_.size(); }

 private:
  VerbDictionary verbs_;
  StringMap<int> nouns_, verbs_freq_, adjectives_, adverbs_;
  // Irregular inflections without an inflection's ending and their lemma
  // ("withdrew" -> "withdraw", "sent" -> "send"): from verb.exc.
  StringMap<std::string> irregular_forms_;
  // How often WordNet saw the verb of which `w` is a form: its own lemma,
  // or the lemma of an irregular form ("sent" is "send" as a verb).
  int VerbFrequencyOfForm(const std::string& w) const;
};

}  // namespace newsd
