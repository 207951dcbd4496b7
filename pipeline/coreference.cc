#include "pipeline/coreference.h"

#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/ascii.h"
#include "pipeline/text.h"
#include "pipeline/words.h"

namespace newsd {

void ArticlePersons::Note(const Entity& person) {
  auto [it, fresh] = persons_.insert_or_assign(person.canonical, person);
  ++counts_[person.canonical];
  if (!fresh) return;
  std::vector<Token> nt = Tokenize(person.canonical);
  std::vector<const Token*> words;
  for (const auto& tok : nt)
    if (tok.word) words.push_back(&tok);
  if (words.size() >= 2) {
    by_last_word_[words.back()->lower] = person.canonical;
    by_first_word_[words.front()->lower] = person.canonical;
  }
}

void ArticlePersons::Forget(const std::string& canonical) {
  auto count = counts_.find(canonical);
  if (count == counts_.end() || --count->second > 0) return;
  counts_.erase(count);
  persons_.erase(canonical);
  std::erase_if(by_last_word_, [&](const auto& kv) { return kv.second == canonical; });
  std::erase_if(by_first_word_, [&](const auto& kv) { return kv.second == canonical; });
}

const Entity* ArticlePersons::ByWord(const std::string& lower) const {
  auto it = by_last_word_.find(lower);
  if (it == by_last_word_.end()) {
    it = by_first_word_.find(lower);
    if (it == by_first_word_.end()) return nullptr;
  }
  return &persons_.at(it->second);
}

int ArticlePersons::Count(const std::string& canonical) const {
  auto it = counts_.find(canonical);
  return it == counts_.end() ? 0 : it->second;
}

namespace {

// The verbs that attribute words to a speaker next to them.
bool IsAttribution(const std::string& w) { return IsOneOf(w, {"said", "says", "told", "added"}); }

// The speaker of an attribution after the words it attributes: an actor
// right before or after a verb of saying that follows a comma or a
// closing quote.
std::optional<Entity> TrailingSpeaker(const SentenceInfo& s, const std::vector<Found>& kept) {
  const auto& t = s.tokens;
  auto speech = [&](size_t k) { return k < t.size() && IsAttribution(t[k].lower); };
  for (const Found& f : kept) {
    if (f.entity.empty() || f.entity.type == EntityType::kPlace || f.pronoun) continue;
    // ", a U.S. official said." (over an article) / "," said an Acme spokesman."
    size_t b = f.begin;
    // (Over the article and a rank: "a senior U.S. official".)
    for (size_t k = b, n = 0; k > 0 && n < 3 && t[k - 1].word && !t[k - 1].capitalized; --k, ++n)
      if (IsOneOf(t[k - 1].lower, {"a", "an", "the"})) {
        b = k - 1;
        break;
      }
    const bool before_verb = speech(f.end) && b > 0 && !t[b - 1].word;
    // (After the verb the name ends the sentence or opens an apposition:
    // "said Acme viewed ..." reports on Acme; "told U.S. Marines"
    // names whom he told.)
    // (Over the role noun of "an Acme spokesman".)
    const bool closes = EndsPhraseAt(t, f.end) ||
                        (t[f.end].word && !t[f.end].capitalized && EndsPhraseAt(t, f.end + 1));
    const bool after_verb =
        closes && b > 1 && speech(b - 1) && t[b - 1].lower != "told" && !t[b - 2].word;
    if (before_verb || after_verb) return f.entity;
  }
  return std::nullopt;
}

// "A spokesman for the company said ...", "..., according to an official
// who asked not to be named.": an indefinite noun phrase brings in a
// person the article does not name. When that person speaks or is the
// source, the "he" of the next sentence is most likely them, so no earlier
// subject is.
bool UnnamedSpeaker(const SentenceInfo& s, const std::vector<Found>& kept) {
  const auto& t = s.tokens;
  auto person_before = [&](size_t k) {
    for (const Found& f : kept)
      if (f.entity.type == EntityType::kPerson && f.begin < k) return true;
    return false;
  };
  if (!t.empty() && IsOneOf(t[0].lower, {"a", "an"}))
    for (size_t k = 1; k < t.size() && k <= 12; ++k)
      if (IsAttribution(t[k].lower)) return !person_before(k);
  for (size_t k = 0; k + 2 < t.size(); ++k) {
    if (t[k].lower != "according" || t[k + 1].lower != "to" ||
        !IsOneOf(t[k + 2].lower, {"a", "an"}))
      continue;
    for (const Found& f : kept)
      if (f.entity.type == EntityType::kPerson && f.begin > k) return false;
    return true;
  }
  return false;
}

// Where the main clause starts when the sentence opens with a clause
// without a subject of its own ("After meeting X in Moscow, he ...",
// "Speaking to reporters, the minister ..."): the token after the first
// comma, which must come within the first 40 tokens. 0 when it does not.
size_t MainClauseAfterFronted(const std::vector<Token>& t) {
  auto gerund = [](const Token& w) {
    return w.word && w.lower.size() > 5 && w.lower.ends_with("ing") &&
           !IsOneOf(w.lower, {"during", "according", "including", "following", "regarding",
                              "concerning", "notwithstanding", "pending", "excluding",
                              "considering", "nothing", "something", "morning", "evening",
                              "meeting", "building", "spring", "beijing", "wellington"});
  };
  if (t.size() < 4) return 0;
  const bool opens = IsOneOf(t[0].lower, {"after", "before", "while", "when", "since", "upon", "on",
                                          "by", "despite", "in", "without"})
                         ? gerund(t[1])
                         : gerund(t[0]);
  if (!opens) return 0;
  for (size_t k = 1; k < t.size() && k < 40; ++k) {
    if (t[k].text == ";") return 0;
    if (t[k].text == ",") return k + 1 < t.size() ? k + 1 : 0;
  }
  return 0;
}

// The person a predicate noun phrase starting at token b describes: "X was
// (the first senior) ...", "X, who became a ...". Only articles and words
// of rank stand between the copula and b.
const Found* CopulaSubject(const std::vector<Token>& t, size_t b, const std::vector<Found>& kept) {
  size_t k = b;
  for (int n = 0; k > 0 && n < 4 &&
                  IsOneOf(t[k - 1].lower, {"the", "a", "an", "first", "only", "most", "senior",
                                           "top", "high-ranking", "highest-ranking", "former"});
       ++n)
    --k;
  if (k == 0 || !IsOneOf(t[k - 1].lower, {"is", "was", "are", "were", "became", "becomes",
                                          "remains", "remained", "been"}))
    return nullptr;
  const Found* subject = nullptr;
  for (const Found& o : kept)
    if (o.entity.type == EntityType::kPerson && o.end < k) subject = &o;
  return subject;
}

}  // namespace

namespace {

// How the article writes each word where capitals are not forced: in lower
// case, or capitalised inside a sentence. "Analyst estimate the value" in
// an article that speaks of "analysts" elsewhere, and never of "Analyst"
// inside a sentence, opens with a common noun, not a name.
struct ArticleCasing {
  // (Views of the sentences' tokens, which outlive it.)
  std::unordered_set<std::string_view> lower, capitalised;

  explicit ArticleCasing(const std::vector<SentenceInfo>& sentences) {
    for (const auto& s : sentences)
      for (size_t k = 0; k < s.tokens.size(); ++k) {
        const Token& t = s.tokens[k];
        if (!t.word) continue;
        if (!t.capitalized) {
          lower.insert(t.lower);
        } else if (k > 0 && s.tokens[k - 1].word) {
          capitalised.insert(t.lower);
        }
      }
  }

  // The singular word at the start of a sentence is a common noun here.
  // (A plural one, "Kidnappers took ...", is an unnamed group, which acts.)
  bool Common(const std::string& w) const {
    const std::string plural = w + "s";
    if (w.ends_with("s") || capitalised.contains(w) || capitalised.contains(plural)) return false;
    return lower.contains(w) || lower.contains(plural);
  }
};

}  // namespace

void ResolveArticleMentions(std::vector<SentenceInfo>& sentences, const ArticlePersons& persons) {
  // (Built at the first sentence-initial name left unresolved: most
  // articles have none.)
  std::optional<ArticleCasing> casing;
  auto casing_of = [&]() -> const ArticleCasing& {
    if (!casing) casing.emplace(sentences);
    return *casing;
  };
  std::optional<Entity> last_subject;                  // first person of the previous sentence
  std::map<std::string, Entity> titled;                // "president" -> Joe Biden
  std::vector<std::pair<std::string, Entity>> recent;  // persons in order of mention
  std::map<std::string, size_t> first_named;           // person -> order of first mention
  std::set<std::string> regnal;  // persons named by a monarch's title: "King Hussein"
  struct NameWords {
    std::string last;  // lower case
    size_t count = 0;
  };
  std::unordered_map<std::string, NameWords> name_words;  // canonical -> its words
  for (auto& s : sentences) {
    std::vector<Found> kept;
    std::optional<Entity> this_subject;
    // The subject of the main clause when it comes after a fronted one:
    // the article's subject, rather than a person the fronted clause names.
    const size_t main_from = MainClauseAfterFronted(s.tokens);
    std::optional<Entity> main_subject;
    // "... our only outlet," Hussein said. He also said ...": a lone name we
    // cannot place, speaking, may be the person "he" stands for next, so no
    // earlier subject is.
    bool unknown_first = false;
    for (auto& f : s.entities) {
      if (f.candidate) {
        // "Pompeo" after "Mike Pompeo": the last token names the person.
        // Family-name-first names ("Wang" for Wang Yi) match the first token.
        std::optional<Entity> hit;
        const std::string& word = s.tokens[f.begin].lower;
        // The latest person so named wins over the article's first ("King
        // Hussein" after "Saddam Hussein": "Hussein said" is the king).
        for (auto r = recent.rbegin(); !hit && r != recent.rend(); ++r) {
          const NameWords& nw = name_words[r->first];
          // (A titled surname the dictionaries do not know, "Prime Minister
          // Blair", is no rival to the full name; a monarch's one name is.)
          if (nw.last == word &&
              (nw.count > 1 || !r->second.code.empty() || regnal.count(r->first) > 0))
            hit = r->second;
        }
        if (!hit)
          if (const Entity* named = persons.ByWord(word)) hit = *named;
        if (hit) {
          std::string text = f.entity.text;
          f.entity = *hit;
          f.entity.text = text;
          f.candidate = false;
        } else if ((f.begin == 0 ||
                    (!s.tokens[f.begin - 1].word && s.tokens[f.begin - 1].text != ",")) &&
                   casing_of().Common(word)) {
          // A word capitalised only where a sentence or a quotation opens
          // ("Program trading also causes"), which the article writes in
          // lower case elsewhere: no name.
          continue;
        } else {
          // An unknown lone name: an organisation or person we cannot
          // place; an actor only right next to an action.
          f.candidate = false;
          f.weak = true;
          f.entity.type = EntityType::kOrganisation;
          if (!this_subject && f.end < s.tokens.size() && IsAttribution(s.tokens[f.end].lower))
            unknown_first = true;
        }
      } else if (f.nominal) {
        // "Marr was the most senior Danish official at the talks": after a
        // copula the nominal describes the person before it, nobody else.
        if (const Found* described = CopulaSubject(s.tokens, f.begin, kept)) {
          std::string text = SpanText(s, f.begin, f.end);
          f.entity = described->entity;
          f.entity.text = text;
          kept.push_back(std::move(f));
          continue;
        }
        // The most-named person of that country stands behind the nominal.
        const Entity* best = nullptr;
        int best_count = 0;
        for (const auto& [name, e] : persons.all()) {
          if (e.country != f.entity.country) continue;
          int c = persons.Count(name);
          if (c > best_count) best = &e, best_count = c;
        }
        std::string text = SpanText(s, f.begin, f.end);
        if (best) {
          f.entity = *best;
        } else {
          f.entity.type = EntityType::kGroup;
        }
        f.entity.text = text;
      } else if (f.pronoun || !f.role_ref.empty() ||
                 (f.group && f.begin > 0 &&
                  IsOneOf(s.tokens[f.begin - 1].lower, {"its", "their"}))) {
        // "he" after a person named earlier in the sentence, else the
        // subject of the previous one; "the president" to whoever the
        // article introduced as president, else the latest-named person
        // in government not already in this sentence.
        std::optional<Entity> ref;
        if (f.group && f.begin > 0 && IsOneOf(s.tokens[f.begin - 1].lower, {"its", "their"})) {
          // "Ukraine's military said its forces had struck ...": the
          // actor named before acts through the group; so does the
          // government a place seats ("the Kremlin said its forces").
          for (const auto& o : kept)
            if (o.end <= f.begin && CanOwnForces(o)) {
              std::string role = f.entity.role;
              ref = o.government ? *o.government : o.entity;
              ref->role = role;
              // (A country's own forces are its group: "RUSMIL", not "RUS".)
              if (ref->type == EntityType::kCountry) ref->type = EntityType::kGroup;
              break;
            }
          if (!ref) {
            kept.push_back(std::move(f));
            continue;
          }
        } else if (f.pronoun && s.tokens[f.begin].lower == "they") {
          // "Police said they had detained ...": the group named before.
          for (const auto& o : kept)
            if (o.entity.type != EntityType::kPerson && o.entity.type != EntityType::kPlace &&
                o.end <= f.begin) {
              ref = o.entity;
              break;
            }
        } else if (f.pronoun) {
          // "After telephoning President Dubois about the border, he met
          // ...": the clause before the comma has no subject of its own;
          // "he" is its doer and the subject the article was following,
          // not a person named inside the clause.
          const bool fronted = f.begin == main_from && last_subject;
          if (!fronted)
            for (const auto& o : kept)
              if (o.entity.type == EntityType::kPerson && o.end <= f.begin) ref = o.entity;
          if (!ref) ref = last_subject;
        } else if (f.role_ref == "two") {
          if (recent.size() < 2) continue;
          // The last two people named, in the order the article first named them.
          ref = recent[recent.size() - 2].second;
          f.pair_second = recent.back().second;
          if (first_named[f.pair_second->canonical] < first_named[ref->canonical])
            std::swap(*ref, *f.pair_second);
        } else {
          if (auto it = titled.find(f.role_ref); it != titled.end()) ref = it->second;
          // "The president announced ...": without a person the article
          // titled so, the article's most-named person in government who
          // is not in this sentence (a spokeswoman quoted last is not
          // "the president").
          if (!ref) {
            int best = 0;
            for (const auto& [name, e] : persons.all()) {
              if (e.role != "government") continue;
              bool in_sentence = false;
              for (const auto& o : s.entities)
                in_sentence |= &o != &f && o.entity.canonical == name;
              const int n = persons.Count(name);
              if (!in_sentence && n >= 2 && n > best) {
                best = n;
                ref = e;
              }
            }
          }
          if (!ref && last_subject && last_subject->role == "government") {
            bool in_sentence = false;
            for (const auto& o : s.entities)
              in_sentence |= &o != &f && o.entity.canonical == last_subject->canonical;
            if (!in_sentence) ref = last_subject;
          }
          for (auto r = recent.rbegin(); !ref && r != recent.rend(); ++r) {
            bool in_sentence = false;
            for (const auto& o : s.entities)
              in_sentence |= &o != &f && o.entity.canonical == r->second.canonical;
            if (!in_sentence && r->second.role == "government") ref = r->second;
          }
        }
        if (!ref) continue;
        std::string text = f.entity.text;
        f.entity = *ref;
        f.entity.text = text;
      }
      if (f.entity.type == EntityType::kPerson && !f.weak) {
        if (!this_subject) this_subject = f.entity;
        if (main_from > 0 && f.begin >= main_from && !main_subject) main_subject = f.entity;
        if (!f.title.empty()) titled[f.title] = f.entity;
        if (IsOneOf(f.title,
                    {"king", "queen", "pope", "emir", "sultan", "prince", "princess", "sheikh"}))
          regnal.insert(f.entity.canonical);
        // Distinct names, latest last, a bounded few: "the president" looks
        // back over people, not over every mention.
        first_named.emplace(f.entity.canonical, first_named.size());
        std::erase_if(recent, [&](const auto& r) { return r.first == f.entity.canonical; });
        recent.emplace_back(f.entity.canonical, f.entity);
        if (!name_words.contains(f.entity.canonical)) {
          NameWords nw;
          for (const auto& tok : Tokenize(f.entity.canonical))
            if (tok.word) {
              nw.last = tok.lower;
              ++nw.count;
            }
          name_words.emplace(f.entity.canonical, std::move(nw));
        }
        if (recent.size() > 32) recent.erase(recent.begin());
      }
      kept.push_back(std::move(f));
    }
    if (main_subject) this_subject = main_subject;
    if (this_subject && !unknown_first) {
      last_subject = this_subject;
    } else if (unknown_first) {
      last_subject.reset();
    }
    // `"...," said an Acme spokesman.` / `..., a U.S. official said.`: the
    // speaker named after what was said is the "he" of the next
    // sentence, not the person the quotation spoke of.
    if (std::optional<Entity> speaker = TrailingSpeaker(s, kept)) {
      last_subject = speaker;
    } else if (UnnamedSpeaker(s, kept)) {
      last_subject.reset();
    }
    s.entities = std::move(kept);
  }
}

}  // namespace newsd
