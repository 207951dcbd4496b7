#include "pipeline/gazetteer.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <unordered_set>

namespace newsd {

Entity MakeEntity(const GazetteerEntry& e, std::string text) {
  return Entity{std::move(text), e.canonical, e.type, e.country, e.role};
}

std::string Gazetteer::Key(const std::vector<Token>& tokens, size_t begin, size_t end) {
  std::string key;
  for (size_t i = begin; i < end; ++i) {
    if (!tokens[i].word) continue;
    if (!key.empty()) key.push_back(' ');
    for (char c : tokens[i].lower)
      if (c != '.') key.push_back(c);  // "U.S." == "US"
  }
  return key;
}

void Gazetteer::AddAlias(std::string_view alias, size_t entry, bool demonym) {
  std::vector<Token> toks = Tokenize(alias);
  size_t words = 0;
  for (const auto& t : toks) words += t.word;
  if (words == 0) return;
  aliases_.insert_or_assign(Key(toks, 0, toks.size()), Alias{entry, demonym});
  for (size_t i = 0; i < toks.size(); ++i)
    if (toks[i].word) {
      alias_starts_.insert(Key(toks, i, i + 1));
      break;
    }
  max_alias_tokens_ = std::max(max_alias_tokens_, toks.size());
}

Result<Gazetteer> Gazetteer::FromJson(std::string_view gazetteer_json,
                                      std::string_view iso3166_json) {
  Gazetteer g;
  if (!iso3166_json.empty()) {
    auto iso = nlohmann::json::parse(iso3166_json, nullptr, false);
    if (iso.is_discarded() || !iso.contains("3166-1"))
      return Status::ParseError("iso_3166-1.json: not the iso-codes format");
    for (const auto& c : iso["3166-1"]) {
      std::string common = c.value("common_name", c.value("name", ""));
      if (common.empty()) continue;
      g.entries_.push_back({common, "country", c.value("alpha_3", ""), "government"});
      g.alpha3_of_alpha2_[c.value("alpha_2", "")] = c.value("alpha_3", "");
      size_t idx = g.entries_.size() - 1;
      g.AddAlias(common, idx, false);
      std::string name = c.value("name", "");
      if (name.find(',') == std::string::npos) g.AddAlias(name, idx, false);
      if (c.contains("official_name"))
        g.AddAlias(c["official_name"].get<std::string>(), idx, false);
    }
  }
  auto j = nlohmann::json::parse(gazetteer_json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::ParseError("gazetteer: not a JSON object");
  try {
    for (const auto& e : j.value("entities", nlohmann::json::array())) {
      GazetteerEntry entry{e.at("name").get<std::string>(), e.at("type").get<std::string>(),
                           e.value("country", ""), e.value("role", "")};
      // An entry naming an existing country extends it instead of duplicating it.
      size_t idx = g.entries_.size();
      if (const GazetteerEntry* existing = g.Lookup(entry.canonical);
          existing && existing->type == "country" && entry.type == "country") {
        idx = static_cast<size_t>(existing - g.entries_.data());
      } else {
        g.entries_.push_back(entry);
        g.AddAlias(entry.canonical, idx, false);
      }
      for (const auto& a : e.value("aliases", nlohmann::json::array()))
        g.AddAlias(a.get<std::string>(), idx, false);
      for (const auto& a : e.value("demonyms", nlohmann::json::array()))
        g.AddAlias(a.get<std::string>(), idx, true);
    }
    const nlohmann::json titles = j.value("titles", nlohmann::json::object());
    for (const auto& [title, role] : titles.items()) {
      std::vector<Token> toks = Tokenize(title);
      g.titles_[Key(toks, 0, toks.size())] = role.get<std::string>();
      for (size_t i = 0; i < toks.size(); ++i)
        if (toks[i].word) {
          g.title_starts_.insert(Key(toks, i, i + 1));
          break;
        }
      g.max_title_tokens_ = std::max(g.max_title_tokens_, toks.size());
    }
  } catch (const nlohmann::json::exception& ex) {
    return Status::ParseError(std::string("gazetteer: ") + ex.what());
  }
  for (size_t i = 0; i < g.entries_.size(); ++i) {
    const GazetteerEntry& e = g.entries_[i];
    // The project's own entry (listed after iso-codes') names the country.
    if (e.type == "country" && !e.country.empty()) g.countries_.insert_or_assign(e.country, i);
    if (e.type != "person") continue;
    std::vector<Token> toks = Tokenize(e.canonical);
    std::vector<const Token*> words;
    for (const auto& t : toks)
      if (t.word) words.push_back(&t);
    if (words.size() < 2) continue;
    for (const Token* w : {words.front(), words.back()}) {
      auto [it, fresh] = g.partial_names_.emplace(w->lower, i);
      if (!fresh && it->second != i) it->second = SIZE_MAX;
    }
  }
  return g;
}

NameMatch Gazetteer::MatchName(const std::vector<Token>& tokens, size_t i) const {
  NameMatch best;
  if (i >= tokens.size() || !tokens[i].word || !tokens[i].capitalized) return best;
  if (!alias_starts_.count(Key(tokens, i, i + 1))) return best;
  size_t limit = std::min(tokens.size(), i + max_alias_tokens_);
  for (size_t end = limit; end > i; --end) {
    if (!tokens[end - 1].word) continue;  // a name never ends in punctuation
    auto it = aliases_.find(Key(tokens, i, end));
    if (it != aliases_.end()) {
      best.entry = &entries_[it->second.entry];
      best.length = end - i;
      best.demonym = it->second.demonym;
      return best;
    }
  }
  return best;
}

size_t Gazetteer::MatchTitle(const std::vector<Token>& tokens, size_t i, std::string* role) const {
  if (i >= tokens.size() || !tokens[i].word) return 0;
  if (!title_starts_.count(Key(tokens, i, i + 1))) return 0;
  size_t limit = std::min(tokens.size(), i + max_title_tokens_);
  for (size_t end = limit; end > i; --end) {
    if (!tokens[end - 1].word) continue;
    auto it = titles_.find(Key(tokens, i, end));
    if (it != titles_.end()) {
      if (role) *role = it->second;
      return end - i;
    }
  }
  return 0;
}

Status Gazetteer::AddSubdivisions(std::string_view iso3166_2_json) {
  auto j = nlohmann::json::parse(iso3166_2_json, nullptr, false);
  if (j.is_discarded() || !j.contains("3166-2"))
    return Status::ParseError("iso_3166-2.json: not the iso-codes format");
  static const std::unordered_set<std::string> kTypes = {"State",
                                                         "Province",
                                                         "Region",
                                                         "Governorate",
                                                         "Prefecture",
                                                         "Republic",
                                                         "Autonomous region",
                                                         "Autonomous province",
                                                         "Territory",
                                                         "Emirate",
                                                         "Administrative region",
                                                         "Autonomous republic",
                                                         "Federal district",
                                                         "Capital territory",
                                                         "Special administrative region",
                                                         "Country"};  // England, Scotland
  static const std::unordered_set<std::string> kCompass = {
      "central",    "north",     "south",     "east",      "west",       "northern",   "southern",
      "eastern",    "western",   "capital",   "coast",     "centre",     "center",     "upper",
      "lower",      "islands",   "island",    "lakes",     "north east", "north west", "south east",
      "south west", "northeast", "northwest", "southeast", "southwest",  "far north",  "mountain",
      "valley",     "plateau",   "littoral"};
  // First pass: how many countries use each name.
  std::unordered_map<std::string, std::pair<std::string, int>> names;  // key -> (alpha-3, count)
  for (const auto& sub : j["3166-2"]) {
    const std::string type = sub.value("type", "");
    const std::string name = sub.value("name", "");
    const std::string code = sub.value("code", "");
    if (!kTypes.count(type) || name.size() < 4 || code.size() < 2) continue;
    if (name.find_first_of(",'()/") != std::string::npos) continue;
    auto a3 = alpha3_of_alpha2_.find(code.substr(0, 2));
    if (a3 == alpha3_of_alpha2_.end()) continue;
    std::vector<Token> toks = Tokenize(name);
    const std::string key = Key(toks, 0, toks.size());
    if (key.empty() || kCompass.count(key) || aliases_.count(key)) continue;
    auto [it, fresh] = names.emplace(key, std::make_pair(a3->second, 1));
    if (!fresh && it->second.first != a3->second) ++it->second.second;
  }
  for (const auto& sub : j["3166-2"]) {
    const std::string name = sub.value("name", "");
    std::vector<Token> toks = Tokenize(name);
    auto it = names.find(Key(toks, 0, toks.size()));
    if (it == names.end() || it->second.second != 1) continue;  // ambiguous ("Punjab")
    entries_.push_back({name, "place", it->second.first, ""});
    AddAlias(name, entries_.size() - 1, false);
    names.erase(it);
  }
  return Status::Ok();
}

const GazetteerEntry* Gazetteer::LookupPartialName(std::string_view word) const {
  std::vector<Token> toks = Tokenize(word);
  if (toks.size() != 1) return nullptr;
  auto it = partial_names_.find(toks[0].lower);
  return it == partial_names_.end() || it->second == SIZE_MAX ? nullptr : &entries_[it->second];
}

const GazetteerEntry* Gazetteer::LookupCountry(std::string_view alpha3) const {
  auto it = countries_.find(std::string(alpha3));
  return it == countries_.end() ? nullptr : &entries_[it->second];
}

const GazetteerEntry* Gazetteer::Lookup(std::string_view name) const {
  std::vector<Token> toks = Tokenize(name);
  auto it = aliases_.find(Key(toks, 0, toks.size()));
  return it == aliases_.end() ? nullptr : &entries_[it->second.entry];
}

}  // namespace newsd
