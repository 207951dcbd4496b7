// The CAMEO verb dictionary (data/cameo/verbs.txt, converted from the open
// event coders' CAMEO.2.0.txt by scripts/convert-cameo-dictionaries.py):
// verb synonym sets with their inflected forms and, under each, phrase
// patterns that decide the action code from the words around the verb
// ("freeze" + "assets" = 163, "rush" + "aid" = 070). docs/dictionaries.md
// describes the format and how patterns match.
//
// Matching needs no parse: a pattern's words after the verb's place `*`
// must follow the verb in order within its clause, the words before it
// precede the verb; `{a b}` is a unit whose words are adjacent; `&set`
// matches any word of a synonym set; `+`, `$`, `^` and `%` (the target,
// source, skip and compound slots of the PETRARCH coders) match anything.
// A word matches itself and its plural or verb inflections unless it ends
// in `_` (whole word only). The longest matching pattern wins; without
// one, the verb's own code, else its block's.
//
// Built once, then read-only: safe to share between threads.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "common/string_map.h"
#include "pipeline/text.h"

namespace newsd {

class VerbDictionary {
 public:
  // `name` (a file name) prefixes errors: kParseError "verbs.txt:12: ...".
  static Result<VerbDictionary> Parse(std::string_view text, std::string_view name);

  struct Hit {
    std::string code;   // CAMEO code ("163"); never empty
    size_t length = 0;  // tokens of the verb form ("asked for": 2)
    bool past_participle = false;
    bool by_pattern = false;   // a phrase pattern decided the code
    bool own_code = false;     // the verb\'s own code, not its block\'s default
    size_t pattern_words = 0;  // literal words the pattern matched
    std::string_view block;    // the synonym set's name ("freeze")
    std::string_view lemma;    // the verb's base form ("plan" for "planned")
    explicit operator bool() const { return length > 0; }
  };

  // The verb form starting at tokens[i] and the code its context gives.
  // Patterns look at tokens [begin, end) around it (the clause). An empty
  // hit when no form starts there or the dictionary codes nothing for it
  // ("---").
  // `name_end` (optional, one entry per token) marks names: where a
  // name (an actor's or a place's) begins, the token after it; 0
  // elsewhere. A pattern made only of a preposition ("* into", "* against")
  // then needs a name right after it, as the coders' parser had the
  // particle's object ("continued into Kuwait", not "continue into the
  // fourth quarter"); and a name between the verb and a pattern's first
  // word counts as one word, as the coders' target slot did ("gave the
  // Ivory Coast 5.1 million dollars"). Without it patterns match on the
  // words alone.
  Hit Find(const std::vector<Token>& tokens, size_t i, size_t begin, size_t end,
           const std::vector<size_t>* name_end = nullptr) const;

  // True when `word` (lower case) is an inflected form of some verb here.
  bool IsVerbForm(std::string_view word) const { return first_words_.count(word); }

  size_t verbs() const { return verb_count_; }
  size_t patterns() const { return pattern_count_; }

 private:
  // One pattern element: a word, a unit of adjacent words, a set, a slot.
  struct Element {
    enum class Kind : uint8_t { kWord, kUnit, kSet, kSlot } kind = Kind::kWord;
    std::vector<std::string> words;  // kWord: one; kUnit: several; kSet: a unit's own words
    std::vector<bool> exact;
    uint32_t set = 0;
    bool particle = false;  // kWord: a preposition or an adverb particle ("for", "down")
  };
  // Which word beginnings occur among some tokens, hashed into 256 bits.
  // A token matching a pattern word begins with that word's first
  // PrefixLength letters, so a pattern whose words' beginnings are not all
  // among a sentence's cannot match there and is skipped unwalked.
  struct PrefixSet {
    std::array<uint64_t, 4> bits{};
    void Add(std::string_view word, size_t length);
    bool Covers(const PrefixSet& need) const {
      for (size_t i = 0; i < bits.size(); ++i)
        if ((bits[i] & need.bits[i]) != need.bits[i]) return false;
      return true;
    }
  };
  struct Pattern {
    std::string code;
    std::vector<Element> before, after;  // before: nearest first
    size_t literal_words = 0;
    bool preposition_only = false;  // one preposition after the verb, nothing else
    PrefixSet needs;                // its words' and units' beginnings (sets add none)
  };
  struct Block {
    std::string name;
    std::string code;  // default, "" when "---"
    std::vector<Pattern> patterns;
  };
  struct Form {
    std::vector<std::string> words;  // "asked", "for"
    uint32_t block = 0;
    std::string code;      // the verb's own code, or ""
    bool no_code = false;  // "---": coded only by a pattern, never by the block's default
    std::string lemma;
    bool past = false;
  };
  struct SetEntry {
    std::vector<std::string> words;
    bool exact = false;
  };

  bool WordMatches(const std::string& token, const std::string& word, bool exact) const;
  // Length of the element's match at tokens[k] (0: none).
  size_t ElementAt(const Element& e, const std::vector<Token>& t, size_t k, size_t end) const;
  // What MatchPattern asks of each token after the verb, whatever the
  // pattern: computed once per verb (Find), not once per pattern.
  enum TokenFlag : uint8_t {
    kHaltsWhatFollows = 1,              // "freeze", "halt": the object halts what follows
    kObjectPronounThenPreposition = 2,  // "open it in": the phrase is not the verb's object
    kSkippedFree = 4,  // a day, an amount or punctuation: no cost before the first element
  };
  static std::vector<uint8_t> TokenFlags(const std::vector<Token>& t, size_t verb_end, size_t end);
  // The literal words matched, or -1; *after_end: the token after the last
  // element matched after the verb. flags[k - verb_end] holds token k's
  // TokenFlags for k in [verb_end, end).
  int MatchPattern(const Pattern& p, const std::vector<Token>& t, size_t verb_begin,
                   size_t verb_end, size_t begin, size_t end, const std::vector<size_t>* name_end,
                   const uint8_t* flags, size_t* after_end) const;
  Status AddPattern(Block* block, std::string_view code, std::string_view body);
  Result<Element> ParseElement(std::string_view token);
  // A set's index for "&name" ("&name_" too), or a parse error.
  Result<uint32_t> SetNamed(std::string_view reference) const;
  // One word or phrase of a set or unit: "armed_forces", "knife_" (exact).
  static SetEntry ParseSetEntry(std::string_view word);

  std::vector<Block> blocks_;
  std::vector<std::vector<SetEntry>> sets_;
  // The first letters of each set's entries: most tokens are rejected by
  // one look-up instead of a walk over the set.
  std::vector<std::bitset<256>> set_first_letters_;
  StringMap<uint32_t> set_index_;
  std::unordered_multimap<std::string, Form> forms_;  // by first word
  StringMap<bool> first_words_;
  size_t verb_count_ = 0, pattern_count_ = 0;
};

}  // namespace newsd
