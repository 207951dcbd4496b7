// Organisation names that span what the first scan found: a company's
// name up to its suffix ("First of Acme Bank Corp."), its short form in
// later mentions ("Xerox"), names of institutions ("Bureau of ...") and
// names ending in an institution's head. Part of MentionFinder
// (pipeline/mentions.h); pure.
#include <algorithm>
#include <string>
#include <string_view>

#include "pipeline/mentions.h"
#include "pipeline/words.h"

namespace newsd {

namespace {

// Replaces the entities overlapping tokens [b, e) by `f`, in token order.
void ReplaceSpan(std::vector<Found>& es, size_t b, size_t e, Found f) {
  std::vector<Found> kept;
  for (auto& x : es)
    if (x.end <= b || x.begin >= e) kept.push_back(std::move(x));
  auto at = std::find_if(kept.begin(), kept.end(), [&](const Found& x) { return x.begin >= e; });
  kept.insert(at, std::move(f));
  es = std::move(kept);
}

// The words that end a company's name ("Xerox Corp.", "Hudson's Bay Co.").
bool IsCompanySuffix(std::string_view w) {
  return IsOneOf(
      w, {"corp",    "inc",      "co",    "cos",         "ltd",        "plc",      "llc",
          "ag",      "sa",       "s.a",   "s.a.",        "nv",         "n.v",      "n.v.",
          "n.a",     "n.a.",     "oy",    "ab",          "gmbh",       "spa",      "corporation",
          "bancorp", "holdings", "group", "association", "industries", "partners", "partnership"});
}

}  // namespace

// "Xerox Corp.", "First of Acme Bank Corp.", "Hudson's Bay Co.": a
// capitalised run ending in a company suffix is one organisation,
// whatever names and possessives it holds (the dictionary's code of a
// name inside it, "Xerox" MNC, is kept).
void MentionFinder::MergeCompanyNames(SentenceInfo& s) {
  const auto& t = s.tokens;
  auto& es = s.entities;
  // ("Tallis Airlines", "Brook Manufacturers": a business noun of the
  // Phoenix agents ends the name too.)
  auto business_head = [&](size_t k) {
    std::string sector;
    return g_.MatchAgent(t, k, &sector) == 1 && sector.starts_with("BUS");
  };
  for (size_t k = 1; k < t.size(); ++k) {
    if (!t[k].word || !t[k].capitalized || (!IsCompanySuffix(t[k].lower) && !business_head(k)))
      continue;
    size_t b = k;
    while (b > 0) {
      const Token& p = t[b - 1];
      // ("Hewlett-Packard": a hyphen between two capitalised words; "Savings
      // and Loan": "and" between two.)
      const bool hyphen = b >= 2 && p.text == "-" && p.span.begin == t[b - 2].span.end &&
                          p.span.end == t[b].span.begin;
      // ("Toyota Motor Corp and Panasonic Corp": "and" after a suffix
      // joins two companies, not two words of one.)
      const bool joiner = (p.lower == "of" || p.lower == "&" || p.lower == "amp" ||
                           (p.lower == "and" && !(b >= 2 && IsCompanySuffix(t[b - 2].lower))) ||
                           IsPossessive(t, b - 1) || hyphen) &&
                          b >= 2 && t[b - 2].capitalized;
      // ("First of Acme": capitalised words that are no names alone
      // belong to a company's; articles and prepositions do not.)
      // ("RENT-A-CAR", "Integra-A": a word hyphened to the next or the one
      // before is inside a name.)
      const bool hyphened = (b >= 2 && t[b - 2].text == "-" && t[b - 2].span.end == p.span.begin) ||
                            (t[b].text == "-" && p.span.end == t[b].span.begin);
      const bool name_word =
          p.word && p.capitalized &&
          (hyphened ||
           !IsOneOf(p.lower,
                    {"the", "a",   "an",  "this", "that", "in",    "on",     "at",   "for",  "by",
                     "and", "but", "or",  "as",   "if",   "after", "before", "with", "from", "to",
                     "of",  "he",  "she", "it",   "they", "we",    "his",    "her",  "its"}));
      // ("Mr. Weil of Acme Corp.": a person's affiliation, not one name.)
      bool person_of = false;
      if (p.lower == "of")
        for (const auto& f : es)
          person_of |= f.end == b - 1 && f.entity.type == EntityType::kPerson && !f.candidate;
      if ((name_word || joiner) && !person_of) {
        --b;
        continue;
      }
      // ("Booz-Allen & Hamilton (Japan) Inc.": a capitalised word in
      // brackets before the suffix belongs to the name.)
      if (p.text == ")" && b >= 4 && t[b - 3].text == "(" && t[b - 2].word &&
          t[b - 2].capitalized && t[b - 4].word && t[b - 4].capitalized) {
        b -= 3;
        continue;
      }
      break;
    }
    if (b == k) continue;
    // ("Acme Holdings International", "Acme Corp Europe": capitalised words
    // the name's run went on with after the suffix belong to it.)
    size_t end = k + 1;
    for (const auto& f : es)
      if (f.begin >= b && f.begin <= k && f.end > end && !f.candidate &&
          f.entity.type != EntityType::kPerson)
        end = f.end;
    Entity merged{SpanText(s, b, end),
                  SpanText(s, b, end),
                  EntityType::kOrganisation,
                  "",
                  "business",
                  "",
                  ""};
    for (const auto& f : es) {
      if (f.end <= b || f.begin > k) continue;
      if (f.entity.type == EntityType::kPerson && !f.candidate)
        persons_->Forget(f.entity.canonical);
      if (!f.entity.code.empty() && merged.code.empty()) {
        merged.code = f.entity.code;
        if (f.entity.type == EntityType::kOrganisation) merged.country = f.entity.country;
      }
    }
    {
      std::vector<std::string> words;
      for (size_t w = b; w < k; ++w) words.push_back(t[w].lower);
      companies_.emplace_back(std::move(words), merged);
    }
    Found org{std::move(merged), b, end};
    org.possessive = IsPossessive(t, end);
    ReplaceSpan(es, b, end, std::move(org));
    k = end - 1;
  }
}

namespace {

// The head of "X of Y" names: the organisation words, and the kinds of
// institution that are named that way ("Bureau of ...", "Academy of ...").
bool IsInstitutionHead(const std::string& w) {
  return IsOrgWord(w) || IsOneOf(w, {"bureau", "federation", "academy", "society", "league",
                                     "centre", "center", "chamber", "service", "authority",
                                     "administration", "school", "college", "museum", "board"});
}

}  // namespace

void MentionFinder::ResolveShortCompanyNames(SentenceInfo& s) const {
  const auto& t = s.tokens;
  for (size_t k = 0; k < t.size(); ++k) {
    if (!t[k].word || !t[k].capitalized ||
        (k > 0 && t[k - 1].word && t[k - 1].capitalized && t[k - 1].lower != "the") ||
        (k > 0 && t[k - 1].text == "-"))
      continue;
    // The longest short form that matches here: the words before the
    // suffix, or a shorter run of them ending in a capitalised word
    // ("First of Acme" for "First of Acme Bank Corp.").
    const Entity* best = nullptr;
    size_t best_len = 0;
    for (const auto& [words, entity] : companies_) {
      for (size_t n = words.size(); n > best_len; --n) {
        // (One word only when it is no English word: "Norwood" for Norwood
        // Partners, not "First" for First Boston.)
        // (Inside a sentence, where every name is capitalised, a word
        // that is only ever a noun serves too: "Heritage" for Heritage
        // Media Corp.)
        const bool distinctive =
            n == 1 && words[0].size() >= 3 && lexicon_ &&
            (lexicon_->NounFrequency(words[0]) == 0 || (k > 0 && words[0].size() >= 4)) &&
            lexicon_->Frequency(words[0], PartOfSpeech::kVerb) == 0 &&
            lexicon_->Frequency(words[0], PartOfSpeech::kAdjective) == 0;
        if (n < words.size() && ((n < 2 && !distinctive) || !t[k].capitalized)) break;
        if (k + n > t.size() || !t[k + n - 1].capitalized) continue;
        bool match = true;
        for (size_t w = 0; w < n && match; ++w) match = t[k + w].lower == words[w];
        // (The full name again, or a longer one, is not this.)
        if (!match || (k + n < t.size() && t[k + n].word && t[k + n].capitalized)) continue;
        best = &entity;
        best_len = n;
        break;
      }
    }
    // ("Merieux" for Institut Merieux S.A.: the last word of the name,
    // when it is no English word.)
    if (!best && lexicon_ && (k + 1 >= t.size() || !t[k + 1].word || !t[k + 1].capitalized))
      for (const auto& [words, entity] : companies_) {
        const std::string& last = words.back();
        if (words.size() >= 2 && last == t[k].lower && last.size() >= 4 &&
            lexicon_->NounFrequency(last) == 0 &&
            lexicon_->Frequency(last, PartOfSpeech::kVerb) == 0 &&
            lexicon_->Frequency(last, PartOfSpeech::kAdjective) == 0) {
          best = &entity;
          best_len = 1;
          break;
        }
      }
    if (!best) continue;
    const size_t e = k + best_len;
    bool inside_org = false;
    for (const auto& f : s.entities)
      inside_org |= f.entity.type == EntityType::kOrganisation && f.begin <= k && f.end >= e &&
                    f.entity.canonical == best->canonical;
    if (inside_org) continue;
    Found org{*best, k, e};
    org.entity.text = SpanText(s, k, e);
    org.possessive = IsPossessive(t, e);
    ReplaceSpan(s.entities, k, e, std::move(org));
    k = e - 1;
  }
}

void MentionFinder::MergeInstitutionNames(SentenceInfo& s) const {
  const auto& t = s.tokens;
  for (size_t k = 0; k + 2 < t.size(); ++k) {
    if (!t[k].word || !t[k].capitalized || !IsInstitutionHead(t[k].lower) ||
        t[k + 1].lower != "of" || !t[k + 2].capitalized)
      continue;
    size_t b = k;
    while (b > 0 && t[b - 1].word && t[b - 1].capitalized && t[b - 1].lower != "the" &&
           !InsideEntity(s, b - 1))
      --b;
    size_t e = k + 2;
    while (e < t.size() && t[e].word && (t[e].capitalized || t[e].lower == "and") &&
           !(t[e].lower == "and" && (e + 1 >= t.size() || !t[e + 1].capitalized)))
      ++e;
    // A name the gazetteer knows across the whole run stays as it is.
    bool known = false;
    for (const auto& f : s.entities) known |= f.begin <= b && f.end >= e;
    if (known) continue;
    Entity org{SpanText(s, b, e), SpanText(s, b, e), EntityType::kOrganisation, "", "", "", ""};
    // "the Bank of Japan": an institution of a country named after "of".
    for (const auto& f : s.entities)
      if (f.begin == k + 2 && f.end == e && f.entity.type == EntityType::kCountry) {
        org.country = f.entity.country;
      }
    Found found{std::move(org), b, e};
    found.possessive = IsPossessive(t, e);
    ReplaceSpan(s.entities, b, e, std::move(found));
    k = e;
  }
}

void MentionFinder::MergeNamesEndingInHead(SentenceInfo& s) const {
  const auto& t = s.tokens;
  for (size_t k = 1; k < t.size(); ++k) {
    // ("the ruling Baath party", "the Ennahda (Renaissance) party": wire copy
    // writes a party's head word in lower case.)
    const bool party = t[k].lower == "party" && !t[k].capitalized;
    if (!t[k].word || !(t[k].capitalized || party) ||
        !IsOneOf(t[k].lower, {"institute", "institution", "foundation", "center", "centre",
                              "associates", "society", "academy", "union", "party", "front",
                              "movement", "federation", "congress", "league", "alliance"}))
      continue;
    // (The head alone is only a name we could not place, or a group noun:
    // "the Serbian Workers' Union".)
    bool inside = false;
    for (const auto& f : s.entities)
      inside |= f.begin <= k && f.end > k &&
                !((f.candidate || f.weak || f.group) && f.end - f.begin == 1);
    if (inside) continue;
    size_t b = k;
    while (b > 0) {
      const Token& p = t[b - 1];
      const bool joiner = (IsOneOf(p.lower, {"&", "amp"}) || IsPossessive(t, b - 1)) && b >= 2 &&
                          t[b - 2].capitalized;
      if ((p.word && p.capitalized && !IsOneOf(p.lower, {"the", "a", "an"})) || joiner) {
        --b;
        continue;
      }
      // A name's translation in brackets: "Ennahda (Renaissance) party".
      if (party && b == k && p.text == ")" && b >= 4 && t[b - 3].text == "(" &&
          t[b - 2].capitalized && t[b - 4].capitalized) {
        b -= 3;
        continue;
      }
      break;
    }
    if (b == k || (b == 0 && k == 1 && lexicon_ && lexicon_->NounFrequency(t[0].lower) > 0))
      continue;
    // "the country's largest Catholic party": a description, not a name.
    if (party && b > 0 &&
        (t[b - 1].lower.ends_with("est") ||
         IsOneOf(t[b - 1].lower, {"main", "major", "leading", "second-largest", "small", "smaller",
                                  "other", "another", "only", "minor"})))
      continue;
    // (A name the gazetteer knows across the whole run stays as it is.)
    bool known = false;
    for (const auto& f : s.entities) known |= f.begin <= b && f.end >= k + 1;
    if (known) continue;
    Entity org{
        SpanText(s, b, k + 1), SpanText(s, b, k + 1), EntityType::kOrganisation, "", "", "", ""};
    for (const auto& f : s.entities)
      if (f.begin == b && f.demonym && !f.entity.country.empty()) org.country = f.entity.country;
    if (t[k].lower == "associates") org.role = "business";
    Found found{std::move(org), b, k + 1};
    found.possessive = IsPossessive(t, k + 1);
    ReplaceSpan(s.entities, b, k + 1, std::move(found));
  }
}

}  // namespace newsd
