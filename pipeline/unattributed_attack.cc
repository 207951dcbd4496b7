// Attacks a sentence reports by their means, without naming who made them:
// "A roadside bomb killed two soldiers", "three civilians were killed in a
// car bombing". The news is the attack, its victims, place and time; CAMEO
// coders code it with no source actor, and so does newsd (source null),
// unless a country is named with the means ("Israeli air strikes").
#include <string_view>

#include "pipeline/event_roles.h"
#include "pipeline/gazetteer.h"
#include "pipeline/taxonomy.h"
#include "pipeline/words.h"

namespace newsd {

namespace {

// The verbs of harm an unattributed attack is reported with.
bool IsHarmVerb(std::string_view w) {
  return IsOneOf(w, {"kill", "kills", "killed", "wound", "wounds", "wounded", "injure", "injures",
                     "injured", "maim", "maimed"});
}

// The CAMEO code of an attack by its means, or "" for a word that names
// none. Bombs and blasts nobody is said to have set off are non-military
// bombing (183); shells and rockets artillery (194); air strikes aerial
// weapons (195); an attack, ambush or shooting unconventional violence (180).
std::string_view CodeOfMeans(std::string_view w) {
  if (IsOneOf(w,
              {"bomb", "bombs", "bombing", "bombings", "blast", "blasts", "explosion", "explosions",
               "grenade", "grenades", "landmine", "landmines", "mine", "mines", "bomber"}))
    return cameo::kNonMilitaryBombing;
  if (IsOneOf(w, {"shelling", "shell", "shells", "rocket", "rockets", "mortar", "mortars",
                  "artillery"}))
    return cameo::kArtillery;
  if (IsOneOf(w, {"airstrike", "airstrikes", "raid", "raids"})) return cameo::kAerialWeapons;
  if (IsOneOf(w, {"attack", "attacks", "ambush", "shooting", "gunfire"}))
    return cameo::kUnconventionalViolence;
  return {};
}

// The code of the means named by token k, or "": its own word, and "air
// strike(s)", "air raid(s)" aerial weapons whatever the second word alone
// would say.
std::string_view MeansCodeAt(const std::vector<Token>& t, size_t k) {
  if (k > 0 && IsOneOf(t[k - 1].lower, {"air", "drone", "missile"}) &&
      IsOneOf(t[k].lower, {"strike", "strikes", "raid", "raids"}))
    return cameo::kAerialWeapons;
  return CodeOfMeans(t[k].lower);
}

// "killed in an Israeli strike", "a military strike": a strike alone is a
// use of force when a country or armed force makes it (a strike by
// workers kills nobody); `by_country` says a country was named before it.
std::string_view StrikeCodeAt(const std::vector<Token>& t, size_t k, bool by_country) {
  if (!IsOneOf(t[k].lower, {"strike", "strikes"}) || k == 0) return {};
  if (by_country || IsOneOf(t[k - 1].lower, {"military", "naval", "artillery", "rocket"}))
    return cameo::kUseForce;
  return {};
}

// Words that may stand in the noun phrase of the means before its head:
// articles, numbers, quantities and what kind of attack it was.
bool OpensMeansPhrase(const Token& w) {
  return !w.word || w.lower.find_first_of("0123456789") != std::string::npos ||
         IsOneOf(w.lower, {"a",           "an",           "the",
                           "two",         "three",        "four",
                           "five",        "several",      "twin",
                           "another",     "new",          "suicide",
                           "car",         "truck",        "roadside",
                           "remote",      "controlled",   "remote-controlled",
                           "powerful",    "huge",         "massive",
                           "deadly",      "minefield",    "land",
                           "bomb",        "mortar",       "rocket",
                           "grenade",     "gun",          "armed",
                           "militant",    "apparent",     "suspected",
                           "coordinated", "series",       "of",
                           "air",         "pipe",         "parcel",
                           "letter",      "booby-trapped"}) ||
         IsOneOf(w.lower, {"drone", "missile", "military", "naval"});
}

}  // namespace

std::optional<EventMention> EventReader::UnattributedAttack(const TriggerSite& site,
                                                            const EventMention& m) const {
  const auto& t = site.s.tokens;
  const size_t i = site.i;
  if (site.noun || !IsHarmVerb(t[i].lower)) return std::nullopt;
  // The means and the victims: before and after the verb when it is active
  // ("A car bomb killed three soldiers"), the other way round when it is
  // passive ("Three soldiers were killed in a car bombing").
  size_t aux = i;
  while (aux > site.clause_start && IsAuxiliary(t[aux - 1].lower)) --aux;
  const bool passive = aux < i && t[i].lower.ends_with("ed") &&
                       IsOneOf(t[i - 1].lower, {"been", "was", "were", "be", "is", "are"});
  std::string_view code;
  size_t victims_from = 0, victims_to = 0;
  // "Israeli air strikes", "by Russian shelling": a country named in the
  // means' phrase made the attack, with its forces.
  Entity attacker;
  size_t attacker_begin = 0, attacker_end = 0;
  auto country_at = [&](size_t k) -> size_t {
    if (!attacker.empty()) return 0;
    const NameMatch nm = g_.MatchName(t, k);
    if (!nm.entry || nm.entry->type != EntityType::kCountry) return 0;
    attacker = MakeEntity(*nm.entry, "");
    attacker.type = EntityType::kGroup;
    attacker.role = "military";
    attacker.code.clear();
    attacker_begin = k;
    attacker_end = k + nm.length;
    return nm.length;
  };
  if (passive) {
    // "... were killed in/by a (suicide car) bombing".
    size_t k = i + 1;
    if (k >= t.size() || !IsOneOf(t[k].lower, {"in", "by", "when"})) return std::nullopt;
    for (++k; k < t.size() && k < i + 8 && code.empty(); ++k) {
      if (size_t n = country_at(k)) {
        k += n - 1;
        continue;
      }
      code = MeansCodeAt(t, k);
      if (code.empty()) code = StrikeCodeAt(t, k, !attacker.empty());
      if (code.empty() && !OpensMeansPhrase(t[k])) return std::nullopt;
    }
    // ("were killed by a", the text ending there: no means named.)
    if (code.empty()) return std::nullopt;
    victims_from = site.clause_start;
    victims_to = aux;
  } else {
    // The subject is the means, opened only by the words of its phrase:
    // "A car bomb near the central market on Friday killed".
    size_t head = site.clause_start;
    while (head < aux) {
      if (size_t n = country_at(head)) {
        head += n;
        continue;
      }
      if (!OpensMeansPhrase(t[head]) || !MeansCodeAt(t, head).empty()) break;
      ++head;
    }
    if (head >= aux) return std::nullopt;
    // The last of the means words is the head ("landmine explosion",
    // "car bomb attack").
    while (head + 1 < aux && !MeansCodeAt(t, head + 1).empty()) ++head;
    code = MeansCodeAt(t, head);
    if (code.empty()) return std::nullopt;
    // What follows the head up to the verb names where and when, no actor
    // ("Israeli air strikes killed": Israel attacked, as FindRoles reads).
    for (const auto& f : site.s.entities)
      if (f.begin >= site.clause_start && f.end <= aux && IsActor(f.entity) &&
          f.entity.type != EntityType::kPlace &&
          (attacker.empty() || f.begin < attacker_begin || f.end > attacker_end))
        return std::nullopt;
    for (size_t k = head + 1; k < aux; ++k)
      if (IsOneOf(t[k].lower, {"that", "which", "who", "by"}) || FindTrigger(t, k))
        return std::nullopt;
    victims_from = i + 1;
    victims_to = site.clause_end;
  }
  EventMention out = m;
  const ActionType* type = FindActionType(code);
  if (!type) return std::nullopt;
  out.code = std::string(type->code);
  out.type = std::string(type->name);
  out.symmetric = false;
  out.source = attacker;
  if (!attacker.empty())
    out.source.text = site.s.text.substr(
        t[attacker_begin].span.begin, t[attacker_end - 1].span.end - t[attacker_begin].span.begin);
  out.target = Entity{};
  for (const auto& f : site.s.entities)
    if (f.begin >= victims_from && f.end <= victims_to && IsActor(f.entity) &&
        f.entity.type != EntityType::kPlace && f.entity.canonical != attacker.canonical &&
        !f.weak && !IsOneOf(WordBefore(t, f.begin), {"in", "at", "near", "outside", "from"})) {
      out.target = f.entity;
      break;
    }
  AssignPlace(site, RootClass(out.code), out);
  // An attack on nobody named, nowhere named, says too little to follow.
  if (out.target.empty() && out.location.empty()) return std::nullopt;
  AssignTime(site, out);
  return out;
}

}  // namespace newsd
