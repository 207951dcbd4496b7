// Small word-list helpers shared by the extraction modules. Internal to
// pipeline/.
#pragma once

#include <initializer_list>
#include <string_view>
#include <vector>

#include "pipeline/text.h"

namespace newsd {

inline bool IsOneOf(std::string_view w, std::initializer_list<std::string_view> words) {
  // The first byte first: most lists hold short words of a few lengths, and
  // a call to memcmp per word of the same length costs more than the
  // comparison.
  for (std::string_view x : words)
    if (w.size() == x.size() && (w.empty() || w[0] == x[0]) && w == x) return true;
  return false;
}

// Those who hold a stake in an organisation or belong to it, and act for
// themselves: "Cineplex shareholders", "Big Board firms" are not the
// company or the exchange.
inline bool IsStakeholder(std::string_view w) {
  return IsOneOf(w, {"shareholders", "stockholders", "holders", "bondholders", "investors",
                     "creditors", "customers", "clients", "employees", "members", "firms",
                     "analysts", "rivals", "competitors", "critics", "dealers", "traders"});
}

// Words that make a capitalised run an organisation's name ("Acme
// Group", "the Rapid Support Forces").
inline bool IsOrgWord(std::string_view lower) {
  return IsOneOf(
      lower, {"party",       "committee", "agency",       "department",   "ministry",    "council",
              "office",      "bank",      "company",      "inc",          "corp",        "group",
              "university",  "court",     "army",         "forces",       "force",       "union",
              "association", "institute", "commission",   "parliament",   "congress",    "senate",
              "foundation",  "fund",      "organization", "organisation", "police",      "navy",
              "times",       "post",      "industries",   "partners",     "partnership", "trust",
              "securities",  "airlines",  "holdings"});
}

// The last word of a name that names an occasion, not a party to it ("the
// Rugby World Cup", "the Munich Security Conference", "the Venice Film
// Festival"): an event's place or subject, never its actor.
inline bool IsOccasionHead(std::string_view lower) {
  return IsOneOf(lower, {"cup", "games", "olympics", "olympiad", "championship", "championships",
                         "tournament", "festival", "conference", "summit", "expo", "marathon",
                         "awards", "prix", "biennale"});
}

// Words that describe an armed or political group before its name ("the
// paramilitary RSF", "the militant group Hamas", "the rebel M23").
inline bool IsGroupDescription(std::string_view lower) {
  return IsOneOf(lower, {"paramilitary", "militant", "rebel", "armed", "insurgent", "islamist",
                         "separatist", "opposition", "ruling", "group", "movement", "militia",
                         "faction", "party", "rival", "allied"});
}

// A day named relative to the calendar ("Monday", "today", "tonight").
inline bool IsDayWord(std::string_view w) {
  return IsOneOf(w, {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                     "today", "yesterday", "tonight"});
}

// Prepositions that end a noun phrase ("to" is left out: it is also the
// infinitive's mark), those of place and path included: after "through
// Paris" a name is where something happened, not who acted.
inline bool IsPreposition(std::string_view w) {
  return IsOneOf(
      w, {"of",      "for",     "in",    "on",      "at",      "with",       "by",     "from",
          "about",   "against", "over",  "after",   "before",  "during",     "into",   "amid",
          "despite", "between", "among", "under",   "without", "following",  "toward", "towards",
          "upon",    "than",    "like",  "through", "across",  "throughout", "around", "near",
          "outside", "inside",  "along", "beyond",  "via",     "within"});
}

// One of `words` among the `n` tokens from `from` on.
inline bool WithinNext(const std::vector<Token>& t, size_t from, size_t n,
                       std::initializer_list<std::string_view> words) {
  for (size_t k = from; k < t.size() && k < from + n; ++k)
    if (IsOneOf(t[k].lower, words)) return true;
  return false;
}

// Determiners and the words that open a noun phrase as they do ("new",
// "latest", "proposed"): what follows them is a noun.
inline bool IsDeterminer(std::string_view w) {
  return IsOneOf(w, {"the",      "a",        "an",
                     "this",     "that",     "these",
                     "those",    "its",      "his",
                     "her",      "their",    "our",
                     "my",       "your",     "some",
                     "any",      "no",       "every",
                     "each",     "many",     "several",
                     "new",      "other",    "another",
                     "such",     "'s",       "\xE2\x80\x99s",
                     "'",        "further",  "more",
                     "all",      "both",     "first",
                     "last",     "latest",   "recent",
                     "possible", "proposed", "planned",
                     "major",    "joint",    "fresh"});
}

// A word of an amount before a noun ("25,000", "5.1 million", "thousands
// of tons").
inline bool IsAmountWord(std::string_view w) {
  return (!w.empty() && w[0] >= '0' && w[0] <= '9') ||
         IsOneOf(w, {"million", "billion", "thousand", "hundred", "thousands", "hundreds"});
}

// The same for the object of a verb: amounts and punctuation between the
// verb and the noun do not count.
inline bool WithinNextObject(const std::vector<Token>& t, size_t from, size_t n,
                             std::initializer_list<std::string_view> words) {
  size_t counted = 0;
  for (size_t k = from; k < t.size() && counted < n; ++k) {
    if (IsOneOf(t[k].lower, words)) return true;
    if (t[k].word && !IsAmountWord(t[k].lower)) ++counted;
  }
  return false;
}

}  // namespace newsd
