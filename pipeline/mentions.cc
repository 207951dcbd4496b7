#include "pipeline/mentions.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "common/ascii.h"
#include "common/string_map.h"
#include "pipeline/triggers.h"
#include "pipeline/words.h"

namespace newsd {
namespace {

bool IsStopCapital(const std::string& lower) {
  static const StringSet kWords = {
      "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "their", "our",
      "this", "that", "these", "those", "there", "in", "on", "at", "after", "before", "but", "and",
      "or", "if", "what", "when", "while", "speaking", "hopefully", "according", "as", "also", "by",
      "for", "from", "with", "without", "to", "of", "top", "new", "former", "latest", "news",
      "good", "it's", "mr", "mrs", "ms", "dr", "senior", "reuters", "ap", "afp", "related", "read",
      "more", "continue", "photo", "video", "breaking", "update", "live", "analysis", "opinion",
      "however", "meanwhile", "earlier", "later", "today", "yesterday", "tomorrow", "monday",
      "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
      "march", "april", "may", "june", "july", "august", "september", "october", "november",
      "december", "rare", "historic", "first", "second", "opposition", "federal", "two", "three",
      "last", "next", "thousands", "hundreds", "dozens", "millions", "storm", "state", "several",
      "many", "some", "most", "only", "both", "all", "each", "every", "such", "other",
      // Conjunctions and discourse adverbs that open a sentence ("So Laura
      // Brandt said", "Neither Acme nor ...").
      "so", "thus", "yet", "still", "now", "then", "indeed", "instead", "nevertheless",
      "nonetheless", "moreover", "furthermore", "likewise", "otherwise", "hence", "besides",
      "neither", "nor", "either"};
  // ("We'll come back", "They're": a pronoun's contraction opens no name.)
  if (const size_t apostrophe = lower.find('\'');
      apostrophe != std::string::npos && apostrophe > 0 && apostrophe + 1 < lower.size())
    if (IsOneOf(std::string_view(lower).substr(0, apostrophe),
                {"we", "they", "i", "you", "he", "she", "it", "there"}))
      return true;
  return kWords.count(lower) > 0;
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

// An indefinite article opens the noun phrase that starts at token b, over
// the adjectives of rank ("a senior", "an unnamed high-ranking").
bool IndefiniteBefore(const std::vector<Token>& t, size_t b) {
  while (b > 0 && IsOneOf(t[b - 1].lower, {"senior", "top", "high-ranking", "ranking", "unnamed",
                                           "anonymous", "western", "european", "arab"}))
    --b;
  return b > 0 && IsOneOf(t[b - 1].lower, {"a", "an", "another", "one"});
}

// A protest follows the subject ending before token e: a verb of the
// protest class ("rioted", "are protesting") or "staged/began/continued
// (their) ... strike/protest" ("continued their hunger strike").
bool ProtestFollows(const std::vector<Token>& t, size_t e) {
  size_t k = e;
  while (k < t.size() && IsOneOf(t[k].lower, {"have", "has", "had", "are", "were", "is", "was",
                                              "also", "still", "again", "reportedly"}))
    ++k;
  if (k >= t.size()) return false;
  if (const TriggerHit h = FindTrigger(t, k); h && RootClass(h.type->code) == "14") return true;
  if (IsOneOf(t[k].lower, {"rioted", "rioting", "riot", "marched", "demonstrated"})) return true;
  if (!IsOneOf(t[k].lower, {"staged", "began", "begun", "continued", "continuing", "launched",
                            "held", "started"}))
    return false;
  for (size_t q = k + 1; q < t.size() && q <= k + 4; ++q)
    if (IsOneOf(t[q].lower, {"strike", "protest", "protests", "demonstration", "demonstrations",
                             "rally", "sit-in", "march", "riot", "riots"}))
      return true;
  return false;
}

const GroupNoun* FindGroupNoun(const std::string& w) {
  static const StringMap<GroupNoun> kNouns = {
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
      {"officers", {"military", "military", true, false}},
      {"forces", {"military", "military", false, false}},
      {"peacekeepers", {"military", "military", true, false}},
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
      {"side", {"government", "government", true, false}},
      {"sides", {"government", "government", true, false}},
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
      {"inmates", {"civilians", "civilian", true, false}},
      {"fundamentalists", {"fundamentalists", "opposition", true, false}},
      {"islamists", {"fundamentalists", "opposition", true, false}},
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

std::string TitleKey(const std::vector<Token>& t, size_t b, size_t e) {
  std::string key;
  for (size_t k = b; k < e; ++k) {
    if (!t[k].word) continue;
    if (!key.empty()) key.push_back(' ');
    key += t[k].lower;
  }
  return key;
}

}  // namespace

namespace {

// A firm's name joined by an ampersand that starts at t[i] ("Marks &
// Spencer", "Acme & Sons Inc"): up to three capitalised words, "&", a
// capitalised word, and in running text the capitalised words after it.
// `end` is i when none starts there.
struct AmpersandName {
  size_t ampersand = 0;
  size_t end = 0;
};

template <typename Stop>
AmpersandName FindAmpersandName(const std::vector<Token>& t, size_t i, bool headline,
                                const Stop& stop) {
  auto capital = [&](size_t k) { return k < t.size() && t[k].word && t[k].capitalized; };
  if (!capital(i) || stop(i) || (i > 0 && capital(i - 1))) return {i, i};
  size_t k = i;
  while (capital(k) && k < i + 3) ++k;
  if (k >= t.size() || t[k].text != "&" || !capital(k + 1)) return {i, i};
  size_t end = k + 2;
  while (!headline && capital(end) && !stop(end)) ++end;
  return {k, end};
}

}  // namespace

void MentionFinder::Scan(SentenceInfo& s) {
  const auto& t = s.tokens;
  // A mention is large (its entity, place and pair): grown once, not
  // moved at every doubling.
  s.entities.reserve(s.entities.size() + t.size() / 3 + 1);
  const bool headline = IsTitleCase(t);
  // A capitalised word that opens no name ("The", "Monday", "Because"),
  // except the ordinary words that begin one inside a sentence ("First
  // Boston", "Federal Express").
  auto stop = [&](size_t k) {
    return (IsStopCapital(t[k].lower) || IsSubordinator(t[k].lower)) &&
           !(k > 0 && t[k - 1].word && k + 1 < t.size() && t[k + 1].word && t[k + 1].capitalized &&
             IsOneOf(t[k].lower, {"first", "second", "federal", "state", "news"}));
  };
  std::string pending_role, pending_title;
  for (size_t i = 0; i < t.size();) {
    if (!t[i].word) {
      ++i;
      continue;
    }
    NameMatch m = g_.MatchName(t, i);
    // "Procter & Gamble", "Johnson & Johnson", "AT&T": capitalised words
    // joined by an ampersand name one firm, whatever a word of it names
    // alone, unless the dictionaries know the whole name. Countries and
    // places it joins are listed ("Britain & France agreed").
    auto land = [&](const NameMatch& n) {
      return n.length > 0 &&
             (n.entry->type == EntityType::kCountry || n.entry->type == EntityType::kPlace);
    };
    if (const auto [ampersand, end] = FindAmpersandName(t, i, headline, stop);
        end > i && m.length < end - i && !land(m) && !land(g_.MatchName(t, ampersand + 1))) {
      Found f{Entity{SpanText(s, i, end), SpanText(s, i, end), EntityType::kOrganisation, "",
                     pending_role, "", ""},
              i, end};
      f.title = pending_title;
      pending_role.clear();
      pending_title.clear();
      f.possessive = IsPossessive(t, f.end);
      Push(s, std::move(f));
      i = end;
      continue;
    }
    // "northern Ireland police": a region whose compass word is written in
    // lower case is still the region's name.
    if (m.length == 0 && !t[i].capitalized && i + 1 < t.size() && t[i + 1].capitalized &&
        IsOneOf(t[i].lower, {"northern", "southern", "eastern", "western"}))
      if (const GazetteerEntry* e = g_.Lookup(t[i].lower + " " + t[i + 1].lower);
          e && (e->type == EntityType::kCountry || e->type == EntityType::kPlace)) {
        m.entry = e;
        m.length = 2;
      }
    // "Austin Okonkwo", "Oviedo Ramirez": a one-word town of the coders'
    // country lists before a capitalised word no dictionary knows begins
    // a person's name.
    const bool town_then_name =
        m.length == 1 && !m.demonym && m.entry->type == EntityType::kPlace && !m.entry->seat &&
        i + 1 < t.size() && t[i + 1].word && t[i + 1].capitalized && !headline &&
        !IsStopCapital(t[i + 1].lower) && g_.MatchName(t, i + 1).length == 0 &&
        g_.MatchTitle(t, i + 1, nullptr) == 0 && !IsOrgWord(t[i + 1].lower);
    if (town_then_name) m = NameMatch{};
    if (m.length > 0) {
      // "James A. Baker III", "Martin Luther King Jr.": a generational
      // suffix belongs to the person's name, and is no name of its own.
      if (m.entry->type == EntityType::kPerson && i + m.length < t.size() &&
          IsOneOf(t[i + m.length].lower, {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}))
        ++m.length;
      Found f{MakeEntity(*m.entry, SpanText(s, i, i + m.length), day_), i, i + m.length, m.demonym};
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
        Found f{
            Entity{SpanText(s, i - 1, i + title_len), "", EntityType::kPerson, "", role, "", ""},
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
        Found f{Entity{SpanText(s, i, e + 1), "", EntityType::kPerson, "", "", "", ""}, i, e + 1};
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
      Found f{Entity{SpanText(s, i, i + 2), "rebels", EntityType::kGroup, "", "rebel", "", ""}, i,
              i + 2};
      f.group = true;
      s.entities.push_back(std::move(f));
      i += 2;
      continue;
    }
    // "resumed military talks", "approved police funding": right after a
    // verb, a group word before a noun modifies that noun, the verb's
    // object, and names no actor.
    if (FindGroupNoun(t[i].lower) && lexicon_ && i > 0 && i + 1 < t.size() && t[i + 1].word &&
        !t[i + 1].capitalized && lexicon_->NounFrequency(t[i + 1].lower) > 0 &&
        !IsPreposition(t[i + 1].lower) && !IsDeterminer(t[i + 1].lower) &&
        !IsOneOf(t[i + 1].lower, {"to", "and", "or", "who", "that", "which", "as"}) &&
        (!lexicon_->verbs().IsVerbForm(t[i + 1].lower) ||
         FindTrigger(t, i + 1).kind == TriggerKind::kNoun || !lexicon_->ReadsAsVerb(t, i + 1)) &&
        !t[i - 1].capitalized && lexicon_->verbs().IsVerbForm(t[i - 1].lower) &&
        lexicon_->ReadsAsVerb(t, i - 1)) {
      ++i;
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
        Found f{Entity{SpanText(s, i, i + n), SpanText(s, i, i + n), EntityType::kGroup, "",
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
        Found f{Entity{SpanText(s, i, verb), crowd, EntityType::kGroup, "", crowd_role, "", ""}, i,
                verb};
        f.group = true;
        s.entities.push_back(std::move(f));
        i = verb;
        continue;
      }
    }
    if (t[i].capitalized && !headline && !stop(i) && !FindTrigger(t, i)) {
      size_t j = i;
      while (j < t.size() && t[j].word && t[j].capitalized && !stop(j) &&
             (g_.MatchName(t, j).length == 0 || (j == i && town_then_name)) &&
             (j == i || g_.MatchTitle(t, j, nullptr) == 0 ||
              // "Defence Secretary Tom King has": a title word that ends a
              // name after one given name is a surname.
              (j == i + 1 && j + 1 < t.size() && !t[j + 1].capitalized &&
               g_.MatchTitle(t, i, nullptr) == 0))) {
        ++j;
        // "Yong-hyun": a hyphen joins the next word to the name.
        while (j + 1 < t.size() && t[j].text == "-" && t[j + 1].word &&
               t[j].span.begin == t[j - 1].span.end && t[j + 1].span.begin == t[j].span.end)
          j += 2;
        // "James E. Ousley": a middle initial keeps its dot.
        if (j + 1 < t.size() && t[j].text == "." && t[j - 1].text.size() == 1 && t[j + 1].word &&
            t[j + 1].capitalized && t[j].span.begin == t[j - 1].span.end)
          ++j;
      }
      // "the BellSouth-LIN agreement", "the proposed Iran-Iraq accord": two
      // names hyphened into one before a noun name what it is about, and
      // neither acts.
      if (lexicon_ && j < t.size() && t[j].word && !t[j].capitalized && i > 0 &&
          IsOneOf(t[i - 1].lower, {"the", "a", "an", "proposed", "revised", "planned"}) &&
          !lexicon_->verbs().IsVerbForm(t[j].lower) &&
          (lexicon_->NounFrequency(t[j].lower) > 0 ||
           lexicon_->Frequency(t[j].lower, PartOfSpeech::kAdjective) > 0)) {
        // (Each half a name of its own: "ITAR-Tass", "Hewlett-Packard" are
        // one name.)
        auto known = [&](size_t k) {
          if (g_.MatchName(t, k).length == 1) return true;
          for (const auto& [words, entity] : companies_)
            if (words.front() == t[k].lower) return true;
          return false;
        };
        bool compound = false;
        for (size_t k = i + 1; k + 1 < j && !compound; ++k)
          compound = t[k].text == "-" && t[k + 1].capitalized && t[k - 1].capitalized &&
                     t[k + 1].text.size() > 1 && known(k - 1) && known(k + 1);
        if (compound) {
          pending_role.clear();
          pending_title.clear();
          i = j;
          continue;
        }
      }
      // "F-16 jets", "S-400 missiles", "MiG-29": a designation whose
      // hyphened part is a number names a model, not an actor.
      if (j >= i + 3 && t[j - 2].text == "-" &&
          std::isdigit(static_cast<unsigned char>(t[j - 1].text[0]))) {
        pending_role.clear();
        pending_title.clear();
        i = j;
        continue;
      }
      bool org = false;
      for (size_t k = i; k < j; ++k) org |= IsOrgWord(t[k].lower);
      if (!org && IsOccasionHead(t[j - 1].lower)) {
        pending_role.clear();
        pending_title.clear();
        i = j;
        continue;
      }
      const std::string before = WordBefore(t, i);
      const size_t prep_at = PrepositionIndex(t, i);
      const bool place_prep =
          before == "in" || before == "at" ||
          (before == "of" && prep_at != std::string::npos && prep_at > 0 &&
           IsOneOf(t[prep_at - 1].lower, {"town", "city", "village", "region", "province"}));
      if (j - i >= 2) {
        EntityType type = org ? EntityType::kOrganisation : EntityType::kPerson;
        if (place_prep && !org && pending_title.empty()) type = EntityType::kPlace;
        // ("Garvaghy Road", "Wall Street": a name ending in a word for a
        // street or a landmark is a place, not a person.)
        if (!org && pending_title.empty() &&
            IsOneOf(t[j - 1].lower,
                    {"road", "street", "avenue", "boulevard", "square", "lane", "bridge", "river",
                     "valley", "island", "islands", "mountains", "park", "airport", "stadium"}))
          type = EntityType::kPlace;
        Entity e{SpanText(s, i, j), SpanText(s, i, j), type, "", pending_role, "", ""};
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
            f.entity = MakeEntity(*p, t[i].text, day_);
            if (f.entity.role.empty()) f.entity.role = pending_role;
          }
          Push(s, std::move(f));
        } else if (i == 0 && lexicon_ &&
                   lexicon_->Frequency(t[i].lower, PartOfSpeech::kAdverb) >
                       lexicon_->NounFrequency(t[i].lower)) {
          // "Therefore, ...", "Meanwhile": an adverb opening the sentence.
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
  MergeInstitutionNames(s);
  MergeNamesEndingInHead(s);
  MergeCompanyNames(s);
  AbsorbAbbreviations(s);
  ResolveShortCompanyNames(s);
  AbsorbModifiers(s);
  MarkDateline(s);
  // "Palestinian Islamic Jihad", "the Serbian Workers' Union": a name that
  // begins with a demonym and has no country of its own is of that country.
  for (auto& f : s.entities) {
    if (!f.entity.country.empty() || f.end - f.begin < 2 ||
        (f.entity.type != EntityType::kOrganisation && f.entity.type != EntityType::kGroup))
      continue;
    // (The name's own words, one or two, matched alone.)
    for (size_t n = 1; n <= 2 && f.begin + n < f.end; ++n) {
      const std::vector<Token> head(t.begin() + static_cast<std::ptrdiff_t>(f.begin),
                                    t.begin() + static_cast<std::ptrdiff_t>(f.begin + n));
      const NameMatch m = g_.MatchName(head, 0);
      if (m.demonym && m.length == n && m.entry && !m.entry->country.empty()) {
        f.entity.country = m.entry->country;
        break;
      }
    }
  }
}

// "CAGUAS, Puerto Rico (AP)_ Kidnappers ...": the places before a wire
// service's mark say where the story was filed; they do not act.
void MentionFinder::MarkDateline(SentenceInfo& s) const {
  const auto& t = s.tokens;
  for (size_t k = 1; k + 2 < t.size() && k < 12; ++k) {
    if (t[k].text != "(" || t[k + 2].text != ")" ||
        !IsOneOf(t[k + 1].lower, {"ap", "reuters", "afp", "upi", "dpa", "xinhua", "cnn"}))
      continue;
    for (auto& f : s.entities)
      if (f.end <= k && (f.entity.type == EntityType::kCountry ||
                         f.entity.type == EntityType::kPlace || f.weak || f.candidate)) {
        f.entity.type = EntityType::kPlace;
        f.entity.role.clear();
      }
    std::erase_if(s.entities, [&](const Found& f) { return f.begin == k + 1; });
    return;
  }
}

void MentionFinder::AbsorbAbbreviations(SentenceInfo& s) {
  const auto& t = s.tokens;
  for (size_t n = 0; n < s.entities.size(); ++n) {
    const size_t e = s.entities[n].end;
    if (e + 2 >= t.size() || t[e].text != "(" || t[e + 2].text != ")" || !t[e + 1].word) continue;
    const std::string& abbr = t[e + 1].text;
    if (abbr.size() < 2 || abbr.size() > 8 ||
        abbr.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
      continue;
    Found& f = s.entities[n];
    if (f.entity.type == EntityType::kPlace || f.pronoun || f.end - f.begin < 2) continue;
    // (A name of its own inside the brackets, "the Kurdistan Workers' Party
    // (PKK)", keeps what the gazetteer knows of it.)
    std::erase_if(s.entities, [&](const Found& x) { return x.begin == e + 1; });
    Found& owner = s.entities[n];
    owner.end = e + 3;
    companies_.emplace_back(std::vector<std::string>{t[e + 1].lower}, owner.entity);
  }
}

// Full mentions seen in the article: surname and first-token lookups.
void MentionFinder::Push(SentenceInfo& s, Found f) {
  if (!f.candidate && f.entity.type == EntityType::kPerson) persons_->Note(f.entity);
  s.entities.push_back(std::move(f));
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
void MentionFinder::AbsorbModifiers(SentenceInfo& s) {
  const auto& t = s.tokens;
  auto& es = s.entities;
  // "Taliban forces", "Hamas fighters": the organisation acts; "a Moscow
  // court", "Kyiv authorities": the group acts there.
  for (size_t k = 0; k + 1 < es.size(); ++k) {
    Found& g = es[k + 1];
    // (Demonyms and "Israeli and Hamas leaders" are handled below.)
    if (!g.group || g.begin != es[k].end || es[k].demonym ||
        (es[k].begin > 0 && t[es[k].begin - 1].lower == "and") || IsStakeholder(t[g.end - 1].lower))
      continue;
    if (es[k].entity.type == EntityType::kOrganisation || es[k].entity.type == EntityType::kGroup) {
      es[k].end = g.end;
      es[k].entity.text = SpanText(s, es[k].begin, g.end);
      es[k].possessive = g.possessive;
      // ("Hezbollah guerrillas": the organisation acts through its armed men.)
      if (IsOneOf(g.entity.role, {"military", "rebel"})) es[k].entity.role = g.entity.role;
      es.erase(es.begin() + static_cast<std::ptrdiff_t>(k) + 1);
    } else if (es[k].entity.type == EntityType::kPlace) {
      g.place = es[k].entity;
      g.needs_modifier = false;  // "a Moscow court" is an actor
      // ("Northern Ireland police" are the United Kingdom's.)
      if (g.entity.country.empty()) g.entity.country = es[k].entity.country;
    }
  }
  // "the foreign ministry in Beijing", "officials in Tokyo", "rebels in
  // the Ivory Coast": a group without a country takes the one of the place
  // it is in.
  for (size_t k = 0; k + 1 < es.size(); ++k) {
    Found& g = es[k];
    const Found& p = es[k + 1];
    const bool in_place =
        g.end < t.size() && t[g.end].lower == "in" &&
        (p.begin == g.end + 1 || (p.begin == g.end + 2 && t[g.end + 1].lower == "the"));
    if (!g.group || !(g.needs_modifier || g.entity.country.empty()) ||
        (p.entity.type != EntityType::kPlace && p.entity.type != EntityType::kCountry) ||
        p.entity.country.empty() || !in_place)
      continue;
    // "Pakistani officials in Doha" are Pakistan's: a demonym or a
    // possessive country before the group decides.
    bool qualified = false;
    for (size_t q = 0; q < k; ++q)
      qualified |= (es[q].demonym || IsPossessive(t, es[q].end)) && es[q].end + 4 >= g.begin;
    if (qualified) continue;
    if (const GazetteerEntry* c = g_.LookupCountry(p.entity.country)) {
      if (!g.needs_modifier) {
        // ("Police in Paris": still the police, now France's; where they
        // act is the event's place.)
        g.entity.country = c->country;
        g.place = p.entity;
        continue;
      }
      std::string role = g.entity.role;
      g.entity = MakeEntity(*c, SpanText(s, g.begin, g.end));
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
    Found& o = es[k + 1];
    // "the Iraqi News Agency", "the Iraqi Oil Ministry": a demonym before
    // an organisation of several words that names no country makes it
    // that country's; the demonym is no actor of its own.
    if (c.demonym && !c.entity.country.empty() && o.begin == c.end &&
        o.entity.type == EntityType::kOrganisation && o.entity.country.empty() &&
        o.entity.code.empty() && o.end - o.begin >= 2 && IsOrgWord(t[o.end - 1].lower)) {
      o.entity.country = c.entity.country;
      for (size_t w = o.begin; w < o.end; ++w) {
        if (IsOneOf(t[w].lower, {"ministry", "department", "office", "cabinet"}))
          o.entity.role = "government";
        if (IsOneOf(t[w].lower, {"news", "radio", "television", "press", "broadcasting"})) {
          o.entity.role = "media";
          break;
        }
      }
      es.erase(es.begin() + static_cast<std::ptrdiff_t>(k));
      --k;
      continue;
    }
    const bool country =
        c.entity.type == EntityType::kCountry || (c.demonym && !c.entity.country.empty());
    const bool possessive = IsPossessive(t, c.end) && o.begin == c.end + 1;
    const bool institution_word =
        o.begin == c.end && o.end == o.begin + 1 &&
        IsOneOf(t[o.begin].lower, {"treasury", "army", "navy", "senate", "congress", "parliament",
                                   "cabinet", "pentagon", "military", "police"});
    if (!country || !(possessive || institution_word) ||
        (o.entity.type != EntityType::kOrganisation && !o.candidate) || !o.entity.country.empty() ||
        g_.Lookup(o.entity.canonical) != nullptr)
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
    c.entity.text = SpanText(s, c.begin, o.end);
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
    // "Kenyan-led forces", "U.S.-led troops": the forces the country leads
    // are its own.
    const bool led = (es[k].demonym || es[k].entity.type == EntityType::kCountry) &&
                     pos + 2 < t.size() && t[pos].text == "-" && t[pos + 1].lower == "led";
    if (led) pos += 2;
    if (!es[k].demonym && !led) {
      // "U.S. officials": a country's name right before a group noun; so
      // is a seat of its power before its officials ("a Pentagon
      // spokesman", "Kremlin officials"; "a Moscow court" is a court in
      // Moscow).
      const bool seat_of_officials = es[k].entity.type == EntityType::kPlace &&
                                     g_.IsSeat(es[k].entity.canonical) && k + 1 < es.size() &&
                                     es[k + 1].entity.role == "government";
      const bool attributive = (es[k].entity.type == EntityType::kCountry || seat_of_officials) &&
                               k + 1 < es.size() && es[k + 1].begin == pos && es[k + 1].group;
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
    const bool seat = f.entity.type == EntityType::kPlace && g_.IsSeat(f.entity.canonical);
    if (seat)
      if (const GazetteerEntry* c = g_.LookupCountry(f.entity.country))
        f.government = MakeEntity(*c, f.entity.text);
    if (f.entity.type == EntityType::kCountry || f.entity.type == EntityType::kOrganisation ||
        f.demonym || seat) {
      if (auto q = qualified_group(k)) {
        Found& g = es[*q];
        if (seat) {
          const GazetteerEntry* c = g_.LookupCountry(f.entity.country);
          if (!c) continue;
          f.entity = MakeEntity(*c, f.entity.text);
        }
        // The country acts through the group: keep the country's name,
        // the group's role. "Iranian police" -> Iran (police).
        // "a U.S. official said", "a senior Israeli diplomat": the unnamed
        // source of journalism speaks for the government, and is nobody the
        // article names.
        const bool unnamed_source =
            g.person_like && IndefiniteBefore(t, f.begin) &&
            IsOneOf(t[g.begin].lower, {"official", "spokesman", "spokeswoman", "diplomat"});
        const bool person = g.person_like && !unnamed_source;
        // ("Toyota's president", "Boeing's chief executive": a company's
        // officers are its business, whatever the title names elsewhere.)
        const std::string sector = CameoSector(f.entity);
        const bool company = f.entity.type == EntityType::kOrganisation &&
                             (f.entity.role == "business" || sector == "BUS" || sector == "MNC");
        f.entity.type = person ? EntityType::kPerson : EntityType::kGroup;
        f.entity.role = company ? "business" : g.entity.role;
        f.nominal = person;
        f.demonym = false;
        const bool adjacent_pair =
            *q > k + 1 && es[k + 1].begin > 0 && t[es[k + 1].begin - 1].lower == "and";
        if (!adjacent_pair) {
          f.entity.text = SpanText(s, f.begin, g.end);
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
        if (IsOneOf(t[i].lower, {"for",  "with",    "by",    "to",     "at",   "in",    "on",
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
    // "Bosnian Serbs", "Iraqi Kurds": a demonym before a people's plural
    // name is where that people lives, and whose the actor is.
    if (f.demonym && k + 1 < es.size() && !drop[k + 1] && es[k + 1].begin == f.end &&
        es[k + 1].end == es[k + 1].begin + 1 && t[es[k + 1].begin].lower.size() > 3 &&
        t[es[k + 1].begin].lower.ends_with("s") &&
        (es[k + 1].demonym || es[k + 1].entity.country.empty()) &&
        (es[k + 1].end >= t.size() || !t[es[k + 1].end].word || !t[es[k + 1].end].capitalized)) {
      if (const GazetteerEntry* c = g_.LookupCountry(f.entity.country)) {
        const std::string text = SpanText(s, f.begin, es[k + 1].end);
        f.entity = MakeEntity(*c, text);
        f.entity.type = EntityType::kGroup;
        f.entity.role = "civilian";
        f.demonym = false;
        f.end = es[k + 1].end;
        drop[k + 1] = true;
        continue;
      }
    }
    // "Palestinians blamed Israel", "ethnic Albanians demonstrated": a
    // plural demonym standing alone is the people of that country.
    if (f.demonym && f.end == f.begin + 1 && t[f.begin].lower.size() > 4 &&
        t[f.begin].lower.ends_with("s") &&
        (f.end >= t.size() || !t[f.end].word || !t[f.end].capitalized)) {
      std::string country = f.entity.country;
      // "ethnic Albanians demonstrated in Serbia": a minority is coded for
      // the country it lives in, when the clause names it.
      if (f.begin > 0 && t[f.begin - 1].lower == "ethnic")
        for (size_t q = k + 1; q < es.size(); ++q) {
          if (es[q].begin > f.end + 12) break;
          if ((es[q].entity.type == EntityType::kCountry ||
               es[q].entity.type == EntityType::kPlace) &&
              !es[q].entity.country.empty() && WordBefore(t, es[q].begin) == "in") {
            country = es[q].entity.country;
            break;
          }
        }
      if (const GazetteerEntry* c = g_.LookupCountry(country)) {
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
    // A group noun still waiting for its country is not an actor; its
    // words stay a noun phrase. People who protest act without one when
    // the sentence says where or against whom ("Inmates rioted over
    // food rations at a prison near Lima", "fundamentalists began a hunger strike to
    // press President X over a law"); "Citizens protested." alone
    // names nobody.
    if (es[k].group && es[k].needs_modifier && !es[k].person_like &&
        !IsOneOf(es[k].entity.role, {"military", "government", "business"}) &&
        ProtestFollows(t, es[k].end)) {
      bool context = false;
      for (size_t j = 0; j < es.size() && !context; ++j)
        context = j != k && !drop[j] && !(es[j].group && es[j].needs_modifier);
      if (context) es[k].needs_modifier = false;
    }
    // "The Pentagon said its aircraft had struck": "its" is the modifier
    // of a subject when an actor with a country stands before it to refer
    // to (coreference gives the group that country). ("Iran recalled its
    // ambassadors from Paris": an object stays a noun phrase.)
    const size_t after = es[k].end;
    if (es[k].group && es[k].needs_modifier && !es[k].person_like && es[k].begin > 0 &&
        IsOneOf(t[es[k].begin - 1].lower, {"its", "their"}) && after < t.size() &&
        (IsAuxiliary(t[after].lower) || (lexicon_ && lexicon_->verbs().IsVerbForm(t[after].lower) &&
                                         lexicon_->ReadsAsVerb(t, after))))
      for (const Found& o : kept)
        if (CanOwnForces(o)) es[k].needs_modifier = false;
    if (es[k].group && es[k].needs_modifier) {
      s.role_nouns.emplace_back(es[k].begin, es[k].end);
      continue;
    }
    kept.push_back(std::move(es[k]));
  }
  // "Sergei Lavrov, the Russian foreign minister, arrived ...", "Mark
  // Rutte, the NATO secretary general, ...": the description says who the
  // person is; it is no actor of its own. So for a company ("Acme Ltd.,
  // one of the companies owned by John Smith, said": Acme speaks).
  for (size_t k = 0; k < kept.size(); ++k) {
    const Found& p = kept[k];
    const bool organisation = p.entity.type == EntityType::kOrganisation;
    // (The full stop of "Ltd." or "Inc." stands between a company and its comma.)
    const size_t comma = p.end + (organisation && p.end < t.size() && t[p.end].text == "." ? 1 : 0);
    if ((p.entity.type != EntityType::kPerson && !organisation) || p.pronoun ||
        comma + 1 >= t.size() || t[comma].text != "," ||
        !(IsOneOf(t[comma + 1].lower, {"the", "a", "an"}) ||
          (organisation && t[comma + 1].lower == "one")))
      continue;
    const size_t longest = organisation ? 16 : 10;
    size_t close = comma + 2;
    while (close < t.size() && t[close].text != "," && !FindTrigger(t, close) &&
           close < comma + longest)
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
  // "U.S. allies objected", "Iran's neighbours": the country names whose
  // allies they are; the others act, and the phrase names none of them.
  std::vector<Found> actors;
  for (auto& f : kept) {
    const size_t n = f.end + (IsPossessive(t, f.end) ? 1 : 0);
    const bool relation =
        (f.entity.type == EntityType::kCountry || f.demonym ||
         f.entity.type == EntityType::kGroup || f.entity.type == EntityType::kOrganisation) &&
        n < t.size() &&
        IsOneOf(t[n].lower, {"allies", "ally", "neighbours", "neighbors", "neighbour", "neighbor",
                             "rivals", "enemies", "foes", "adversaries", "critics", "opponents"});
    if (relation) {
      s.role_nouns.emplace_back(f.begin, n + 1);
      continue;
    }
    actors.push_back(std::move(f));
  }
  es = std::move(actors);
}

}  // namespace newsd
