#include "pipeline/extractor.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>

#include "pipeline/time_expr.h"

namespace newsd {
namespace {

struct TriggerDef {
  const char* code;
  const char* type;
  bool symmetric;
  bool needs_target;
};

const TriggerDef kConsult{"040", "consult", true, true};
const TriggerDef kNegotiate{"046", "engage in negotiation", true, true};
const TriggerDef kVisit{"042", "make a visit", false, true};
const TriggerDef kHost{"043", "host a visit", false, true};
const TriggerDef kHalt{"164", "halt negotiations", false, false};
const TriggerDef kSign{"057", "sign formal agreement", true, false};
const TriggerDef kIntentMeet{"036", "express intent to meet or negotiate", false, true};
const TriggerDef kIntentCoop{"030", "express intent to cooperate", true, false};
const TriggerDef kAppeal{"020", "make an appeal or request", false, true};
const TriggerDef kPraise{"051", "praise or endorse", false, true};
const TriggerDef kCriticize{"111", "criticize or denounce", false, true};
const TriggerDef kAccuse{"112", "accuse", false, true};
const TriggerDef kReject{"120", "reject", false, true};
const TriggerDef kThreaten{"130", "threaten", false, true};
const TriggerDef kProtest{"140", "engage in political dissent", false, false};
const TriggerDef kSanction{"163", "impose embargo, boycott or sanctions", false, true};
const TriggerDef kExpel{"166", "expel or withdraw", false, true};
const TriggerDef kArrest{"173", "arrest, detain or charge", false, true};
const TriggerDef kAttack{"190", "use conventional military force", false, true};

struct TriggerWord {
  const char* word;
  const TriggerDef* def;
  bool past_participle;
};

const TriggerWord kTriggerWords[] = {
    {"meet", &kConsult, false},
    {"meets", &kConsult, false},
    {"met", &kConsult, true},
    {"meeting", &kConsult, false},
    {"meetings", &kConsult, false},
    {"talks", &kConsult, false},
    {"negotiate", &kNegotiate, false},
    {"negotiates", &kNegotiate, false},
    {"negotiated", &kNegotiate, true},
    {"negotiations", &kNegotiate, false},
    {"visit", &kVisit, false},
    {"visits", &kVisit, false},
    {"visited", &kVisit, true},
    {"visiting", &kVisit, false},
    {"host", &kHost, false},
    {"hosts", &kHost, false},
    {"hosted", &kHost, true},
    {"hosting", &kHost, false},
    {"cancel", &kHalt, false},
    {"cancels", &kHalt, false},
    {"cancelled", &kHalt, true},
    {"canceled", &kHalt, true},
    {"cancelling", &kHalt, false},
    {"canceling", &kHalt, false},
    {"sign", &kSign, false},
    {"signs", &kSign, false},
    {"signed", &kSign, true},
    {"signing", &kSign, false},
    {"invite", &kIntentMeet, false},
    {"invites", &kIntentMeet, false},
    {"invited", &kIntentMeet, true},
    {"inviting", &kIntentMeet, false},
    {"agree", &kIntentCoop, false},
    {"agrees", &kIntentCoop, false},
    {"agreed", &kIntentCoop, true},
    {"urge", &kAppeal, false},
    {"urges", &kAppeal, false},
    {"urged", &kAppeal, true},
    {"praise", &kPraise, false},
    {"praises", &kPraise, false},
    {"praised", &kPraise, true},
    {"criticise", &kCriticize, false},
    {"criticises", &kCriticize, false},
    {"criticised", &kCriticize, true},
    {"criticize", &kCriticize, false},
    {"criticizes", &kCriticize, false},
    {"criticized", &kCriticize, true},
    {"condemn", &kCriticize, false},
    {"condemns", &kCriticize, false},
    {"condemned", &kCriticize, true},
    {"accuse", &kAccuse, false},
    {"accuses", &kAccuse, false},
    {"accused", &kAccuse, true},
    {"reject", &kReject, false},
    {"rejects", &kReject, false},
    {"rejected", &kReject, true},
    {"threaten", &kThreaten, false},
    {"threatens", &kThreaten, false},
    {"threatened", &kThreaten, true},
    {"protest", &kProtest, false},
    {"protested", &kProtest, true},
    {"sanction", &kSanction, false},
    {"sanctions", &kSanction, false},
    {"sanctioned", &kSanction, true},
    {"expel", &kExpel, false},
    {"expels", &kExpel, false},
    {"expelled", &kExpel, true},
    {"arrest", &kArrest, false},
    {"arrests", &kArrest, false},
    {"arrested", &kArrest, true},
    {"detain", &kArrest, false},
    {"detains", &kArrest, false},
    {"detained", &kArrest, true},
    {"attack", &kAttack, false},
    {"attacks", &kAttack, false},
    {"attacked", &kAttack, true},
};

bool IsOneOf(const std::string& w, std::initializer_list<const char*> words) {
  for (const char* x : words)
    if (w == x) return true;
  return false;
}

// Nouns that name an action: they need "with"/"between" or "A and B" to say
// who took part ("talks with X"), or they stay unattributed ("earlier talks").
bool IsNounTrigger(const std::string& w) {
  return IsOneOf(w, {"meeting", "meetings", "talks", "negotiations"});
}

const TriggerWord* FindTrigger(const std::vector<Token>& t, size_t i, size_t* length) {
  *length = 1;
  const std::string& w = t[i].lower;
  // Phrasal "call off": called off the summit / called the summit off.
  if ((w == "call" || w == "calls" || w == "called" || w == "calling") && i + 1 < t.size() &&
      t[i + 1].lower == "off") {
    static const TriggerWord kCallOff{"call off", &kHalt, true};
    *length = 2;
    return &kCallOff;
  }
  // "the visiting minister", "a signing ceremony": a participle used as an
  // adjective is no action.
  if (i > 0 && w.ends_with("ing") && w != "meeting" &&
      IsOneOf(t[i - 1].lower, {"the", "a", "an", "his", "her", "their", "its"}))
    return nullptr;
  // Every token of every sentence comes here: a hash lookup, not a scan.
  static const std::unordered_map<std::string_view, const TriggerWord*> kByWord = [] {
    std::unordered_map<std::string_view, const TriggerWord*> m;
    for (const auto& tw : kTriggerWords) m.emplace(tw.word, &tw);  // the first entry wins
    return m;
  }();
  auto it = kByWord.find(w);
  if (it == kByWord.end()) return nullptr;
  // "sanctions" is an action only after impose/slap ("imposed sanctions on").
  if (w == "sanctions" && !(i > 0 && (t[i - 1].lower.rfind("impos", 0) == 0))) return nullptr;
  return it->second;
}

bool IsStopCapital(const std::string& lower) {
  return IsOneOf(
      lower, {"the",       "a",         "an",       "he",       "she",       "it",        "they",
              "we",        "i",         "you",      "his",      "her",       "their",     "our",
              "this",      "that",      "these",    "those",    "there",     "in",        "on",
              "at",        "after",     "before",   "but",      "and",       "or",        "if",
              "what",      "when",      "while",    "speaking", "hopefully", "according", "as",
              "also",      "by",        "for",      "from",     "with",      "without",   "to",
              "of",        "top",       "new",      "former",   "latest",    "news",      "good",
              "it's",      "mr",        "mrs",      "ms",       "dr",        "senior",    "reuters",
              "ap",        "afp",       "related",  "read",     "more",      "continue",  "photo",
              "video",     "breaking",  "update",   "live",     "analysis",  "opinion",   "however",
              "meanwhile", "earlier",   "later",    "today",    "yesterday", "tomorrow",  "monday",
              "tuesday",   "wednesday", "thursday", "friday",   "saturday",  "sunday",    "january",
              "february",  "march",     "april",    "may",      "june",      "july",      "august",
              "september", "october",   "november", "december", "rare",      "historic",  "first",
              "second"});
}

bool IsOrgWord(const std::string& lower) {
  return IsOneOf(lower,
                 {"party",       "committee", "agency",       "department",   "ministry", "council",
                  "office",      "bank",      "company",      "inc",          "corp",     "group",
                  "university",  "court",     "army",         "forces",       "force",    "union",
                  "association", "institute", "commission",   "parliament",   "congress", "senate",
                  "foundation",  "fund",      "organization", "organisation", "police",   "navy",
                  "times",       "post"});
}

bool IsRoleNoun(const std::string& lower) {
  return IsOneOf(
      lower, {"official",    "officials",   "envoy",      "envoys",      "leader",    "leaders",
              "diplomat",    "diplomats",   "delegation", "minister",    "ministers", "negotiator",
              "police",      "negotiators", "spokesman",  "spokeswoman", "president", "government",
              "authorities", "troops",      "forces",     "military",    "army"});
}

// The word before a name, skipping "the" ("at the White House" -> "at").
std::string WordBefore(const std::vector<Token>& t, size_t begin) {
  if (begin > 0 && t[begin - 1].lower == "the") --begin;
  return begin > 0 ? t[begin - 1].lower : std::string();
}

bool IsActor(const Entity& e) { return !e.empty() && e.type != "place"; }

struct Found {
  Entity entity;
  size_t begin = 0, end = 0;  // token range
  bool demonym = false;
  bool possessive = false;
  bool nominal = false;    // "a senior North Korean envoy": resolved per article
  bool candidate = false;  // lone capitalised word: kept only if the article names it in full
};

bool IsPossessive(const std::vector<Token>& t, size_t i) {
  return i < t.size() && (t[i].lower == "'s" || t[i].lower == "\xE2\x80\x99s" || t[i].lower == "'");
}

// Splits possessive "'s" into its own token so names match ("Korea's").
std::vector<Token> SplitPossessives(std::vector<Token> toks) {
  std::vector<Token> out;
  out.reserve(toks.size());
  for (auto& t : toks) {
    size_t cut = std::string::npos;
    if (t.word && t.text.size() > 2 && t.text.ends_with("'s")) cut = t.text.size() - 2;
    if (t.word && t.text.size() > 4 && t.text.ends_with("\xE2\x80\x99s")) cut = t.text.size() - 4;
    if (cut == std::string::npos) {
      out.push_back(std::move(t));
      continue;
    }
    Token head = t, tail = t;
    head.text = t.text.substr(0, cut);
    head.lower = t.lower.substr(0, cut);
    head.span.end = t.span.begin + cut;
    tail.text = t.text.substr(cut);
    tail.lower = "'s";
    tail.span.begin = head.span.end;
    tail.capitalized = false;
    out.push_back(std::move(head));
    out.push_back(std::move(tail));
  }
  return out;
}

struct SentenceInfo {
  std::string text;
  size_t offset = 0;  // where the sentence starts in the analysed text
  std::vector<Token> tokens;
  std::vector<Found> entities;
  int weight = 1;
};

class ArticleExtraction {
 public:
  ArticleExtraction(const Gazetteer& g, Timestamp ref) : g_(g), ref_(ref) {}

  void AddSentence(std::string text, int weight, size_t offset = 0) {
    SentenceInfo s;
    s.text = std::move(text);
    s.offset = offset;
    s.tokens = SplitPossessives(Tokenize(s.text));
    s.weight = weight;
    ScanEntities(s);
    sentences_.push_back(std::move(s));
  }

  std::vector<EventMention> Finish() {
    ResolveArticleMentions();
    std::vector<EventMention> out;
    for (size_t i = 0; i < sentences_.size(); ++i) ExtractEvents(sentences_[i], i, &out);
    return out;
  }

  // After Finish(): what was found where.
  void Describe(Analysis* a) const {
    for (size_t i = 0; i < sentences_.size(); ++i) {
      const SentenceInfo& s = sentences_[i];
      a->sentences.push_back({s.offset, s.offset + s.text.size()});
      for (const auto& f : s.entities)
        a->entities.push_back(
            {f.entity,
             i,
             {s.offset + s.tokens[f.begin].span.begin, s.offset + s.tokens[f.end - 1].span.end}});
      for (const auto& te : FindTimeExpressions(s.tokens, ref_, false))
        a->times.push_back({i,
                            {s.offset + s.tokens[te.token_begin].span.begin,
                             s.offset + s.tokens[te.token_end - 1].span.end},
                            te.value,
                            te.granularity,
                            te.attributive});
    }
  }

 private:
  void ScanEntities(SentenceInfo& s) {
    const auto& t = s.tokens;
    size_t words = 0, caps = 0;
    for (const auto& tok : t) {
      words += tok.word;
      caps += tok.word && tok.capitalized;
    }
    const bool headline = words >= 4 && caps * 10 >= words * 6;
    std::string pending_role;
    for (size_t i = 0; i < t.size();) {
      if (!t[i].word) {
        ++i;
        continue;
      }
      NameMatch m = g_.MatchName(t, i);
      if (m.length > 0) {
        Found f{MakeEntity(*m.entry, Join(s, i, i + m.length)), i, i + m.length, m.demonym};
        if (f.entity.role.empty()) f.entity.role = pending_role;
        pending_role.clear();
        f.possessive = IsPossessive(t, f.end);
        Push(s, std::move(f));
        i += m.length;
        continue;
      }
      std::string role;
      size_t title_len = g_.MatchTitle(t, i, &role);
      if (title_len > 0) {
        size_t j = i + title_len;
        if (j < t.size() && t[j].text == ".") ++j;
        if (j < t.size() && t[j].capitalized) {
          pending_role = role;
          i = j;
          continue;
        }
      }
      if (t[i].capitalized && !headline && !IsStopCapital(t[i].lower) && !FindTriggerAt(t, i)) {
        size_t j = i;
        while (j < t.size() && t[j].word && t[j].capitalized && !IsStopCapital(t[j].lower) &&
               g_.MatchName(t, j).length == 0)
          ++j;
        if (j - i >= 2) {
          bool org = false;
          for (size_t k = i; k < j; ++k) org |= IsOrgWord(t[k].lower);
          Entity e{Join(s, i, j), Join(s, i, j), org ? "organisation" : "person", "", pending_role};
          Found f{e, i, j};
          f.possessive = IsPossessive(t, j);
          Push(s, std::move(f));
          pending_role.clear();
          i = j;
          continue;
        }
        if (j - i == 1) {  // kept only if the article names it in full somewhere
          Entity e{t[i].text, t[i].text, "person", "", pending_role};
          Found f{e, i, i + 1};
          f.candidate = true;
          f.possessive = IsPossessive(t, i + 1);
          Push(s, std::move(f));
          pending_role.clear();
          i = j;
          continue;
        }
      }
      pending_role.clear();
      ++i;
    }
    AbsorbModifiers(s);
  }

  static bool FindTriggerAt(const std::vector<Token>& t, size_t i) {
    size_t len;
    return FindTrigger(t, i, &len) != nullptr;
  }

  // Full mentions seen in the article: surname and first-token lookups.
  void Push(SentenceInfo& s, Found f) {
    if (!f.candidate && f.entity.type == "person") {
      persons_[f.entity.canonical] = f.entity;
      ++person_counts_[f.entity.canonical];
    }
    s.entities.push_back(std::move(f));
  }

  std::string Join(const SentenceInfo& s, size_t b, size_t e) const {
    return s.text.substr(s.tokens[b].span.begin, s.tokens[e - 1].span.end - s.tokens[b].span.begin);
  }

  // "U.S. Secretary of State Mike Pompeo", "North Korea's former spy chief
  // Kim Yong Chol": a country right before a person describes that person.
  // "a senior North Korean envoy": a demonym before a role noun stands for a
  // person of that country, resolved over the whole article.
  void AbsorbModifiers(SentenceInfo& s) {
    const auto& t = s.tokens;
    std::vector<Found> kept;
    for (size_t k = 0; k < s.entities.size(); ++k) {
      Found& f = s.entities[k];
      if (f.entity.type == "country" && k + 1 < s.entities.size()) {
        const Found& next = s.entities[k + 1];
        bool gap_ok = next.entity.type == "person" && next.begin - f.end <= 8;
        for (size_t i = f.end; gap_ok && i < next.begin; ++i) {
          if (!t[i].word && !IsPossessive(t, i)) gap_ok = false;
          if (t[i].word && t[i].capitalized && g_.MatchTitle(t, i, nullptr) == 0) gap_ok = false;
          if (FindTriggerAt(t, i)) gap_ok = false;
        }
        if (gap_ok) {
          if (s.entities[k + 1].entity.country.empty())
            s.entities[k + 1].entity.country = f.entity.country;
          continue;
        }
      }
      if (f.demonym) {
        // Adjective: "North Korean official(s)/envoy/leader".
        for (size_t i = f.end; i < t.size() && i < f.end + 3; ++i) {
          if (IsRoleNoun(t[i].lower)) {
            f.nominal = true;
            f.end = i + 1;
            break;
          }
          if (!t[i].word) break;
        }
        if (!f.nominal) continue;  // "North Korean nuclear weapons": no actor
      }
      kept.push_back(std::move(f));
    }
    s.entities = std::move(kept);
  }

  void ResolveArticleMentions() {
    for (auto& s : sentences_) {
      std::vector<Found> kept;
      for (auto& f : s.entities) {
        if (f.candidate) {
          // "Pompeo" after "Mike Pompeo": the last token names the person.
          // Family-name-first names ("Wang" for Wang Yi) match the first token.
          std::optional<Entity> hit, first_hit;
          for (const auto& [name, e] : persons_) {
            std::vector<Token> nt = Tokenize(name);
            if (nt.size() < 2) continue;
            if (nt.back().lower == s.tokens[f.begin].lower) hit = e;
            if (nt.front().lower == s.tokens[f.begin].lower) first_hit = e;
          }
          if (!hit) hit = first_hit;
          if (!hit) continue;
          std::string text = f.entity.text;
          f.entity = *hit;
          f.entity.text = text;
          f.candidate = false;
        } else if (f.nominal) {
          // The most-named person of that country stands behind the nominal.
          const Entity* best = nullptr;
          int best_count = 0;
          for (const auto& [name, e] : persons_) {
            if (e.country != f.entity.country) continue;
            int c = person_counts_[name];
            if (c > best_count) best = &e, best_count = c;
          }
          std::string text = Join(s, f.begin, f.end);
          if (best) {
            f.entity = *best;
          } else {
            f.entity.type = "group";
          }
          f.entity.text = text;
        }
        kept.push_back(std::move(f));
      }
      s.entities = std::move(kept);
    }
  }

  void ExtractEvents(const SentenceInfo& s, size_t index, std::vector<EventMention>* out) const {
    const auto& t = s.tokens;
    size_t clause_start = 0;
    for (size_t i = 0; i < t.size(); ++i) {
      if (!t[i].word) {
        if (t[i].text == ";") clause_start = i + 1;
        continue;
      }
      size_t len = 0;
      const TriggerWord* tw = FindTrigger(t, i, &len);
      if (!tw) continue;
      // A trigger inside a name ("Meeting Point Ltd") is no trigger.
      bool inside = false;
      for (const auto& f : s.entities) inside |= i >= f.begin && i < f.end;
      if (inside) continue;
      EventMention m;
      m.code = tw->def->code;
      m.type = tw->def->type;
      m.symmetric = tw->def->symmetric;
      m.trigger = s.text.substr(t[i].span.begin, t[i + len - 1].span.end - t[i].span.begin);
      m.sentence = s.text;
      m.weight = s.weight;
      m.sentence_index = index;
      m.trigger_span = {s.offset + t[i].span.begin, s.offset + t[i + len - 1].span.end};

      // Negation and modality from the words just before the trigger.
      for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) {
        const std::string& w = t[k].lower;
        if (w == "not" || w == "never" || w.ends_with("n't") || w.ends_with("n\xE2\x80\x99t") ||
            IsOneOf(w, {"skip", "skips", "skipped", "avoid", "avoids", "avoided", "refuse",
                        "refuses", "refused", "decline", "declines", "declined", "without"}))
          m.negated = true;
        if (IsOneOf(w, {"will", "would", "to", "plans", "planned", "plan", "may", "might", "could",
                        "expected", "scheduled", "shall", "intends"}))
          m.modality = "planned";
      }
      for (size_t k = clause_start; k < i; ++k)
        if (t[k].lower == "if" || t[k].lower == "unless") m.modality = "hypothetical";

      bool passive = tw->past_participle && i > 0 &&
                     IsOneOf(t[i - 1].lower, {"was", "were", "been", "being", "is", "are"});
      size_t clause_end = t.size();
      for (size_t k = i + len; k < t.size(); ++k) {
        size_t l2;
        if (t[k].text == ";" || (FindTrigger(t, k, &l2) && k > i + len + 1)) {
          clause_end = k;
          break;
        }
      }

      // Actors left and right of the trigger; places separately.
      std::vector<const Found*> left, right;
      for (const auto& f : s.entities) {
        if (!IsActor(f.entity)) continue;
        if (f.end <= i && f.begin >= clause_start) left.push_back(&f);
        if (f.begin >= i + len && f.begin < clause_end) right.push_back(&f);
      }
      // Right-hand actors after "at"/"in" are places, not targets
      // ("talks in Singapore"), unless the action is a visit.
      std::vector<const Found*> targets;
      for (const Found* f : right) {
        bool prep = IsOneOf(WordBefore(t, f->begin), {"at", "in", "from", "on"});
        if (prep && !(m.code == "042" && f->entity.type == "country")) continue;
        if (f->possessive && f != right.back()) continue;  // "Kim's right-hand man Kim Yong Chol"
        targets.push_back(f);
      }
      const Found* src = left.empty() ? nullptr : left.front();
      const Found* tgt = targets.empty() ? nullptr : targets.front();
      const bool noun = IsNounTrigger(t[i].lower);
      if (noun && tgt) {
        // "meeting with X": X must follow "with" (possibly after adjectives).
        size_t with = i + len;
        while (with < t.size() && with < tgt->begin && t[with].lower != "with" &&
               t[with].lower != "between")
          ++with;
        if (with >= tgt->begin || with > i + len + 3) tgt = nullptr;
      }
      // "A and B met", "A and B hold talks".
      const bool pair_on_left =
          left.size() >= 2 && left[0]->end < t.size() && t[left[0]->end].lower == "and";
      if (passive) {
        // "Kim was met by Trump": the actor after "by" is the source.
        const Found* by = nullptr;
        for (const Found* f : right) {
          if (f->begin > 0 && t[f->begin - 1].lower == "by") {
            by = f;
            break;
          }
        }
        if (by) {
          tgt = src;
          src = by;
        }
      } else if (i + len < t.size() && t[i + len].lower == "between" && targets.size() >= 2) {
        src = targets[0];
        tgt = targets[1];
      } else if (!tgt && m.symmetric && pair_on_left) {
        // "Pompeo and Kim Yong Chol enter a second day of meetings".
        src = left[0];
        tgt = left[1];
      }
      if (!src) continue;
      if (tw->def->needs_target && !tgt) continue;
      m.source = src->entity;
      if (tgt) m.target = tgt->entity;
      if (tgt && m.source.canonical == m.target.canonical) continue;

      // Place: "at/in <place>" anywhere in the clause, else a place right
      // before the trigger ("his White House meeting").
      for (const auto& f : s.entities) {
        if (f.begin < clause_start || f.begin >= clause_end) continue;
        const std::string before = WordBefore(t, f.begin);
        bool prep = before == "at" || before == "in";
        // Places and countries; an institution only as "at the State Department".
        bool place = f.entity.type == "place" || f.entity.type == "country" ||
                     (f.entity.type == "organisation" && before == "at");
        if (!place) continue;
        // "his White House meeting": a place (not a country, which would be
        // an actor: "China accused ...") right before the trigger.
        bool adjacent = f.end == i && f.entity.type == "place";
        bool is_actor = f.entity.canonical == m.source.canonical ||
                        (tgt != nullptr && f.entity.canonical == m.target.canonical);
        if ((prep || adjacent) && !is_actor) {
          m.location = f.entity;
          if (prep && f.begin > i) break;
        }
      }

      // Time: the first expression in the clause that dates it.
      std::vector<TimeExpression> times = FindTimeExpressions(t, ref_, m.modality == "planned");
      m.time =
          time_point_cast<std::chrono::milliseconds>(std::chrono::floor<std::chrono::days>(ref_));
      for (const auto& te : times) {
        if (te.attributive || te.token_begin < clause_start || te.token_begin >= clause_end)
          continue;
        m.time = te.value;
        m.time_granularity = te.granularity;
        m.time_basis = "text";
        break;
      }
      out->push_back(std::move(m));
      i += len - 1;
    }
  }

  const Gazetteer& g_;
  Timestamp ref_;
  std::vector<SentenceInfo> sentences_;
  std::map<std::string, Entity> persons_;
  std::map<std::string, int> person_counts_;
};

}  // namespace

std::string EntityKey(const Entity& e) {
  std::string k = e.canonical;
  for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

std::vector<EventMention> Extractor::Extract(const std::vector<std::string>& paragraphs,
                                             const std::vector<int>& weights,
                                             Timestamp reference) const {
  ArticleExtraction a(*gazetteer_, reference);
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    int w = p < weights.size() ? weights[p] : 1;
    const std::string& text = paragraphs[p];
    for (const Span& s : SplitSentences(text))
      a.AddSentence(text.substr(s.begin, s.end - s.begin), w);
  }
  return a.Finish();
}

}  // namespace newsd

namespace newsd {

Analysis Extractor::Analyze(std::string_view text, Timestamp reference) const {
  ArticleExtraction a(*gazetteer_, reference);
  // Paragraphs are separated by blank lines; offsets are kept.
  size_t pos = 0;
  while (pos < text.size()) {
    size_t next = text.find("\n\n", pos);
    size_t end = next == std::string_view::npos ? text.size() : next;
    std::string_view para = text.substr(pos, end - pos);
    for (const Span& s : SplitSentences(para))
      a.AddSentence(std::string(para.substr(s.begin, s.end - s.begin)), 1, pos + s.begin);
    if (next == std::string_view::npos) break;
    pos = next + 2;
  }
  Analysis out;
  out.events = a.Finish();
  a.Describe(&out);
  return out;
}

}  // namespace newsd
