#include "pipeline/dictionary_trigger.h"

#include "pipeline/taxonomy.h"
#include "pipeline/words.h"

namespace newsd {

TriggerHit DictionaryTrigger(const Lexicon& lexicon, const SentenceInfo& s, size_t i,
                             size_t clause_start) {
  TriggerHit hit;
  const auto& t = s.tokens;
  if (!t[i].word || (t[i].capitalized && i > 0) || InsideEntity(s, i)) return hit;
  if (DecidedByTriggerTable(t[i].lower) || !lexicon.verbs().IsVerbForm(t[i].lower) ||
      !lexicon.ReadsAsVerb(t, i))
    return hit;
  size_t clause_end = t.size();
  // Patterns look within the clause: up to a subordinator, a relative
  // pronoun or a comma.
  for (size_t k = i + 1; k < t.size(); ++k)
    if (t[k].text == ";" || t[k].text == "," ||
        (k > i + 1 &&
         (IsSubordinator(t[k].lower) || IsOneOf(t[k].lower, {"that", "which", "who", "whom"})))) {
      clause_end = k;
      break;
    }
  std::vector<bool> actor_at(t.size(), false);
  for (const Found& f : s.entities)
    if (IsActor(f.entity) || f.entity.type == EntityType::kPlace) actor_at[f.begin] = true;
  VerbDictionary::Hit h = lexicon.verbs().Find(t, i, clause_start, clause_end, &actor_at);
  // A block's default code covers WordNet synonyms of its head verb
  // ("go", "depart", "approach" under a consulting verb): too loose on its
  // own; a phrase pattern, the verb's own code or the head verb decides.
  if (!h || (!h.by_pattern && !h.own_code && h.lemma != h.block)) return hit;
  const ActionType* type = FindActionTypeOrParent(h.code);
  if (!type) return hit;
  hit.length = h.length;
  hit.past_participle = h.past_participle;
  hit.kind = RootClass(type->code) == "01" ? TriggerKind::kSpeech : TriggerKind::kVerb;
  // "plans to meet", "decided to visit": verbs of intent and attempt are
  // the modality of the act that follows, which is the event ("offered
  // to", "pledged to" are acts of their own).
  if (i + h.length < t.size() && t[i + h.length].lower == "to" &&
      IsOneOf(h.lemma, {"plan", "intend", "expect", "hope", "want", "aim", "seek", "try", "decide",
                        "attempt", "desire", "wish", "prepare", "arrange"}))
    return hit;
  const bool infinitive = i + h.length < t.size() && t[i + h.length].lower == "to";
  // "declined to say", "refused to comment": declining comment (011), not
  // a rejection.
  if (infinitive && IsOneOf(h.lemma, {"decline", "refuse"}) && i + h.length + 1 < t.size() &&
      IsOneOf(t[i + h.length + 1].lower,
              {"say", "comment", "identify", "give", "disclose", "elaborate", "discuss", "name",
               "specify", "confirm", "reveal", "answer", "speculate", "provide"})) {
    type = FindActionType(cameo::kDeclineComment);
    h.code = std::string(cameo::kDeclineComment);
  }
  // "suggested Israel was willing", "suggested that they intend to": a
  // complement in the indicative reports a view (010); an appeal asks for
  // something not yet so ("suggested talks", "suggested that Israel
  // should withdraw").
  if (RootClass(type->code) == "02" && !h.by_pattern && !infinitive) {
    for (size_t k = i + h.length; k < t.size() && k < i + h.length + 8; ++k) {
      if (t[k].text == "," || t[k].text == ";" || t[k].lower == "to") break;
      if (IsOneOf(t[k].lower, {"is", "was", "were", "are", "has", "had", "have", "might", "would",
                               "could", "may", "will", "can", "intend", "intends"})) {
        type = FindActionType(cameo::kMakeStatement);
        h.code = std::string(cameo::kMakeStatement);
        hit.kind = TriggerKind::kSpeech;
        break;
      }
    }
  }
  // An intent (03x) is coded when the verb takes an infinitive ("offered
  // to", "pledged to") or a phrase pattern says so; a verb's bare default
  // ("analysts expect", "guidelines will determine") is no intent.
  if (RootClass(type->code) == "03" && !infinitive && !h.by_pattern) return TriggerHit{};
  hit.type = type;
  if (h.code != type->code) hit.code = h.code;
  hit.from_dictionary = true;
  hit.by_pattern = h.by_pattern;
  return hit;
}

}  // namespace newsd
