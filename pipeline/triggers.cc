#include "pipeline/triggers.h"

#include <string>
#include <string_view>

#include "common/string_map.h"
#include "pipeline/time_words.h"
#include "pipeline/words.h"

namespace newsd {
namespace {

struct TriggerWord {
  const ActionType* type = nullptr;
  bool past_participle = false;
  TriggerKind kind = TriggerKind::kVerb;
};

// Verb forms "base|3rd person|past|past participle|-ing" (empty: not a
// trigger in that form) and the action they signal. Nouns list one form.
struct TriggerSpec {
  const char* forms;
  const char* code;
  TriggerKind kind;
};

const TriggerSpec kTriggerSpecs[] = {
    {"say|says|said|said|", "010", TriggerKind::kSpeech},
    {"tell|tells|told|told|", "010", TriggerKind::kSpeech},
    {"||stated|stated|", "010", TriggerKind::kSpeech},
    {"urge|urges|urged|urged|urging", "020", TriggerKind::kVerb},
    {"request|requests|requested|requested|requesting", "020", TriggerKind::kVerb},
    {"appeal|appeals|appealed|appealed|appealing", "020", TriggerKind::kVerb},
    {"agree|agrees|agreed|agreed|", "030", TriggerKind::kVerb},
    {"pledge|pledges|pledged|pledged|pledging", "030", TriggerKind::kVerb},
    {"promise|promises|promised|promised|", "030", TriggerKind::kVerb},
    {"invite|invites|invited|invited|inviting", "036", TriggerKind::kVerb},
    {"meet|meets|met|met|meeting", "040", TriggerKind::kVerb},
    {"meetings", "040", TriggerKind::kNoun},
    {"talks", "040", TriggerKind::kNoun},
    {"summit", "040", TriggerKind::kNoun},
    {"speak|speaks|spoke|spoken|speaking", "040", TriggerKind::kWithVerb},
    {"talk||talked|talked|talking", "040", TriggerKind::kWithVerb},
    {"visit|visits|visited|visited|visiting", "042", TriggerKind::kVerb},
    {"travel|travels|travelled|travelled|travelling", "042", TriggerKind::kVerb},
    {"||traveled|traveled|traveling", "042", TriggerKind::kVerb},
    {"host|hosts|hosted|hosted|hosting", "043", TriggerKind::kVerb},
    {"negotiate|negotiates|negotiated|negotiated|negotiating", "046", TriggerKind::kVerb},
    {"negotiations", "046", TriggerKind::kNoun},
    {"praise|praises|praised|praised|praising", "051", TriggerKind::kVerb},
    {"sign|signs|signed|signed|signing", "057", TriggerKind::kVerb},
    {"cooperate|cooperates|cooperated|cooperated|cooperating", "060", TriggerKind::kWithVerb},
    {"release|releases|released|released|releasing", "084", TriggerKind::kVerb},
    {"free|frees|freed|freed|freeing", "084", TriggerKind::kVerb},
    {"resign|resigns|resigned|resigned|resigning", "083", TriggerKind::kVerb},
    {"investigate|investigates|investigated|investigated|investigating", "090", TriggerKind::kVerb},
    {"probe|probes|probed|probed|probing", "090", TriggerKind::kVerb},
    {"demand|demands|demanded|demanded|demanding", "100", TriggerKind::kVerb},
    {"criticise|criticises|criticised|criticised|criticising", "111", TriggerKind::kVerb},
    {"criticize|criticizes|criticized|criticized|criticizing", "111", TriggerKind::kVerb},
    {"condemn|condemns|condemned|condemned|condemning", "111", TriggerKind::kVerb},
    {"denounce|denounces|denounced|denounced|denouncing", "111", TriggerKind::kVerb},
    {"accuse|accuses|accused|accused|accusing", "112", TriggerKind::kVerb},
    {"sue|sues|sued|sued|suing", "115", TriggerKind::kVerb},
    {"reject|rejects|rejected|rejected|rejecting", "120", TriggerKind::kVerb},
    {"veto|vetoes|vetoed|vetoed|vetoing", "120", TriggerKind::kVerb},
    {"threaten|threatens|threatened|threatened|threatening", "130", TriggerKind::kVerb},
    {"protest||protested|protested|protesting", "140", TriggerKind::kVerb},
    {"rally||rallied|rallied|", "140", TriggerKind::kVerb},
    {"march||marched|marched|marching", "140", TriggerKind::kVerb},
    {"demonstrate|demonstrates|demonstrated|demonstrated|demonstrating", "140", TriggerKind::kVerb},
    {"clash|clashes|clashed|clashed|clashing", "190", TriggerKind::kVerb},
    {"deploy|deploys|deployed|deployed|deploying", "150", TriggerKind::kVerb},
    {"sanction||sanctioned|sanctioned|sanctioning", "163", TriggerKind::kVerb},
    {"cancel|cancels|cancelled|cancelled|cancelling", "164", TriggerKind::kVerb},
    {"||canceled|canceled|canceling", "164", TriggerKind::kVerb},
    {"expel|expels|expelled|expelled|expelling", "166", TriggerKind::kVerb},
    {"||fined|fined|", "172", TriggerKind::kVerb},
    {"arrest|arrests|arrested|arrested|arresting", "173", TriggerKind::kVerb},
    {"detain|detains|detained|detained|detaining", "173", TriggerKind::kVerb},
    {"||charged|charged|", "173", TriggerKind::kVerb},
    {"indict|indicts|indicted|indicted|indicting", "173", TriggerKind::kVerb},
    {"||sentenced|sentenced|", "173", TriggerKind::kVerb},
    {"||convicted|convicted|", "173", TriggerKind::kVerb},
    {"jail|jails|jailed|jailed|jailing", "173", TriggerKind::kVerb},
    {"deport|deports|deported|deported|deporting", "174", TriggerKind::kVerb},
    {"extradite|extradites|extradited|extradited|extraditing", "174", TriggerKind::kVerb},
    {"raid|raids|raided|raided|raiding", "171", TriggerKind::kVerb},
    {"abduct|abducts|abducted|abducted|abducting", "181", TriggerKind::kVerb},
    {"kidnap|kidnaps|kidnapped|kidnapped|kidnapping", "181", TriggerKind::kVerb},
    {"assassinate|assassinates|assassinated|assassinated|", "186", TriggerKind::kVerb},
    {"attack|attacks|attacked|attacked|attacking", "190", TriggerKind::kVerb},
    {"strike|strikes|struck|struck|", "190", TriggerKind::kVerb},
    {"hit|hits|hit|hit|", "190", TriggerKind::kVerb},
    {"fight|fights|fought|fought|fighting", "190", TriggerKind::kVerb},
    {"invade|invades|invaded|invaded|invading", "192", TriggerKind::kVerb},
    {"retake|retakes|retook|retaken|retaking", "192", TriggerKind::kVerb},
    {"shell|shells|shelled|shelled|shelling", "194", TriggerKind::kVerb},
    {"bomb|bombs|bombed|bombed|bombing", "195", TriggerKind::kVerb},
    {"massacre|massacres|massacred|massacred|", "202", TriggerKind::kVerb},
    {"kill|kills|killed|killed|killing", "190", TriggerKind::kVerb},
    {"wound|wounds|wounded|wounded|wounding", "190", TriggerKind::kVerb},
    {"block|blocks|blocked|blocked|blocking", "144", TriggerKind::kVerb},
    {"blockade|blockades|blockaded|blockaded|blockading", "191", TriggerKind::kVerb},
    {"renege|reneges|reneged|reneged|reneging", "120", TriggerKind::kVerb},
};

const ActionType* Type(std::string_view code) { return FindActionType(code); }

// Every token of every sentence comes here: a hash lookup, not a scan.
const StringMap<TriggerWord>& TriggerTable() {
  static const StringMap<TriggerWord> table = [] {
    StringMap<TriggerWord> table;
    auto* m = &table;
    for (const auto& spec : kTriggerSpecs) {
      std::string_view rest = spec.forms;
      std::vector<std::string_view> forms;
      for (;;) {
        size_t bar = rest.find('|');
        forms.push_back(rest.substr(0, bar));
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
      }
      const std::string_view pp = forms.size() == 5 ? forms[3] : std::string_view();
      for (std::string_view w : forms)
        if (!w.empty())
          m->emplace(w, TriggerWord{Type(spec.code), !pp.empty() && w == pp, spec.kind});
    }
    return table;
  }();
  return table;
}

// Every word that can start a trigger: the table's forms and the heads of
// the phrasal and object-conditioned rules below. Most tokens are none of
// these and are rejected by one lookup.
bool CanStartTrigger(std::string_view w) {
  static const StringSet heads = [] {
    StringSet h;
    for (const auto& [word, tw] : TriggerTable()) h.insert(word);
    for (std::string_view x :
         {"lodge",      "lodges",      "lodged",      "lodging",    "file",       "files",
          "filed",      "filing",      "register",    "registers",  "registered", "registering",
          "call",       "calls",       "called",      "calling",    "vote",       "votes",
          "voted",      "voting",      "turn",        "turns",      "turned",     "turning",
          "step",       "steps",       "stepped",     "stepping",   "go",         "goes",
          "went",       "going",       "cut",         "cuts",       "sever",      "severs",
          "severed",    "broke",       "break",       "breaks",     "fire",       "fires",
          "fired",      "firing",      "launch",      "launches",   "launched",   "recall",
          "recalls",    "recalled",    "recalling",   "send",       "sends",      "sent",
          "sending",    "deliver",     "delivers",    "delivered",  "delivering", "provide",
          "provides",   "provided",    "providing",   "impose",     "imposes",    "imposed",
          "imposing",   "slap",        "slaps",       "slapped",    "reimpose",   "reimposes",
          "reimposed",  "reimposing",  "shoot",       "shoots",     "shot",       "shooting",
          "use",        "used",        "uses",        "using",      "suspend",    "suspends",
          "suspended",  "suspending",  "halt",        "halts",      "halted",     "halting",
          "freeze",     "froze",       "freezes",     "frozen",     "exchange",   "exchanges",
          "exchanged",  "swap",        "swapped",     "swaps",      "recognise",  "recognises",
          "recognised", "recognize",   "recognizes",  "recognized", "block",      "blocks",
          "blocked",    "blocking",    "capture",     "captures",   "captured",   "capturing",
          "seize",      "seizes",      "seized",      "seizing",    "exchanging", "trade",
          "trades",     "traded",      "trading",     "hold",       "holds",      "held",
          "holding",    "conduct",     "conducts",    "conducted",  "stage",      "stages",
          "staged",     "staging",     "approve",     "approves",   "approved",   "approving",
          "grant",      "grants",      "granted",     "extend",     "extends",    "extended",
          "give",       "gives",       "gave",        "given",      "phone",      "phoned",
          "phones",     "receive",     "receives",    "received",   "receiving",  "dismiss",
          "dismisses",  "dismissed",   "dismissing",  "declare",    "declares",   "declared",
          "declaring",  "begin",       "began",       "begins",     "start",      "started",
          "starts",     "extending",   "mount",       "mounts",     "mounted",    "mounting",
          "launching",  "begun",       "continue",    "continues",  "continued",  "continuing",
          "resume",     "resumes",     "resumed",     "wage",       "waged",      "wages",
          "intensify",  "intensified", "intensifies", "step",       "stepped",    "steps",
          "end",        "ends",        "ended",       "ending",     "suspend",    "suspends",
          "order",      "orders",      "ordered",     "force",      "forces",     "forced",
          "carry",      "carries",     "carried",     "carrying",   "hit",        "hits",
          "target",     "targets",     "targeted",    "offer",      "offers",     "offered",
          "vow",        "vows",        "vowed",       "accept",     "accepts",    "accepted",
          "accepting",  "blow",        "blows",       "blew",       "blown",      "blowing",
          "forcing"})
      h.insert(x);
    return h;
  }();
  return heads.count(w) > 0;
}

// The code of the act named by the object of a light verb at i, or null.
const char* LightVerbObject(const std::vector<Token>& t, size_t i) {
  const std::string& w = t[i].lower;
  const bool ending = IsOneOf(w, {"end", "ends", "ended", "ending", "halt", "halts", "halted",
                                  "suspend", "suspends", "suspended"});
  const bool light =
      ending ||
      IsOneOf(w, {"mount",    "mounts",    "mounted",   "mounting",    "launch",      "launches",
                  "launched", "launching", "stage",     "stages",      "staged",      "staging",
                  "begin",    "begins",    "began",     "begun",       "start",       "starts",
                  "started",  "continue",  "continues", "continued",   "continuing",  "resume",
                  "resumes",  "resumed",   "wage",      "waged",       "wages",       "conduct",
                  "conducts", "conducted", "intensify", "intensified", "intensifies", "step",
                  "stepped",  "steps",     "carry",     "carries",     "carried",     "carrying"});
  if (!light) return nullptr;
  // ("the choice of backing out or launching new attacks": a gerund in a
  // noun phrase.)
  if (w.ends_with("ing") && i > 0 &&
      IsOneOf(t[i - 1].lower, {"of", "for", "or", "by", "without", "from", "about"}))
    return nullptr;
  size_t k = i + 1;
  // "stepped up its attacks", "carried out air strikes".
  if (IsOneOf(w, {"step", "stepped", "steps"})) {
    if (k >= t.size() || t[k].lower != "up") return nullptr;
    ++k;
  }
  if (IsOneOf(w, {"carry", "carries", "carried", "carrying"})) {
    if (k >= t.size() || t[k].lower != "out") return nullptr;
    ++k;
  }
  // Over determiners, possessives, numbers, adjectives and hyphened
  // compounds ("10 days of", "a long-threatened"), to the first noun that
  // names an act; any other word ends the search.
  for (size_t seen = 0; k < t.size() && seen < 6; ++k, ++seen) {
    const std::string& x = t[k].lower;
    if (!t[k].word) {
      if (t[k].text == "-") continue;
      return nullptr;
    }
    if (ending) {
      if (x == "mediation") return "165";
      continue;
    }
    if (IsOneOf(x,
                {"invasion", "offensive", "offensives", "attack", "attacks", "assault", "assaults",
                 "raid", "raids", "incursion", "incursions", "counteroffensive", "counterattack"}))
      return "190";
    if (IsOneOf(x, {"airstrike", "airstrikes", "bombing", "bombings", "bombardment"}) ||
        (x == "air" && k + 1 < t.size() && IsOneOf(t[k + 1].lower, {"strikes", "raids"})))
      return "195";
    if (x == "shelling") return "194";
    // ("strikes on Idlib": military strikes; a strike of workers is on
    // nobody, or on a day.)
    if (IsOneOf(x, {"strike", "strikes"}) && k + 2 < t.size() &&
        IsOneOf(t[k + 1].lower, {"on", "against"}) && !IsDayWord(t[k + 2].lower) &&
        time_words::Month(t[k + 2].lower) == 0)
      return "190";
    if (x == "hunger" && k + 1 < t.size() && t[k + 1].lower == "strike") return "142";
    if (IsOneOf(x, {"protest", "protests", "demonstration", "demonstrations", "rally", "rallies",
                    "march", "sit-in"}))
      return "141";
    if (x == "boycott") return "143";
    // "began negotiations", "opened talks": negotiating, not an intent to.
    if (IsOneOf(x, {"negotiations", "talks"})) return "046";
    if (x == "crackdown") return "175";
    if (IsOneOf(x, {"blockade", "siege"})) return "191";
    if (IsOneOf(x, {"the", "a", "an", "its", "his", "her", "their", "our", "of", "new", "fresh",
                    "another", "days", "weeks", "months", "long", "full-scale", "major"}) ||
        (x[0] >= '0' && x[0] <= '9'))
      continue;
    // An adjective ("fierce", "military") may stand before the noun; a
    // word that is neither ends the phrase.
    if (k > i + 1 && t[k - 1].text == "-") continue;
    if (x.ends_with("ed") || x.ends_with("al") || x.ends_with("ic") || x.ends_with("ive") ||
        x.ends_with("ous") || x.ends_with("ful"))
      continue;
    return nullptr;
  }
  return nullptr;
}

// "offered aid", "pledged 2 billion dollars in reconstruction aid",
// "promised military assistance": an intent to give aid (033), of the
// kind the words before the aid name (CAMEO's 0331-0333 mirror the aid
// given, 071-073). Null when the object is no aid.
const char* IntentToAid(const std::vector<Token>& t, size_t from) {
  size_t counted = 0;
  bool economic = false, military = false, humanitarian = false;
  for (size_t k = from; k < t.size() && counted < 6; ++k) {
    const std::string& x = t[k].lower;
    if (!t[k].word) {
      if (IsOneOf(t[k].text, {",", ".", ";"})) return nullptr;
      continue;
    }
    if (IsOneOf(x, {"aid", "assistance", "relief", "support"})) {
      if (humanitarian) return "0333";
      if (military) return "0332";
      if (economic) return "0331";
      return x == "support" ? nullptr : "033";
    }
    if (IsOneOf(x, {"loan", "loans", "credit", "credits", "grants"})) return "0331";
    economic |= IsOneOf(x, {"economic", "financial", "budget", "reconstruction", "development",
                            "dollars", "euros", "pounds", "yen"});
    military |= IsOneOf(x, {"military", "defence", "defense", "security", "arms"});
    humanitarian |= IsOneOf(x, {"humanitarian", "food", "medical", "emergency", "relief"});
    if (!IsAmountWord(x)) ++counted;
  }
  return nullptr;
}

// "hit Russia with new sanctions": a "with" among the next words, and one
// of `what` among the few after it.
bool HitsWith(const std::vector<Token>& t, size_t from,
              std::initializer_list<std::string_view> what) {
  for (size_t k = from; k < t.size() && k < from + 6; ++k)
    if (t[k].lower == "with") return WithinNext(t, k + 1, 4, what);
  return false;
}

}  // namespace

TriggerHit FindTrigger(const std::vector<Token>& t, size_t i) {
  TriggerHit hit;
  const std::string& w = t[i].lower;
  if (!t[i].word || !CanStartTrigger(w)) return hit;
  const std::string_view next = i + 1 < t.size() ? std::string_view(t[i + 1].lower) : "";
  // (A four-digit code the taxonomy lists under its three-digit parent
  // keeps its own digits, as the verb dictionary's do.)
  auto phrasal = [&](const char* code, size_t len) {
    hit.type = FindActionTypeOrParent(code);
    if (hit.type && hit.type->code != code) hit.code = code;
    hit.length = len;
    hit.past_participle = true;
    return hit;
  };
  // "the visiting minister", "a signing ceremony", "days of fighting", "for
  // blocking the bill": a participle used as an adjective or noun is no
  // action.
  if (i > 0 && w.ends_with("ing") && w != "meeting" &&
      IsOneOf(t[i - 1].lower, {"the", "a", "an", "his", "her", "their", "its", "of", "for"}))
    return hit;
  // Phrasal verbs: "called off the summit", "called on Israel to", "voted
  // down the bill", "stepped down", "went on strike", "cut ties with".
  if (IsOneOf(w, {"call", "calls", "called", "calling"})) {
    // Calling off a strike or protest yields; calling off talks halts them.
    if (next == "off" && WithinNext(t, i + 2, 3, {"strike", "strikes", "protest", "protests"}))
      return phrasal("081", 2);
    if (next == "off") return phrasal("164", 2);
    if (next == "on" || next == "upon" || next == "for") return phrasal("020", 2);
  }
  // A labour strike ("began a strike", "a general strike") is no attack.
  if ((w == "strike" || w == "strikes") && i > 0 &&
      (IsOneOf(t[i - 1].lower,
               {"begin", "begins", "began", "planned", "general", "hunger", "national", "staged",
                "stage", "hold", "held", "day-long", "indefinite", "nationwide"}) ||
       WithinNext(t, i + 1, 2, {"over", "for"}))) {
    hit.type = Type("143");
    hit.kind = TriggerKind::kNoun;
    return hit;
  }
  // After a determiner or a possessive the word is a noun ("a possible
  // exchange of prisoners", "its attacks", "the release"): only the noun
  // triggers ("the talks", "a meeting") act as nouns.
  const bool after_determiner =
      i > 0 &&
      IsOneOf(t[i - 1].lower, {"the", "a", "an", "its", "his", "her", "their", "our", "this",
                               "possible", "planned", "proposed", "'s", "'", "\xE2\x80\x99"});
  if (after_determiner && !IsOneOf(w, {"meeting", "meetings", "talks", "summit", "negotiations"}))
    return hit;
  // "over detained activists", "for arrested protesters": a participle
  // before its noun describes it; "after clashes", "amid protests": a verb
  // form right after a preposition is a noun.
  if (i > 0 && w.ends_with("ed") &&
      IsOneOf(t[i - 1].lower, {"over", "about", "of", "for", "with", "against", "on", "to"}))
    return hit;
  if (i > 0 && !w.ends_with("ing") && w != "talks" && w != "meetings" &&
      IsOneOf(t[i - 1].lower, {"after", "over", "amid", "despite", "following", "during", "about",
                               "against", "of"}))
    return hit;
  if (IsOneOf(w, {"cancel", "cancels", "cancelled", "canceled", "cancelling", "canceling"}) &&
      WithinNext(t, i + 1, 3, {"strike", "strikes", "protest", "protests"}))
    return phrasal("081", 1);
  if (IsOneOf(w, {"exchange", "exchanges", "exchanged", "swap", "swapped", "swaps"}) &&
      WithinNext(t, i + 1, 4, {"prisoners", "captives", "hostages", "detainees", "bodies"}))
    return phrasal("084", 1);
  if (IsOneOf(w, {"exchange", "exchanges", "exchanged", "exchanging"}) &&
      WithinNext(t, i + 1, 2, {"fire", "gunfire", "shots", "strikes"}))
    return phrasal("190", 1);
  if (IsOneOf(w, {"impose", "imposes", "imposed", "imposing", "declare", "declares", "declared",
                  "declaring", "extend", "extends", "extended", "extending"}) &&
      (WithinNext(t, i + 1, 4, {"curfew", "martial"}) ||
       (WithinNext(t, i + 1, 3, {"state"}) && WithinNext(t, i + 2, 3, {"emergency"}))))
    return phrasal("172", 1);
  if (IsOneOf(w, {"dismiss", "dismisses", "dismissed", "dismissing"}) &&
      WithinNext(t, i + 1, 4,
                 {"demands", "claims", "calls", "accusations", "allegations", "reports",
                  "criticism", "appeal", "appeals", "offer", "proposal", "plan", "request"}))
    return phrasal("120", 1);
  // "accepted demands from Shona rebels", "accepted the terms": yielding.
  if (IsOneOf(w, {"accept", "accepts", "accepted", "accepting"}) &&
      WithinNext(t, i + 1, 3, {"demands", "demand", "conditions", "terms", "ultimatum"}))
    return phrasal("080", 1);
  if (IsOneOf(w, {"trade", "trades", "traded", "trading"}) &&
      WithinNext(t, i + 1, 2, {"accusations", "blame", "insults"}))
    return phrasal("112", 1);
  if (IsOneOf(w, {"hold", "holds", "held", "holding", "conduct", "conducts", "conducted", "stage",
                  "stages", "staged", "staging", "launch", "launched", "begin", "began", "begins",
                  "start", "started", "starts"}) &&
      WithinNext(t, i + 1, 2, {"joint"}) &&
      WithinNext(t, i + 1, 4, {"drills", "exercises", "patrols", "manoeuvres", "maneuvers"}))
    return phrasal("062", 1);
  if (IsOneOf(w, {"approve", "approves", "approved", "approving", "grant", "grants", "granted",
                  "extend", "extends", "extended", "give", "gives", "gave", "given"}) &&
      WithinNext(t, i + 1, 7, {"loan", "loans", "grant", "credit", "financing", "bailout"}))
    return phrasal("071", 1);
  // "received Palestinian President Mahmoud Abbas": hosting a visitor.
  if (IsOneOf(w, {"receive", "receives", "received", "receiving"}) && i + 1 < t.size() &&
      t[i + 1].word &&
      (t[i + 1].capitalized ||
       (t[i + 1].lower == "the" && i + 2 < t.size() && t[i + 2].capitalized)))
    return phrasal("043", 1);
  // "agreed to meet", "agreed to hold talks": intent to meet.
  if (IsOneOf(w, {"agree", "agrees", "agreed"}) && next == "to" && i + 2 < t.size() &&
      IsOneOf(t[i + 2].lower, {"meet", "hold", "visit", "talk", "negotiate", "resume"}))
    return phrasal("036", 1);
  // "would call Donald Trump": a telephone call is a consultation.
  // ("called Bush a liar" names him, it does not phone him.)
  if (IsOneOf(w, {"call", "calls", "called", "calling", "phone", "phoned", "phones"}) &&
      i + 1 < t.size() && t[i + 1].capitalized && t[i + 1].word &&
      !IsOneOf(t[i + 1].lower, {"the", "a", "it", "on", "for", "off"})) {
    size_t after = i + 1;
    while (after < t.size() && t[after].word && t[after].capitalized) ++after;
    if (after < t.size() &&
        (IsOneOf(t[after].lower, {"a", "an", "``", "\""}) || t[after].text == "\xE2\x80\x9C"))
      return hit;
    return phrasal("040", 1);
  }
  if (IsOneOf(w,
              {"recognise", "recognises", "recognised", "recognize", "recognizes", "recognized"}) &&
      WithinNext(t, i + 1, 4, {"state", "independence", "government", "statehood"}))
    return phrasal("054", 1);
  if (IsOneOf(w, {"block", "blocks", "blocked", "blocking"}) &&
      WithinNext(t, i + 1, 4,
                 {"sanctions", "deal", "bill", "aid", "membership", "package", "resolution",
                  "proposal", "accession", "law", "sale", "sales", "nomination"}))
    return phrasal("120", 1);
  if (IsOneOf(w, {"capture", "captures", "captured", "capturing", "seize", "seizes", "seized",
                  "seizing"}) &&
      WithinNext(t, i + 1, 4,
                 {"village", "villages", "town", "towns", "city", "territory", "region", "base",
                  "airport", "port"}))
    return phrasal("192", 1);
  // "March" is a month; "marched" a protest.
  if (w == "march" && t[i].capitalized) return hit;
  if (IsOneOf(w, {"vote", "votes", "voted", "voting", "turn", "turns", "turned", "turning"}) &&
      next == "down")
    return phrasal("120", 2);
  if (IsOneOf(w, {"step", "steps", "stepped", "stepping"}) && next == "down")
    return phrasal("083", 2);
  if (IsOneOf(w, {"go", "goes", "went", "going"}) && next == "on" && i + 2 < t.size() &&
      IsOneOf(t[i + 2].lower, {"strike", "strikes"}))
    return phrasal("143", 3);
  if (IsOneOf(w, {"cut", "cuts", "sever", "severs", "severed", "broke", "break", "breaks"})) {
    size_t k = i + 1;
    if (k < t.size() && t[k].lower == "off") ++k;
    if (k < t.size() && (t[k].lower == "diplomatic" || t[k].lower == "all")) ++k;
    if (k < t.size() && IsOneOf(t[k].lower, {"ties", "relations"}))
      return phrasal("161", k - i + 1);
  }
  if (IsOneOf(w, {"fire", "fires", "fired", "firing", "launch", "launches", "launched"}) &&
      WithinNext(t, i + 1, 6, {"missile", "missiles", "rocket", "rockets", "shells", "drones"})) {
    // "test-fired a missile": a show of force, not an attack.
    if (i >= 2 && t[i - 1].text == "-" && t[i - 2].lower == "test") return phrasal("150", 1);
    return phrasal("190", 1);
  }
  // "imposed tariffs on", "hit Russia with sanctions": coercion by trade,
  // not force.
  if ((IsOneOf(w, {"impose", "imposes", "imposed", "imposing", "slap", "slaps", "slapped",
                   "reimpose", "reimposes", "reimposed", "reimposing"}) &&
       WithinNext(t, i + 1, 3, {"sanctions", "embargo", "sanction", "tariffs", "duties"})) ||
      (IsOneOf(w, {"hit", "hits", "slap", "slaps", "slapped", "target", "targets", "targeted"}) &&
       HitsWith(t, i + 1, {"sanctions", "embargo", "tariffs", "duties"})))
    return phrasal("163", 1);
  if (IsOneOf(w, {"shoot", "shoots", "shot", "shooting"}) && next == "down")
    return phrasal("190", 2);
  // "the court struck down the law": annulled, no blow struck.
  if (IsOneOf(w, {"strike", "strikes", "struck", "striking"}) && next == "down")
    return TriggerHit{};
  if (IsOneOf(w, {"fire", "fires", "fired", "firing", "use", "used", "uses", "using"}) &&
      WithinNext(t, i + 1, 3, {"tear", "teargas", "water", "rubber"}) &&
      WithinNext(t, i + 1, 4, {"gas", "teargas", "cannon", "cannons", "bullets"}))
    return phrasal("175", 1);
  if (IsOneOf(w, {"cut", "cuts", "suspend", "suspends", "suspended", "suspending", "halt", "halts",
                  "halted", "halting", "freeze", "froze", "freezes", "frozen"}) &&
      WithinNextObject(t, i + 1, 5,
                       {"aid", "funding", "services", "assistance", "supplies", "exports",
                        "deliveries", "cooperation"}))
    return phrasal("162", next == "off" ? 2 : 1);
  // "deployed peacekeepers", "sent peacekeeping troops": peacekeeping.
  if (IsOneOf(w,
              {"deploy", "deploys", "deployed", "deploying", "send", "sends", "sent", "sending"}) &&
      i + 1 < t.size() && (WithinNext(t, i + 1, 4, {"peacekeepers", "peacekeeping", "blue"})))
    return phrasal("074", 1);
  // "blew up power lines": destroying property; "forced out 1,000
  // refugees": expelling them; "holding refugees as human shields",
  // "held hostage": taking hostages.
  if (IsOneOf(w, {"blow", "blows", "blew", "blown", "blowing"}) && next == "up" &&
      i + 2 < t.size() && t[i + 2].word)
    return phrasal("171", 2);
  if (IsOneOf(w, {"force", "forces", "forced", "forcing"}) && next == "out")
    return phrasal("174", 2);
  if (IsOneOf(w, {"hold", "holds", "held", "holding"}) &&
      WithinNext(t, i + 1, 8, {"hostage", "hostages", "shields", "captive"}))
    return phrasal("181", 1);
  // "ordered the newspaper to suspend publication": an administrative
  // sanction on the one ordered.
  if (IsOneOf(w, {"order", "orders", "ordered", "force", "forces", "forced"})) {
    for (size_t k = i + 1; k + 1 < t.size() && k <= i + 6; ++k)
      if (t[k].lower == "to") {
        if (IsOneOf(t[k + 1].lower,
                    {"suspend", "close", "shut", "stop", "cease", "halt", "leave", "disband"}))
          return phrasal("172", 1);
        break;
      }
  }
  if (IsOneOf(w, {"offer", "offers", "offered", "pledge", "pledges", "pledged", "promise",
                  "promises", "promised", "vow", "vows", "vowed"}))
    if (const char* code = IntentToAid(t, i + 1)) return phrasal(code, 1);
  // Conditional verbs: the object decides.
  if (IsOneOf(w, {"recall", "recalls", "recalled", "recalling"}) &&
      WithinNext(t, i + 1, 3, {"ambassador", "envoy", "ambassadors"}))
    return phrasal("161", 1);
  if (IsOneOf(w, {"send", "sends", "sent", "sending", "deliver", "delivers", "delivered",
                  "delivering", "provide", "provides", "provided", "providing"}) &&
      WithinNextObject(
          t, i + 1, 6,
          {"aid", "supplies", "assistance", "relief", "rescue", "humanitarian", "food"}))
    return phrasal("070", 1);
  // "lodged a strong protest with China", "filed a formal complaint": a
  // complaint made officially (114), not a protest in the streets.
  // (The complaint is part of the trigger: "lodges protest with China"
  // in a headline is one act, not a protest besides.)
  if (IsOneOf(w, {"lodge", "lodges", "lodged", "lodging", "file", "files", "filed", "filing",
                  "register", "registers", "registered", "registering"}))
    for (size_t k = i + 1; k < t.size() && k < i + 5; ++k)
      if (IsOneOf(t[k].lower, {"protest", "protests", "complaint", "complaints"}))
        return phrasal("114", k - i + 1);
  // A light verb and the act its object names: "mounted its
  // long-threatened invasion", "continued their hunger strike", "ended
  // mediation efforts". (Investigations are left to the verb dictionary's
  // patterns.)
  if (const char* code = LightVerbObject(t, i)) return phrasal(code, next == "out" ? 2 : 1);
  const auto& table = TriggerTable();
  auto it = table.find(w);
  if (it == table.end()) return hit;
  const TriggerWord& tw = it->second;
  // "the meeting room", "a hit single", "the price hit": handled by actors;
  // "agreed to a ceasefire" is a truce, not intent.
  if (tw.type->code == "030" && WithinNext(t, i + 1, 8, {"ceasefire", "truce", "cease-fire"}))
    return phrasal("087", 1);
  // "EU leaders agree new sanctions against Russia": sanctions agreed on
  // are imposed. ("agreed to impose sanctions": the infinitive's verb
  // says so itself.)
  if (w.starts_with("agree") && next != "to" && next != "that" &&
      WithinNextObject(t, i + 1, 3, {"sanctions", "embargo"}))
    return phrasal("163", 1);
  // "would appeal" (a court ruling) is no appeal to anyone: "appealed to / for".
  if (w.starts_with("appeal") && !(next == "to" || next == "for")) return hit;
  hit.type = tw.type;
  hit.past_participle = tw.past_participle;
  hit.kind = tw.kind;
  return hit;
}

bool DecidedByTriggerTable(std::string_view w) {
  return TriggerTable().count(w) > 0 || IsOneOf(w, {"call", "calls", "called", "calling"});
}

}  // namespace newsd
