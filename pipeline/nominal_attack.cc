// Attacks a sentence reports by their noun, owned by the side that made
// them and aimed at a named party: "after Iran's attack on Israel", "the
// Russian invasion of Ukraine", "Israeli air strikes on Gaza". The owner
// is the source (its forces), the party after "on", "of" or "against" the
// target. An attack only feared, threatened or warned against is no
// event. Part of EventReader (pipeline/event_roles.h); pure.
#include <string_view>

#include "pipeline/event_roles.h"
#include "pipeline/taxonomy.h"
#include "pipeline/words.h"

namespace newsd {

namespace {

// The CAMEO code of the attack the noun at i names, or "".
std::string_view AttackNounCode(const std::vector<Token>& t, size_t i) {
  const std::string& w = t[i].lower;
  if (IsOneOf(w, {"attack", "attacks", "offensive", "assault", "raid", "raids", "incursion",
                  "incursions"}))
    return cameo::kUseForce;
  if (IsOneOf(w, {"invasion", "occupation"})) return cameo::kOccupyTerritory;
  if (w == "shelling") return cameo::kArtillery;
  if (IsOneOf(w, {"airstrike", "airstrikes", "bombing", "bombings", "bombardment"}))
    return cameo::kAerialWeapons;
  if (IsOneOf(w, {"strike", "strikes"})) {
    // ("a general strike" is a protest; an air or missile strike is not.)
    if (i > 0 && IsOneOf(t[i - 1].lower, {"air", "missile", "drone", "rocket"}))
      return cameo::kAerialWeapons;
    if (i > 0 && IsOneOf(t[i - 1].lower, {"military", "retaliatory", "cross-border"}))
      return cameo::kUseForce;
  }
  return {};
}

// Words between the owner and the noun: what kind of attack, and when.
bool AttackModifier(std::string_view w) {
  return IsOneOf(w, {"air",     "missile",     "drone",      "rocket",      "military",
                     "ground",  "naval",       "deadly",     "latest",      "overnight",
                     "weekend", "surprise",    "full-scale", "retaliatory", "cross-border",
                     "massive", "large-scale", "renewed",    "recent",      "first",
                     "second",  "new",         "brutal",     "unprovoked",  "illegal"});
}

// Words before the phrase that leave the attack feared, threatened, hoped
// to be prevented or only possible: no attack is reported.
bool Unreal(std::string_view w) {
  return IsOneOf(
      w, {"threat",   "threats",    "threaten", "threatened", "threatening", "fear",     "fears",
          "feared",   "fearing",    "risk",     "possible",   "potential",   "planned",  "imminent",
          "prevent",  "preventing", "deter",    "deterring",  "against",     "any",      "future",
          "expected", "likely",     "would",    "could",      "may",         "might",    "plan",
          "plans",    "avoid",      "warned",   "warning",    "warns",       "if",       "unless",
          "no",       "without",    "prepare",  "preparing",  "prepared",    "rumoured", "rumored",
          "alleged",  "allegedly",  "denied",   "denies",     "deny",        "called",   "calls",
          "urged",    "halt",       "stop",     "end",        "ending"});
}

}  // namespace

std::optional<EventMention> EventReader::NominalAttack(const SentenceInfo& s, size_t index,
                                                       size_t i, size_t clause_start,
                                                       const std::vector<bool>& relative) const {
  const auto& t = s.tokens;
  if (!t[i].word || (t[i].capitalized && i > 0)) return std::nullopt;
  const std::string_view code = AttackNounCode(t, i);
  if (code.empty()) return std::nullopt;
  // Back over the modifiers to the owner: a possessive actor ("Iran's"),
  // or a country or people named as the noun's adjective ("Russian", "the
  // Iran attack").
  size_t b = i;
  while (b > clause_start && i - b < 3 && t[b - 1].word && !t[b - 1].capitalized &&
         AttackModifier(t[b - 1].lower))
    --b;
  if (b > 0 && t[b - 1].text == "-") return std::nullopt;  // "U.S.-led attack": another's lead
  Entity owner;
  size_t owner_begin = b;
  if (b >= 2 && t[b - 1].text == "'s") {
    for (const Found& f : s.entities)
      if (f.end == b - 1 && IsActor(f.entity) && !f.pronoun && !f.entity.canonical.empty() &&
          (f.entity.type == EntityType::kCountry || !f.entity.country.empty() ||
           !f.entity.code.empty())) {
        owner = f.entity;
        owner_begin = f.begin;
      }
  } else if (const GazetteerEntry* c = CountryOrPeopleEndingAt(t, b, &owner_begin)) {
    owner = MakeEntity(*c, SpanText(s, owner_begin, b));
  }
  if (owner.empty()) return std::nullopt;
  // A country attacks with its forces (as in "Israeli troops").
  if (owner.type == EntityType::kCountry) {
    owner.type = EntityType::kGroup;
    owner.role = "military";
    owner.code.clear();
  }
  // ("fears of a Russian invasion", "warned against an Iranian attack":
  // the word that governs the phrase, over its article and preposition.)
  for (size_t k = owner_begin; k-- > clause_start && k + 4 > owner_begin;) {
    if (Unreal(t[k].lower)) return std::nullopt;
    if (!IsOneOf(t[k].lower, {"a", "an", "the", "of", "for", "to", "on"})) break;
  }
  // Forward: "on", "of" or "against", then the target.
  size_t k = i + 1;
  if (k >= t.size() || !IsOneOf(t[k].lower, {"on", "of", "against", "into"})) return std::nullopt;
  ++k;
  while (k < t.size() && IsOneOf(t[k].lower, {"the", "neighbouring", "neighboring"})) ++k;
  const Found* target = nullptr;
  for (const Found& f : s.entities)
    if (f.begin == k && IsActor(f.entity) && !f.pronoun && !f.entity.country.empty()) target = &f;
  if (!target || target->entity.country == owner.country) return std::nullopt;
  // "Egyptian air strikes on Libya could widen the war", "would retaliate
  // for a Syrian attack on Jordan": an attack in a clause of what may or
  // will be is one that has not happened.
  auto modal = [&](size_t k) {
    return IsOneOf(t[k].lower, {"will", "would", "could", "may", "might", "shall", "'ll"});
  };
  for (size_t k = target->end; k < t.size() && k < target->end + 3; ++k)
    if (modal(k)) return std::nullopt;
  for (size_t k = owner_begin; k-- > clause_start && k + 8 > owner_begin;)
    if (modal(k)) return std::nullopt;

  const ActionType* type = FindActionType(code);
  if (!type) return std::nullopt;
  TriggerHit hit;
  hit.type = type;
  hit.kind = TriggerKind::kNoun;
  const TriggerSite site{s, i, hit, true, clause_start, ClauseEnd(s, i, 1), relative};
  EventMention m = NounEvent(s, index, i, *type);
  m.source = owner;
  m.target = target->entity;
  AssignPlace(site, RootClass(m.code), m);
  AssignTime(site, m);
  return m;
}

}  // namespace newsd
