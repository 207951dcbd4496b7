#include "pipeline/dictionary_trigger.h"

#include <algorithm>

#include "pipeline/taxonomy.h"
#include "pipeline/words.h"

namespace newsd {

// "the authority to seize", "reluctant to engage", "troops to ensure
// security": an infinitive after a noun or adjective says what something
// is for or would be, not what anyone did. After a verb ("agreed to
// grant"), a word of plan or will ("plans to", "ready to"), a form of "be"
// ("is to meet") or a named object ("urged Iran to withdraw") it is the
// act the sentence reports, with the modality read later.
bool IsHeadOfNamedPhrase(const Lexicon& lexicon, const std::vector<Token>& t, size_t i) {
  const std::string& w = t[i].lower;
  const int noun = lexicon.NounFrequency(w);
  if (i == 0 || w.ends_with("ed") || noun == 0) return false;
  // A word WordNet saw more often as a verb is one ("In Washington Bush
  // says"); "-ing" forms have no verb lemma of their own spelling.
  if (!w.ends_with("ing")) {
    int verb = lexicon.Frequency(w, PartOfSpeech::kVerb);
    if (w.ends_with("s"))
      verb = std::max(verb, lexicon.Frequency(w.substr(0, w.size() - 1), PartOfSpeech::kVerb));
    if (verb >= noun) return false;
  }
  size_t k = i, capitals = 0, commas = 0;
  while (k > 0 && i - k < 8) {
    const Token& b = t[k - 1];
    if (b.word && b.capitalized) {
      ++capitals;
    } else if (b.text == "," || b.text == ".") {
      commas += b.text == ",";
    } else {
      break;
    }
    --k;
  }
  if (capitals == 0 || k == 0 || !t[k - 1].word || t[k].text == "," || t[i - 1].text == ".")
    return false;
  const std::string& before = t[k - 1].lower;
  // After an article the name may be a subject ("The FBI says", "the U.S.
  // hopes"): the word heads the phrase when the business wire's place
  // stands between ("the Glen Ridge, N.J., concern") or a verb follows it
  // ("the Reiss request was"). Across commas only then: "In Gaza, Israel
  // strikes" is a clause.
  if (IsOneOf(before, {"the", "a", "an"})) {
    if (commas > 0) return commas == 2 && t[i - 1].text == ",";
    return i + 1 < t.size() && t[i + 1].word && !t[i + 1].capitalized &&
           (IsOneOf(t[i + 1].lower, {"was", "were", "is", "are", "has", "had", "have", "will",
                                     "would", "could", "may", "might"}) ||
            lexicon.verbs().IsVerbForm(t[i + 1].lower)) &&
           !lexicon.verbs().IsVerbForm(w);
  }
  return commas == 0 && IsOneOf(before, {"in", "with", "of", "on", "at", "for", "from", "by",
                                         "into", "among", "than"});
}

bool IsPurposeInfinitive(const Lexicon& lexicon, const std::vector<Token>& t, size_t i) {
  if (i < 2 || t[i - 1].lower != "to" || !t[i - 2].word || t[i - 2].capitalized) return false;
  const std::string& g = t[i - 2].lower;
  if (IsOneOf(g,
              {"ready", "willing",  "prepared",  "able",  "eager",   "determined", "due",    "set",
               "plans", "plan",     "going",     "about", "pledge",  "promise",    "offer",  "bid",
               "move",  "decision", "agreement", "deal",  "vote",    "order",      "orders", "him",
               "her",   "them",     "it",        "us",    "me",      "is",         "are",    "was",
               "were",  "be",       "been",      "had",   "have",    "has",        "ought",  "used",
               "so",    "how",      "what",      "where", "whether", "and",        "or"}))
    return false;
  // "agreed to", "appeared to", "seeking to", "began to": a verb form.
  if (g.ends_with("ed") || g.ends_with("ing") || lexicon.verbs().IsVerbForm(g)) {
    if (!g.ends_with("s")) return false;
  }
  // A bare or -s form: a verb unless WordNet knows it mostly otherwise
  // ("wants to" is a verb; "forces to", "authority to" are nouns).
  std::string lemma = g;
  int verb = lexicon.Frequency(lemma, PartOfSpeech::kVerb);
  if (verb == 0 && lemma.size() > 3 && lemma.ends_with("s")) {
    lemma.pop_back();
    verb = lexicon.Frequency(lemma, PartOfSpeech::kVerb);
  }
  return verb == 0 || lexicon.NounFrequency(g) > verb ||
         lexicon.Frequency(lemma, PartOfSpeech::kAdjective) > verb;
}

TriggerHit DictionaryTrigger(const Lexicon& lexicon, const SentenceInfo& s, size_t i,
                             size_t clause_start, bool headline) {
  TriggerHit hit;
  const auto& t = s.tokens;
  if (!t[i].word || (t[i].capitalized && i > 0 && !headline) || InsideNounPhrase(s, i)) return hit;
  if (DecidedByTriggerTable(t[i].lower) || !lexicon.verbs().IsVerbForm(t[i].lower) ||
      !lexicon.ReadsAsVerb(t, i))
    return hit;
  if (IsPurposeInfinitive(lexicon, t, i)) return hit;
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
  std::vector<size_t> name_end(t.size(), 0);
  for (const Found& f : s.entities)
    if (IsActor(f.entity) || f.entity.type == EntityType::kPlace) name_end[f.begin] = f.end;
  VerbDictionary::Hit h = lexicon.verbs().Find(t, i, clause_start, clause_end, &name_end);
  // A block's default code covers WordNet synonyms of its head verb
  // ("go", "depart", "approach" under a consulting verb): too loose on its
  // own; a phrase pattern, the verb's own code or the head verb decides.
  // (The blocks of verbs of saying are the exception where the verb
  // reports speech: "announced that ...", "..., he stressed."; "announced
  // a commission", "declared a dividend" report what was done.)
  const size_t after = i + (h ? h.length : 1);
  const bool reports_speech =
      (after >= t.size() || IsOneOf(t[after].lower, {"that", ",", ".", "\"", "``", "on"}) ||
       t[after].text == "\xE2\x80\x9C") ||
      (i > 0 && (t[i - 1].text == "," || t[i - 1].text == "\"" || t[i - 1].text == "''"));
  const bool saying =
      reports_speech && IsOneOf(h.block, {"explain_verbal", "emphasize", "repeat", "decree"});
  // The compromise block lists mediating among its synonyms, with no code
  // of its own but in its patterns ("mediate between", "mediate in a
  // dispute"); mediating is what CAMEO's 045 names.
  if (h && !h.by_pattern && !h.own_code &&
      IsOneOf(h.lemma, {"mediate", "arbitrate", "intercede"})) {
    h.code = std::string(cameo::kMediate);
    h.own_code = true;
  }
  // (So, for praise, does an actor named right after the verb as its
  // object (not its possessor: "celebrated Pakistan's independence"):
  // "congratulated Sri Lanka", "commended the Kenyan president". Other
  // blocks' synonyms stay loose with a party as the object: "facing U.S.
  // troops", "assailed a neighbour", "leave Iraq".)
  auto actor_object = [&] {
    if (h.code != "051") return false;
    size_t k = after;
    while (k < t.size() && IsOneOf(t[k].lower, {"the", "his", "her", "its", "their", "new"})) ++k;
    if (k >= t.size() || name_end[k] == 0) return false;
    for (const Found& f : s.entities)
      if (f.begin == k)
        return IsActor(f.entity) && !f.pronoun && !f.possessive &&
               (!f.entity.code.empty() || !f.entity.country.empty());
    return false;
  };
  if (!h || (!h.by_pattern && !h.own_code && h.lemma != h.block && !saying && !actor_object()))
    return hit;
  // "engaged in talks", "joined in protests": a block's default yields to
  // the action a noun after "in" names (the table's noun is the event).
  if (!h.by_pattern && !h.own_code && after < t.size() && t[after].lower == "in")
    for (size_t k = after + 1; k < t.size() && k <= after + 3; ++k)
      if (TriggerHit noun = FindTrigger(t, k); noun && noun.kind == TriggerKind::kNoun) return hit;
  // "considering a merger", "considers the sanctions essential", "is
  // considered a citizen": weighing or regarding is no consultation, the
  // block head's default; only a pattern ("considered the proposal")
  // codes the verb. (Every "consider" the judged samples had was wrong.)
  if (h.block == "consider" && !h.by_pattern) return hit;
  // "he probably died within weeks": who died is a victim, not an actor,
  // and the block's default (190) names no fighting; its patterns do ("died
  // in clashes", "in a firefight", "after an assault").
  if (h.block == "die" && !h.by_pattern) return hit;
  const ActionType* type = FindActionTypeOrParent(h.code);
  if (!type) return hit;
  hit.length = h.length;
  hit.past_participle = h.past_participle;
  hit.kind =
      RootClass(type->code) == "01" && h.code != "014" ? TriggerKind::kSpeech : TriggerKind::kVerb;
  // "plans to meet", "decided to visit": verbs of intent and attempt are
  // the modality of the act that follows, which is the event ("offered
  // to", "pledged to" are acts of their own).
  if (i + h.length < t.size() && t[i + h.length].lower == "to" &&
      IsOneOf(h.lemma, {"plan", "intend", "expect", "hope", "want", "aim", "seek", "try", "decide",
                        "attempt", "desire", "wish", "prepare", "arrange"}))
    return hit;
  // "announced plans to travel", "unveiled a plan to spin off": what is
  // planned is the act (the infinitive's, planned), not an intent to
  // cooperate by the pattern's "plan".
  if (h.by_pattern)
    for (size_t k = i + h.length; k + 1 < t.size() && k <= i + h.length + 3; ++k)
      if (IsOneOf(t[k].lower, {"plan", "plans"}) && t[k + 1].lower == "to") return hit;
  const bool infinitive = i + h.length < t.size() && t[i + h.length].lower == "to";
  // "failed to reach agreement" rejects; "failed to report the plan",
  // "failed to come up with a winner" reject nothing: failing codes only
  // for a cooperative act (03-08) that did not happen.
  if (infinitive && h.lemma == "fail") {
    const size_t k = i + h.length + 1;
    std::string root;
    if (k < t.size()) {
      if (TriggerHit table = FindTrigger(t, k); table && table.type)
        root = std::string(RootClass(table.type->code));
      else if (VerbDictionary::Hit d = lexicon.verbs().Find(t, k, clause_start, clause_end); d)
        root = std::string(RootClass(d.code));
    }
    if (root < "03" || root > "08") return hit;
  }
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
  // should withdraw"). So with insisting: "insisted the goal isn't to
  // punish" states a view; "insisted that Iraq withdraw" demands.
  const std::string_view root_code = RootClass(type->code);
  if ((root_code == "02" || root_code == "10") && !h.by_pattern && !infinitive) {
    size_t from = i + h.length;
    // (A quotation may follow: `insisted, "The goal isn't ...`.)
    while (from < t.size() && !t[from].word && t[from].text != ";") ++from;
    for (size_t k = from; k < t.size() && k < from + 8; ++k) {
      if (t[k].text == "," || t[k].text == ";" || t[k].lower == "to") break;
      if (IsOneOf(t[k].lower, {"is", "was", "were", "are", "has", "had", "have", "might", "would",
                               "could", "may", "will", "can", "intend", "intends", "isn't",
                               "wasn't", "aren't", "weren't"})) {
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
