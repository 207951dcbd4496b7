#include "pipeline/gazetteer.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <unordered_set>

namespace newsd {

Entity MakeEntity(const GazetteerEntry& e, std::string text) {
  // (Code and sector are computed where the entity is written out, from
  // what the extractor has made of it by then: CameoActorCode.)
  return Entity{std::move(text), e.canonical, e.type, e.country, e.role, e.code, ""};
}

Entity MakeEntity(const GazetteerEntry& e, std::string text, Timestamp day) {
  Entity out = MakeEntity(e, std::move(text));
  if (e.terms.empty()) return out;
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(day)};
  const uint32_t d = static_cast<uint32_t>(static_cast<int>(ymd.year())) * 10000 +
                     static_cast<unsigned>(ymd.month()) * 100 + static_cast<unsigned>(ymd.day());
  // (The latest listed role held that day: the dictionary lists them in order.)
  const GazetteerEntry::Term* held = nullptr;
  for (const auto& term : e.terms)
    if (term.from <= d && (term.to == 0 || d <= term.to)) held = &term;
  if (!held || held->code.size() < 6) return out;
  out.code = held->code;
  // (An official of an organisation, "IGOUNO", acts for no country.)
  const std::string_view kind = std::string_view(held->code).substr(0, 3);
  if (kind != "IGO" && kind != "NGO" && kind != "IMG" && kind != "MNC")
    out.country = held->code.substr(0, 3);
  if (std::string role = RoleOfCameoSector(std::string_view(held->code).substr(3, 3));
      !role.empty())
    out.role = std::move(role);
  return out;
}

std::string CameoSector(const Entity& e) {
  if (!e.code.empty() && e.code.size() >= 6) {
    // "USAGOV" -> "GOV"; "IGOUNO" -> "IGO"; a multinational's code names
    // its home country after its sector ("MNCUSAMED" -> "MNC").
    if (e.code.starts_with("IGO") || e.code.starts_with("NGO") || e.code.starts_with("IMG") ||
        e.code.starts_with("MNC"))
      return e.code.substr(0, 3);
    return e.code.substr(3, 3);
  }
  static const std::pair<std::string_view, std::string_view> kRoles[] = {
      {"government", "GOV"}, {"military", "MIL"},  {"police", "COP"},      {"rebel", "REB"},
      {"opposition", "OPP"}, {"judiciary", "JUD"}, {"legislature", "LEG"}, {"business", "BUS"},
      {"media", "MED"},      {"civilian", "CVL"},  {"labour", "LAB"},      {"agriculture", "AGR"}};
  for (const auto& [role, sector] : kRoles)
    if (e.role == role) return std::string(sector);
  return "";
}

std::string CameoActorCode(const Entity& e) {
  if (!e.code.empty()) return e.code;
  if (e.country.empty()) return "";
  // A country as such is its code alone ("HUN"); its agents add a sector.
  if (e.type == EntityType::kCountry || e.type == EntityType::kPlace) return e.country;
  return e.country + CameoSector(e);
}

std::string Gazetteer::Key(const std::vector<Token>& tokens, size_t begin, size_t end) {
  std::string key;
  KeyPrefixes(tokens, begin, end, &key, nullptr);
  return key;
}

void Gazetteer::KeyPrefixes(const std::vector<Token>& tokens, size_t begin, size_t end,
                            std::string* key, std::vector<size_t>* prefix) {
  key->clear();
  if (prefix) prefix->clear();
  for (size_t i = begin; i < end; ++i) {
    if (tokens[i].word) {
      if (!key->empty()) key->push_back(' ');
      for (char c : tokens[i].lower)
        if (c != '.') key->push_back(c);  // "U.S." == "US"
    }
    if (prefix) prefix->push_back(key->size());
  }
}

std::string_view Gazetteer::FirstKey(const std::vector<Token>& tokens, size_t i,
                                     std::string* scratch) {
  const std::string& lower = tokens[i].lower;
  if (lower.find('.') == std::string::npos) return lower;
  KeyPrefixes(tokens, i, i + 1, scratch, nullptr);
  return *scratch;
}

void Gazetteer::AddAlias(std::string_view alias, size_t entry, bool demonym) {
  std::vector<Token> toks = Tokenize(alias);
  size_t words = 0;
  for (const auto& t : toks) words += t.word;
  if (words == 0) return;
  // "U.S." is both a name and a demonym of the United States: as a name it
  // can act alone ("the US rejected"), and qualifies groups all the same.
  const std::string key = Key(toks, 0, toks.size());
  if (auto it = aliases_.find(key);
      it != aliases_.end() && it->second.entry == entry && !it->second.demonym && demonym)
    return;
  aliases_.insert_or_assign(key, Alias{entry, demonym});
  for (size_t i = 0; i < toks.size(); ++i)
    if (toks[i].word) {
      size_t& longest = alias_starts_[Key(toks, i, i + 1)];
      longest = std::max(longest, toks.size() - i);
      break;
    }
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
      g.entries_.push_back(
          {common, EntityType::kCountry, c.value("alpha_3", ""), "government", ""});
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
      const std::string type_name = e.at("type").get<std::string>();
      GazetteerEntry entry{e.at("name").get<std::string>(), ParseEntityType(type_name),
                           e.value("country", ""), e.value("role", ""), ""};
      entry.seat = entry.type == EntityType::kPlace;
      if (entry.type == EntityType::kNone)
        return Status::ParseError("gazetteer: entity '" + entry.canonical + "' has unknown type '" +
                                  type_name + "'");
      // An entry naming an existing country extends it instead of duplicating it.
      size_t idx = g.entries_.size();
      if (const GazetteerEntry* existing = g.Lookup(entry.canonical);
          existing && existing->type == EntityType::kCountry &&
          entry.type == EntityType::kCountry) {
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
    if (e.type == EntityType::kCountry && !e.country.empty())
      g.countries_.insert_or_assign(e.country, i);
    if (e.type != EntityType::kPerson) continue;
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

namespace {

// A dated role's day, "080508" (yymmdd, years before 30 this century) or
// "20080508", as yyyymmdd; an empty side is 0 (open).
std::optional<uint32_t> ParseRoleDay(std::string_view v) {
  if (v.empty()) return 0u;
  if (v.size() != 6 && v.size() != 8) return std::nullopt;
  uint32_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint32_t>(c - '0');
  }
  if (v.size() == 6) n += (n / 10000 < 30 ? 2000 : 1900) * 10000;
  return n;
}

}  // namespace

namespace {

// "hungarian", "afghan", "chinese", "israeli", "turkish": the adjective
// forms among a country's names (the rest are variants and cities).
bool LooksLikeDemonym(std::string_view name) {
  if (name.find(' ') != std::string_view::npos) return false;
  for (std::string_view end : {"ian", "ans", "an", "ese", "ish", "i", "ic", "ean", "ene", "ot",
                               "ite", "ois", "ais", "ch", "ese"})
    if (name.size() > end.size() + 2 && name.ends_with(end)) return true;
  return false;
}

// "soviet union" -> "Soviet Union": the display name of a country the
// actor dictionary knows and iso-codes does not (its names are lower case).
std::string DisplayName(std::string_view lower) {
  std::string out(lower);
  bool word_start = true;
  for (size_t k = 0; k < out.size(); ++k) {
    if (word_start && out[k] >= 'a' && out[k] <= 'z' &&
        !(k > 0 && (lower.substr(k).starts_with("of ") || lower.substr(k).starts_with("and ") ||
                    lower.substr(k).starts_with("the "))))
      out[k] = static_cast<char>(out[k] - 'a' + 'A');
    word_start = out[k] == ' ' || out[k] == '-';
  }
  return out;
}

}  // namespace

std::string RoleOfCameoSector(std::string_view code) {
  code = code.substr(0, 3);
  static const std::pair<std::string_view, std::string_view> kSectors[] = {
      {"GOV", "government"}, {"MIL", "military"},   {"COP", "police"},      {"REB", "rebel"},
      {"OPP", "opposition"}, {"JUD", "judiciary"},  {"LEG", "legislature"}, {"BUS", "business"},
      {"MED", "media"},      {"CVL", "civilian"},   {"LAB", "labour"},      {"AGR", "agriculture"},
      {"ELI", "government"}, {"SPY", "government"}, {"INS", "rebel"},       {"PPL", "civilian"},
      {"REF", "civilian"},   {"UAF", "military"},   {"CRM", "criminal"}};
  for (const auto& [sector, role] : kSectors)
    if (code == sector) return std::string(role);
  return "";
}

Status Gazetteer::AddCameoActors(std::string_view text,
                                 const std::unordered_set<std::string>* demonym_adjectives) {
  size_t line_no = 0, pos = 0;
  auto error = [&](const std::string& what) {
    return Status::ParseError("actors.txt:" + std::to_string(line_no) + ": " + what);
  };
  struct Pending {
    std::string kind;
    std::vector<std::string> names;
    std::vector<std::string> codes;  // dated roles, in the file's order
    std::string undated;
    bool term = false;  // a role with a start date: a person's term of office
    std::vector<GazetteerEntry::Term> terms;
  } cur;
  auto flush = [&]() {
    if (!cur.undated.empty()) cur.codes.push_back(cur.undated);
    if (cur.names.empty() || cur.codes.empty()) return;
    // The undated code, else the one listed last (usually the latest role).
    std::string code = cur.codes.back();
    const bool is_country = cur.kind == "countries" && code.size() == 3;
    // (A region's code, "MEA" for the Middle East, "AFR", is no country.)
    std::string country = code.size() >= 3 && !code.starts_with("IGO") &&
                                  !code.starts_with("NGO") && !code.starts_with("IMG") &&
                                  !code.starts_with("MNC")
                              ? code.substr(0, 3)
                              : "";
    if (!country.empty() && !is_country && !countries_.contains(country)) country.clear();
    size_t entry = SIZE_MAX;
    if (is_country) {
      if (auto it = countries_.find(code); it != countries_.end()) {
        entry = it->second;
      } else {
        entries_.push_back(
            {DisplayName(cur.names.front()), EntityType::kCountry, code, "government", ""});
        entry = entries_.size() - 1;
        countries_[code] = entry;
      }
      for (size_t k = 0; k < cur.names.size(); ++k) {
        const std::string& n = cur.names[k];
        std::vector<Token> toks = Tokenize(n);
        if (aliases_.count(Key(toks, 0, toks.size()))) continue;
        if (LooksLikeDemonym(n) || (demonym_adjectives && demonym_adjectives->contains(n))) {
          AddAlias(n, entry, true);
        } else if (k == 0 || (n.find(' ') == std::string::npos && n.size() >= 4 &&
                              n.compare(0, 3, cur.names.front(), 0, 3) == 0)) {
          // The country's own name ("soviet union") and its misspellings
          // ("ethopia", "afganistan": one word, the name's first letters).
          AddAlias(n, entry, false);
        } else if (n.find(' ') == std::string::npos) {
          // A spelling variant of the country or one of its cities: the
          // cities are places of the country.
          entries_.push_back({n, EntityType::kPlace, code, "", ""});
          AddAlias(n, entries_.size() - 1, false);
        }
      }
      return;
    }
    EntityType type = EntityType::kPerson;
    // (The international file lists the officials of organisations too,
    // "kofi annan" IGOUNO for his term: a person, acting for it.)
    if (cur.kind == "international" && !cur.term && cur.undated != "ELI")
      type = EntityType::kOrganisation;
    if (cur.kind == "milnonstate") type = EntityType::kGroup;
    if (type == EntityType::kPerson && cur.names.front().find(' ') == std::string::npos) return;
    std::string role =
        code.size() >= 6 ? RoleOfCameoSector(std::string_view(code).substr(3, 3)) : "";
    if (type == EntityType::kGroup && role.empty()) role = "rebel";
    for (const std::string& n : cur.names) {
      std::vector<Token> toks = Tokenize(n);
      const std::string key = Key(toks, 0, toks.size());
      if (key.empty()) continue;
      if (auto known = aliases_.find(key); known != aliases_.end()) {
        // A name the gazetteer already has ("European Union") takes the
        // coders' code when it has none of its own, unless the code names
        // another country: "Ansar Allah", the Houthis' other name, is also
        // a Lebanese group's in the coders' lists.
        GazetteerEntry& e = entries_[known->second.entry];
        const bool other_country =
            !e.country.empty() && code.size() >= 3 && !code.starts_with(e.country);
        if (!known->second.demonym && e.code.empty() && e.type == type &&
            type != EntityType::kPerson && !other_country)
          e.code = code;
        continue;
      }
      // One-word names of people are too often other words; a name that
      // starts with "the" or holds a title ("us secretary of state") is a
      // role the titles of the gazetteer introduce, not a name.
      if (type == EntityType::kPerson && n.find(' ') == std::string::npos) continue;
      if (n.starts_with("the ")) continue;
      // ("President Bush" is kept: a title before the family name of a
      // person whose own name has no title.)
      bool titled = false;
      for (size_t k = 0; k < toks.size() && !titled; ++k)
        titled = toks[k].lower == "of" || title_starts_.count(Key(toks, k, k + 1)) > 0;
      if (type == EntityType::kPerson && titled) {
        const std::string& first = cur.names.front();
        const bool first_titled = first == n || first.find(" of ") != std::string::npos;
        const std::string surname = first.substr(first.rfind(' ') + 1);
        if (first_titled || toks.empty() || toks.back().lower != surname) continue;
      }
      if (entry == SIZE_MAX) {
        // Display names: "united nations" -> "United Nations".
        std::string canonical = cur.names.front();
        bool start = true;
        for (char& c : canonical) {
          if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
          start = c == ' ' || c == '-';
        }
        entries_.push_back({canonical, type, country, role, code});
        entry = entries_.size() - 1;
        if (type == EntityType::kPerson) entries_[entry].terms = cur.terms;
        // "President Bush": a family name stands for the person when the
        // people of that name are of one country.
        if (type == EntityType::kPerson) {
          std::vector<Token> ct = Tokenize(cur.names.front());
          for (size_t w = ct.size(); w-- > 0;)
            if (ct[w].word && ct[w].lower.size() > 2) {
              auto [it, fresh] = partial_names_.emplace(ct[w].lower, entry);
              if (!fresh && it->second != SIZE_MAX && it->second != entry &&
                  entries_[it->second].country != country)
                it->second = SIZE_MAX;
              break;
            }
        }
      }
      AddAlias(n, entry, false);
    }
  };
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line_no == 1) {
      if (line != "#format newsd-cameo-actors/1")
        return error(
            "not a newsd CAMEO actor file (first line must be #format newsd-cameo-actors/1)");
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    if (line.size() < 3 || line[1] != ' ') return error("unreadable line");
    std::string_view rest = line.substr(2);
    if (line[0] == 'a') {
      flush();
      cur = Pending{};
      size_t sp = rest.find(' ');
      if (sp == std::string_view::npos) return error("actor without names");
      cur.kind = std::string(rest.substr(0, sp));
      std::string_view names = rest.substr(sp + 1);
      while (!names.empty()) {
        size_t bar = names.find('|');
        std::string n(names.substr(0, bar));
        while (!n.empty() && n.back() == '_') n.pop_back();
        if (!n.empty()) cur.names.push_back(std::move(n));
        if (bar == std::string_view::npos) break;
        names.remove_prefix(bar + 1);
      }
    } else if (line[0] == 'c') {
      std::string_view code = rest.substr(0, rest.find(' '));
      if (code.size() < 3) return error("bad actor code");
      const bool dated = rest.find(' ') != std::string_view::npos;
      // An undated code is the actor's lasting identity and wins; among
      // dated roles the one listed last (the latest) does.
      if (!dated) {
        cur.undated = std::string(code);
      } else {
        cur.codes.emplace_back(code);
        const std::string_view range = rest.substr(rest.find(' ') + 1);
        cur.term |= !range.empty() && range.front() >= '0' && range.front() <= '9';
        // (A few of the coders' dates have a digit too many or too few,
        // "9008223": that role keeps no dates, as before dates were read.)
        const size_t dash = range.find('-');
        std::optional<uint32_t> from, to;
        if (dash != std::string_view::npos) {
          from = ParseRoleDay(range.substr(0, dash));
          to = ParseRoleDay(range.substr(dash + 1));
        }
        if (from && to) cur.terms.push_back({*from, *to, std::string(code)});
      }
    } else {
      return error(std::string("unknown line kind '") + line[0] + "'");
    }
  }
  flush();
  return Status::Ok();
}

Status Gazetteer::AddCameoAgents(std::string_view text) {
  size_t line_no = 0, pos = 0;
  auto add = [&](const std::string& phrase, const std::string& sector) {
    std::vector<Token> toks = Tokenize(phrase);
    if (toks.empty()) return;
    agents_.emplace(Key(toks, 0, toks.size()), sector);
    size_t& longest = agent_starts_[Key(toks, 0, 1)];
    longest = std::max(longest, toks.size());
  };
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    auto error = [&](const std::string& what) {
      return Status::ParseError("agents.txt:" + std::to_string(line_no) + ": " + what);
    };
    if (line_no == 1) {
      if (line != "#format newsd-cameo-agents/1")
        return error(
            "not a newsd CAMEO agent file (first line must be #format newsd-cameo-agents/1)");
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0 || tab + 1 >= line.size())
      return error("expected phrase<TAB>sector");
    std::string phrase(line.substr(0, tab));
    const std::string sector(line.substr(tab + 1));
    const bool exact = phrase.ends_with("_");
    while (!phrase.empty() && phrase.back() == '_') phrase.pop_back();
    add(phrase, sector);
    if (exact) continue;
    // Plurals, as the coders generate them: "rebel" -> "rebels",
    // "militia" -> "militias", "party" -> "parties", "man" -> "men".
    if (phrase.ends_with("man")) {
      add(phrase.substr(0, phrase.size() - 3) + "men", sector);
    } else if (phrase.ends_with("y") && phrase.size() > 2 &&
               std::string_view("aeiou").find(phrase[phrase.size() - 2]) ==
                   std::string_view::npos) {
      add(phrase.substr(0, phrase.size() - 1) + "ies", sector);
    } else if (phrase.ends_with("s") || phrase.ends_with("x") || phrase.ends_with("ch") ||
               phrase.ends_with("sh")) {
      add(phrase + "es", sector);
    } else {
      add(phrase + "s", sector);
    }
  }
  return Status::Ok();
}

size_t Gazetteer::MatchAgent(const std::vector<Token>& tokens, size_t i,
                             std::string* sector) const {
  if (i >= tokens.size() || !tokens[i].word) return 0;
  std::string key;
  auto start = agent_starts_.find(FirstKey(tokens, i, &key));
  if (start == agent_starts_.end()) return 0;
  const size_t limit = std::min(tokens.size(), i + start->second);
  std::vector<size_t> prefix;
  KeyPrefixes(tokens, i, limit, &key, &prefix);
  for (size_t end = limit; end > i; --end) {
    if (!tokens[end - 1].word) continue;
    auto it = agents_.find(std::string_view(key).substr(0, prefix[end - i - 1]));
    if (it != agents_.end()) {
      if (sector) *sector = it->second;
      return end - i;
    }
  }
  return 0;
}

NameMatch Gazetteer::MatchName(const std::vector<Token>& tokens, size_t i) const {
  NameMatch best;
  if (i >= tokens.size() || !tokens[i].word || !tokens[i].capitalized) return best;
  std::string key;
  auto start = alias_starts_.find(FirstKey(tokens, i, &key));
  if (start == alias_starts_.end()) return best;
  const size_t limit = std::min(tokens.size(), i + start->second);
  std::vector<size_t> prefix;
  KeyPrefixes(tokens, i, limit, &key, &prefix);
  for (size_t end = limit; end > i; --end) {
    if (!tokens[end - 1].word) continue;  // a name never ends in punctuation
    auto it = aliases_.find(std::string_view(key).substr(0, prefix[end - i - 1]));
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
  std::string key;
  if (!title_starts_.count(FirstKey(tokens, i, &key))) return 0;
  const size_t limit = std::min(tokens.size(), i + max_title_tokens_);
  std::vector<size_t> prefix;
  KeyPrefixes(tokens, i, limit, &key, &prefix);
  for (size_t end = limit; end > i; --end) {
    if (!tokens[end - 1].word) continue;
    auto it = titles_.find(std::string_view(key).substr(0, prefix[end - i - 1]));
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
    entries_.push_back({name, EntityType::kPlace, it->second.first, "", ""});
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

void Gazetteer::ForEachAlias(
    const std::function<void(std::string_view, const GazetteerEntry&)>& fn) const {
  for (const auto& [key, alias] : aliases_)
    if (!alias.demonym) fn(key, entries_[alias.entry]);
}

const GazetteerEntry* Gazetteer::Lookup(std::string_view name) const {
  std::vector<Token> toks = Tokenize(name);
  auto it = aliases_.find(Key(toks, 0, toks.size()));
  return it == aliases_.end() ? nullptr : &entries_[it->second.entry];
}

}  // namespace newsd
