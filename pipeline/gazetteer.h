// Names the extractor knows: countries (from Debian's iso-codes, read at
// start-up), and the project's own gazetteer (data/gazetteer.json): people,
// organisations, places, demonyms, aliases and transliteration variants, and
// the titles that introduce a name ("Secretary of State", "Mr").
//
// Built once, then read-only: safe to share between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/event.h"
#include "common/status.h"
#include "common/string_map.h"
#include "common/time.h"
#include "pipeline/text.h"

namespace newsd {

struct GazetteerEntry {
  std::string canonical;
  EntityType type = EntityType::kNone;
  std::string country;  // ISO 3166-1 alpha-3, or ""
  std::string role;     // government | military | ... or ""
  std::string code;     // CAMEO actor code ("IGOUNO", "HUNGOV"), or ""
  // A place whose name can stand for its country's government ("Ankara",
  // "the White House"): the gazetteer's own places, capitals and seats of
  // power; not the cities and regions of the dictionaries ("Milwaukee",
  // "Oviedo" speak only as companies and people).
  bool seat = false;
  // A person's dated roles from the coders' dictionary ("RUSGOV" from
  // 2008-05-08 on), days as yyyymmdd, `to` 0 when the role is still held.
  struct Term {
    uint32_t from = 0, to = 0;
    std::string code;
  };
  std::vector<Term> terms = {};
};

struct NameMatch {
  const GazetteerEntry* entry = nullptr;
  size_t length = 0;     // tokens matched
  bool demonym = false;  // matched an adjective form ("North Korean")
};

class Gazetteer {
 public:
  // `gazetteer_json`: the project's data/gazetteer.json. `iso3166_json`:
  // iso-codes' iso_3166-1.json, or empty to know only the gazetteer's
  // countries. Errors: kParseError naming what is malformed.
  static Result<Gazetteer> FromJson(std::string_view gazetteer_json, std::string_view iso3166_json);

  // Adds the regions of iso-codes' iso_3166-2.json (states, provinces,
  // regions, governorates, prefectures, republics...) as places of their
  // country. Names already known, names two countries share, names with
  // commas or apostrophes (transliterated forms such as "Amurskaja oblast'")
  // and compass words ("Central", "North") are left out. Call once after
  // FromJson. Errors: kParseError when the file is not iso-codes' format.
  Status AddSubdivisions(std::string_view iso3166_2_json);
  // Adds the actors of data/cameo/actors.txt (converted from the Phoenix
  // dictionaries): countries' spelling variants, demonyms and cities,
  // international organisations, armed non-state groups, and persons of
  // two or more words with their CAMEO codes. Names the gazetteer already
  // knows keep their entry. A country's one-word name is its demonym when
  // it has an adjective's ending ("afghan", "chinese") or is in
  // `demonym_adjectives` (WordNet's pertainyms: "soviet", "swiss").
  // Errors: kParseError naming the line.
  Status AddCameoActors(std::string_view actors_txt,
                        const std::unordered_set<std::string>* demonym_adjectives = nullptr);
  // Adds the agents of data/cameo/agents.txt (Phoenix role nouns and their
  // sectors: "landowner" CVL, "minister" GOV), singular and plural.
  // Errors: kParseError naming the line.
  Status AddCameoAgents(std::string_view agents_txt);
  // Longest agent noun starting at tokens[i] ("border guards"); 0 if none.
  // `sector` receives its CAMEO sector ("GOV", "MIL").
  size_t MatchAgent(const std::vector<Token>& tokens, size_t i, std::string* sector) const;
  // Longest name starting at tokens[i]; length 0 if none. The first token
  // must be capitalized.
  NameMatch MatchName(const std::vector<Token>& tokens, size_t i) const;
  // Longest title starting at tokens[i] ("Secretary of State"); 0 if none.
  // `role` receives the title's role.
  size_t MatchTitle(const std::vector<Token>& tokens, size_t i, std::string* role) const;
  // True when `name` is a place that stands for its government (`seat`).
  bool IsSeat(std::string_view name) const {
    const GazetteerEntry* e = Lookup(name);
    return e && e->type == EntityType::kPlace && e->seat;
  }
  // Entry for a name or alias typed by a user ("trump", "Kim Yong-chol").
  const GazetteerEntry* Lookup(std::string_view name) const;
  // Calls fn with every name and alias that is not a demonym, in its
  // lookup form (lower case, words split as Tokenize does, dots dropped),
  // and its entry. Unordered.
  void ForEachAlias(
      const std::function<void(std::string_view alias, const GazetteerEntry& entry)>& fn) const;
  // The one person whose family or given name is `word` ("Blinken",
  // "Wang"); nullptr when none or several are.
  const GazetteerEntry* LookupPartialName(std::string_view word) const;
  // The country with ISO 3166-1 alpha-3 code `alpha3`.
  const GazetteerEntry* LookupCountry(std::string_view alpha3) const;
  size_t size() const { return entries_.size(); }

 private:
  struct Alias {
    size_t entry;
    bool demonym;
  };
  void AddAlias(std::string_view alias, size_t entry, bool demonym);
  static std::string Key(const std::vector<Token>& tokens, size_t begin, size_t end);
  // The key of tokens [begin, end) in *key and, for each shorter span
  // [begin, e), the length of its key, a prefix of it, in (*prefix)[e -
  // begin - 1]: the keys of every candidate length built in one pass.
  static void KeyPrefixes(const std::vector<Token>& tokens, size_t begin, size_t end,
                          std::string* key, std::vector<size_t>* prefix);
  // The key of token i alone, without copying when it has no dot.
  static std::string_view FirstKey(const std::vector<Token>& tokens, size_t i,
                                   std::string* scratch);

  std::vector<GazetteerEntry> entries_;
  StringMap<Alias> aliases_;
  StringMap<std::string> titles_;  // key -> role
  StringMap<std::string> agents_;  // key -> sector
  // First word of every agent -> the most tokens of one starting with it.
  StringMap<size_t> agent_starts_;
  // First words of every alias and title: most tokens start neither, and
  // are rejected with one lookup instead of one per candidate length.
  // First word of every alias -> the most tokens of an alias starting with
  // it: most tokens start none and are rejected with one lookup, and a
  // match tries only the lengths some alias has.
  StringMap<size_t> alias_starts_;
  StringSet title_starts_;
  // First and last word of every person's canonical name -> entry, or
  // SIZE_MAX when several people share it.
  StringMap<size_t> partial_names_;
  std::unordered_map<std::string, size_t> countries_;  // alpha-3 -> entry
  std::unordered_map<std::string, std::string> alpha3_of_alpha2_;
  size_t max_title_tokens_ = 1;
};

// Entity value for a gazetteer entry seen as `text`.
Entity MakeEntity(const GazetteerEntry& e, std::string text);
// The same on `day`: a person's role held that day gives the code, country
// and role ("President Putin" in 2023 is RUSGOV, not the lasting RUSELI).
Entity MakeEntity(const GazetteerEntry& e, std::string text, Timestamp day);

// newsd's role for a CAMEO sector code ("GOV" -> "government", "MIL" ->
// "military"); "" when newsd has no role for it.
std::string RoleOfCameoSector(std::string_view sector);

// The CAMEO sector of an entity ("GOV", "MIL", "IGO"): from its actor code,
// else from its role; "" when neither says.
std::string CameoSector(const Entity& e);
// Its CAMEO actor code: the dictionary's when it has one, else country plus
// sector ("USAGOV"), the country alone for countries and places, "" when
// the country is unknown.
std::string CameoActorCode(const Entity& e);

}  // namespace newsd
