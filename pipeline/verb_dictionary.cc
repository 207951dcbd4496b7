#include "pipeline/verb_dictionary.h"

#include <algorithm>

#include "pipeline/words.h"

namespace newsd {
namespace {

// How many first letters of a pattern word every token it matches shares:
// all but the last (WordMatches inflects from the stem), at most three.
size_t PrefixLength(std::string_view word) {
  return std::min<size_t>(3, word.size() > 1 ? word.size() - 1 : word.size());
}

// Prepositions: they take an object ("pushed into Kuwait").
bool TakesObject(std::string_view w) {
  return w == "to" || IsPreposition(w) ||
         IsOneOf(w, {"across", "through", "inside", "outside", "along", "around"});
}
// What a pattern names right after the verb: a preposition or an adverb
// particle ("called for", "stepped down").
bool IsParticle(std::string_view w) {
  return TakesObject(w) || IsOneOf(w, {"back", "up", "down", "off", "out", "away"});
}

std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// "cease-fire" -> "cease", "-", "fire"; "armed_forces" -> "armed", "forces":
// the words as the tokenizer gives them.
std::vector<std::string> TokenWords(std::string_view w) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : w) {
    if (c == '_' || c == '-') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      if (c == '-') out.emplace_back("-");
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// "042:043" -> "042"; ":173" -> "173"; "---" -> "". Four-digit codes keep
// their CAMEO detail.
std::string SourceCode(std::string_view code) {
  size_t colon = code.find(':');
  std::string_view first = code.substr(0, colon);
  if (first.empty() && colon != std::string_view::npos) first = code.substr(colon + 1);
  if (first == "---" || first.empty()) return "";
  for (char c : first)
    if (c < '0' || c > '9') return "";
  return std::string(first);
}

}  // namespace

Result<uint32_t> VerbDictionary::SetNamed(std::string_view reference) const {
  std::string name(reference.substr(1));
  while (!name.empty() && name.back() == '_') name.pop_back();
  auto it = set_index_.find(name);
  if (it == set_index_.end()) return Status::ParseError("unknown synonym set &" + name);
  return it->second;
}

VerbDictionary::SetEntry VerbDictionary::ParseSetEntry(std::string_view word) {
  SetEntry se;
  se.exact = word.ends_with("_");
  if (se.exact) word.remove_suffix(1);
  se.words = TokenWords(word);
  return se;
}

Result<VerbDictionary::Element> VerbDictionary::ParseElement(std::string_view tok) {
  Element e;
  if (tok == "+" || tok == "$" || tok == "^" || tok == "%") {
    e.kind = Element::Kind::kSlot;
    return e;
  }
  if (tok.starts_with("&")) {
    auto set = SetNamed(tok);
    if (!set.ok()) return set.status();
    e.kind = Element::Kind::kSet;
    e.set = *set;
    return e;
  }
  const bool unit = tok.starts_with("{");
  if (unit) tok = tok.substr(1, tok.size() - 2);
  // "{&military aid}": a unit with a synonym set in it stands for every
  // phrase it spells ("military aid", "army aid", "armed forces aid"):
  // a set of its own, the product of its parts.
  if (unit && tok.find('&') != std::string_view::npos) {
    std::vector<SetEntry> phrases(1);
    for (std::string_view w : SplitSpaces(tok)) {
      std::vector<SetEntry> part;
      if (w.starts_with("&")) {
        auto set = SetNamed(w);
        if (!set.ok()) return set.status();
        part = sets_[*set];
      } else {
        part.push_back(ParseSetEntry(w));
        e.words.insert(e.words.end(), part[0].words.begin(), part[0].words.end());
      }
      std::vector<SetEntry> longer;
      longer.reserve(phrases.size() * part.size());
      for (const SetEntry& head : phrases)
        for (const SetEntry& tail : part) {
          SetEntry se = head;
          se.words.insert(se.words.end(), tail.words.begin(), tail.words.end());
          se.exact = tail.exact;  // (exactness is the last word's)
          longer.push_back(std::move(se));
        }
      phrases = std::move(longer);
    }
    e.kind = Element::Kind::kSet;
    e.set = static_cast<uint32_t>(sets_.size());
    sets_.push_back(std::move(phrases));
    return e;
  }
  for (std::string_view w : SplitSpaces(tok)) {
    const bool exact = w.ends_with("_");
    if (exact) w.remove_suffix(1);
    for (std::string& part : TokenWords(w)) {
      e.words.push_back(std::move(part));
      e.exact.push_back(exact);
    }
  }
  if (e.words.empty()) return Status::ParseError("empty pattern word");
  // Exactness applies to the last word of a unit written "a_b_".
  e.kind = e.words.size() > 1 ? Element::Kind::kUnit : Element::Kind::kWord;
  e.particle = e.kind == Element::Kind::kWord && IsParticle(e.words[0]);
  return e;
}

Status VerbDictionary::AddPattern(Block* block, std::string_view code, std::string_view body) {
  Pattern p;
  p.code = SourceCode(code);
  // Tokens: words, {units}, (phrases) flattened, slots and &sets.
  std::vector<std::string> toks;
  for (size_t i = 0; i < body.size();) {
    if (body[i] == ' ') {
      ++i;
      continue;
    }
    if (body[i] == '{') {
      size_t close = body.find('}', i);
      if (close == std::string_view::npos) return Status::ParseError("unclosed '{'");
      toks.emplace_back(body.substr(i, close - i + 1));
      i = close + 1;
      continue;
    }
    if (body[i] == '(' || body[i] == ')') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < body.size() && body[j] != ' ' && body[j] != '(' && body[j] != ')' && body[j] != '{')
      ++j;
    toks.emplace_back(body.substr(i, j - i));
    i = j;
  }
  bool seen_verb = false;
  std::vector<Element> before;
  for (const std::string& tok : toks) {
    if (tok == "*") {
      if (seen_verb) return Status::ParseError("two '*' in a pattern");
      seen_verb = true;
      continue;
    }
    auto e = ParseElement(tok);
    if (!e.ok()) return e.status();
    if (e->kind == Element::Kind::kWord || e->kind == Element::Kind::kUnit)
      p.literal_words += e->words.size();
    if (e->kind == Element::Kind::kSet) ++p.literal_words;
    (seen_verb ? p.after : before).push_back(std::move(*e));
  }
  if (!seen_verb) return Status::ParseError("pattern without '*'");
  p.preposition_only = before.empty() && p.after.size() == 1 &&
                       p.after[0].kind == Element::Kind::kWord && TakesObject(p.after[0].words[0]);
  std::reverse(before.begin(), before.end());
  p.before = std::move(before);
  block->patterns.push_back(std::move(p));
  ++pattern_count_;
  return Status::Ok();
}

namespace {

// "apologise" -> "apologize", "analyse" -> "analyze"; other words as they
// are.
std::string AmericanSpelling(std::string_view base) {
  std::string w(base);
  if (w.size() > 4 && (w.ends_with("ise") || w.ends_with("yse"))) w[w.size() - 2] = 'z';
  return w;
}

// The "-ise" spelling of `form`, an inflection of the "-ize" (or "-yze")
// verb `base` ("formalized" of "formalize" -> "formalised"), or "" when
// the verb has no such ending.
std::string BritishSpelling(std::string_view form, std::string_view base) {
  if (base.size() < 5 || !(base.ends_with("ize") || base.ends_with("yze"))) return "";
  const size_t z = base.size() - 2;
  if (form.size() <= z || form.substr(0, z) != base.substr(0, z) || form[z] != 'z') return "";
  std::string w(form);
  w[z] = 's';
  return w;
}

}  // namespace

Result<VerbDictionary> VerbDictionary::Parse(std::string_view text, std::string_view name) {
  VerbDictionary d;
  size_t line_no = 0;
  bool format_seen = false;
  auto error = [&](const std::string& what) {
    return Status::ParseError(std::string(name) + ":" + std::to_string(line_no) + ": " + what);
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1) {
      if (line != "#format newsd-cameo-verbs/1")
        return error(
            "not a newsd CAMEO verb file (first line must be #format newsd-cameo-verbs/1)");
      format_seen = true;
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    if (line.size() < 3 || line[1] != ' ') return error("unreadable line");
    const char kind = line[0];
    std::string_view rest = line.substr(2);
    std::vector<std::string_view> f = SplitSpaces(rest);
    if (f.empty()) return error("empty entry");
    switch (kind) {
      case '=': {
        if (f.size() < 2) return error("synonym set without words");
        std::vector<SetEntry> words;
        for (size_t k = 1; k < f.size(); ++k)
          if (SetEntry se = ParseSetEntry(f[k]); !se.words.empty()) words.push_back(std::move(se));
        d.set_index_[std::string(f[0])] = static_cast<uint32_t>(d.sets_.size());
        d.sets_.push_back(std::move(words));
        break;
      }
      case '@': {
        if (f.size() != 2) return error("block line needs a name and a code");
        d.blocks_.push_back({std::string(f[0]), SourceCode(f[1]), {}});
        break;
      }
      case 'v': {
        if (d.blocks_.empty()) return error("verb before any block");
        if (f.size() < 2) return error("verb line without forms");
        const std::string code = f[0] == "-" ? "" : SourceCode(f[0]);
        if (f[0] != "-" && code.empty() && f[0] != "---")
          return error("bad code '" + std::string(f[0]) + "'");
        // The coders wrote American English: a British spelling of the
        // block's head ("apologise" under "apologize") is the head, and an
        // "-ize" verb is also read in its "-ise" spelling ("formalised").
        const Block& block = d.blocks_.back();
        const std::string lemma =
            AmericanSpelling(f[1]) == block.name ? block.name : std::string(f[1]);
        for (size_t k = 1; k < f.size(); ++k) {
          Form form;
          form.words = TokenWords(f[k]);
          if (form.words.empty()) continue;
          form.block = static_cast<uint32_t>(d.blocks_.size() - 1);
          form.code = code;
          form.no_code = f[0] == "---";
          form.lemma = lemma;
          form.past = form.words[0].ends_with("ed") || (k >= 3 && f.size() == 5 && k == 3);
          if (std::string british = BritishSpelling(form.words[0], f[1]); !british.empty()) {
            Form variant = form;
            variant.words[0] = std::move(british);
            d.first_words_[variant.words[0]] = true;
            d.forms_.emplace(variant.words[0], std::move(variant));
          }
          d.first_words_[form.words[0]] = true;
          d.forms_.emplace(form.words[0], std::move(form));
        }
        ++d.verb_count_;
        break;
      }
      case 'p': {
        if (d.blocks_.empty()) return error("pattern before any block");
        if (f.size() < 2) return error("pattern without tokens");
        if (Status s = d.AddPattern(&d.blocks_.back(), f[0], rest.substr(f[0].size() + 1)); !s.ok())
          return error(s.message());
        break;
      }
      default:
        return error(std::string("unknown line kind '") + kind + "'");
    }
  }
  if (!format_seen) return Status::ParseError(std::string(name) + ": empty file");
  d.set_first_letters_.assign(d.sets_.size(), {});
  for (size_t k = 0; k < d.sets_.size(); ++k)
    for (const SetEntry& se : d.sets_[k])
      if (!se.words.empty() && !se.words[0].empty())
        d.set_first_letters_[k].set(static_cast<unsigned char>(se.words[0][0]));
  for (Block& b : d.blocks_) {
    for (Pattern& p : b.patterns) {
      for (const auto* side : {&p.before, &p.after})
        for (const Element& e : *side)
          // (A set from a unit keeps the unit's own words: "aid" of
          // "{&military aid}" must be in the sentence too.)
          for (const std::string& w : e.words) p.needs.Add(w, PrefixLength(w));
    }
  }
  // Longer patterns first: the most specific match wins on a tie of words.
  for (Block& b : d.blocks_)
    std::stable_sort(b.patterns.begin(), b.patterns.end(), [](const Pattern& x, const Pattern& y) {
      return x.literal_words > y.literal_words;
    });
  return d;
}

void VerbDictionary::PrefixSet::Add(std::string_view word, size_t length) {
  if (word.size() < length || length == 0) return;
  uint32_t h = static_cast<uint32_t>(length) * 0x9e3779b1u;
  for (size_t i = 0; i < length; ++i) h = (h ^ static_cast<unsigned char>(word[i])) * 0x01000193u;
  h ^= h >> 15;
  bits[(h >> 6) & 3] |= uint64_t{1} << (h & 63);
}

bool VerbDictionary::WordMatches(const std::string& token, const std::string& word,
                                 bool exact) const {
  if (token == word) return true;
  if (exact || word.empty() || token.size() <= word.size() - 1) return false;
  // Every inflection below starts with the word's first letter once its
  // stem is not empty: most tokens are rejected here.
  if (word.size() >= 2 && token[0] != word[0]) return false;
  // "rally" -> "rallies", "rallied"; "release" -> "releasing".
  const std::string_view stem(word.data(), word.size() - 1);
  if ((word.back() == 'y' || word.back() == 'e') && token.compare(0, stem.size(), stem) == 0) {
    std::string_view tail(token.data() + stem.size(), token.size() - stem.size());
    if (word.back() == 'y' && (tail == "ies" || tail == "ied")) return true;
    if (word.back() == 'e' && tail == "ing") return true;
  }
  if (token.size() <= word.size() || token.compare(0, word.size(), word) != 0) return false;
  std::string_view tail(token.data() + word.size(), token.size() - word.size());
  return tail == "s" || tail == "es" || tail == "ed" || tail == "d" || tail == "ing" ||
         tail == "n" || tail == "en";
}

size_t VerbDictionary::ElementAt(const Element& e, const std::vector<Token>& t, size_t k,
                                 size_t end) const {
  auto unit_at = [&](const std::vector<std::string>& words, const std::vector<bool>* exact,
                     bool all_exact) -> size_t {
    if (k + words.size() > end) return 0;
    for (size_t w = 0; w < words.size(); ++w) {
      const bool ex = all_exact || (exact && (*exact)[w]);
      // Inflection only on the unit's last word ("cease-fire talks").
      const bool last = w + 1 == words.size();
      if (!(last ? WordMatches(t[k + w].lower, words[w], ex) : t[k + w].lower == words[w]))
        return 0;
    }
    return words.size();
  };
  switch (e.kind) {
    case Element::Kind::kSlot:
      return 0;
    case Element::Kind::kWord:
    case Element::Kind::kUnit:
      return unit_at(e.words, &e.exact, false);
    case Element::Kind::kSet:
      if (k >= end || t[k].lower.empty() ||
          !set_first_letters_[e.set][static_cast<unsigned char>(t[k].lower[0])])
        return 0;
      for (const SetEntry& se : sets_[e.set])
        if (size_t n = unit_at(se.words, nullptr, se.exact)) return n;
      return 0;
  }
  return 0;
}

namespace {

// Nouns that, as a verb's object, halt or undo what their complement names.
bool HaltsWhatFollows(std::string_view w) {
  return IsOneOf(
      w, {"freeze", "halt", "suspension", "end", "cutoff", "cut-off", "cancellation", "cancelation",
          "ban", "moratorium", "withdrawal", "postponement", "reduction", "cuts"});
}

}  // namespace

std::vector<uint8_t> VerbDictionary::TokenFlags(const std::vector<Token>& t, size_t verb_end,
                                                size_t end) {
  // One entry past the end, so that an empty span still gives a buffer.
  std::vector<uint8_t> flags(end - verb_end + 1, 0);
  for (size_t k = verb_end; k < end; ++k) {
    uint8_t f = 0;
    // "announced a freeze on aid", "ordered an end to the talks": the
    // object is the halting, the pattern's word only what it halts.
    if (HaltsWhatFollows(t[k].lower)) f |= kHaltsWhatFollows;
    // "did not open it in the meeting": a pronoun before a preposition
    // is the verb's object, and what the phrase names is no object of
    // the verb ("gave them aid" keeps its indirect object).
    if (k > verb_end && IsPreposition(t[k].lower) &&
        IsOneOf(t[k - 1].lower, {"it", "them", "him", "her", "us", "me", "this", "that"}))
      f |= kObjectPronounThenPreposition;
    if (IsDayWord(t[k].lower) || !t[k].word || IsAmountWord(t[k].lower)) f |= kSkippedFree;
    flags[k - verb_end] = f;
  }
  return flags;
}

int VerbDictionary::MatchPattern(const Pattern& p, const std::vector<Token>& t, size_t verb_begin,
                                 size_t verb_end, size_t begin, size_t end,
                                 const std::vector<size_t>* name_end, const uint8_t* flags,
                                 size_t* after_end_out) const {
  // After the verb: each element in order within a window. The first
  // stands close to the verb (its object or particle: up to three words
  // before it, one for a lone function word such as "to" or "back"), the
  // others within a few words of the one before: a parse would attach them
  // to the verb's phrase. Before the first, a day ("lifted Friday a
  // blockade"), a quantity ("5.1 million dollars") and punctuation cost
  // nothing, and a name (the indirect object) one word.
  constexpr size_t kWindow = 10;
  size_t k = verb_end;
  size_t after_end = std::min(end, verb_end + kWindow);
  bool first = true;
  for (const Element& e : p.after) {
    if (e.kind == Element::Kind::kSlot) continue;
    const bool function_word = e.particle;
    const size_t gap = first ? (function_word ? 1 : 3) : 6;
    size_t found = 0;
    if (first && !function_word) {
      // (The window grows by what is skipped for free.)
      for (size_t cost = 0; k < after_end && cost <= gap;) {
        // (A name is not the pattern's word: "extended Control Video
        // loans" is no "extend control".)
        const bool name_here = name_end && (*name_end)[k] > k && t[k].capitalized;
        if (!name_here && (found = ElementAt(e, t, k, after_end))) break;
        const uint8_t f = flags[k - verb_end];
        if (f & (kHaltsWhatFollows | kObjectPronounThenPreposition)) return -1;
        size_t next = k + 1;
        if (f & kSkippedFree) {
          after_end = std::min(end, after_end + 1);
          k = next;
          continue;
        }
        if (name_end && (*name_end)[k] > k) {
          next = (*name_end)[k];
        } else if (name_end && t[k].lower == "the" && k + 1 < name_end->size() &&
                   (*name_end)[k + 1] > k + 1) {
          next = (*name_end)[k + 1];
        }
        after_end = std::min(end, after_end + (next - k - 1));
        k = next;
        ++cost;
      }
    } else {
      const size_t limit = std::min(after_end, k + gap + 1);
      for (; k < limit; ++k)
        if ((found = ElementAt(e, t, k, after_end))) break;
    }
    if (!found) return -1;
    k += found;
    first = false;
  }
  *after_end_out = k;
  // Before the verb, nearest first.
  size_t b = verb_begin;
  const size_t before_begin = verb_begin > begin + 4 ? verb_begin - 4 : begin;
  for (const Element& e : p.before) {
    if (e.kind == Element::Kind::kSlot) continue;
    size_t found = 0;
    while (b > before_begin) {
      --b;
      if ((found = ElementAt(e, t, b, verb_begin))) break;
    }
    if (!found) return -1;
  }
  return static_cast<int>(p.literal_words);
}

VerbDictionary::Hit VerbDictionary::Find(const std::vector<Token>& t, size_t i, size_t begin,
                                         size_t end, const std::vector<size_t>* name_end) const {
  Hit best;
  if (i >= t.size() || !t[i].word) return best;
  auto [lo, hi] = forms_.equal_range(t[i].lower);
  const Form* form = nullptr;
  for (auto it = lo; it != hi; ++it) {
    const Form& f = it->second;
    if (i + f.words.size() > t.size()) continue;
    bool ok = true;
    for (size_t w = 1; w < f.words.size() && ok; ++w) ok = t[i + w].lower == f.words[w];
    if (ok && (!form || f.words.size() > form->words.size())) form = &f;
  }
  if (!form) return best;
  const Block& block = blocks_[form->block];
  const size_t verb_end = i + form->words.size();
  const Pattern* chosen = nullptr;
  int chosen_words = -1;
  // The words a pattern may reach: four before the verb, the rest of the
  // span after it (MatchPattern's limits).
  PrefixSet present;
  if (!block.patterns.empty()) {
    const size_t from = i > begin + 4 ? i - 4 : std::min(begin, i);
    for (size_t k = from; k < std::max(end, verb_end) && k < t.size(); ++k)
      for (size_t n = 1; n <= 3; ++n) present.Add(t[k].lower, n);
  }
  // Filled when a pattern first needs them.
  std::vector<uint8_t> flags;
  for (const Pattern& p : block.patterns) {
    if (static_cast<int>(p.literal_words) <= chosen_words) break;  // sorted longest first
    if (!present.Covers(p.needs)) continue;
    const size_t span_end = std::max(end, verb_end);
    if (flags.empty()) flags = TokenFlags(t, verb_end, span_end);
    size_t after = verb_end;
    int n = MatchPattern(p, t, i, verb_end, begin, span_end, name_end, flags.data(), &after);
    if (n >= 0 && p.preposition_only && name_end) {
      if (after < t.size() && IsOneOf(t[after].lower, {"the", "a", "an"})) ++after;
      if (after >= name_end->size() || (*name_end)[after] == 0) n = -1;
    }
    if (n > chosen_words) {
      chosen = &p;
      chosen_words = n;
    }
  }
  std::string code;
  if (chosen) {
    code = chosen->code;
    best.by_pattern = true;
    best.pattern_words = static_cast<size_t>(chosen_words);
  } else if (!form->no_code) {
    code = !form->code.empty() ? form->code : block.code;
    best.own_code = !form->code.empty();
  }
  if (code.empty()) return Hit{};
  best.code = std::move(code);
  best.length = form->words.size();
  best.past_participle = form->past;
  best.block = block.name;
  best.lemma = form->lemma;
  return best;
}

}  // namespace newsd
