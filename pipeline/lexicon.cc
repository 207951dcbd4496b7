#include "pipeline/lexicon.h"

#include <charconv>
#include <span>

#include "pipeline/words.h"

namespace newsd {
namespace {

// WordNet index lines: "lemma pos synset_cnt p_cnt [ptr...] sense_cnt
// tagsense_cnt offsets...". Lemmas use '_' for spaces; only one-word lemmas
// matter here. Calls fn(lemma, pointer symbols, tagsense_cnt) for each.
template <typename Fn>
Status ForEachWordNetIndexLine(std::string_view text, Fn fn) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty() || line[0] == ' ') continue;  // licence header lines start with spaces
    std::vector<std::string_view> f;
    size_t i = 0;
    while (i < line.size()) {
      size_t j = line.find(' ', i);
      if (j == std::string_view::npos) j = line.size();
      if (j > i) f.push_back(line.substr(i, j - i));
      i = j + 1;
    }
    if (f.size() < 6) return Status::ParseError("not a WordNet index line: " + std::string(line));
    int p_cnt = 0;
    std::from_chars(f[3].data(), f[3].data() + f[3].size(), p_cnt);
    if (p_cnt < 0) return Status::ParseError("bad pointer count: " + std::string(line));
    const size_t tag_at = 4 + static_cast<size_t>(p_cnt) + 1;
    if (tag_at >= f.size()) return Status::ParseError("short WordNet index line");
    if (f[0].find('_') != std::string_view::npos) continue;
    int tagged = 0;
    std::from_chars(f[tag_at].data(), f[tag_at].data() + f[tag_at].size(), tagged);
    fn(f[0], std::span(f).subspan(4, static_cast<size_t>(p_cnt)), tagged);
  }
  return Status::Ok();
}

// Lemma -> tagsense_cnt + 1.
Status ReadWordNetIndex(std::string_view text, StringMap<int>* out) {
  return ForEachWordNetIndexLine(
      text, [&](std::string_view lemma, std::span<const std::string_view>, int tagged) {
        (*out)[std::string(lemma)] = tagged + 1;
      });
}

bool IsSubjectWord(std::string_view w) {
  return IsOneOf(w, {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"});
}

bool IsAuxiliaryWord(std::string_view w) {
  return IsOneOf(
      w, {"has",      "have",       "had",        "did",       "does",    "do",      "will",
          "would",    "could",      "can",        "may",       "might",   "must",    "shall",
          "should",   "to",         "was",        "were",      "is",      "are",     "be",
          "been",     "being",      "not",        "never",     "n't",     "also",    "then",
          "later",    "again",      "reportedly", "formally",  "already", "jointly", "repeatedly",
          "strongly", "officially", "publicly",   "yesterday", "today"});
}

}  // namespace

Result<std::unordered_set<std::string>> ReadPertainymAdjectives(std::string_view index_adj) {
  std::unordered_set<std::string> out;
  Status st = ForEachWordNetIndexLine(
      index_adj, [&](std::string_view lemma, std::span<const std::string_view> pointers, int) {
        for (std::string_view p : pointers)
          if (p == "\\") {
            out.emplace(lemma);
            break;
          }
      });
  if (!st.ok()) return st;
  return out;
}

Result<std::unique_ptr<Lexicon>> Lexicon::Build(
    std::string_view verbs, std::string_view wordnet_noun, std::string_view wordnet_verb,
    std::string_view wordnet_adj, std::string_view wordnet_adv, std::string_view wordnet_verb_exc) {
  auto v = VerbDictionary::Parse(verbs, "verbs.txt");
  if (!v.ok()) return v.status();
  std::unique_ptr<Lexicon> lex(new Lexicon());
  lex->verbs_ = std::move(v).value();
  if (Status s = ReadWordNetIndex(wordnet_noun, &lex->nouns_); !s.ok())
    return Status::ParseError("index.noun: " + s.message());
  if (Status s = ReadWordNetIndex(wordnet_verb, &lex->verbs_freq_); !s.ok())
    return Status::ParseError("index.verb: " + s.message());
  if (Status s = ReadWordNetIndex(wordnet_adj, &lex->adjectives_); !s.ok())
    return Status::ParseError("index.adj: " + s.message());
  if (Status s = ReadWordNetIndex(wordnet_adv, &lex->adverbs_); !s.ok())
    return Status::ParseError("index.adv: " + s.message());
  // verb.exc: "form lemma [lemma...]" per line. Forms with a regular
  // ending are read as such already.
  size_t line_no = 0;
  for (size_t pos = 0; pos < wordnet_verb_exc.size();) {
    size_t nl = wordnet_verb_exc.find('\n', pos);
    if (nl == std::string_view::npos) nl = wordnet_verb_exc.size();
    const std::string_view line = wordnet_verb_exc.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.empty()) continue;
    const size_t space = line.find(' ');
    if (space == 0 || space == std::string_view::npos || space + 1 >= line.size())
      return Status::ParseError("verb.exc:" + std::to_string(line_no) +
                                ": not a line of an irregular form and its lemma");
    const std::string_view form = line.substr(0, space);
    std::string_view lemma = line.substr(space + 1);
    lemma = lemma.substr(0, lemma.find(' '));
    if (!form.ends_with("s") && !form.ends_with("ed") && !form.ends_with("ing"))
      lex->irregular_forms_.emplace(form, lemma);
  }
  return lex;
}

bool Lexicon::IsPastForm(const std::string& w) const {
  // "rose", "took", "said"; not "ground" or "found", WordNet's nouns first.
  if (auto it = irregular_forms_.find(w); it != irregular_forms_.end())
    return Frequency(it->second, PartOfSpeech::kVerb) >= NounFrequency(w);
  if (w.size() < 5 || !w.ends_with("ed")) return false;
  const std::string_view stem = std::string_view(w).substr(0, w.size() - 2);
  // "closed" (close), "voted", "stopped" (stop), "tried" (try), "opened".
  if (Frequency(std::string(stem) + "e", PartOfSpeech::kVerb) ||
      Frequency(stem, PartOfSpeech::kVerb))
    return true;
  if (stem.size() > 2 && stem.back() == stem[stem.size() - 2] &&
      Frequency(stem.substr(0, stem.size() - 1), PartOfSpeech::kVerb))
    return true;
  return stem.ends_with("i") &&
         Frequency(std::string(stem.substr(0, stem.size() - 1)) + "y", PartOfSpeech::kVerb);
}

int Lexicon::VerbFrequencyOfForm(const std::string& w) const {
  if (int f = Frequency(w, PartOfSpeech::kVerb)) return f;
  auto it = irregular_forms_.find(w);
  return it == irregular_forms_.end() ? 0 : Frequency(it->second, PartOfSpeech::kVerb);
}

int Lexicon::Frequency(std::string_view lemma, PartOfSpeech pos) const {
  const auto& m = pos == PartOfSpeech::kNoun        ? nouns_
                  : pos == PartOfSpeech::kVerb      ? verbs_freq_
                  : pos == PartOfSpeech::kAdjective ? adjectives_
                                                    : adverbs_;
  auto it = m.find(lemma);
  return it == m.end() ? 0 : it->second;
}

int Lexicon::NounFrequency(std::string_view w) const {
  if (int f = Frequency(w, PartOfSpeech::kNoun)) return f;
  if (w.size() > 3 && w.ends_with("ies")) {
    std::string lemma(w.substr(0, w.size() - 3));
    lemma += 'y';
    if (int f = Frequency(lemma, PartOfSpeech::kNoun)) return f;
  }
  if (w.size() > 2 && w.ends_with("es"))
    if (int f = Frequency(w.substr(0, w.size() - 2), PartOfSpeech::kNoun)) return f;
  if (w.size() > 1 && w.ends_with("s") && !w.ends_with("ss"))
    return Frequency(w.substr(0, w.size() - 1), PartOfSpeech::kNoun);
  return 0;
}

bool Lexicon::IsNeverAction(std::string_view w) {
  // Auxiliaries and modals carry tense and modality, not an action; words
  // that only look like verb forms introduce phrases.
  return IsOneOf(
      w, {"will",      "would", "shall", "should",    "can",       "could",     "may",
          "might",     "must",  "be",    "is",        "are",       "was",       "were",
          "been",      "being", "am",    "have",      "has",       "had",       "having",
          "do",        "does",  "did",   "according", "including", "regarding", "concerning",
          "following", "given", "based", "saying"});
}

bool Lexicon::ReadsAsVerb(const std::vector<Token>& t, size_t i) const {
  const std::string& w = t[i].lower;
  // "long-delayed", "war-torn": the second half of a hyphenated compound.
  if (i > 0 && t[i - 1].text == "-" && t[i - 1].span.end == t[i].span.begin) return false;
  if (IsNeverAction(w)) return false;
  // The word before, over adverbs.
  size_t p = i;
  while (p > 0 && t[p - 1].word && t[p - 1].lower.size() > 4 && t[p - 1].lower.ends_with("ly") &&
         !IsOneOf(t[p - 1].lower, {"early", "only", "italy", "daily", "family", "july"}))
    --p;
  const std::string_view prev = p > 0 ? std::string_view(t[p - 1].lower) : std::string_view();
  const bool prev_word = p > 0 && t[p - 1].word;
  // "by cutting off its fuel supply", "for holding drills": a gerund after
  // a preposition, with its object, is a verb (EventReader::MakeEvent
  // decides whose act, if anyone's, it is).
  if (prev_word && IsPreposition(prev) && w.size() > 5 && w.ends_with("ing") && i + 1 < t.size() &&
      t[i + 1].word &&
      (IsDeterminer(t[i + 1].lower) || t[i + 1].capitalized ||
       IsOneOf(t[i + 1].lower,
               {"him", "her", "them", "its", "their", "his", "off", "out", "up", "down", "back"})))
    return true;
  if (prev_word && (IsDeterminer(prev) || IsPreposition(prev))) return false;
  // "other companies' brand names": a possessive apostrophe is a determiner.
  if (p >= 2 && t[p - 1].text == "'" && t[p - 1].span.begin == t[p - 2].span.end &&
      t[p - 2].lower.ends_with("s"))
    return false;
  // "a 'phased' approach", "the long, hard approach": a determiner before
  // quotes, commas and adjectives.
  for (size_t k = p, seen = 0; k-- > 0 && seen < 4; ++seen) {
    const std::string& b = t[k].lower;
    if (t[k].word && IsDeterminer(b)) return false;
    // (A word mostly a noun heads the phrase: "the European Union gave".)
    const int adjective = Frequency(b, PartOfSpeech::kAdjective);
    const bool modifier =
        !t[k].word || (adjective > 0 && adjective >= NounFrequency(b)) || b.ends_with("ed");
    if (!modifier || (t[k].word && (IsSubjectWord(b) || IsAuxiliaryWord(b)))) break;
  }
  if (prev_word && !prev.empty() && prev[0] >= '0' && prev[0] <= '9') return false;
  // "hosts addressed", "signs point": a plural noun followed by a verb is
  // that verb's subject.
  const bool plural_noun = w.size() > 3 && w.ends_with("s") && NounFrequency(w) > 0;
  if (plural_noun && i + 1 < t.size() && t[i + 1].word) {
    const std::string& next = t[i + 1].lower;
    if (verbs_.IsVerbForm(next) && (next.ends_with("ed") || IsAuxiliaryWord(next))) return false;
    // (Irregular pasts too: "witnesses said", "shares rose".)
    if (IsPastForm(next)) return false;
    if (IsOneOf(next, {"have", "are", "were", "will", "would", "could", "can", "may"}))
      return false;
  }
  // "G7 finance ministers", "U.N. aid convoys": a bare form between a
  // single name and a plural noun is a noun of the compound (a verb after
  // one name would agree with it: "G7 finances").
  // (An irregular past is no bare form: "Iraq withdrew troops".)
  const bool bare = !w.ends_with("s") && !w.ends_with("ed") && !w.ends_with("ing") &&
                    irregular_forms_.count(w) == 0;
  if (bare && prev_word && t[p - 1].capitalized && i + 1 < t.size() && t[i + 1].word &&
      !t[i + 1].capitalized && t[i + 1].lower.size() > 3 && t[i + 1].lower.ends_with("s") &&
      !t[i + 1].lower.ends_with("ss") && NounFrequency(t[i + 1].lower) > 0) {
    bool compound_subject = false;
    for (size_t k = p - 1; k-- > 0 && k + 4 >= p;)
      if (t[k].lower == "and" || t[k].text == "," || t[k].text == "&") compound_subject = true;
    if (!compound_subject) return false;
  }
  // "the Acme bid", "Lufthansa pilot Anna Berg", "a Lyon research firm":
  // a bare form right after a name inside the sentence is a noun the name
  // modifies (a verb would agree with a singular name: "Acme bids").
  // Not after a plural name ("Democrats want") or names joined by "and",
  // nor where the name is the subject of a bare infinitive or a subjunctive
  // ("urged that Iraq withdraw", "let Kenya decide").
  if (bare && p == i && i >= 2 && t[i - 1].word && t[i - 1].capitalized && !prev.ends_with("s") &&
      !IsSubjectWord(prev) && !IsAuxiliaryWord(prev)) {
    size_t k = i - 1;  // the name's first token
    while (k > 0 && (t[k - 1].capitalized || t[k - 1].text == "." || t[k - 1].text == "-")) --k;
    if (k > 0 &&
        !IsOneOf(t[k - 1].lower, {"that",  "let",    "lets", "make", "makes", "made", "help",
                                  "helps", "helped", "see",  "saw",  "watch", "have", "has",
                                  "had",   "and",    "or",   "&",    ",",     "nor"}))
      return false;
  }
  const bool licensed = prev_word && (IsSubjectWord(prev) || IsAuxiliaryWord(prev));
  if (licensed) return true;
  // ", finance director and ...": a bare form with nothing before it that
  // could be its subject (the sentence's start, a comma, a quote), right
  // before a lower-case noun that is no verb, is the first noun of a
  // compound.
  if (bare && !prev_word && i + 1 < t.size() && t[i + 1].word && !t[i + 1].capitalized &&
      NounFrequency(t[i + 1].lower) > 0 && !verbs_.IsVerbForm(t[i + 1].lower) &&
      Frequency(t[i + 1].lower, PartOfSpeech::kVerb) == 0 && !IsDeterminer(t[i + 1].lower) &&
      !IsPreposition(t[i + 1].lower) && !IsSubjectWord(t[i + 1].lower))
    return false;
  // "U.N. arms inspectors", "finance director": a word mostly a noun, right
  // before a lower-case noun that is no verb, heads nothing: it modifies it.
  if (i + 1 < t.size() && t[i + 1].word && !t[i + 1].capitalized &&
      NounFrequency(t[i + 1].lower) > 0 && !verbs_.IsVerbForm(t[i + 1].lower) &&
      Frequency(t[i + 1].lower, PartOfSpeech::kVerb) == 0 && !IsDeterminer(t[i + 1].lower) &&
      !IsPreposition(t[i + 1].lower) && !IsSubjectWord(t[i + 1].lower) &&
      !IsOneOf(t[i + 1].lower, {"him", "her", "them", "us", "me", "itself", "themselves"}) &&
      NounFrequency(w) > VerbFrequencyOfForm(w))
    return false;
  // Right after a lower-case content word the form is a noun of a compound
  // ("emergency aid", "missile launches", "spy chief") or the object of the
  // verb before it ("signed deals", "settle claims"); only a plural noun
  // before it can be its subject ("farmers blocked").
  if (prev_word && !t[p - 1].capitalized) {
    const bool prev_plural_noun =
        prev.size() > 3 && prev.ends_with("s") && !prev.ends_with("ss") && NounFrequency(prev) > 0;
    // A past tense right after a noun is that noun's verb ("net income
    // rose", "the concern took", "witnesses said", "shares closed"): a past
    // form does not follow the noun it would modify. (After a verb it may
    // modify the next noun: "reached trapped miners".)
    if (IsPastForm(w) &&
        (prev_plural_noun || NounFrequency(prev) > VerbFrequencyOfForm(t[p - 1].lower)))
      return true;
    const bool prev_is_verb = verbs_.IsVerbForm(prev);
    if (prev_is_verb || (!prev_plural_noun && NounFrequency(w) > 0)) return false;
  }
  // A word WordNet knows mostly as a noun ("host", "sign", "post") is a verb
  // here only after a subject or auxiliary.
  std::string lemma = w;
  for (std::string_view suffix : {"ing", "ed", "es", "s", "d"})
    if (lemma.size() > suffix.size() + 2 && lemma.ends_with(suffix)) {
      lemma.resize(lemma.size() - suffix.size());
      break;
    }
  int verb_f = VerbFrequencyOfForm(w);
  if (!verb_f) verb_f = Frequency(lemma, PartOfSpeech::kVerb);
  if (!verb_f && lemma.size() > 2) verb_f = Frequency(lemma + "e", PartOfSpeech::kVerb);
  const int noun_f = NounFrequency(w);
  if (w.ends_with("ed")) return true;  // past forms are rarely nouns
  if (noun_f > 0 && verb_f > 0 && noun_f > 3 * verb_f) return false;
  return true;
}

}  // namespace newsd
