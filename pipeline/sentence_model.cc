#include "pipeline/sentence_model.h"

#include "pipeline/triggers.h"
#include "pipeline/words.h"

namespace newsd {

const std::vector<TimeExpression>& SentenceInfo::Times(Timestamp reference, bool future) const {
  CachedTimes& c = cached_times_[future ? 1 : 0];
  if (!c.times || c.reference != reference) {
    c.times = FindTimeExpressions(tokens, reference, future, anchor);
    c.reference = reference;
  }
  return *c.times;
}

std::string SpanText(const SentenceInfo& s, size_t b, size_t e) {
  return s.text.substr(s.tokens[b].span.begin, s.tokens[e - 1].span.end - s.tokens[b].span.begin);
}

// Words that end the clause an actor can be taken from ("after the union
// rejected ...": the union acts in the subordinate clause, not the main one).
bool IsSubordinator(const std::string& w) {
  return IsOneOf(
      w, {"after", "before", "when", "while", "because", "although", "though", "whereas", "since",
          "according", "despite", "amid", "unless", "until", "following", "whether"});
}

// Where the word before a name is, skipping "the" and a compass adjective
// ("at the White House", "in southern Lebanon" -> the preposition); npos
// at the start.
size_t PrepositionIndex(const std::vector<Token>& t, size_t begin) {
  if (begin > 0 && IsOneOf(t[begin - 1].lower, {"southern", "northern", "eastern", "western",
                                                "central", "south", "north", "east", "west"}))
    --begin;
  if (begin > 0 && t[begin - 1].lower == "the") --begin;
  return begin > 0 ? begin - 1 : std::string::npos;
}

std::string WordBefore(const std::vector<Token>& t, size_t begin) {
  size_t k = PrepositionIndex(t, begin);
  return k == std::string::npos ? std::string() : t[k].lower;
}

bool IsActor(const Entity& e) { return !e.empty() && e.type != EntityType::kPlace; }

bool CanOwnForces(const Found& f) {
  return !f.entity.country.empty() && f.entity.type != EntityType::kPerson &&
         (f.entity.type != EntityType::kPlace || f.government);
}

bool IsPossessive(const std::vector<Token>& t, size_t i) {
  return i < t.size() && (t[i].lower == "'s" || t[i].lower == "\xE2\x80\x99s" || t[i].lower == "'");
}

namespace {

// Where the clitic of a contraction starts in `w` (lower case, straight or
// typographic apostrophe), with the full words of its two halves: "won't"
// is "will" + "not", "it'll" "it" + "will", "Korea's" "korea" + "'s" (a
// possessive or "is": the sentence decides, so it stays "'s"). npos when
// `w` is none.
struct Clitic {
  size_t cut = std::string::npos;
  std::string head, tail;
};

Clitic FindClitic(const std::string& w) {
  Clitic c;
  const size_t straight = w.rfind('\'');
  const size_t curly = w.rfind("\xE2\x80\x99");
  size_t apostrophe = straight, width = 1;
  if (curly != std::string::npos && (straight == std::string::npos || curly > straight)) {
    apostrophe = curly;
    width = 3;
  }
  if (apostrophe == std::string::npos || apostrophe == 0) return c;
  const std::string_view ending = std::string_view(w).substr(apostrophe + width);
  const std::string_view before = std::string_view(w).substr(0, apostrophe);
  if (ending == "s") {
    c.cut = apostrophe;
    c.head = std::string(before);
    c.tail = "'s";
  } else if (ending == "t" && before.size() > 2 && before.back() == 'n') {
    // "didn't", "won't", "can't": only an auxiliary's negation.
    std::string aux(before.substr(0, before.size() - 1));
    if (aux == "wo") aux = "will";
    if (aux == "ca") aux = "can";
    if (aux == "sha") aux = "shall";
    if (!IsOneOf(aux,
                 {"do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "will",
                  "would", "can", "could", "shall", "should", "must", "might", "need"}))
      return c;
    c.cut = apostrophe - 1;
    c.head = std::move(aux);
    c.tail = "not";
  } else if (IsOneOf(ending, {"ll", "re", "ve", "d", "m"})) {
    c.cut = apostrophe;
    c.head = std::string(before);
    c.tail = ending == "ll"   ? "will"
             : ending == "re" ? "are"
             : ending == "ve" ? "have"
             : ending == "m"  ? "am"
                              : "would";  // (news seldom writes "he'd gone" for "had")
  }
  return c;
}

}  // namespace

// (So the rules read a contraction as they read the words written out.)
std::vector<Token> SplitClitics(std::vector<Token> toks) {
  std::vector<Token> out;
  out.reserve(toks.size() + toks.size() / 8 + 1);  // room for the split "'s"
  for (auto& t : toks) {
    Clitic c;
    if (t.word && t.text.size() > 2) c = FindClitic(t.lower);
    if (c.cut == std::string::npos) {
      out.push_back(std::move(t));
      continue;
    }
    Token head = t, tail = t;
    head.text = t.text.substr(0, c.cut);
    head.lower = std::move(c.head);
    head.span.end = t.span.begin + c.cut;
    tail.text = t.text.substr(c.cut);
    tail.lower = std::move(c.tail);
    tail.span.begin = head.span.end;
    tail.capitalized = false;
    out.push_back(std::move(head));
    out.push_back(std::move(tail));
  }
  return out;
}

// Words between an actor and its action that keep them adjacent
// ("Nissan has rejected", "Honda did not meet").
bool IsTitleCase(const std::vector<Token>& t) {
  size_t words = 0, caps = 0;
  for (const auto& tok : t) {
    words += tok.word;
    caps += tok.word && tok.capitalized;
  }
  bool title_case_words = false;
  for (size_t k = 1; k < t.size() && !title_case_words; ++k)
    title_case_words = t[k].word && t[k].capitalized &&
                       (IsPreposition(t[k].lower) ||
                        IsOneOf(t[k].lower, {"to", "and", "or", "as", "the", "a", "an", "its",
                                             "their", "his", "her"}) ||
                        FindTrigger(t, k));
  return words >= 4 && caps * 10 >= words * 6 && title_case_words;
}

bool IsAuxiliary(const std::string& w) {
  return IsOneOf(w, {"has", "have", "had", "did", "does", "do", "not", "never", "will", "would",
                     "could", "may", "might", "also", "then", "later", "again", "was", "were", "is",
                     "are", "be", "been", "formally", "reportedly", "swiftly", "quickly", "on",
                     "at", "in", "ready", "willing", "open", "prepared", "to",
                     // (Aspect: "Syria has continued to increase its forces".)
                     "continued", "continues", "began", "begun", "begins", "started"});
}

bool Adjacent(const std::vector<Token>& t, size_t from, size_t to, size_t max_gap) {
  // "Washington, along with its allies, demanded": an aside that adds
  // company to the actor stands outside the gap.
  size_t f = from;
  while (f < to && !t[f].word) ++f;
  if (f + 1 < to &&
      ((IsOneOf(t[f].lower, {"along", "together"}) && t[f + 1].lower == "with") ||
       (f + 2 < to && t[f].lower == "as" && t[f + 1].lower == "well" && t[f + 2].lower == "as"))) {
    size_t end = f + 2;
    while (end < to && end < f + 9 && t[end].text != ",") ++end;
    if (end < to && t[end].text == ",") return Adjacent(t, end + 1, to, max_gap);
    // Without a closing comma the aside runs up to a short noun phrase.
    return to - f <= 8;
  }
  if (to < from || to - from > max_gap) return false;
  for (size_t k = from; k < to; ++k)
    if (t[k].word && !IsAuxiliary(t[k].lower)) return false;
  return true;
}

// Token ranges of relative clauses (", who arrived in Paris on Sunday,"):
// their dates belong to another action.
std::vector<bool> RelativeClauses(const std::vector<Token>& t) {
  std::vector<bool> mask(t.size(), false);
  for (size_t k = 0; k + 1 < t.size(); ++k) {
    if (t[k].text != "," || !IsOneOf(t[k + 1].lower, {"who", "which", "where"})) continue;
    for (size_t e = k + 1; e < t.size() && t[e].text != "," && t[e].text != ";"; ++e)
      mask[e] = true;
  }
  return mask;
}

void MarkReducedRelatives(const SentenceInfo& s, std::vector<bool>* mask) {
  const auto& t = s.tokens;
  for (const auto& f : s.entities) {
    const size_t p = f.end;
    if (!IsActor(f.entity) || p + 2 >= t.size() || !t[p].word || t[p].capitalized) continue;
    const std::string& w = t[p].lower;
    if (!(w.ends_with("ing") || w.ends_with("ed")) || w.size() < 5 ||
        !IsOneOf(t[p + 1].lower, {"in", "at", "from", "near", "inside", "outside", "across"}))
      continue;
    // The place phrase: names, "the" and capitalised words.
    size_t e = p + 2;
    while (e < t.size() && t[e].word &&
           (t[e].capitalized || t[e].lower == "the" || InsideEntity(s, e)))
      ++e;
    // A verb right after it is the main one.
    if (e == p + 2 || e >= t.size() || !t[e].word || !FindTrigger(t, e)) continue;
    for (size_t k = p; k < e; ++k) (*mask)[k] = true;
  }
  // "Jean Martin, speaking on the radio's "Morning Edition," said": an aside in commas
  // that opens with a participle; the names in it do not act in the
  // sentence's main clause.
  for (const auto& f : s.entities) {
    const size_t c = f.end;
    if (!IsActor(f.entity) || c + 2 >= t.size() || t[c].text != "," || !t[c + 1].word ||
        t[c + 1].capitalized || !t[c + 1].lower.ends_with("ing") || t[c + 1].lower.size() < 6)
      continue;
    size_t close = c + 2;
    while (close < t.size() && close - c <= 16 && t[close].text != "," && t[close].text != ";")
      ++close;
    if (close >= t.size() || t[close].text != ",") continue;
    size_t v = close + 1;
    while (v < t.size() && !t[v].word) ++v;  // a closing quote
    if (v >= t.size() || t[v].capitalized || !(IsSpeechAt(t, v) || FindTrigger(t, v))) continue;
    for (size_t m = c; m <= close; ++m) (*mask)[m] = true;
  }
  // "Oshkosh Truck Corp., Oshkosh, Wis., estimated", "Intelogic Trace Inc.,
  // San Antonio, Texas, said": the business wire's place of a company, in
  // commas between the company and its verb.
  for (const auto& f : s.entities) {
    size_t k = f.end;
    if (k < t.size() && t[k].text == ".") ++k;  // "Corp."
    if (f.entity.type != EntityType::kOrganisation || k >= t.size() || t[k].text != ",") continue;
    size_t segments = 0;
    while (k < t.size() && t[k].text == "," && segments < 3) {
      size_t e = k + 1, words = 0;
      while (e < t.size() && words <= 3 &&
             ((t[e].word && t[e].capitalized) || (t[e].text == "." && words > 0)))
        words += t[e++].word;
      if (words == 0 || words > 3 || e >= t.size() || t[e].text != ",") break;
      k = e;
      ++segments;
    }
    if (segments == 0 || k + 1 >= t.size() || !t[k + 1].word || t[k + 1].capitalized) continue;
    for (size_t m = f.end; m <= k; ++m) (*mask)[m] = true;
  }
}

bool EndsPhraseAt(const std::vector<Token>& t, size_t k) {
  return k >= t.size() || IsOneOf(t[k].text, {",", ".", ";"});
}

bool ActorEndsAt(const SentenceInfo& s, size_t k) {
  for (const auto& f : s.entities)
    if (f.end == k && IsActor(f.entity)) return true;
  return false;
}

bool InsideEntity(const SentenceInfo& s, size_t k) {
  for (const auto& f : s.entities)
    if (k >= f.begin && k < f.end) return true;
  return false;
}

bool InsideNounPhrase(const SentenceInfo& s, size_t k) {
  if (InsideEntity(s, k)) return true;
  for (const auto& [b, e] : s.role_nouns)
    if (k >= b && k < e) return true;
  return false;
}

bool VerbEndsAt(const std::vector<Token>& t, size_t b) {
  size_t k = b;
  while (k > 0 && IsOneOf(t[k - 1].lower, {"the", "a", "an", "its", "his", "her", "their"})) --k;
  if (k == 0 || !t[k - 1].word || t[k - 1].capitalized) return false;
  size_t start = k - 1;
  // (A verb of two tokens: "called on", "shot down".)
  if (start > 0 && FindTrigger(t, start - 1).length == 2) --start;
  const TriggerHit h = FindTrigger(t, start);
  return h && h.kind != TriggerKind::kNoun && h.kind != TriggerKind::kSpeech;
}

bool IsSpeechAt(const std::vector<Token>& t, size_t k) {
  if (k >= t.size() || !t[k].word) return false;
  // ", the BBC reported.", ", Xinhua reported on Tuesday": a report
  // closing the sentence attributes it, as "said" does (elsewhere "reported"
  // is no statement: "the company reported a loss").
  if (IsOneOf(t[k].lower, {"reported", "reports"}) &&
      (k + 1 >= t.size() || (!t[k + 1].word && t[k + 1].text != "-") ||
       (t[k + 1].lower == "on" && k + 2 < t.size() && t[k + 2].capitalized) ||
       IsDayWord(t[k + 1].lower)))
    return true;
  TriggerHit h = FindTrigger(t, k);
  return h && h.kind == TriggerKind::kSpeech;
}

// Actors joined to `first` by "and" (or commas) right after it, in `pool`.
std::vector<const Found*> Conjuncts(const std::vector<Token>& t,
                                    const std::vector<const Found*>& pool, const Found* first) {
  std::vector<const Found*> out;
  const Found* prev = first;
  for (const Found* f : pool) {
    if (f->begin <= prev->begin) continue;
    // "A and B", "A and the B", "A and German Chancellor B"; an
    // abbreviation's dot may end A ("Acme Corp. and Apex Inc.").
    size_t after = prev->end;
    if (after < f->begin && t[after].text == "." && after > 0 && t[after - 1].word &&
        t[after].span.begin == t[after - 1].span.end)
      ++after;
    size_t gap = f->begin - after;
    if (gap == 0 || gap > 5 || !IsOneOf(t[after].lower, {"and", ","})) break;
    bool modifiers_only = true;
    for (size_t k = after + 1; k < f->begin; ++k)
      modifiers_only &= t[k].lower == "the" || (t[k].word && t[k].capitalized &&
                                                !IsPreposition(t[k].lower) && t[k].lower != "to");
    // ("A and the paramilitary B", "A and the militant group B": a
    // description between "the" and the name.)
    if (!modifiers_only && f->begin - after <= 4 && t[after + 1].lower == "the") {
      modifiers_only = true;
      for (size_t k = after + 2; k < f->begin; ++k)
        modifiers_only &= t[k].word && !t[k].capitalized && IsGroupDescription(t[k].lower);
    }
    if (!modifiers_only) break;
    // "between A and B" names a pair, not two of a kind.
    if (prev->begin > 0 && t[prev->begin - 1].lower == "between") break;
    out.push_back(f);
    prev = f;
  }
  return out;
}

}  // namespace newsd
