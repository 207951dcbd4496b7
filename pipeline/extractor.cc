#include "pipeline/extractor.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "common/ascii.h"
#include "pipeline/dictionary_trigger.h"
#include "pipeline/sentence_model.h"
#include "pipeline/taxonomy.h"
#include "pipeline/time_expr.h"
#include "pipeline/triggers.h"
#include "pipeline/words.h"

namespace newsd {
namespace {

bool IsStopCapital(const std::string& lower) {
  static const std::unordered_set<std::string_view> kWords = {
      "the",       "a",          "an",       "he",       "she",       "it",        "they",
      "we",        "i",          "you",      "his",      "her",       "their",     "our",
      "this",      "that",       "these",    "those",    "there",     "in",        "on",
      "at",        "after",      "before",   "but",      "and",       "or",        "if",
      "what",      "when",       "while",    "speaking", "hopefully", "according", "as",
      "also",      "by",         "for",      "from",     "with",      "without",   "to",
      "of",        "top",        "new",      "former",   "latest",    "news",      "good",
      "it's",      "mr",         "mrs",      "ms",       "dr",        "senior",    "reuters",
      "ap",        "afp",        "related",  "read",     "more",      "continue",  "photo",
      "video",     "breaking",   "update",   "live",     "analysis",  "opinion",   "however",
      "meanwhile", "earlier",    "later",    "today",    "yesterday", "tomorrow",  "monday",
      "tuesday",   "wednesday",  "thursday", "friday",   "saturday",  "sunday",    "january",
      "february",  "march",      "april",    "may",      "june",      "july",      "august",
      "september", "october",    "november", "december", "rare",      "historic",  "first",
      "second",    "opposition", "federal",  "two",      "three",     "last",      "next",
      "thousands", "hundreds",   "dozens",   "millions", "storm",     "state"};
  return kWords.count(lower) > 0;
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

// A noun for an unnamed group that acts in the news ("police arrested",
// "protesters rallied"). `canonical` names the class; `needs_modifier`
// groups are actors only with a demonym or country ("Iranian citizens",
// "Sudan's army" -> the country).
struct GroupNoun {
  std::string_view canonical;
  std::string_view role;
  bool needs_modifier;
  bool person_like;  // "a senior North Korean envoy": one person of that country
};

const GroupNoun* FindGroupNoun(const std::string& w) {
  static const std::unordered_map<std::string_view, GroupNoun> kNouns = {
      {"police", {"police", "police", false, false}},
      {"policemen", {"police", "police", false, false}},
      {"prosecutors", {"prosecutors", "judiciary", false, false}},
      {"prosecutor", {"prosecutors", "judiciary", false, false}},
      {"court", {"court", "judiciary", false, false}},
      {"judge", {"court", "judiciary", false, false}},
      {"protesters", {"protesters", "opposition", false, false}},
      {"protestors", {"protesters", "opposition", false, false}},
      {"demonstrators", {"protesters", "opposition", false, false}},
      {"activists", {"protesters", "opposition", false, false}},
      {"supporters", {"protesters", "opposition", false, false}},
      {"workers", {"workers", "labour", false, false}},
      {"farmers", {"farmers", "agriculture", false, false}},
      {"nurses", {"nurses", "labour", false, false}},
      {"proposal", {"government", "government", true, false}},
      {"plan", {"government", "government", true, false}},
      {"offer", {"government", "government", true, false}},
      {"ministry", {"government", "government", true, false}},
      {"tariffs", {"government", "government", true, false}},
      {"shareholders", {"shareholders", "business", false, false}},
      {"investors", {"shareholders", "business", false, false}},
      {"union", {"union", "labour", false, false}},
      {"unions", {"union", "labour", false, false}},
      {"journalists", {"journalists", "media", false, false}},
      {"rebels", {"rebels", "rebel", false, false}},
      {"militants", {"rebels", "rebel", false, false}},
      {"insurgents", {"rebels", "rebel", false, false}},
      {"gunmen", {"rebels", "rebel", false, false}},
      {"troops", {"military", "military", false, false}},
      {"soldiers", {"military", "military", false, false}},
      {"forces", {"military", "military", false, false}},
      {"army", {"military", "military", false, false}},
      {"military", {"military", "military", false, false}},
      {"navy", {"military", "military", false, false}},
      {"aircraft", {"military", "military", true, false}},
      {"tanks", {"military", "military", true, false}},
      {"helicopters", {"military", "military", true, false}},
      {"gunships", {"military", "military", true, false}},
      {"bulldozers", {"military", "military", true, false}},
      {"artillery", {"military", "military", true, false}},
      {"bombers", {"military", "military", true, false}},
      {"planes", {"military", "military", true, false}},
      {"warplanes", {"military", "military", true, false}},
      {"jets", {"military", "military", true, false}},
      {"drones", {"military", "military", true, false}},
      {"positions", {"military", "military", true, false}},
      {"defences", {"military", "military", true, false}},
      {"defenses", {"military", "military", true, false}},
      {"bases", {"military", "military", true, false}},
      {"sites", {"military", "military", true, false}},
      {"cities", {"civilians", "civilian", true, false}},
      {"teacher", {"civilians", "civilian", true, false}},
      {"teachers", {"civilians", "civilian", true, false}},
      {"doctor", {"civilians", "civilian", true, false}},
      {"doctors", {"civilians", "civilian", true, false}},
      {"refineries", {"business", "business", true, false}},
      {"companies", {"business", "business", true, false}},
      {"firms", {"business", "business", true, false}},
      {"banks", {"business", "business", true, false}},
      {"ambassador", {"government", "government", true, true}},
      {"militiamen", {"rebels", "rebel", false, false}},
      {"towns", {"civilians", "civilian", true, false}},
      {"villages", {"civilians", "civilian", true, false}},
      {"ports", {"civilians", "civilian", true, false}},
      {"infrastructure", {"civilians", "civilian", true, false}},
      {"posts", {"military", "military", true, false}},
      {"outposts", {"military", "military", true, false}},
      {"checkpoints", {"military", "military", true, false}},
      {"guard", {"military", "military", true, false}},
      {"vessels", {"military", "military", true, false}},
      {"ships", {"military", "military", true, false}},
      {"warships", {"military", "military", true, false}},
      {"boats", {"military", "military", true, false}},
      {"parliament", {"government", "legislature", true, false}},
      {"lawmakers", {"government", "legislature", true, false}},
      {"journalist", {"civilians", "media", true, false}},
      {"researcher", {"civilians", "civilian", true, false}},
      {"businessman", {"civilians", "business", true, false}},
      {"student", {"civilians", "civilian", true, false}},
      {"students", {"civilians", "civilian", true, false}},
      {"tourists", {"civilians", "civilian", true, false}},
      {"tourist", {"civilians", "civilian", true, false}},
      {"facilities", {"military", "military", true, false}},
      {"airfields", {"military", "military", true, false}},
      {"plants", {"military", "military", true, false}},
      {"state", {"government", "government", true, false}},
      {"counterpart", {"government", "government", true, true}},
      {"counterparts", {"government", "government", true, false}},
      {"fighters", {"rebels", "rebel", true, false}},
      {"mediators", {"government", "government", true, false}},
      {"delegation", {"government", "government", true, false}},
      {"delegations", {"government", "government", true, false}},
      {"negotiators", {"government", "government", true, false}},
      {"officials", {"government", "government", true, false}},
      {"authorities", {"government", "government", true, false}},
      {"government", {"government", "government", true, false}},
      {"ministers", {"government", "government", true, false}},
      {"leaders", {"government", "government", true, true}},
      {"diplomat", {"government", "government", true, true}},
      {"diplomats", {"government", "government", true, false}},
      {"envoys", {"government", "government", true, false}},
      {"citizens", {"civilians", "civilian", true, false}},
      {"citizen", {"civilians", "civilian", true, false}},
      {"national", {"civilians", "civilian", true, false}},
      {"nationals", {"civilians", "civilian", true, false}},
      {"civilians", {"civilians", "civilian", true, false}},
      {"hostages", {"civilians", "civilian", true, false}},
      {"prisoners", {"civilians", "civilian", true, false}},
      {"official", {"government", "government", true, true}},
      {"envoy", {"government", "government", true, true}},
      {"leader", {"government", "government", true, true}},
      {"minister", {"government", "government", true, true}},
      {"negotiator", {"government", "government", true, true}},
      {"spokesman", {"government", "government", true, true}},
      {"spokeswoman", {"government", "government", true, true}},
      {"president", {"government", "government", true, true}},
  };
  auto it = kNouns.find(w);
  return it == kNouns.end() ? nullptr : &it->second;
}

// Titles that stand for a person already named ("the president", "the
// chancellor"): resolved within the article.
bool IsRoleReference(const std::string& key) {
  return IsOneOf(key, {"president", "prime minister", "chancellor", "foreign minister",
                       "secretary of state", "minister", "king", "queen", "pope", "pontiff",
                       "premier", "secretary-general", "secretary general", "governor", "mayor"});
}

// "the pontiff" is who the article introduced as "Pope".
std::string CanonicalRole(const std::string& key) {
  if (key == "pontiff") return "pope";
  if (key == "premier") return "prime minister";
  return key;
}

class ArticleExtraction {
 public:
  ArticleExtraction(const Gazetteer& g, const Lexicon* lexicon, Timestamp ref)
      : g_(g), lexicon_(lexicon), ref_(ref) {}

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
    std::optional<Timestamp> anchor;
    std::vector<EventMention> out;
    for (size_t i = 0; i < sentences_.size(); ++i) {
      SentenceInfo& s = sentences_[i];
      s.anchor = anchor;
      ExtractEvents(s, i, &out);
      // The last day-precise date of this sentence anchors "the next day".
      for (const auto& te : FindTimeExpressions(s.tokens, ref_, false, anchor))
        if (te.granularity == Granularity::kDay && !te.attributive) anchor = te.value;
    }
    return out;
  }

  // After Finish(): the named entities, once each.
  std::vector<Entity> Entities() const {
    std::vector<Entity> out;
    std::unordered_set<std::string> seen;
    for (const auto& s : sentences_)
      for (const auto& f : s.entities) {
        if (f.weak || f.pronoun || f.candidate || f.entity.canonical.empty()) continue;
        if (f.entity.type == EntityType::kGroup && f.entity.country.empty()) continue;  // "police"
        if (seen.insert(EntityKey(f.entity)).second) out.push_back(f.entity);
      }
    return out;
  }

  // After Finish(): what was found where.
  void Describe(Analysis* a) const {
    for (size_t i = 0; i < sentences_.size(); ++i) {
      const SentenceInfo& s = sentences_[i];
      a->sentences.push_back({s.offset, s.offset + s.text.size()});
      for (const auto& f : s.entities) {
        if (f.weak || f.needs_modifier) continue;
        a->entities.push_back(
            {f.entity,
             i,
             {s.offset + s.tokens[f.begin].span.begin, s.offset + s.tokens[f.end - 1].span.end}});
      }
      for (const auto& te : FindTimeExpressions(s.tokens, ref_, LooksAhead(s.tokens), s.anchor))
        a->times.push_back({i,
                            {s.offset + s.tokens[te.token_begin].span.begin,
                             s.offset + s.tokens[te.token_end - 1].span.end},
                            te.value,
                            te.granularity,
                            te.attributive,
                            TimeMlValue(te)});
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
    // A headline in title case ("Trump Meets Kim In Singapore") capitalises
    // its function words and verbs; a sentence dense with names does not.
    bool title_case_words = false;
    for (size_t k = 1; k < t.size(); ++k)
      title_case_words |= t[k].word && t[k].capitalized &&
                          (IsOneOf(t[k].lower, {"in", "on", "at", "to", "of", "for", "with", "and",
                                                "after", "over", "as", "by", "from", "the", "a"}) ||
                           FindTrigger(t, k));
    const bool headline = words >= 4 && caps * 10 >= words * 6 && title_case_words;
    std::string pending_role, pending_title;
    for (size_t i = 0; i < t.size();) {
      if (!t[i].word) {
        ++i;
        continue;
      }
      NameMatch m = g_.MatchName(t, i);
      if (m.length > 0) {
        Found f{MakeEntity(*m.entry, Join(s, i, i + m.length)), i, i + m.length, m.demonym};
        if (f.entity.role.empty()) f.entity.role = pending_role;
        f.title = pending_title;
        pending_role.clear();
        pending_title.clear();
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
        if (j < t.size() && t[j].capitalized && t[j].word && !IsOrgWord(t[j].lower)) {
          pending_role = role;
          pending_title = CanonicalRole(TitleKey(t, i, i + title_len));
          i = j;
          continue;
        }
        // "the president", "The chancellor": someone the article named.
        const std::string key = TitleKey(t, i, i + title_len);
        if (i > 0 && t[i - 1].lower == "the" && IsRoleReference(key)) {
          Found f{Entity{Join(s, i - 1, i + title_len), "", EntityType::kPerson, "", role, "", ""},
                  i - 1, i + title_len};
          f.role_ref = CanonicalRole(key);
          f.possessive = IsPossessive(t, f.end);
          s.entities.push_back(std::move(f));
          i += title_len;
          continue;
        }
      }
      // "the two leaders", "the two prime ministers": the last two people the
      // article named.
      if (t[i].lower == "the" && i + 2 < t.size() && t[i + 1].lower == "two") {
        size_t e = i + 2;
        if (e + 1 < t.size() && IsOneOf(t[e].lower, {"prime", "foreign", "defence", "defense"}) &&
            t[e + 1].lower == "ministers")
          ++e;
        if (IsOneOf(t[e].lower,
                    {"leaders", "presidents", "ministers", "men", "women", "chancellors"})) {
          Found f{Entity{Join(s, i, e + 1), "", EntityType::kPerson, "", "", "", ""}, i, e + 1};
          f.role_ref = "two";
          s.entities.push_back(std::move(f));
          i = e + 1;
          continue;
        }
      }
      if (t[i].lower == "they") {
        Found f{Entity{t[i].text, "", EntityType::kGroup, "", "", "", ""}, i, i + 1};
        f.pronoun = true;
        s.entities.push_back(std::move(f));
        ++i;
        continue;
      }
      if (t[i].lower == "he" || t[i].lower == "she") {
        Found f{Entity{t[i].text, "", EntityType::kPerson, "", "", "", ""}, i, i + 1};
        f.pronoun = true;
        s.entities.push_back(std::move(f));
        ++i;
        continue;
      }
      // "Armed men", "armed groups": fighters.
      if (t[i].lower == "armed" && i + 1 < t.size() &&
          IsOneOf(t[i + 1].lower, {"men", "groups", "gangs", "assailants"})) {
        Found f{Entity{Join(s, i, i + 2), "rebels", EntityType::kGroup, "", "rebel", "", ""}, i,
                i + 2};
        f.group = true;
        s.entities.push_back(std::move(f));
        i += 2;
        continue;
      }
      if (const GroupNoun* gn = FindGroupNoun(t[i].lower)) {
        Found f{Entity{t[i].text, std::string(gn->canonical), EntityType::kGroup, "",
                       std::string(gn->role), "", ""},
                i, i + 1};
        f.group = true;
        f.needs_modifier = gn->needs_modifier;
        f.person_like = gn->person_like;
        f.possessive = IsPossessive(t, i + 1);
        s.entities.push_back(std::move(f));
        ++i;
        continue;
      }
      // A role noun of the Phoenix agents ("landowners", "border guards"):
      // an actor only with a country ("Algerian landowners").
      if (std::string sector; !t[i].capitalized || i == 0) {
        size_t n = g_.MatchAgent(t, i, &sector);
        // ("spy chief", "army officers": the agent word modifies the noun
        // after it, which is the head.)
        if (n > 0 && i + n < t.size() && t[i + n].word && !t[i + n].capitalized &&
            !IsOneOf(t[i + n].lower,
                     {"and", "or",    "of",    "in",   "on",  "at",   "to",   "from", "with",
                      "who", "which", "that",  "have", "has", "had",  "are",  "were", "was",
                      "is",  "will",  "would", "said", "say", "says", "also", "for",  "by"}) &&
            !(lexicon_ && lexicon_->verbs().IsVerbForm(t[i + n].lower)) && !FindTrigger(t, i + n))
          n = 0;
        if (n > 0) {
          Found f{Entity{Join(s, i, i + n), Join(s, i, i + n), EntityType::kGroup, "",
                         RoleOfCameoSector(sector), "", sector.substr(0, 3)},
                  i, i + n};
          f.entity.canonical = AsciiLower(f.entity.canonical);
          f.group = true;
          f.needs_modifier = true;
          f.possessive = IsPossessive(t, i + n);
          s.entities.push_back(std::move(f));
          i += n;
          continue;
        }
      }
      // "Thousands protested", "hundreds rallied": the crowd is the actor.
      if (IsOneOf(t[i].lower, {"thousands", "hundreds", "crowds", "dozens"}) && i + 1 < t.size()) {
        // "Thousands protested", "Thousands of people marched".
        size_t verb = i + 1;
        std::string crowd = "protesters", crowd_role = "opposition";
        if (verb + 2 < t.size() && t[verb].lower == "of" &&
            (IsOneOf(t[verb + 1].lower, {"people", "demonstrators", "protesters", "residents",
                                         "students", "supporters"}) ||
             FindGroupNoun(t[verb + 1].lower))) {
          // "Thousands of nurses went on strike": the nurses.
          if (const GroupNoun* gn = FindGroupNoun(t[verb + 1].lower); gn && !gn->needs_modifier) {
            crowd = std::string(gn->canonical);
            crowd_role = std::string(gn->role);
          }
          verb += 2;
        }
        TriggerHit h = FindTrigger(t, verb);
        if (h && RootClass(h.type->code) == "14") {
          Found f{Entity{Join(s, i, verb), crowd, EntityType::kGroup, "", crowd_role, "", ""}, i,
                  verb};
          f.group = true;
          s.entities.push_back(std::move(f));
          i = verb;
          continue;
        }
      }
      if (t[i].capitalized && !headline && !IsStopCapital(t[i].lower) && !FindTrigger(t, i)) {
        size_t j = i;
        while (j < t.size() && t[j].word && t[j].capitalized && !IsStopCapital(t[j].lower) &&
               g_.MatchName(t, j).length == 0 && (j == i || g_.MatchTitle(t, j, nullptr) == 0)) {
          ++j;
          // "Yong-hyun": a hyphen joins the next word to the name.
          while (j + 1 < t.size() && t[j].text == "-" && t[j + 1].word &&
                 t[j].span.begin == t[j - 1].span.end && t[j + 1].span.begin == t[j].span.end)
            j += 2;
        }
        const std::string before = WordBefore(t, i);
        const size_t prep_at = PrepositionIndex(t, i);
        const bool place_prep =
            before == "in" || before == "at" ||
            (before == "of" && prep_at != std::string::npos && prep_at > 0 &&
             IsOneOf(t[prep_at - 1].lower, {"town", "city", "village", "region", "province"}));
        if (j - i >= 2) {
          bool org = false;
          for (size_t k = i; k < j; ++k) org |= IsOrgWord(t[k].lower);
          EntityType type = org ? EntityType::kOrganisation : EntityType::kPerson;
          if (place_prep && !org && pending_title.empty()) type = EntityType::kPlace;
          Entity e{Join(s, i, j), Join(s, i, j), type, "", pending_role, "", ""};
          Found f{e, i, j};
          f.title = pending_title;
          // "Pope Leo XIV", "Emir Tamim": a title that is part of the name
          // still tells what the person is ("the pontiff").
          if (f.title.empty() &&
              IsOneOf(t[i].lower, {"pope", "emir", "sultan", "emperor", "patriarch"}))
            f.title = t[i].lower;
          f.possessive = IsPossessive(t, j);
          Push(s, std::move(f));
          pending_role.clear();
          pending_title.clear();
          i = j;
          continue;
        }
        if (j - i == 1) {
          Entity e{t[i].text, t[i].text, EntityType::kPerson, "", pending_role, "", ""};
          Found f{e, i, i + 1};
          f.possessive = IsPossessive(t, i + 1);
          f.title = pending_title;
          if (!pending_title.empty()) {
            // "Mr. Wang", "President Ruto": a titled surname. The gazetteer's
            // only person of that name, else a person of that name.
            // (The actor dictionary's thousands of office holders answer
            // only an office's title: "Mr. Fournier" in business news is
            // not a Costa Rican president.)
            const GazetteerEntry* p = g_.LookupPartialName(t[i].text);
            if (p && !p->code.empty() &&
                IsOneOf(pending_title, {"mr", "mrs", "ms", "miss", "dr", "mr.", "mrs.", "ms."}))
              p = nullptr;
            if (p) {
              f.entity = MakeEntity(*p, t[i].text);
              if (f.entity.role.empty()) f.entity.role = pending_role;
            }
            Push(s, std::move(f));
          } else if (i == 0 && lexicon_ &&
                     lexicon_->Frequency(t[i].lower, PartOfSpeech::kAdjective) > 0 &&
                     g_.MatchName(t, i + 1).length > 0) {
            // "Radical French farmers", "Angry Iraqi workers": an adjective
            // opening the sentence before a name.
          } else if (i == 0 && i + 1 < t.size() && t[i + 1].lower.ends_with("ing")) {
            // "Heavy fighting broke out": an adjective opening the sentence.
          } else if (place_prep) {
            f.entity.type = EntityType::kPlace;  // "in Jeddah": an unknown place
            f.weak = true;
            s.entities.push_back(std::move(f));
          } else if (i == 0 && t[i].lower.size() > 3 && t[i].lower.ends_with("s") &&
                     !t[i].lower.ends_with("ss")) {
            // "Executives said", "Analysts expect": a plural noun opening the
            // sentence, not a name.
          } else {
            f.candidate = true;  // kept only if the article names it in full
            s.entities.push_back(std::move(f));
          }
          pending_role.clear();
          pending_title.clear();
          i = j;
          continue;
        }
      }
      pending_role.clear();
      pending_title.clear();
      ++i;
    }
    MergeCompanyNames(s);
    AbsorbModifiers(s);
  }

  // "Xerox Corp.", "First of America Bank Corp.", "Hudson's Bay Co.": a
  // capitalised run ending in a company suffix is one organisation,
  // whatever names and possessives it holds (the dictionary's code of a
  // name inside it, "Xerox" MNC, is kept).
  void MergeCompanyNames(SentenceInfo& s) const {
    const auto& t = s.tokens;
    auto& es = s.entities;
    for (size_t k = 1; k < t.size(); ++k) {
      if (!t[k].word || !t[k].capitalized ||
          !IsOneOf(t[k].lower, {"corp", "inc", "co", "ltd", "plc", "llc", "ag", "sa", "nv",
                                "corporation", "bancorp", "holdings", "group"}))
        continue;
      size_t b = k;
      while (b > 0) {
        const Token& p = t[b - 1];
        const bool joiner =
            (p.lower == "of" || p.lower == "&" || p.lower == "amp" || IsPossessive(t, b - 1)) &&
            b >= 2 && t[b - 2].capitalized;
        // ("First of America": capitalised words that are no names alone
        // belong to a company's; articles and prepositions do not.)
        const bool name_word =
            p.word && p.capitalized &&
            !IsOneOf(p.lower,
                     {"the", "a",   "an",  "this", "that", "in",    "on",     "at",   "for",  "by",
                      "and", "but", "or",  "as",   "if",   "after", "before", "with", "from", "to",
                      "of",  "he",  "she", "it",   "they", "we",    "his",    "her",  "its"});
        if (name_word || joiner) {
          --b;
          continue;
        }
        break;
      }
      if (b == k) continue;
      Entity merged{
          Join(s, b, k + 1), Join(s, b, k + 1), EntityType::kOrganisation, "", "business", "", ""};
      std::vector<Found> kept;
      for (auto& f : es) {
        if (f.end <= b || f.begin > k) {
          kept.push_back(std::move(f));
          continue;
        }
        if (!f.entity.code.empty() && merged.code.empty()) {
          merged.code = f.entity.code;
          if (f.entity.type == EntityType::kOrganisation) merged.country = f.entity.country;
        }
      }
      Found org{std::move(merged), b, k + 1};
      org.possessive = IsPossessive(t, k + 1);
      auto at = std::find_if(kept.begin(), kept.end(), [&](const Found& f) { return f.begin > k; });
      kept.insert(at, std::move(org));
      es = std::move(kept);
    }
  }

  // "will", "is scheduled to": the sentence's weekdays are ahead, not past.
  static bool LooksAhead(const std::vector<Token>& t) {
    for (const auto& tok : t)
      if (IsOneOf(tok.lower,
                  {"will", "shall", "scheduled", "expected", "plans", "due", "upcoming"}))
        return true;
    return false;
  }

  static std::string TitleKey(const std::vector<Token>& t, size_t b, size_t e) {
    std::string key;
    for (size_t k = b; k < e; ++k) {
      if (!t[k].word) continue;
      if (!key.empty()) key.push_back(' ');
      key += t[k].lower;
    }
    return key;
  }

  // Full mentions seen in the article: surname and first-token lookups.
  void Push(SentenceInfo& s, Found f) {
    if (!f.candidate && f.entity.type == EntityType::kPerson) {
      auto [it, fresh] = persons_.insert_or_assign(f.entity.canonical, f.entity);
      ++person_counts_[f.entity.canonical];
      if (fresh) {
        std::vector<Token> nt = Tokenize(f.entity.canonical);
        std::vector<const Token*> words;
        for (const auto& tok : nt)
          if (tok.word) words.push_back(&tok);
        if (words.size() >= 2) {
          by_last_word_[words.back()->lower] = f.entity.canonical;
          by_first_word_[words.front()->lower] = f.entity.canonical;
        }
      }
    }
    s.entities.push_back(std::move(f));
  }

  std::string Join(const SentenceInfo& s, size_t b, size_t e) const {
    return s.text.substr(s.tokens[b].span.begin, s.tokens[e - 1].span.end - s.tokens[b].span.begin);
  }

  // "U.S. Secretary of State Mike Pompeo", "North Korea's former spy chief
  // Kim Yong Chol": a country right before a person describes that person.
  // "Iranian police", "Sudan's army", "French and German ministers": a
  // demonym or possessive country before a group noun makes the group that
  // country's. "a senior North Korean envoy": a demonym before a noun for
  // one official stands for a person of that country, resolved over the
  // whole article. Group nouns that need a country and have none are
  // dropped, as are demonyms that qualify no actor ("North Korean nuclear
  // weapons").
  void AbsorbModifiers(SentenceInfo& s) {
    const auto& t = s.tokens;
    auto& es = s.entities;
    // "Taliban forces", "Hamas fighters": the organisation acts; "a Moscow
    // court", "Kyiv authorities": the group acts there.
    for (size_t k = 0; k + 1 < es.size(); ++k) {
      Found& g = es[k + 1];
      // (Demonyms and "Israeli and Hamas leaders" are handled below.)
      if (!g.group || g.begin != es[k].end || es[k].demonym ||
          (es[k].begin > 0 && t[es[k].begin - 1].lower == "and"))
        continue;
      if (es[k].entity.type == EntityType::kOrganisation ||
          es[k].entity.type == EntityType::kGroup) {
        es[k].end = g.end;
        es[k].entity.text = Join(s, es[k].begin, g.end);
        es[k].possessive = g.possessive;
        es.erase(es.begin() + static_cast<std::ptrdiff_t>(k) + 1);
      } else if (es[k].entity.type == EntityType::kPlace) {
        g.place = es[k].entity;
        g.needs_modifier = false;  // "a Moscow court" is an actor
      }
    }
    // "the foreign ministry in Beijing", "officials in Tokyo": a group that
    // needs a country takes the one of the place it is in.
    for (size_t k = 0; k + 1 < es.size(); ++k) {
      Found& g = es[k];
      const Found& p = es[k + 1];
      if (!g.group || !g.needs_modifier || p.entity.type != EntityType::kPlace ||
          p.entity.country.empty() || p.begin != g.end + 1 || t[g.end].lower != "in")
        continue;
      // "Pakistani officials in Doha" are Pakistan's: a demonym or a
      // possessive country before the group decides.
      bool qualified = false;
      for (size_t q = 0; q < k; ++q)
        qualified |= (es[q].demonym || IsPossessive(t, es[q].end)) && es[q].end + 4 >= g.begin;
      if (qualified) continue;
      if (const GazetteerEntry* c = g_.LookupCountry(p.entity.country)) {
        std::string role = g.entity.role;
        g.entity = MakeEntity(*c, Join(s, g.begin, g.end));
        g.entity.type = EntityType::kGroup;
        g.entity.role = role;
        g.group = false;
        g.needs_modifier = false;
        g.place = p.entity;
      }
    }
    // "Brazil's Supreme Court": an institution named only by its kind acts
    // for its country.
    // "The US Treasury", "the Israeli Army": so does a country's own
    // institution word right after it.
    for (size_t k = 0; k + 1 < es.size(); ++k) {
      Found& c = es[k];
      const Found& o = es[k + 1];
      const bool country =
          c.entity.type == EntityType::kCountry || (c.demonym && !c.entity.country.empty());
      const bool possessive = IsPossessive(t, c.end) && o.begin == c.end + 1;
      const bool institution_word =
          o.begin == c.end && o.end == o.begin + 1 &&
          IsOneOf(t[o.begin].lower, {"treasury", "army", "navy", "senate", "congress", "parliament",
                                     "cabinet", "pentagon", "military", "police"});
      if (!country || !(possessive || institution_word) ||
          (o.entity.type != EntityType::kOrganisation && !o.candidate) ||
          !o.entity.country.empty() || g_.Lookup(o.entity.canonical) != nullptr)
        continue;
      // (A lone unknown word after a possessive is a place or a name:
      // "Russia's Belgorod region".)
      if (possessive && o.candidate && !institution_word) continue;
      if (c.demonym) {
        if (const GazetteerEntry* ce = g_.LookupCountry(c.entity.country)) {
          std::string text = c.entity.text;
          c.entity = MakeEntity(*ce, text);
        }
        c.demonym = false;
      }
      std::string role = "government";
      for (size_t w = o.begin; w < o.end; ++w) {
        if (IsOneOf(t[w].lower, {"court", "tribunal"})) role = "judiciary";
        if (IsOneOf(t[w].lower, {"parliament", "congress", "senate", "assembly"}))
          role = "legislature";
        if (IsOneOf(t[w].lower, {"army", "navy", "forces", "force", "pentagon", "military"}))
          role = "military";
        if (t[w].lower == "police") role = "police";
      }
      c.entity.type = EntityType::kGroup;
      c.entity.role = role;
      c.entity.text = Join(s, c.begin, o.end);
      c.end = o.end;
      c.possessive = o.possessive;
      es.erase(es.begin() + static_cast<std::ptrdiff_t>(k) + 1);
    }
    // "diplomat Wang Yi", "envoy Kim": a group noun right before a name is
    // the person's title.
    for (size_t k = 0; k + 1 < es.size(); ++k)
      if (es[k].group && es[k + 1].begin == es[k].end &&
          es[k + 1].entity.type == EntityType::kPerson && !es[k + 1].pronoun &&
          es[k + 1].role_ref.empty()) {
        if (es[k + 1].entity.role.empty()) es[k + 1].entity.role = es[k].entity.role;
        es.erase(es.begin() + static_cast<std::ptrdiff_t>(k));
        --k;
      }
    std::vector<bool> drop(es.size(), false);
    // The group noun a modifier at k qualifies: within three words, over
    // adjectives and "and <demonym>" ("Russian and Ukrainian delegations").
    auto qualified_group = [&](size_t k) -> std::optional<size_t> {
      size_t pos = es[k].end;
      if (!es[k].demonym) {
        // "U.S. officials": a country's name right before a group noun.
        const bool attributive = es[k].entity.type == EntityType::kCountry && k + 1 < es.size() &&
                                 es[k + 1].begin == pos && es[k + 1].group;
        if (!attributive) {
          if (!IsPossessive(t, pos)) return std::nullopt;
          ++pos;
        }
      }
      size_t budget = 3;
      for (size_t q = k + 1; q < es.size(); ++q) {
        const Found& g = es[q];
        for (size_t w = pos; w < g.begin; ++w) {
          if (!t[w].word || budget == 0 || FindTrigger(t, w)) return std::nullopt;
          if (t[w].capitalized && g_.MatchTitle(t, w, nullptr) == 0) return std::nullopt;
          --budget;
        }
        if (g.group) return q;
        const bool coordinated = (g.demonym || g.entity.type == EntityType::kOrganisation ||
                                  g.entity.type == EntityType::kCountry) &&
                                 g.begin > 0 && t[g.begin - 1].lower == "and";
        if (!coordinated) return std::nullopt;
        pos = g.end;
      }
      return std::nullopt;
    };
    for (size_t k = 0; k < es.size(); ++k) {
      Found& f = es[k];
      if (drop[k]) continue;
      if (f.entity.type == EntityType::kCountry || f.entity.type == EntityType::kOrganisation ||
          f.demonym) {
        if (auto q = qualified_group(k)) {
          Found& g = es[*q];
          // The country acts through the group: keep the country's name,
          // the group's role. "Iranian police" -> Iran (police).
          f.entity.type = g.person_like ? EntityType::kPerson : EntityType::kGroup;
          f.entity.role = g.entity.role;
          f.nominal = g.person_like;
          f.demonym = false;
          const bool adjacent_pair =
              *q > k + 1 && es[k + 1].begin > 0 && t[es[k + 1].begin - 1].lower == "and";
          if (!adjacent_pair) {
            f.entity.text = Join(s, f.begin, g.end);
            f.end = g.end;
          }
          f.possessive = g.possessive;
          drop[*q] = true;
          // In "Russian and Ukrainian delegations" the second demonym
          // qualifies the same noun: handled when the loop reaches it.
          if (adjacent_pair && es[*q - 1].demonym) drop[*q] = false;
          continue;
        }
      }
      if (f.entity.type == EntityType::kCountry && k + 1 < es.size()) {
        const Found& next = es[k + 1];
        // (Not a lone unknown word: "Russia's Belgorod region".)
        bool gap_ok = next.entity.type == EntityType::kPerson && !next.pronoun &&
                      next.role_ref.empty() && !next.candidate && next.begin - f.end <= 8;
        for (size_t i = f.end; gap_ok && i < next.begin; ++i) {
          if (!t[i].word && !IsPossessive(t, i)) gap_ok = false;
          // "blamed Israel for the bombing of Raed Karmi": a preposition
          // between makes the person another party.
          if (IsOneOf(t[i].lower,
                      {"for",  "with",    "by",    "to",     "at",   "in",    "on",
                       "from", "against", "after", "before", "over", "about", "and",
                       "must", "will",    "would", "should", "can",  "could", "may",
                       "has",  "have",    "had",   "is",     "are",  "was",   "were"}) ||
              (lexicon_ && lexicon_->verbs().IsVerbForm(t[i].lower)))
            gap_ok = false;
          if (t[i].word && t[i].capitalized && g_.MatchTitle(t, i, nullptr) == 0) gap_ok = false;
          if (FindTrigger(t, i)) gap_ok = false;
        }
        if (gap_ok) {
          if (es[k + 1].entity.country.empty()) es[k + 1].entity.country = f.entity.country;
          drop[k] = true;
          continue;
        }
      }
      // "Palestinians blamed Israel", "ethnic Albanians demonstrated": a
      // plural demonym standing alone is the people of that country.
      if (f.demonym && f.end == f.begin + 1 && t[f.begin].lower.size() > 4 &&
          t[f.begin].lower.ends_with("s") &&
          (f.end >= t.size() || !t[f.end].word || !t[f.end].capitalized)) {
        if (const GazetteerEntry* c = g_.LookupCountry(f.entity.country)) {
          const std::string text = f.entity.text;
          f.entity = MakeEntity(*c, text);
          f.entity.type = EntityType::kGroup;
          f.entity.role = "civilian";
          f.demonym = false;
          continue;
        }
      }
      if (f.demonym) drop[k] = true;  // "North Korean nuclear weapons": no actor
    }
    std::vector<Found> kept;
    for (size_t k = 0; k < es.size(); ++k) {
      if (drop[k]) continue;
      // A group noun still waiting for its country is not an actor.
      if (es[k].group && es[k].needs_modifier) continue;
      kept.push_back(std::move(es[k]));
    }
    // "Sergei Lavrov, the Russian foreign minister, arrived ...", "Mark
    // Rutte, the NATO secretary general, ...": the description says who the
    // person is; it is no actor of its own.
    for (size_t k = 0; k < kept.size(); ++k) {
      const Found& p = kept[k];
      if (p.entity.type != EntityType::kPerson || p.pronoun || p.end + 1 >= t.size() ||
          t[p.end].text != "," || !IsOneOf(t[p.end + 1].lower, {"the", "a", "an"}))
        continue;
      size_t close = p.end + 2;
      while (close < t.size() && t[close].text != "," && !FindTrigger(t, close) &&
             close < p.end + 10)
        ++close;
      if (close >= t.size() || t[close].text != ",") continue;
      size_t q = k + 1;
      while (q < kept.size() && kept[q].end <= close) {
        if (kept[k].entity.country.empty() && kept[q].entity.type != EntityType::kPerson)
          kept[k].entity.country = kept[q].entity.country;
        kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(q));
      }
    }
    // "Japan's prime minister, Shigeru Ishiba, met ...": the name in
    // apposition is the actor the description stands for.
    for (size_t k = 0; k + 1 < kept.size(); ++k) {
      Found& d = kept[k];
      const Found& n = kept[k + 1];
      // ("The head of the IAEA, Rafael Grossi, ...": an organisation after
      // "head of" describes the person too.)
      const size_t before = PrepositionIndex(t, d.begin);
      const bool head_of = before != std::string::npos && t[before].lower == "of" && before > 0 &&
                           IsOneOf(t[before - 1].lower, {"head", "chief", "leader", "director",
                                                         "president", "secretary", "chairman"});
      if (!(d.nominal || d.entity.type == EntityType::kGroup || head_of) ||
          n.entity.type != EntityType::kPerson || n.pronoun || !n.role_ref.empty())
        continue;
      if (n.begin != d.end + 1 || t[d.end].text != "," || n.end >= t.size() || t[n.end].text != ",")
        continue;
      Found merged = n;
      if (merged.entity.country.empty()) merged.entity.country = d.entity.country;
      if (merged.entity.role.empty()) merged.entity.role = d.entity.role;
      kept[k] = std::move(merged);
      kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(k) + 1);
    }
    es = std::move(kept);
  }

  void ResolveArticleMentions() {
    std::optional<Entity> last_subject;                  // first person of the previous sentence
    std::map<std::string, Entity> titled;                // "president" -> Joe Biden
    std::vector<std::pair<std::string, Entity>> recent;  // persons in order of mention
    std::map<std::string, size_t> first_named;           // person -> order of first mention
    for (auto& s : sentences_) {
      std::vector<Found> kept;
      std::optional<Entity> this_subject;
      for (auto& f : s.entities) {
        if (f.candidate) {
          // "Pompeo" after "Mike Pompeo": the last token names the person.
          // Family-name-first names ("Wang" for Wang Yi) match the first token.
          std::optional<Entity> hit;
          const std::string& word = s.tokens[f.begin].lower;
          auto last = by_last_word_.find(word);
          if (last != by_last_word_.end()) {
            hit = persons_.at(last->second);
          } else if (auto first = by_first_word_.find(word); first != by_first_word_.end()) {
            hit = persons_.at(first->second);
          }
          if (hit) {
            std::string text = f.entity.text;
            f.entity = *hit;
            f.entity.text = text;
            f.candidate = false;
          } else {
            // An unknown lone name: an organisation or person we cannot
            // place; an actor only right next to an action.
            f.candidate = false;
            f.weak = true;
            f.entity.type = EntityType::kOrganisation;
          }
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
            // actor named before acts through the group.
            for (const auto& o : kept)
              if (o.entity.type != EntityType::kPerson && o.entity.type != EntityType::kPlace &&
                  o.end <= f.begin && !o.entity.country.empty()) {
                std::string role = f.entity.role;
                ref = o.entity;
                ref->role = role;
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
              for (const auto& [name, e] : persons_) {
                if (e.role != "government") continue;
                bool in_sentence = false;
                for (const auto& o : s.entities)
                  in_sentence |= &o != &f && o.entity.canonical == name;
                auto c = person_counts_.find(name);
                const int n = c == person_counts_.end() ? 0 : c->second;
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
          if (!f.title.empty()) titled[f.title] = f.entity;
          // Distinct names, latest last, a bounded few: "the president" looks
          // back over people, not over every mention.
          first_named.emplace(f.entity.canonical, first_named.size());
          std::erase_if(recent, [&](const auto& r) { return r.first == f.entity.canonical; });
          recent.emplace_back(f.entity.canonical, f.entity);
          if (recent.size() > 32) recent.erase(recent.begin());
        }
        kept.push_back(std::move(f));
      }
      if (this_subject) last_subject = this_subject;
      s.entities = std::move(kept);
    }
  }

  // Tokens between two positions are only auxiliaries and adverbs.
  void ExtractEvents(const SentenceInfo& s, size_t index, std::vector<EventMention>* out) const {
    const auto& t = s.tokens;
    const size_t first_out = out->size();
    const std::vector<bool> relative = RelativeClauses(t);
    std::optional<EventMention> statement;  // kept only if nothing else happens
    std::optional<size_t> must_at;          // "must" in what the statement reports
    size_t clause_start = 0;
    size_t speech_at = std::string::npos;  // "said" before a trigger: reported speech
    size_t last_trigger_end = std::string::npos;
    std::string last_root;
    for (size_t i = 0; i < t.size(); ++i) {
      if (!t[i].word) {
        if (t[i].text == ";") clause_start = i + 1;
        continue;
      }
      TriggerHit tw = FindTrigger(t, i);
      // "All signs point", "late-night hosts addressed", "see signs": a
      // table verb in an -s form that the sentence reads as a plural noun;
      // right after an actor's name it is that actor's verb ("North Korean
      // official meets Trump").
      if (tw && lexicon_ && tw.kind == TriggerKind::kVerb && tw.length == 1 &&
          t[i].lower.size() > 3 && t[i].lower.ends_with("s") && !ActorEndsAt(s, i) &&
          !lexicon_->ReadsAsVerb(t, i))
        continue;
      if (!tw && lexicon_) tw = DictionaryTrigger(*lexicon_, s, i, clause_start);
      if (!tw) continue;
      const size_t len = tw.length;
      // A trigger inside a name ("Meeting Point Ltd") is no trigger.
      bool inside = false;
      for (const auto& f : s.entities) inside |= i >= f.begin && i < f.end;
      if (inside) continue;
      const bool noun = tw.kind == TriggerKind::kNoun || t[i].lower == "meeting";
      // "called off a planned meeting with Erdogan", "hosted talks between":
      // the noun is the object of the action before it, not an action.
      if (noun && last_trigger_end != std::string::npos && last_trigger_end >= clause_start &&
          i - last_trigger_end <= 3) {
        bool object = true;
        for (size_t k = last_trigger_end; k < i; ++k)
          object &= !IsSubordinator(t[k].lower) &&
                    !IsOneOf(t[k].lower, {"to", "with", "for", "at", "in", "on", "during", "by"});
        if (object) continue;
      }
      // "for the rocket attack", "a deadly attack": the head of a noun phrase.
      if (!noun) {
        bool np = false;
        for (size_t k = i; k-- > 0 && k + 3 >= i;) {
          if (InsideEntity(s, k) || !t[k].word) break;
          if (IsOneOf(t[k].lower, {"the", "a", "an", "its", "his", "her", "their", "of", "after",
                                   "over", "amid", "during", "despite", "following", "against"})) {
            np = k + 1 < i;  // (directly after a determiner FindTrigger already said no)
            break;
          }
          if (t[k].capitalized && g_.MatchName(t, k).demonym) continue;  // "an Israeli strike"
          if (t[k].capitalized || IsAuxiliary(t[k].lower)) break;
        }
        if (np) continue;
      }
      // "threatened to block", "urged X to recognise", "agreed to visit": what
      // was threatened, asked or promised is no event of its own.
      if (i > 0 && t[i - 1].lower == "to" && last_trigger_end != std::string::npos &&
          i - last_trigger_end <= 6 && IsOneOf(last_root, {"02", "03", "10", "13", "12"}))
        continue;
      // "demanded that Hamas renounce ...", "said Sudan must return ...":
      // what is demanded is no event of its own; the demand is (below).
      if (i > 0 && IsOneOf(t[i - 1].lower, {"must", "should"})) {
        if (speech_at != std::string::npos && statement && !must_at) must_at = i - 1;
        continue;
      }
      if (last_root == "10" && last_trigger_end != std::string::npos && i > last_trigger_end &&
          WithinNext(t, last_trigger_end, std::min<size_t>(i - last_trigger_end, 2), {"that"}))
        continue;
      // "bombed a school, killing 30 people": the toll of the attack before.
      if (i > 0 && t[i - 1].text == "," && t[i].lower == "killing" && out->size() > first_out)
        continue;
      last_root = std::string(RootClass(tw.type->code));
      const std::optional<EventMention> made =
          MakeEvent(s, index, i, tw, clause_start, speech_at, relative, out, first_out);
      last_trigger_end = i + len;
      if (tw.kind == TriggerKind::kSpeech) {
        speech_at = i;
        if (!statement && made) statement = made;
      }
      i += len - 1;
    }
    // "Russia said Sudan must return the helicopter": saying that another
    // must act is a demand on it (CAMEO 100), whatever else the sentence
    // reports.
    // (Also when what must be done is no coded action.)
    if (statement && !must_at && speech_at != std::string::npos)
      for (size_t k = speech_at + 1; k + 1 < t.size(); ++k)
        if (IsOneOf(t[k].lower, {"must", "should"}) && t[k + 1].word) {
          must_at = k;
          break;
        }
    if (statement && must_at) {
      const ActionType* demand = FindActionType(cameo::kDemand);
      statement->code = std::string(demand->code);
      statement->type = std::string(demand->name);
      for (const auto& f : s.entities)
        if (f.end <= *must_at && f.begin > speech_at && IsActor(f.entity) &&
            f.entity.canonical != statement->source.canonical) {
          statement->target = f.entity;
          break;
        }
      out->push_back(std::move(*statement));
      return;
    }
    // "X said ..." is an event of its own only when the sentence reports no
    // other action.
    if (statement && out->size() == first_out) out->push_back(std::move(*statement));
  }

  // The event(s) the trigger at i reports, appended to *out (a statement is
  // returned instead, for the caller to keep or drop).
  std::optional<EventMention> MakeEvent(const SentenceInfo& s, size_t index, size_t i,
                                        const TriggerHit& tw, size_t clause_start, size_t speech_at,
                                        const std::vector<bool>& relative,
                                        std::vector<EventMention>* out, size_t first_out) const {
    const auto& t = s.tokens;
    const size_t len = tw.length;
    const ActionType* type = tw.type;
    // "after meeting Macron": a gerund, not the noun.
    const bool gerund = t[i].lower == "meeting" && i > 0 &&
                        (IsSubordinator(t[i - 1].lower) || t[i - 1].lower == "by");
    const bool noun = (tw.kind == TriggerKind::kNoun || t[i].lower == "meeting") && !gerund;
    EventMention m;
    m.code = tw.code.empty() ? std::string(type->code) : tw.code;
    m.type = std::string(type->name);
    m.symmetric = type->symmetric;
    m.trigger = s.text.substr(t[i].span.begin, t[i + len - 1].span.end - t[i].span.begin);
    m.sentence = s.text;
    m.weight = s.weight;
    m.sentence_index = index;
    m.trigger_span = {s.offset + t[i].span.begin, s.offset + t[i + len - 1].span.end};
    // The act as CAMEO codes what the sentence says of it (an intent, a
    // rejection, a threat): one-sided, and asserted as said.
    auto recode_as_said = [&](std::string_view code) {
      type = FindActionType(code);
      m.code = std::string(type->code);
      m.type = std::string(type->name);
      m.symmetric = false;
      m.modality = Modality::kAsserted;
    };

    // Negation and modality from the words just before the trigger.
    bool refusal = false;  // "refused to", "failed to"
    for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) {
      const std::string& w = t[k].lower;
      if (w == "not" || w == "never" || w.ends_with("n't") || w.ends_with("n\xE2\x80\x99t") ||
          IsOneOf(w, {"skip", "skips", "skipped", "avoid", "avoids", "avoided", "refuse", "refuses",
                      "refused", "decline", "declines", "declined", "without", "fail", "fails",
                      "failed"}))
        m.negated = true;
      if (IsOneOf(w, {"refuse", "refuses", "refused", "refusing", "decline", "declines", "declined",
                      "fail", "fails", "failed", "reneged"}))
        refusal = true;
      if (IsOneOf(w, {"will", "would", "plans", "planned", "plan", "may", "might", "could",
                      "expected", "scheduled", "shall", "intends"}))
        m.modality = Modality::kPlanned;
      // "to" plans only after a word of intent ("agreed to visit", "is to
      // meet"); "blocked roads to protest" did protest.
      if (w == "to" && k > 0 &&
          IsOneOf(t[k - 1].lower,
                  {"plans", "planned", "plan",    "expected", "scheduled", "agreed",  "wants",
                   "want",  "hopes",   "intends", "going",    "set",       "due",     "is",
                   "are",   "was",     "were",    "decided",  "promised",  "pledged", "vowed",
                   "aims",  "seeks",   "sought",  "tries",    "tried"}))
        m.modality = Modality::kPlanned;
    }
    for (size_t k = clause_start; k < i; ++k)
      if (t[k].lower == "if" || t[k].lower == "unless") m.modality = Modality::kHypothetical;
    // "ready to meet", "open to talks", "offered talks": intent to meet;
    // "ready to release", "willing to sign": intent to cooperate.
    if (i >= 1 && tw.kind != TriggerKind::kSpeech &&
        WithinNext(
            t, i >= 3 ? i - 3 : 0, i >= 3 ? 3 : i,
            {"ready", "willing", "open", "offered", "proposed", "wants", "hopes", "prepared"})) {
      recode_as_said(RootClass(m.code) == "04" ? cameo::kIntentToMeet : cameo::kIntentToCooperate);
    }
    // A cooperative act refused, or declared as never to happen ("refused
    // to deploy", "failed to reach agreement", "will not accept"), is a
    // rejection, as CAMEO codes it; a plain negated past ("did not meet")
    // stays the act, negated.
    if (m.negated && tw.kind != TriggerKind::kSpeech &&
        (refusal || m.modality == Modality::kPlanned) && RootClass(m.code) >= "03" &&
        RootClass(m.code) <= "08") {
      const std::string_view root_now = RootClass(m.code);
      recode_as_said(root_now == "04"   ? cameo::kRejectMeeting
                     : root_now == "08" ? cameo::kRefuseToYield
                                        : cameo::kReject);
      m.negated = false;
    }
    // A cooperative act announced for the future ("will support the
    // resolution", "will give Tanzania a grant", "said they will release")
    // is an intent to do it (CAMEO 03x); meetings keep their code, planned,
    // so that the meeting announced and the meeting held are one event.
    if (!m.negated && tw.kind != TriggerKind::kSpeech && m.modality == Modality::kPlanned) {
      const std::string_view r = RootClass(m.code);
      const std::string_view intent = r == "05"   ? cameo::kIntentDiplomaticCooperation
                                      : r == "06" ? cameo::kIntentMaterialCooperation
                                      : r == "07" ? cameo::kIntentToProvideAid
                                      : r == "08" ? cameo::kIntentToYield
                                                  : std::string_view();
      if (!intent.empty()) recode_as_said(intent);
    }
    // A hostile act announced for the future ("said they would boycott",
    // "has sworn to fight", "will withdraw its monitors unless ...") is a
    // threat, as CAMEO codes it: protest 133, sanctions 131, halting talks
    // 134, repression 137, force 138.
    if (!m.negated && tw.kind != TriggerKind::kSpeech &&
        (m.modality == Modality::kPlanned ||
         WithinNext(t, i >= 3 ? i - 3 : 0, i >= 3 ? 3 : i,
                    {"sworn", "swore", "vowed", "vows", "vow"}))) {
      const std::string_view r = RootClass(m.code);
      std::string_view threat;
      if (r == "14") threat = cameo::kThreatenDissent;
      if (r == "16")
        threat = m.code == cameo::kHaltNegotiations ? cameo::kThreatenToHaltTalks
                                                    : cameo::kThreatenNonForce;
      if (r == "17") threat = cameo::kThreatenRepression;
      if (r == "18" || r == "19" || r == "20") threat = cameo::kThreatenForce;
      if (!threat.empty()) recode_as_said(threat);
    }
    if (tw.kind != TriggerKind::kSpeech && speech_at != std::string::npos && speech_at < i &&
        m.modality != Modality::kHypothetical)
      m.modality = Modality::kReported;

    const bool passive =
        tw.past_participle && i > 0 &&
        IsOneOf(t[i - 1].lower, {"was", "were", "been", "being", "is", "are", "be"});
    size_t clause_end = t.size();
    for (size_t k = i + len; k < t.size(); ++k) {
      if (t[k].text == ";" || (IsSubordinator(t[k].lower) && k > i + len)) {
        clause_end = k;
        break;
      }
      if (k > i + len + 1 && t[k].word && !InsideEntity(s, k)) {
        TriggerHit next = FindTrigger(t, k);
        if (next && next.kind != TriggerKind::kNoun && t[k].lower != "meeting") {
          clause_end = k;
          break;
        }
      }
    }
    // The subject comes after the last subordinator before the trigger
    // when one names an actor ("after the union rejected").
    // (Not for nouns: "spoke after his meeting with X" is the speaker's.)
    size_t left_start = clause_start;
    for (size_t k = clause_start; k < i && !noun; ++k) {
      if (!IsSubordinator(t[k].lower)) continue;
      for (const auto& f : s.entities)
        if (f.begin > k && f.end <= i && IsActor(f.entity)) {
          left_start = k + 1;
          break;
        }
      // ("after he criticised the government": a subject we could not
      // resolve is still a subject.)
      for (size_t p = k + 1; p < i && p <= k + 2; ++p)
        if (IsOneOf(t[p].lower, {"he", "she", "they", "it"})) left_start = k + 1;
    }

    // Actors left and right of the trigger; places separately.
    std::vector<const Found*> left, right;
    // "Heritage, which owns 51% of POP's shares, said": a name inside a
    // relative clause is not the subject of the verb after it.
    for (const auto& f : s.entities) {
      if (!IsActor(f.entity)) continue;
      if (f.end <= i && f.begin >= left_start && (relative[i] || !relative[f.begin])) {
        // A lone unknown name acts only right before the action.
        if (f.weak && !Adjacent(t, f.end, i, 3)) continue;
        left.push_back(&f);
      }
      if (f.begin >= i + len && f.begin < clause_end) {
        const bool conjoined = !right.empty() && right.back()->end + 1 == f.begin &&
                               IsOneOf(t[right.back()->end].lower, {"and", ","});
        if (f.weak && !conjoined && !Adjacent(t, i + len, f.begin, 2) &&
            !IsOneOf(WordBefore(t, f.begin), {"from", "with", "to", "against"}))
          continue;
        right.push_back(&f);
      }
    }
    // "Ankara hosted talks": a capital right before the action is its
    // government, and the place.
    // ("Moscow was open to talks": also when an actor named earlier only
    // reports it.)
    std::optional<Found> capital;
    bool actor_adjacent = false;
    for (const Found* f : left) actor_adjacent |= Adjacent(t, f->end, i, 4);
    if (!actor_adjacent) {
      for (const auto& f : s.entities) {
        const bool at_start =
            f.begin == left_start || (f.begin == left_start + 1 && t[left_start].lower == "the");
        const bool subject = at_start || (Adjacent(t, f.end, i, 4) &&
                                          !IsOneOf(WordBefore(t, f.begin),
                                                   {"in", "at", "to", "from", "of", "for", "on"}));
        // ("his Istanbul meeting": a place modifying the noun is no actor.)
        const bool modifier = (noun && f.end == i) ||
                              (f.begin > 0 && IsOneOf(t[f.begin - 1].lower,
                                                      {"his", "her", "their", "its", "our", "a"}));
        if (f.entity.type == EntityType::kPlace && !f.entity.country.empty() && subject &&
            !modifier && f.end <= i && Adjacent(t, f.end, i, 4)) {
          if (const GazetteerEntry* c = g_.LookupCountry(f.entity.country)) {
            capital = f;
            capital->entity = MakeEntity(*c, f.entity.text);
            if (m.code == cameo::kHostVisit) m.location = f.entity;  // "Ankara hosted talks"
            left.clear();
            left.push_back(&*capital);
          }
        }
      }
    }
    // Right-hand actors after "at"/"in" are places, not targets ("talks in
    // Singapore"), unless the action is a visit; "on"/"from" name the
    // target only for the actions that take them ("sanctions on Russia", "a
    // proposal from Hamas"). An actor that goes on to speak (", the military
    // said") is no target, nor is a possessive before a person ("Kim's
    // right-hand man Kim Yong Chol").
    const std::string_view root = RootClass(m.code);
    std::vector<const Found*> targets;
    for (const Found* f : right) {
      // The preposition before the target, unless it belongs to the trigger ("called on").
      const size_t prep = PrepositionIndex(t, f->begin);
      const std::string before = prep != std::string::npos && prep >= i + len ? t[prep].lower : "";
      bool blocked = IsOneOf(before, {"at", "in", "from", "on", "by"});
      if (m.code == cameo::kMakeVisit && f->entity.type == EntityType::kCountry && before != "from")
        blocked = false;
      // "fired tear gas at protesters", "shot at soldiers".
      if (before == "at" && (root == "17" || root == "19") &&
          f->entity.type != EntityType::kCountry && f->entity.type != EntityType::kPlace)
        blocked = false;
      if (before == "on" && (root == "16" || root == "19" || root == "13" || root == "17"))
        blocked = false;
      if (before == "from" &&
          (m.code == cameo::kBreakRelations || m.code == cameo::kExpelOrWithdraw))
        blocked = false;
      // "invited Kim to Russia": where to, not whom.
      if (before == "to" && prep > i + len && t[i].lower.starts_with("invit")) blocked = true;
      if (before == "from" && f->begin >= 2 &&
          WithinNext(t, f->begin >= 4 ? f->begin - 4 : 0, 3,
                     {"proposal", "offer", "bid", "plan", "request", "demand"}))
        blocked = false;
      // (", officials in Tokyo said": past the place too.)
      size_t after = f->end;
      if (after < t.size() && t[after].lower == "in")
        for (++after; after < t.size() && t[after].capitalized; ++after) {
        }
      if (blocked || IsSpeechAt(t, f->end) || IsSpeechAt(t, after)) continue;
      if (f->possessive) {
        bool person_follows = false;
        for (const Found* g : right)
          person_follows |=
              g->begin >= f->end && g->begin - f->end <= 8 && g->entity.type == EntityType::kPerson;
        if (person_follows) continue;
      }
      targets.push_back(f);
    }
    // The subject: an actor right before the action ("..., and Israel
    // struck back"), else the first actor of the clause; conjoined subjects
    // ("Boeing and Airbus signed") from the first of them.
    const Found* src = nullptr;
    size_t src_index = 0;
    for (size_t k = left.size(); k-- > 0 && !noun;) {
      const std::string before = WordBefore(t, left[k]->begin);
      if (IsOneOf(before, {"at", "in", "of", "from", "with", "for", "to", "on", "by"})) continue;
      if (Adjacent(t, left[k]->end, i, 4)) {
        src_index = k;
        while (src_index > 0 && !Conjuncts(t, left, left[src_index - 1]).empty() &&
               Conjuncts(t, left, left[src_index - 1]).front() == left[src_index])
          --src_index;
        src = left[src_index];
        break;
      }
    }
    if (!src && !left.empty()) src = left.front();
    std::vector<const Found*> more_sources =
        src ? Conjuncts(t, left, src) : std::vector<const Found*>{};
    const Found* tgt = targets.empty() ? nullptr : targets.front();
    // "he canceled it, following a meeting with X": a pronoun object is the
    // target; a name further on belongs to something else.
    if (i + len < t.size() && IsOneOf(t[i + len].lower, {"it", "them"}) && !noun) tgt = nullptr;
    if ((noun || tw.kind == TriggerKind::kWithVerb) && tgt) {
      // "meeting with X": X must follow "with" (possibly after adjectives).
      size_t with = i + len;
      while (with < t.size() && with < tgt->begin && t[with].lower != "with" &&
             t[with].lower != "between")
        ++with;
      if (with >= tgt->begin || with > i + len + 3) tgt = nullptr;
    }
    std::vector<const Found*> more_targets =
        tgt ? Conjuncts(t, targets, tgt) : std::vector<const Found*>{};
    const bool mutual =
        m.symmetric || root == "04" ||
        IsOneOf(t[i].lower, {"fought", "fight", "fights", "clashed", "clash", "exchanged",
                             "exchange", "swapped", "swap", "traded", "trade", "trades"});
    if (passive) {
      // "Kim was met by Trump": the actor after "by" is the source; without
      // one ("claims had been rejected") nobody is named as acting.
      const Found* by = nullptr;
      for (const Found* f : right)
        if (WordBefore(t, f->begin) == "by") {
          by = f;
          break;
        }
      if (!by) return std::nullopt;
      tgt = src;
      src = by;
      more_sources.clear();
      more_targets.clear();
    } else if ((noun || t[i].lower.ends_with("ing") || !src) &&
               WithinNext(t, i + len, 4, {"between"}) && targets.size() >= 2 &&
               WordBefore(t, targets[0]->begin) == "between") {
      src = targets[0];
      tgt = targets[1];
      more_targets.clear();
      more_sources.clear();
    } else if (!tgt && mutual && !more_sources.empty()) {
      // "Pompeo and Kim Yong Chol enter a second day of meetings": the pair,
      // unless another action stands between ("A and B met ... to prepare
      // the summit").
      bool action_between = false;
      for (size_t k = more_sources.front()->end; k < i; ++k)
        action_between |= t[k].word && FindTrigger(t, k);
      if (!action_between || !noun) {
        tgt = more_sources.front();
        more_sources.clear();
      }
    }
    // "After meeting Emmanuel Macron in Paris, Keir Starmer flew ...": the
    // subject of the main clause.
    if (!src && i > 0 && t[i].lower.ends_with("ing") && IsSubordinator(t[i - 1].lower)) {
      size_t comma = i + len;
      while (comma < t.size() && t[comma].text != ",") ++comma;
      for (const auto& f : s.entities)
        if (f.begin > comma && IsActor(f.entity)) {
          src = &f;
          break;
        }
    }
    if (!src) return std::nullopt;
    m.source = src->entity;
    // "The two prime ministers signed ...": the pair.
    if (!tgt && src->pair_second) m.target = *src->pair_second;
    if (src->place) m.location = *src->place;
    if (tgt) m.target = tgt->entity;
    // "accused Washington", "talks with Kyiv": a capital as the object is its
    // government (visits, aid and attacks take places as they are, below).
    if (!tgt && m.code != cameo::kMakeVisit && m.code != cameo::kProvideAid && root != "19") {
      for (const auto& f : s.entities) {
        if (f.entity.type != EntityType::kPlace || f.entity.country.empty() || f.begin < i + len ||
            f.begin >= clause_end)
          continue;
        const bool object = Adjacent(t, i + len, f.begin, 0) || WordBefore(t, f.begin) == "with";
        if (!object) continue;
        if (const GazetteerEntry* c = g_.LookupCountry(f.entity.country))
          if (c->canonical != m.source.canonical) m.target = MakeEntity(*c, f.entity.text);
        break;
      }
    }
    // "expelled two diplomats, accusing them of spying": the object of the
    // previous action.
    if (!tgt && i + len < t.size() && IsOneOf(t[i + len].lower, {"them", "it"}) &&
        out->size() > first_out && !out->back().target.empty())
      m.target = out->back().target;
    // "Israel struck back": at whoever acted before in the sentence.
    if (m.target.empty() && i + len < t.size() && t[i + len].lower == "back" &&
        out->size() > first_out && out->back().source.canonical != m.source.canonical)
      m.target = out->back().source;
    // Killing is coded as force only when soldiers or fighters do it.
    if (IsOneOf(t[i].lower, {"kill", "kills", "killed", "killing"}) &&
        m.source.role != "military" && m.source.role != "rebel")
      return std::nullopt;
    // Workers striking is a labour strike.
    if (m.code == cameo::kUseForce && IsOneOf(t[i].lower, {"strike", "strikes"}) &&
        (m.source.canonical == "workers" || m.source.canonical == "union")) {
      type = FindActionType(cameo::kStrikeOrBoycott);
      m.code = std::string(type->code);
      m.type = std::string(type->name);
    }
    // Police clashing with protesters is a riot, not a battle.
    if (m.code == cameo::kUseForce &&
        IsOneOf(t[i].lower, {"clash", "clashes", "clashed", "clashing"}) &&
        m.source.canonical == "protesters") {
      type = FindActionType(cameo::kRiot);
      m.code = std::string(type->code);
      m.type = std::string(type->name);
    }

    // Place: "at/in <place>" anywhere in the clause (also "on" for attacks),
    // else a place right before the trigger ("his White House meeting").
    for (const auto& f : s.entities) {
      if (f.begin < clause_start || f.begin >= clause_end || relative[f.begin]) continue;
      const std::string before = WordBefore(t, f.begin);
      const size_t prep_at = PrepositionIndex(t, f.begin);
      const bool town_of =
          before == "of" && prep_at != std::string::npos && prep_at > 0 &&
          IsOneOf(t[prep_at - 1].lower, {"town", "city", "village", "region", "province", "port"});
      bool prep = before == "at" || before == "in" || before == "through" || before == "across" ||
                  town_of || (before == "on" && root == "19") ||
                  (before == "to" && (m.code == cameo::kMakeVisit || m.code == cameo::kProvideAid ||
                                      m.code == cameo::kIntentToMeet));
      // Places and countries; an institution only as "at the State Department".
      bool place = f.entity.type == EntityType::kPlace || f.entity.type == EntityType::kCountry ||
                   (f.entity.type == EntityType::kOrganisation && before == "at");
      if (!place) continue;
      // "his White House meeting": a place (not a country, which would be
      // an actor: "China accused ...") right before the trigger.
      bool adjacent = f.end == i && f.entity.type == EntityType::kPlace;
      bool is_actor = f.entity.canonical == m.source.canonical ||
                      (!m.target.empty() && f.entity.canonical == m.target.canonical);
      if ((prep || adjacent) && !is_actor) {
        // "at the United Nations in New York": the city, not the institution.
        if (!m.location.empty() && m.location.type != EntityType::kOrganisation &&
            f.entity.type == EntityType::kOrganisation)
          continue;
        // "visited Kyiv", "sent aid to Gaza": the place is whom it is for.
        if (m.target.empty() && f.entity.type == EntityType::kPlace && f.begin > i &&
            (m.code == cameo::kMakeVisit || m.code == cameo::kProvideAid) &&
            (Adjacent(t, i + len, f.begin, 1) || before == "to")) {
          if (m.code == cameo::kMakeVisit) {
            if (const GazetteerEntry* c = g_.LookupCountry(f.entity.country))
              m.target = MakeEntity(*c, f.entity.text);
            m.location = f.entity;
          } else {
            m.target = f.entity;
          }
          continue;
        }
        if (before == "to" && m.code != cameo::kIntentToMeet) continue;
        const bool had_institution = m.location.type == EntityType::kOrganisation;
        m.location = f.entity;
        // "in northern Nigeria's Zamfara state": the place within the country.
        if (f.entity.type == EntityType::kCountry && IsPossessive(t, f.end)) {
          for (const auto& inner : s.entities)
            if (inner.begin == f.end + 1 && inner.entity.type == EntityType::kPlace)
              m.location = inner.entity;
        }
        if (prep && f.begin > i && (f.entity.type != EntityType::kOrganisation || had_institution))
          break;
      }
    }
    // A visit names the country visited even without a preposition
    // ("visited Kyiv on Tuesday").
    if (m.code == cameo::kMakeVisit && m.target.empty()) {
      for (const auto& f : s.entities)
        if (f.entity.type == EntityType::kPlace && f.begin >= i + len &&
            Adjacent(t, i + len, f.begin, 1))
          if (const GazetteerEntry* c = g_.LookupCountry(f.entity.country)) {
            m.target = MakeEntity(*c, f.entity.text);
            m.location = f.entity;
            break;
          }
    }
    // "shelled Kharkiv", "bombed Gaza City": a place right after the attack.
    if (root == "19" && m.target.empty()) {
      for (const auto& f : s.entities)
        if (f.entity.type == EntityType::kPlace && f.begin >= i + len &&
            Adjacent(t, i + len, f.begin, 0)) {
          m.target = f.entity;
          if (m.location.empty()) m.location = f.entity;
          break;
        }
    }
    // An attack on a place names no other target: the place is the target
    // ("drones hit a refinery in Ryazan"), seas and oceans excepted.
    if (root == "19" && m.target.empty() && !m.location.empty()) {
      const std::string& name = m.location.canonical;
      if (!name.ends_with("Sea") && !name.ends_with("Ocean") && !name.ends_with("Gulf"))
        m.target = m.location;
    }
    if (tw.kind == TriggerKind::kSpeech) m.target = Entity{};
    // The dictionary's verbs code without a target, except encounters,
    // cooperation and aid read from the bare verb, which CAMEO codes between
    // two parties ("arrived", "talked", "delivered planes" with nobody named
    // are none; "peacekeeping troops arrived" is a pattern's aid). Intents
    // and investigations without a counterpart stay: PLOVER's coders code
    // them.
    if (m.target.empty() && tw.kind != TriggerKind::kSpeech &&
        (tw.from_dictionary ? !tw.by_pattern && IsOneOf(RootClass(m.code), {"04", "06", "07"})
                            : type->needs_target))
      return std::nullopt;
    // "Syria will withdraw its troops": the actor acting on its own forces
    // names no other party.
    if (!m.target.empty() && m.source.canonical == m.target.canonical) {
      if (type->needs_target && !tw.from_dictionary) return std::nullopt;
      m.target = Entity{};
    }

    // Time: the first expression in the clause that dates it, outside
    // relative clauses.
    std::vector<TimeExpression> times =
        FindTimeExpressions(t, ref_, m.modality == Modality::kPlanned, s.anchor);
    m.time =
        time_point_cast<std::chrono::milliseconds>(std::chrono::floor<std::chrono::days>(ref_));
    for (const auto& te : times) {
      if (te.attributive || te.token_begin < clause_start || te.token_begin >= clause_end ||
          relative[te.token_begin])
        continue;
      m.time = te.value;
      m.time_granularity = te.granularity;
      m.time_basis = TimeBasis::kText;
      break;
    }
    if (tw.kind == TriggerKind::kSpeech) {
      // A statement: its speaker is the subject right before "said".
      size_t from = src->end;
      while (from < i && (!t[from].word || relative[from])) ++from;  // ", who ..., said"
      if (passive || !Adjacent(t, from, i, 8)) return std::nullopt;
      m.target = Entity{};
      if (t[i].lower == "told" && tgt && tgt->begin == i + 1) m.target = tgt->entity;
      return m;
    }
    // One event per conjoined actor: "Boeing and Airbus signed deals with
    // Saudi Arabia", "accused Israeli and Hamas leaders".
    const EventMention main = m;
    out->push_back(std::move(m));
    auto add = [&](EventMention e) {
      if (e.source.canonical == e.target.canonical) return;
      for (size_t k = first_out; k < out->size(); ++k)
        if ((*out)[k].code == e.code && (*out)[k].source.canonical == e.source.canonical &&
            (*out)[k].target.canonical == e.target.canonical)
          return;
      out->push_back(std::move(e));
    };
    for (const Found* extra : more_targets) {
      EventMention e = main;
      e.target = extra->entity;
      add(std::move(e));
    }
    for (const Found* extra : more_sources) {
      EventMention e = main;
      e.source = extra->entity;
      add(std::move(e));
    }
    return std::nullopt;
  }

  const Gazetteer& g_;
  const Lexicon* lexicon_;
  Timestamp ref_;
  std::vector<SentenceInfo> sentences_;
  std::map<std::string, Entity> persons_;
  std::map<std::string, int> person_counts_;
  // Last and first name word of each person named in full -> canonical name.
  std::unordered_map<std::string, std::string> by_last_word_, by_first_word_;
};

}  // namespace

std::string EntityKey(const Entity& e) {
  std::string k = e.canonical;
  for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

namespace {

// A "sentence" longer than this (text without punctuation, a pasted table)
// is cut at spaces into pieces of about this size, so the work per sentence
// stays bounded and a hostile 10 MB item costs time linear in its size.
constexpr size_t kMaxSentenceBytes = 1500;

// Sentence spans of `text`, long ones cut as above.
std::vector<Span> ExtractionSentences(std::string_view text) {
  std::vector<Span> out;
  for (Span s : SplitSentences(text)) {
    while (s.end - s.begin > kMaxSentenceBytes) {
      size_t cut = text.rfind(' ', s.begin + kMaxSentenceBytes);
      if (cut == std::string_view::npos || cut <= s.begin) cut = s.begin + kMaxSentenceBytes;
      // Never inside a UTF-8 sequence.
      while (cut > s.begin && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      if (cut <= s.begin) cut = s.begin + kMaxSentenceBytes;
      out.push_back({s.begin, cut});
      s.begin = cut;
      while (s.begin < s.end && text[s.begin] == ' ') ++s.begin;
    }
    if (s.end > s.begin) out.push_back(s);
  }
  return out;
}

}  // namespace

std::vector<EventMention> Extractor::Extract(const std::vector<std::string>& paragraphs,
                                             const std::vector<int>& weights, Timestamp reference,
                                             std::vector<Entity>* entities) const {
  ArticleExtraction a(*gazetteer_, lexicon_, reference);
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    int w = p < weights.size() ? weights[p] : 1;
    const std::string& text = paragraphs[p];
    for (const Span& s : ExtractionSentences(text))
      a.AddSentence(text.substr(s.begin, s.end - s.begin), w);
  }
  std::vector<EventMention> out = a.Finish();
  if (entities) *entities = a.Entities();
  return out;
}

}  // namespace newsd

namespace newsd {

Analysis Extractor::Analyze(std::string_view text, Timestamp reference) const {
  ArticleExtraction a(*gazetteer_, lexicon_, reference);
  // Paragraphs are separated by blank lines; offsets are kept.
  size_t pos = 0;
  while (pos < text.size()) {
    size_t next = text.find("\n\n", pos);
    size_t end = next == std::string_view::npos ? text.size() : next;
    std::string_view para = text.substr(pos, end - pos);
    for (const Span& s : ExtractionSentences(para))
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
