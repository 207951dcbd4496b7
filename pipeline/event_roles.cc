#include "pipeline/event_roles.h"

#include <algorithm>
#include <string>

#include "common/ascii.h"
#include "pipeline/dictionary_trigger.h"
#include "pipeline/taxonomy.h"
#include "pipeline/time_expr.h"
#include "pipeline/words.h"

namespace newsd {

EventMention NounEvent(const SentenceInfo& s, size_t index, size_t i, const ActionType& type) {
  const auto& t = s.tokens;
  EventMention m;
  m.code = std::string(type.code);
  m.type = std::string(type.name);
  m.trigger = s.text.substr(t[i].span.begin, t[i].span.end - t[i].span.begin);
  m.sentence = s.text;
  m.weight = s.weight;
  m.sentence_index = index;
  m.trigger_span = {s.offset + t[i].span.begin, s.offset + t[i].span.end};
  return m;
}

void EventReader::Read(const SentenceInfo& s, size_t index, std::vector<EventMention>* out) const {
  const auto& t = s.tokens;
  const size_t first_out = out->size();
  std::vector<bool> relative = RelativeClauses(t);
  MarkReducedRelatives(s, &relative);
  std::optional<EventMention> statement;  // kept only if nothing else happens
  std::optional<size_t> must_at;          // "must" in what the statement reports
  size_t clause_start = 0;
  const bool headline = IsTitleCase(t);
  size_t speech_at = std::string::npos;  // "said" before a trigger: reported speech
  size_t last_trigger_end = std::string::npos;
  bool last_was_speech = false;
  bool last_had_event = false;
  std::string last_root, last_code;
  for (size_t i = 0; i < t.size(); ++i) {
    if (!t[i].word) {
      if (t[i].text == ";") clause_start = i + 1;
      continue;
    }
    // "switch into Shell Trading", "Rally's directors": a capitalised word
    // inside a sentence is part of a name, unless the sentence is a
    // headline in title case.
    if (i > 0 && t[i].capitalized && !headline) continue;
    size_t protest_end = 0;
    if (auto protest = NominalProtest(s, index, i, clause_start, relative, &protest_end)) {
      last_root = std::string(RootClass(protest->code));
      last_code = protest->code;
      out->push_back(std::move(*protest));
      last_had_event = true;
      last_trigger_end = protest_end;
      last_was_speech = false;
      i = protest_end - 1;
      continue;
    }
    if (auto attack = NominalAttack(s, index, i, clause_start, relative)) {
      out->push_back(std::move(*attack));
      last_had_event = true;
      last_trigger_end = i + 1;
      last_was_speech = false;
      last_code = out->back().code;
      last_root = std::string(RootClass(last_code));
      continue;
    }
    TriggerHit tw = FindTrigger(t, i);
    // "All signs point", "late-night hosts addressed", "see signs": a
    // table verb in an -s form that the sentence reads as a plural noun;
    // right after an actor's name it is that actor's verb ("North Korean
    // official meets Trump"), as after the name and its head's title ("UN
    // chief urges restraint").
    const bool after_actor =
        ActorEndsAt(s, i) ||
        (i > 0 && IsOneOf(t[i - 1].lower, {"chief", "head", "boss"}) && ActorEndsAt(s, i - 1));
    if (tw && lexicon_ && tw.kind == TriggerKind::kVerb && tw.length == 1 &&
        t[i].lower.size() > 3 && t[i].lower.ends_with("s") && !after_actor &&
        !lexicon_->ReadsAsVerb(t, i))
      continue;
    // "naval blockade", "a major attack": a table word mostly a noun, in its
    // bare form, is a verb only where the sentence makes it one; an
    // infinitive of purpose is no act either.
    if (tw && lexicon_ && tw.kind == TriggerKind::kVerb && tw.length == 1) {
      const std::string& w = t[i].lower;
      const bool bare = !w.ends_with("s") && !w.ends_with("ed") && !w.ends_with("ing");
      const int verb = lexicon_->Frequency(w, PartOfSpeech::kVerb);  // 0: no base form
      if ((bare && verb > 0 && lexicon_->NounFrequency(w) > verb && !lexicon_->ReadsAsVerb(t, i)) ||
          IsPurposeInfinitive(*lexicon_, t, i))
        continue;
    }
    if (!tw && lexicon_) tw = DictionaryTrigger(*lexicon_, s, i, clause_start, headline);
    if (!tw) continue;
    // (In a title-case headline every word is capitalised: no name is
    // told by its capitals there.)
    if (lexicon_ && !headline &&
        (tw.kind == TriggerKind::kVerb || tw.kind == TriggerKind::kSpeech) &&
        IsHeadOfNamedPhrase(*lexicon_, t, i))
      continue;
    // "to block Iraqi trade", "an Israeli strike": right after a demonym
    // (an adjective) the word is a noun.
    {
      bool after_demonym = false;
      for (size_t b = i >= 3 ? i - 3 : 0; b < i && !after_demonym; ++b) {
        const NameMatch nm = g_.MatchName(t, b);
        after_demonym = nm.demonym && b + nm.length == i && !t[i - 1].lower.ends_with("s");
      }
      if (after_demonym) continue;
    }
    // "its long-threatened invasion", "the U.S.-backed government",
    // "road-blocking protests": a participle hyphened to the word before it
    // modifies the noun after.
    // So does any word hyphened to a noun before it ("duty-free imports",
    // "a cash-release scheme"); a verb's prefix ("re-", "counter-") is no
    // such noun.
    if (i >= 2 && t[i - 1].text == "-" && t[i - 1].span.end == t[i].span.begin &&
        t[i - 2].span.end == t[i - 1].span.begin) {
      // (Followed by a noun, not by an object: "test-fired a missile" and
      // "test-fired two missiles" are verbs.)
      const bool modifies =
          i + 1 < t.size() && t[i + 1].word &&
          !IsOneOf(t[i + 1].lower, {"a", "an", "the", "its", "his", "her", "their", "by", "to"}) &&
          !IsAmountWord(t[i + 1].lower) &&
          !IsOneOf(t[i + 1].lower, {"two", "three", "four", "five", "six", "several", "dozens"});
      const bool participle = t[i].lower.ends_with("ed") || t[i].lower.ends_with("ing");
      const bool compound =
          t[i - 2].word && !t[i - 2].capitalized && t[i - 2].lower.size() > 2 &&
          !IsOneOf(t[i - 2].lower, {"counter", "cross", "out", "over", "under", "pre", "mis",
                                    "inter", "self", "non", "anti"});
      if (modifies && (participle || compound)) continue;
    }
    if (DeclineOfAmount(t, i)) continue;
    // "charged the inspectors with verifying that ...": a task given, no
    // legal charge ("charged with murder", "with smuggling arms").
    if (IsOneOf(t[i].lower, {"charge", "charges", "charged", "charging"})) {
      size_t with = i + 1;
      while (with < t.size() && with <= i + 8 && t[with].lower != "with" && t[with].text != ",")
        ++with;
      if (with + 2 < t.size() && t[with].lower == "with" && t[with + 1].lower.ends_with("ing") &&
          IsOneOf(t[with + 2].lower, {"that", "whether", "how", "what"}))
        continue;
    }
    // "stand together on arresting the suspects", "talked about attacking":
    // an act named after "on" or "about" is a topic, not an act done.
    if (i > 0 && t[i].lower.ends_with("ing") && IsOneOf(t[i - 1].lower, {"on", "about"})) continue;
    // "thanks in part to the Internet": because of, no praise.
    if (t[i].lower == "thanks" &&
        (WithinNext(t, i + 1, 1, {"to"}) ||
         (WithinNext(t, i + 1, 3, {"to"}) &&
          WithinNext(t, i + 1, 2, {"in", "largely", "partly", "mainly"}))))
      continue;
    const size_t len = tw.length;
    // A trigger inside a name ("Meeting Point Ltd") or a role noun ("riot
    // police") is no trigger.
    if (InsideNounPhrase(s, i)) continue;
    const bool noun = tw.kind == TriggerKind::kNoun || t[i].lower == "meeting";
    // "called off a planned meeting with Erdogan", "hosted talks between":
    // the noun is the object of the action before it, not an action.
    // (Talks mediated are held all the same, between the parties named
    // after them; the mediators are none of them.)
    bool mediated_talks = false;
    if (noun && last_code == cameo::kMediate && i + 1 < t.size() && t[i + 1].lower == "between") {
      int parties = 0;
      for (const Found& f : s.entities)
        parties += f.begin > i + 1 && f.begin <= i + 6 && IsActor(f.entity) && !f.pronoun;
      mediated_talks = parties >= 2;
    }
    if (noun && last_trigger_end != std::string::npos && last_trigger_end >= clause_start &&
        i - last_trigger_end <= 3 && !mediated_talks) {
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
        // ("attacked the port and killed": a past form after "and" is
        // the second verb, no noun of the phrase before.)
        if (t[k].lower == "and" && t[i].lower.ends_with("ed")) break;
        if (IsOneOf(t[k].lower, {"the", "a", "an", "its", "his", "her", "their", "of", "after",
                                 "over", "amid", "during", "despite", "following", "against"})) {
          np = k + 1 < i;  // (directly after a determiner FindTrigger already said no)
          break;
        }
        if (t[k].capitalized && g_.MatchName(t, k).demonym) continue;  // "an Israeli strike"
        if (t[k].capitalized || IsAuxiliary(t[k].lower)) break;
        // "its allies rejected", "a statement demanding": a noun after the
        // determiner heads the phrase; the verb after it is no noun.
        if (lexicon_ && k + 1 == i && t[k].lower.size() > 3 && !t[i].lower.ends_with("s")) {
          const bool plural = t[k].lower.ends_with("s") && !t[k].lower.ends_with("ss") &&
                              lexicon_->NounFrequency(t[k].lower) > 0;
          const bool participle = t[i].lower.ends_with("ing") || t[i].lower.ends_with("ed");
          const bool head_noun = lexicon_->NounFrequency(t[k].lower) >
                                 lexicon_->Frequency(t[k].lower, PartOfSpeech::kAdjective);
          if (plural || (participle && head_noun)) break;
        }
      }
      if (np) continue;
      if (NameModifiesNoun(s, i)) continue;
    }
    // "threatened to block", "urged X to recognise", "agreed to visit": what
    // was threatened, asked or promised is no event of its own.
    // (So with "declined to discuss": the declining is the event.)
    if (i > 0 && t[i - 1].lower == "to" && last_trigger_end != std::string::npos &&
        i - last_trigger_end <= 6 &&
        (IsOneOf(last_root, {"02", "03", "10", "13", "12", "17"}) ||
         last_code == cameo::kDeclineComment))
      continue;
    // "went on strike to demand higher pay", "marched through Belgrade
    // demanding elections": what a protest demands is its aim, coded with
    // the protest.
    if (last_root == "14" && last_had_event && RootClass(tw.type->code) == "10" &&
        last_trigger_end != std::string::npos && i >= last_trigger_end &&
        i - last_trigger_end <= 10 &&
        (t[i].lower.ends_with("ing") || (i > 0 && t[i - 1].lower == "to")))
      continue;
    // "is considering urging Bush", "contemplated selling": an option
    // weighed is no act.
    if (i > 0 && t[i].lower.ends_with("ing") &&
        IsOneOf(t[i - 1].lower, {"consider", "considers", "considered", "considering",
                                 "contemplate", "contemplates", "contemplated", "contemplating",
                                 "weighing", "mulling", "pondering"})) {
      last_root = std::string(RootClass(tw.type->code));  // (nor what it would ask)
      last_trigger_end = i + tw.length;
      continue;
    }
    // "demanded that Hamas renounce ...", "said Sudan must return ...":
    // what is demanded is no event of its own; the demand is (below).
    if (i > 0 && IsOneOf(t[i - 1].lower, {"must", "should"})) {
      if (speech_at != std::string::npos && statement && !must_at) must_at = i - 1;
      continue;
    }
    if (last_root == "10" && last_trigger_end != std::string::npos && i > last_trigger_end &&
        WithinNext(t, last_trigger_end, std::min<size_t>(i - last_trigger_end, 2), {"that"}))
      continue;
    // "the IRA was to blame": being to blame is being responsible, no
    // accusation by the one to blame.
    if (t[i].lower == "blame" && i >= 2 && t[i - 1].lower == "to" &&
        IsOneOf(t[i - 2].lower, {"is", "was", "are", "were", "be", "been"}))
      continue;
    // "bombed a school, killing 30 people": the toll of the attack before.
    if (i > 0 && t[i - 1].text == "," && t[i].lower == "killing" && out->size() > first_out)
      continue;
    // "release soldiers captured in the war": a participle right after the
    // object of the action before describes that object (a passive).
    if (t[i].lower.ends_with("ed") && tw.kind == TriggerKind::kVerb &&
        last_trigger_end != std::string::npos && !last_was_speech) {
      bool object_participle = false;
      for (const auto& f : s.entities) {
        if (f.end != i || f.begin < last_trigger_end || f.possessive) continue;
        bool determiners = true;  // only "the", "its", ... between the verb and its object
        for (size_t k = last_trigger_end; k < f.begin; ++k)
          determiners &= IsOneOf(t[k].lower, {"the", "a", "an", "its", "his", "her", "their"});
        object_participle |= determiners;
      }
      if (object_participle) continue;
    }
    // "A roadside bomb killed one soldier and wounded two others": a verb
    // joined by "and" to the one before shares its subject; when that one
    // had no actor, neither has this.
    if (i > 0 && t[i - 1].lower == "and" && last_trigger_end != std::string::npos &&
        last_trigger_end >= clause_start && !last_had_event && tw.kind != TriggerKind::kNoun)
      continue;
    last_root = std::string(RootClass(tw.type->code));
    last_code = tw.code.empty() ? std::string(tw.type->code) : tw.code;
    const size_t before = out->size();
    const std::optional<EventMention> made =
        MakeEvent(s, index, i, tw, clause_start, speech_at, relative, out, first_out);
    last_had_event = made.has_value() || out->size() > before;
    last_trigger_end = i + len;
    last_was_speech = tw.kind == TriggerKind::kSpeech;  // ("said Kim resigned": a clause)
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
  // "the sale should be completed in months", "Sun's profitability should
  // increase": what should happen to a thing, with no actor before the
  // modal, is a forecast, not a demand on anyone.
  if (statement && must_at && IsForecast(s, *must_at)) must_at.reset();
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
  } else if (statement && out->size() == first_out) {
    // "X said ..." is an event of its own only when the sentence reports
    // no other action.
    out->push_back(std::move(*statement));
  }
  for (size_t k = first_out; k < out->size(); ++k) AssignContextCountry(s, (*out)[k]);
}

namespace {

// Verbs whose object troops are the subject's own: it sends, deploys,
// moves or withdraws them, or visits them.
bool MovesOwnForces(std::string_view w) {
  for (std::string_view stem : {"send", "sent", "deploy", "move", "withdr", "pull", "dispatch",
                                "station", "visit", "mobili", "redeploy"})
    if (w.starts_with(stem)) return true;
  return false;
}

// "beat Argentina 3-1", "crushed the Celtics 121-98": a score in the
// clause after the verb makes it a game's result, no use of force.
bool ScoresGame(const std::vector<Token>& t, size_t from, size_t end) {
  auto points = [&](size_t k) {
    return t[k].word && !t[k].text.empty() && t[k].text.size() <= 3 &&
           std::all_of(t[k].text.begin(), t[k].text.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  for (size_t k = from; k + 2 < end && k + 2 < t.size(); ++k)
    if (points(k) && IsOneOf(t[k + 1].text, {"-", "\u2013"}) && points(k + 2) &&
        t[k + 1].span.begin == t[k].span.end && t[k + 2].span.begin == t[k + 1].span.end)
      return true;
  return false;
}

// "Gold hit a record high", "shares hit a new low", "inflation hit 85
// percent": a verb of force whose object is a level reached measures,
// and nobody is struck.
bool ReachesLevel(const std::vector<Token>& t, size_t from, size_t end) {
  for (size_t k = from; k < end && k < from + 4 && t[k].word && !IsPreposition(t[k].lower); ++k)
    if (IsOneOf(t[k].lower, {"record", "high", "highs", "low", "lows", "peak", "bottom", "percent",
                             "points", "milestone", "ceiling"}))
      return true;
  return false;
}

}  // namespace

const GazetteerEntry* EventReader::CountryOrPeopleEndingAt(const std::vector<Token>& t, size_t b,
                                                           size_t* begin) const {
  for (size_t k = b >= 3 ? b - 3 : 0; k < b; ++k) {
    const NameMatch nm = g_.MatchName(t, k);
    if (nm.entry && k + nm.length == b && (nm.demonym || nm.entry->type == EntityType::kCountry)) {
      *begin = k;
      return nm.entry;
    }
  }
  return nullptr;
}

// The event(s) the trigger at i reports, appended to *out (a statement is
// returned instead, for the caller to keep or drop).
std::optional<EventMention> EventReader::MakeEvent(const SentenceInfo& s, size_t index, size_t i,
                                                   const TriggerHit& tw, size_t clause_start,
                                                   size_t speech_at,
                                                   const std::vector<bool>& relative,
                                                   std::vector<EventMention>* out,
                                                   size_t first_out) const {
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
  auto recode = [&](std::string_view code) {
    type = FindActionType(code);
    m.code = std::string(type->code);
    m.type = std::string(type->name);
  };
  m.trigger = s.text.substr(t[i].span.begin, t[i + len - 1].span.end - t[i].span.begin);
  m.sentence = s.text;
  m.weight = s.weight;
  m.sentence_index = index;
  m.trigger_span = {s.offset + t[i].span.begin, s.offset + t[i + len - 1].span.end};
  const TriggerSite site{s, i, tw, noun, clause_start, ClauseEnd(s, i, len), relative};
  if (InsideCondition(site)) return std::nullopt;
  // `"Why would they?" he asked.`: a question, closing the sentence, asks
  // for nothing.
  if (IsOneOf(t[i].lower, {"asked", "asks"}) &&
      (i + len >= t.size() || IsOneOf(t[i + len].text, {".", "?", "!"})))
    return std::nullopt;
  if (tw.kind != TriggerKind::kSpeech && OnlyPossible(site)) return std::nullopt;
  type = ReadModality(site, speech_at, type, m);
  // `"...," says Austin Okonkwo, a ...`: after a quotation the speaker may
  // follow the verb of saying; the names inside the quotation are what he
  // said, not who said it. The speaker's name ends the sentence or opens
  // an apposition (", a ..."); a name the verb reports on is its object
  // ("said shareholders approved", "said Iraq's fleet").
  if (tw.kind == TriggerKind::kSpeech && i > 0 && !t[i - 1].word && t[i - 1].text != "(" &&
      t[i - 1].text != ".") {
    for (const auto& f : s.entities) {
      // (Over a title: `said Foreign Minister Jean Martin`.)
      bool next = f.begin >= i + len && f.begin <= i + len + 3;
      for (size_t k = i + len; next && k < f.begin; ++k) next = t[k].word && t[k].capitalized;
      if (!next || !EndsPhraseAt(t, f.end) || !IsActor(f.entity) || f.pronoun ||
          f.entity.canonical.empty())
        continue;
      m.source = f.entity;
      AssignTime(site, m);
      return m;
    }
  }
  if (auto attack = UnattributedAttack(site, m)) {
    out->push_back(std::move(*attack));
    return std::nullopt;
  }
  // "forestalled talks by issuing an ultimatum", "left without seeking
  // approval": a gerund after a preposition of means or time is done by
  // the clause's subject. After other prepositions it is what an
  // accusation alleges ("accused Iraq of shelling", "criticised Kenya for
  // holding drills": the accusation is the event) or completes a noun or a
  // verb ("the chance of expressing", "called for replacing"): no act.
  if (!noun && i >= 2 && t[i].lower.size() > 5 && t[i].lower.ends_with("ing") && t[i - 1].word &&
      IsPreposition(t[i - 1].lower) &&
      !IsOneOf(t[i - 1].lower, {"by", "without", "after", "before", "while", "through", "upon",
                                "on", "since", "despite"}))
    return std::nullopt;
  const bool passive = IsPassive(site);
  const Found* patient = nullptr;
  const bool reduced = ReducedPassive(site, lexicon_, &patient);
  // (Without "by", a reduced passive names nobody acting.)
  if (reduced && !passive) return std::nullopt;
  Roles roles;
  if (!FindRoles(site, passive, m, roles)) return std::nullopt;
  const Found* src = roles.src;
  // A reduced passive's target is the phrase it follows, not the subject.
  const Found* tgt = reduced ? patient : roles.tgt;
  // "had no hope that Iraq would withdraw", "expects that Iraqi soldiers
  // will surrender": what one actor hopes or expects another will do is
  // no intent of the other. (Of itself it is: "Iraq expects it will
  // withdraw".)
  if (!src->pronoun && src->begin > site.clause_start) {
    for (size_t k = src->begin; k-- > site.clause_start && k + 8 > src->begin;) {
      if (!IsOneOf(t[k].lower, {"hope", "hopes", "hoped", "hoping", "expect", "expects", "expected",
                                "expecting", "fear", "fears", "feared", "doubt", "doubts",
                                "doubted", "wish", "wishes"}))
        continue;
      // Only "that", quotes and the subject's own words between.
      size_t next = k + 1;
      while (next < src->begin && !t[next].word) ++next;
      bool between = true;
      for (size_t w = next; w < src->begin; ++w)
        between &= !t[w].word || (!t[w].capitalized && !FindTrigger(t, w));
      if (between && (next == src->begin || IsOneOf(t[next].lower, {"that", "the"})))
        return std::nullopt;
    }
  }
  if (HeldNotDone(t, site.clause_start, i)) return std::nullopt;
  // "announced the suspension of talks with the rebels", "pulled out of
  // the summit": the meeting halted is the news, not a meeting; "talks
  // between X and Y collapsed" says nobody halted them, so neither met.
  if (noun && RootClass(m.code) == "04") {
    switch (FateOfMeeting(t, i)) {
      case MeetingFate::kHeld:
        break;
      case MeetingFate::kHaltedBySubject:
        recode(cameo::kHaltNegotiations);
        m.symmetric = false;
        break;
      case MeetingFate::kHaltedByNobodyNamed:
        return std::nullopt;
    }
  }
  if (!tgt && WarnsNobody(site, RootClass(m.code))) {
    recode(cameo::kMakeStatement);
    m.symmetric = false;
  }
  if (ReportsWhatWasSaid(site, RootClass(m.code))) {
    recode(cameo::kMakeStatement);
    m.symmetric = false;
    tgt = nullptr;
  }
  const std::string_view root = RootClass(m.code);
  if ((root == "18" || root == "19" || root == "20") &&
      (ScoresGame(t, i + len, site.clause_end) || ReachesLevel(t, i + len, site.clause_end)))
    return std::nullopt;
  m.source = src->entity;
  // "withdraw troops from Iran and release prisoners": after "and", an
  // actor past the verb before is that verb's object; both verbs share
  // its subject.
  // So after a comma when the actor before it is the object of the verb
  // before ("Lula visits China, meets Xi"; not "Israel struck Gaza, Hamas
  // fired back").
  if (i > 0 && out->size() > first_out && !src->pronoun &&
      out->back().trigger_span.end <= s.offset + t[src->begin].span.begin &&
      out->back().sentence_index == index &&
      (t[i - 1].lower == "and" ||
       (t[i - 1].text == "," && src->end + 1 == i && tw.kind != TriggerKind::kSpeech &&
        !out->back().target.empty() && out->back().target.canonical == src->entity.canonical)))
    m.source = out->back().source;
  // "The two prime ministers signed ...": the pair.
  if (!tgt && src->pair_second) m.target = *src->pair_second;
  if (src->place) m.location = *src->place;
  if (tgt) m.target = tgt->entity;
  // "accused Washington", "talks with Kyiv": a capital as the object is its
  // government (visits, aid and attacks take places as they are, below).
  if (!tgt && m.code != cameo::kMakeVisit && m.code != cameo::kProvideAid && root != "19") {
    for (const auto& f : s.entities) {
      if (f.entity.type != EntityType::kPlace || f.entity.country.empty() || f.begin < i + len ||
          f.begin >= site.clause_end)
        continue;
      // ("sanctions on Tehran", "pressure on Caracas": whom a coercion
      // or a threat falls on.)
      const std::string before = WordBefore(t, f.begin);
      const bool object = Adjacent(t, i + len, f.begin, 0) || before == "with" ||
                          (before == "on" && (root == "13" || root == "16" || root == "17"));
      if (!object) continue;
      if (const GazetteerEntry* c = g_.LookupCountry(f.entity.country))
        if (c->canonical != m.source.canonical) m.target = MakeEntity(*c, f.entity.text);
      break;
    }
  }
  // "will send troops to Ukraine", "visited troops on the border", "to
  // send police to Haiti": troops or police of no country named are the
  // acting side's own, no target; the country
  // they are sent to, or withdrawn from, is.
  // (Only verbs that move or inspect one's own forces: the soldiers one
  // releases or attacks are another's.)
  if (tgt && m.target.type == EntityType::kGroup && m.target.country.empty() &&
      (m.target.role == "military" || m.target.role == "police") && !m.source.country.empty() &&
      MovesOwnForces(t[i].lower)) {
    m.target = Entity{};
    // ("withdrew its troops from Kuwait": the country left.)
    const bool leaving = t[i].lower.starts_with("withdr") || t[i].lower.starts_with("pull");
    for (const auto& f : s.entities) {
      if (f.begin <= tgt->begin || f.begin >= site.clause_end ||
          f.entity.type != EntityType::kCountry || f.entity.country == m.source.country)
        continue;
      const std::string before = WordBefore(t, f.begin);
      if (!IsOneOf(before, {"to", "into"}) && !(leaving && before == "from")) continue;
      m.target = f.entity;
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
  // Killing and wounding are coded as force only when soldiers or fighters
  // do it. Police who kill fighters fight them ("security forces killed
  // six militants"); police who kill anyone else repress.
  if (IsOneOf(t[i].lower,
              {"kill", "kills", "killed", "killing", "wound", "wounds", "wounded", "wounding"}) &&
      m.source.role != "military" && m.source.role != "rebel") {
    // (Who killed whom "in clashes between police and X" is not said.)
    if (m.source.role != "police" || m.target.empty() || passive || src->begin > i)
      return std::nullopt;
    if (m.target.role != "rebel" && m.target.role != "military") recode(cameo::kViolentRepression);
  }
  // A company neither fights nor musters forces: force, posture, coercion
  // and violence said of a business are figures of speech ("sales hit $600
  // million", "price cuts hurt rivals", "increasing its reserves"). Nor
  // does it give or ask for aid, yield, threaten or protest as states do:
  // those codes read its dealings ("a rights issue expected to raise $300
  // million", "submit the offer to its board", "set March 3 as the
  // deadline for offers", "suspending work on a plant"), and its trade is
  // no material cooperation between states ("to purchase an interest in
  // oil properties", "assisted by its president"). Its agreements,
  // lawsuits, rejections and cut ties ("cut off services to a military
  // unit") keep their codes. (By the verb's own code too: "will take
  // ownership" is no threat of repression.)
  auto not_for_business = [](std::string_view code) {
    return IsOneOf(RootClass(code), {"06", "07", "08", "13", "14", "15", "17", "18", "19", "20"}) ||
           code.starts_with("023") || code.starts_with("033") || code.starts_with("035");
  };
  if (m.source.role == "business" &&
      (not_for_business(m.code) || not_for_business(tw.code.empty() ? tw.type->code : tw.code)))
    return std::nullopt;
  // An executive leaving a company ("the chief financial officer
  // resigned", "Acme said its general manager resigned") concedes nothing
  // to anyone; a minister or general resigning does.
  if (m.code == cameo::kLeadershipChange && m.source.country.empty() &&
      m.source.role != "government") {
    bool business = false;
    for (const auto& f : s.entities) business |= f.entity.role == "business";
    for (size_t k = 0; k + 1 < t.size() && !business; ++k)
      business = (t[k].lower == "chief" && IsOneOf(t[k + 1].lower, {"executive", "financial"})) ||
                 (t[k].lower == "general" && t[k + 1].lower == "manager") ||
                 (t[k].lower == "vice" && t[k + 1].lower == "president");
    if (business) return std::nullopt;
  }
  // A company's intent with nobody to cooperate with is about its own
  // affairs ("announced plans for a stock split", "will remain neutral",
  // "plans to buy back its shares"), unlike a state's pledge, unless it
  // commits to an act ("agreed to pay $70 million to settle claims").
  if (m.source.role == "business" && RootClass(m.code) == "03" && m.target.empty()) {
    bool commits = false;
    for (size_t k = i + tw.length; k < t.size() && k <= i + tw.length + 3 && !commits; ++k)
      commits = t[k].lower == "to" && k + 1 < t.size() && lexicon_ &&
                lexicon_->verbs().IsVerbForm(t[k + 1].lower);
    if (!commits) return std::nullopt;
  }
  // Soldiers or fighters who surrender retreat militarily (CAMEO 0874);
  // a political yielding is for others.
  if (m.code == cameo::kYield && t[i].lower.starts_with("surrender") &&
      (IsOneOf(m.source.role, {"military", "rebel"}) || IsOneOf(m.source.sector, {"MIL", "REB"}))) {
    recode(cameo::kDeescalateMilitarily);
    m.code = std::string(cameo::kRetreatOrSurrender);
  }
  // "Japan protested to China", "the foreign ministry protested the
  // arrest": a state protests through official channels (CAMEO 114); the
  // dissent of the street is for others.
  if (m.code == cameo::kDissent && t[i].lower.starts_with("protest") &&
      (m.source.type == EntityType::kCountry || m.source.role == "government" ||
       m.source.sector == "GOV"))
    recode(cameo::kComplainOfficially);
  // Protesters who attack riot (CAMEO 145): a crowd uses no military
  // force.
  if (RootClass(m.code) == "19" && m.source.canonical == "protesters") recode(cameo::kRiot);
  // Workers striking is a labour strike.
  if (m.code == cameo::kUseForce && IsOneOf(t[i].lower, {"strike", "strikes"}) &&
      (m.source.canonical == "workers" || m.source.canonical == "union")) {
    recode(cameo::kStrikeOrBoycott);
  }
  // A clash between police and protesters is no battle: the protesters
  // riot, the security forces repress them.
  if (m.code == cameo::kUseForce &&
      IsOneOf(t[i].lower, {"clash", "clashes", "clashed", "clashing"})) {
    bool with_protesters = false;
    for (size_t k = i + 1; k < t.size() && k <= i + 8 && !with_protesters; ++k)
      with_protesters = IsOneOf(t[k].lower, {"protesters", "demonstrators", "marchers", "rioters",
                                             "students", "strikers"}) &&
                        WithinNext(t, i + 1, k - i, {"with"});
    const bool security =
        IsOneOf(m.source.role, {"police", "military"}) || IsOneOf(m.source.sector, {"COP", "MIL"});
    std::string_view code;
    if (m.source.canonical == "protesters") code = cameo::kRiot;
    if (with_protesters && security) code = cameo::kViolentRepression;
    if (!code.empty()) recode(code);
  }

  // "called Bush a liar", "calls him a hero": naming someone is no call
  // to them.
  if (RootClass(m.code) == "04" && IsOneOf(t[i].lower, {"call", "calls", "called", "calling"}) &&
      tgt) {
    size_t next = tgt->end;
    while (next < t.size() && !t[next].word) ++next;  // (quotes: called Bush ``a liar'')
    if (next < t.size() && IsOneOf(t[next].lower, {"a", "an"})) return std::nullopt;
  }
  AssignPlace(site, root, m);
  if (tw.kind == TriggerKind::kSpeech) m.target = Entity{};
  // The dictionary's verbs code without a target, except encounters,
  // cooperation and aid read from the bare verb, which CAMEO codes between
  // two parties ("arrived", "talked" with nobody named are none). Aid
  // goes to someone or somewhere even when a pattern codes it
  // ("peacekeeping troops arrived in Bosnia"; "Airbus delivered fewer
  // planes" is no aid). An investigation looks into someone ("inspected
  // a new submarine", "a newspaper which monitors shipping" are none)
  // unless a pattern names what ("launched an investigation"). Intents
  // without a counterpart stay: PLOVER's coders code them.
  if (m.target.empty() && tw.kind != TriggerKind::kSpeech &&
      (tw.from_dictionary ? (!tw.by_pattern && IsOneOf(RootClass(m.code), {"04", "06", "07"})) ||
                                (RootClass(m.code) == "07" && m.location.empty()) ||
                                (RootClass(m.code) == "09" && !tw.by_pattern)
                          : type->needs_target))
    return std::nullopt;
  // "Poland demanded an apology": a demand with nobody named to meet it
  // counts only from a subject right before it, not from an actor named
  // further back ("He said the Catholic minority demanded ...").
  if (m.target.empty() && RootClass(m.code) == "10" && !tw.from_dictionary &&
      !Adjacent(t, src->end, i, 4))
    return std::nullopt;
  // "Shultz will travel to Ohio": travel within one's own
  // country visits nobody.
  if (m.code == cameo::kMakeVisit && m.target.type == EntityType::kCountry &&
      !m.source.country.empty() && m.source.country == m.target.country)
    return std::nullopt;
  // "Syria will withdraw its troops": the actor acting on its own forces
  // names no other party.
  if (!m.target.empty() && m.source.canonical == m.target.canonical) {
    if (type->needs_target && !tw.from_dictionary) return std::nullopt;
    m.target = Entity{};
  }

  AssignTime(site, m);
  if (tw.kind == TriggerKind::kSpeech) {
    // A statement: its speaker is the subject right before "said", or
    // speakers joined by "and" ("Acme Inc. and Apex Corp. said"); a name
    // after a comma alone may be an apposition ("Apex, Norway's biggest
    // paint maker, said") or come before a parenthetical ("Apex, she said,
    // is").
    const Found* last = src;
    if (!roles.more_sources.empty()) {
      const auto& more = roles.more_sources;
      const Found* before = more.size() > 1 ? more[more.size() - 2] : src;
      for (size_t k = before->end; k < more.back()->begin; ++k)
        if (t[k].lower == "and") last = more.back();
    }
    size_t from = last->end;
    while (from < i && (!t[from].word || relative[from])) ++from;  // ", who ..., said"
    // "John McNamara, chief financial officer of Milton Roy, said": an
    // apposition between the speaker and the verb.
    // ("Acme Ltd., one of the companies owned by John Smith, said": the
    // full stop of "Ltd." comes first, and a company's description runs
    // longer.)
    const bool company = src->entity.type == EntityType::kOrganisation;
    const size_t comma = last->end + (company && last->end < i && t[last->end].text == "." ? 1 : 0);
    // "John Smith of the Arab League said": the speaker's affiliation.
    if (src->entity.type == EntityType::kPerson && from < i && t[from].lower == "of")
      for (const auto& f : s.entities)
        if (f.begin > from && f.begin <= from + 2 && f.end <= i &&
            PrepositionIndex(t, f.begin) == from && f.entity.type != EntityType::kPerson &&
            Adjacent(t, f.end, i, 8))
          from = f.end;
    if (comma < i && t[comma].text == ",") {
      size_t close = comma + 1;
      while (close < i && t[close].text != "," && close - comma <= (company ? 16u : 12u)) ++close;
      if (close < i && t[close].text == "," && Adjacent(t, close + 1, i, 8)) from = close + 1;
    }
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
  for (const Found* extra : roles.more_targets) {
    EventMention e = main;
    e.target = extra->entity;
    add(std::move(e));
  }
  for (const Found* extra : roles.more_sources) {
    EventMention e = main;
    e.source = extra->entity;
    add(std::move(e));
  }
  return std::nullopt;
}

bool EventReader::FindRoles(const TriggerSite& site, bool passive, EventMention& m,
                            Roles& r) const {
  const SentenceInfo& s = site.s;
  const auto& t = s.tokens;
  const size_t i = site.i, len = site.tw.length;
  const bool noun = site.noun;
  const TriggerHit& tw = site.tw;
  const size_t left_start = SubjectStart(site);
  const size_t clause_end = site.clause_end;
  const std::vector<bool>& relative = site.relative;
  const Found*& src = r.src;
  const Found*& tgt = r.tgt;
  std::vector<const Found*>& more_sources = r.more_sources;
  std::vector<const Found*>& more_targets = r.more_targets;
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
  // "an offer, which the Widget board said it rejected": an actor
  // inside the relative clause, before its verb, is that verb's subject
  // (the pronoun is the object).
  if (relative[i]) {
    std::vector<const Found*> inside;
    for (const Found* f : left) {
      bool same_clause = true;
      for (size_t k = f->begin; k < i && same_clause; ++k) same_clause = relative[k];
      if (same_clause && f->begin > 0 && IsOneOf(t[f->begin - 1].lower, {"which", "that", "the"}))
        inside.push_back(f);
    }
    if (!inside.empty()) left = std::move(inside);
  }
  // "an Israeli strike that killed ...", "Russia, which attacked ...": the
  // subject of a relative clause is the noun phrase before its pronoun,
  // never an actor named further back.
  if (!noun) {
    size_t r = i;
    while (r > 0 && IsAuxiliary(t[r - 1].lower)) --r;
    if (r > 0 && IsOneOf(t[r - 1].lower, {"that", "which", "who"})) {
      const size_t pronoun = r - 1;
      std::vector<const Found*> antecedent;
      // ("police clashed with students who were protesting": a
      // preposition between the actor and the pronoun starts another
      // noun phrase, whose head the pronoun stands for.)
      for (const Found* f : left) {
        bool through_preposition = false;
        for (size_t k = f->end; k < pronoun; ++k) through_preposition |= IsPreposition(t[k].lower);
        if (f->end <= pronoun && f->end + 3 >= pronoun && !through_preposition) antecedent = {f};
      }
      // "Pompeo, the former CIA chief who has travelled": a name modifying
      // the noun before the pronoun; the person that noun describes acts.
      // "a Libyan World Court case that has blocked": a thing does.
      if (antecedent.size() == 1 && antecedent[0]->end < pronoun &&
          antecedent[0]->entity.type != EntityType::kPerson && !t[pronoun - 1].capitalized) {
        const Found* person = nullptr;
        for (const Found* f : left)
          if (f->entity.type == EntityType::kPerson && f->end < antecedent[0]->begin &&
              t[f->end].text == "," && antecedent[0]->begin - f->end <= 4)
            person = f;
        if (person) {
          antecedent = {person};
        } else if (g_.MatchAgent(t, pronoun - 1, nullptr) == 0 &&
                   g_.MatchTitle(t, pronoun - 1, nullptr) == 0 && lexicon_ &&
                   lexicon_->NounFrequency(t[pronoun - 1].lower) > 0) {
          antecedent.clear();
        }
      }
      left = std::move(antecedent);
    }
  }
  // "Ankara hosted talks": a capital right before the action is its
  // government, and the place.
  // ("Moscow was open to talks": also when an actor named earlier only
  // reports it.)
  bool actor_adjacent = false;
  for (const Found* f : left) actor_adjacent |= Adjacent(t, f->end, i, 4);
  // ("Beijing has repeatedly warned": adverbs of manner stand between too.)
  auto near = [&](size_t from) {
    if (Adjacent(t, from, i, 4)) return true;
    if (!lexicon_ || i < from || i - from > 4) return false;
    for (size_t k = from; k < i; ++k) {
      const std::string& w = t[k].lower;
      const bool adverb = w.size() > 4 && w.ends_with("ly") && !t[k].capitalized &&
                          lexicon_->Frequency(w, PartOfSpeech::kAdverb) > 0 &&
                          lexicon_->NounFrequency(w) == 0 &&
                          lexicon_->Frequency(w, PartOfSpeech::kVerb) == 0;
      if (t[k].word && !IsAuxiliary(w) && !adverb) return false;
    }
    return true;
  };
  // (A seat's government is its Found::government.)
  auto push_government = [&](const Found& seat) {
    r.capitals.push_back(seat);
    r.capitals.back().entity = *seat.government;
    left.push_back(&r.capitals.back());
  };
  if (!actor_adjacent) {
    for (const auto& f : s.entities) {
      const bool at_start =
          f.begin == left_start || (f.begin == left_start + 1 && t[left_start].lower == "the");
      const std::string before = WordBefore(t, f.begin);
      const bool subject = at_start || (near(f.end) && before != "to" && !IsPreposition(before));
      // ("his Istanbul meeting": a place modifying the noun is no actor.)
      const bool modifier = (noun && f.end == i) ||
                            (f.begin > 0 && IsOneOf(t[f.begin - 1].lower,
                                                    {"his", "her", "their", "its", "our", "a"}));
      // "Moscow said it would expel ...", "Washington said it was ready to
      // hold talks": the seat speaks of itself; the pronoun after its verb
      // of saying is the subject of the short clause that reports the act.
      bool speaks_of_itself = false;
      if (f.end < i && IsSpeechAt(t, f.end)) {
        size_t k = f.end + 1;
        if (k < i && t[k].lower == "that") ++k;
        speaks_of_itself = k < i && IsOneOf(t[k].lower, {"it", "they"}) && i - k <= 6;
        for (size_t w = k + 1; w < i && speaks_of_itself; ++w)
          speaks_of_itself = t[w].word && !t[w].capitalized && !IsSubordinator(t[w].lower);
      }
      if (f.entity.type == EntityType::kPlace && f.government &&
          (speaks_of_itself || (subject && near(f.end))) && !modifier && f.end <= i &&
          !site.relative[f.begin]) {
        r.capitals.clear();
        left.clear();
        // "Moscow and Kyiv exchanged prisoners", "Russia and Kyiv": an
        // actor or another seat joined to it by "and" acts with it.
        if (f.begin > 0 && t[f.begin - 1].lower == "and")
          for (const auto& g : s.entities) {
            if (g.end + 1 != f.begin || g.begin < left_start) continue;
            if (IsActor(g.entity)) {
              left.push_back(&g);
            } else if (g.entity.type == EntityType::kPlace && g.government) {
              push_government(g);
            }
          }
        push_government(f);
        if (m.code == cameo::kHostVisit) m.location = f.entity;  // "Ankara hosted talks"
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
    if (before == "from" && (m.code == cameo::kBreakRelations || m.code == cameo::kExpelOrWithdraw))
      blocked = false;
    // "demanded an apology from Moscow", "sought aid from Japan": whom a
    // demand or an appeal is made of.
    if (before == "from" && (root == "10" || root == "02") && prep > i + len) blocked = false;
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
  // A participle after a comma ("Israel struck the port, killing ...",
  // "Blair pledged to stand with Bush against Iraq, warning Saddam") tells
  // more of what the main clause's subject did: the actor right before the
  // comma is that clause's object.
  const bool adjunct =
      !noun && i > 0 && t[i - 1].text == "," && t[i].lower.ends_with("ing") && !relative[i];
  size_t src_index = 0;
  for (size_t k = left.size(); k-- > 0 && !noun;) {
    const std::string before = WordBefore(t, left[k]->begin);
    if (IsPreposition(before) || before == "to") continue;
    // ("creditors of bankrupt shipyard Waertsilae Marine Industries Oy
    // agreed": a name a preposition's noun phrase ends with is no subject.)
    if (lexicon_) {
      size_t b = left[k]->begin;
      while (b > 0 && left[k]->begin - b < 3 && t[b - 1].word && !t[b - 1].capitalized &&
             t[b - 1].lower != "and" && ContinuesNounPhrase(t[b - 1].lower, true))
        --b;
      if (b < left[k]->begin && b > 0 && IsPreposition(t[b - 1].lower)) continue;
    }
    if (adjunct) {
      src_index = k;  // the first such actor of the clause: its subject
      src = left[k];
      continue;
    }
    if (Adjacent(t, left[k]->end, i, 4)) {
      src_index = k;
      // "Gen. Nhek Bunchhay, a loyalist of Prince Norodom Ranariddh, said":
      // a name closing an apposition describes the subject before it.
      for (size_t j = 0; j < k; ++j) {
        const size_t c = left[j]->end;
        const std::string before_j = WordBefore(t, left[j]->begin);
        if (c + 1 >= left[k]->begin || t[c].text != "," || left[k]->end >= i ||
            t[left[k]->end].text != "," || IsPreposition(before_j) || before_j == "to" ||
            IsOneOf(t[c + 1].lower, {"or", "and", "but", "nor"}) ||
            !(IsOneOf(t[c + 1].lower, {"a", "an", "the"}) ||
              (t[c + 1].word && !t[c + 1].capitalized)))
          continue;
        bool comma_between = false;
        for (size_t m = c + 1; m < left[k]->begin; ++m) comma_between |= t[m].text == ",";
        if (!comma_between) {
          src_index = j;
          break;
        }
      }
      // ("attacked Kuwait and Iran condemned": an actor right after a
      // verb is that verb's object, no part of this subject.)
      while (src_index > 0 && !Conjuncts(t, left, left[src_index - 1]).empty() &&
             Conjuncts(t, left, left[src_index - 1]).front() == left[src_index] &&
             !VerbEndsAt(t, left[src_index - 1]->begin))
        --src_index;
      src = left[src_index];
      break;
    }
  }
  if (!src && !noun && !passive && UndergoneByNoun(site)) return false;
  if (!src && !noun) src = NounPhraseOwner(site, left);
  if (!src && !left.empty()) {
    if (!passive && ThingIsSubject(site)) return false;
    if (adjunct) return false;  // only objects of the main clause are named
    // "Chirac sent troops to Chad, saying Libyan troops massed nearby
    // threatened it": what a verb of saying reports has its own subject.
    size_t speech = std::string::npos;
    for (size_t k = left.front()->end; k < i; ++k)
      if (IsSpeechAt(t, k) || t[k].lower == "saying") speech = k;
    if (speech != std::string::npos)
      for (const Found* f : left)
        if (f->begin > speech && !IsPreposition(WordBefore(t, f->begin))) {
          src = f;
          break;
        }
  }
  if (!src && !left.empty()) {
    src = left.front();
  }
  // "Protesters greeted Merkel after her talks with Macron": an action noun
  // "his" or "her" owns is the person's it refers to, the nearest one named
  // before it, not the actor who stands first.
  if (noun) {
    size_t k = i;
    while (k > 0 && i - k < 3 && t[k - 1].word && t[k - 1].capitalized) --k;
    if (k > 0 && IsOneOf(t[k - 1].lower, {"his", "her"}))
      for (size_t j = left.size(); j-- > 0;)
        if (left[j]->end < k && left[j]->entity.type == EntityType::kPerson) {
          src = left[j];
          break;
        }
  }
  more_sources = src ? Conjuncts(t, left, src) : std::vector<const Found*>{};
  tgt = targets.empty() ? nullptr : targets.front();
  // "he canceled it, following a meeting with X": a pronoun object is the
  // target; a name further on belongs to something else.
  if (i + len < t.size() && IsOneOf(t[i + len].lower, {"it", "them"}) && !noun) tgt = nullptr;
  if ((noun || tw.kind == TriggerKind::kWithVerb) && tgt) {
    // "meeting with X": X must follow "with" (possibly after adjectives).
    size_t with = i + len;
    while (with < t.size() && with < tgt->begin && t[with].lower != "with" &&
           t[with].lower != "between")
      ++with;
    // ("talks with leaders of Romania's government": a group noun and "of"
    // or "from" may stand between.)
    bool through_group = false;
    if (with < tgt->begin && tgt->begin - with <= 5) {
      size_t p = tgt->begin;
      if (p > with && t[p - 1].lower == "the") --p;
      through_group = p > with + 1 && IsOneOf(t[p - 1].lower, {"of", "from"});
      for (size_t k = with + 1; through_group && k + 1 < p; ++k)
        through_group = t[k].word && !t[k].capitalized;
    }
    if (with >= tgt->begin || (with > i + len + 3 && !through_group)) tgt = nullptr;
    // ("speaking after talks with X": the talks were with X; the speaking
    // was not.)
    if (tw.kind == TriggerKind::kWithVerb && tgt)
      for (size_t k = i + len; k < with && tgt; ++k)
        if (TriggerHit between = FindTrigger(t, k); between && between.kind == TriggerKind::kNoun)
          tgt = nullptr;
  }
  more_targets = tgt ? Conjuncts(t, targets, tgt) : std::vector<const Found*>{};
  // ("attacked Kuwait and Iran condemned": a name followed by its own verb
  // begins a clause of its own.)
  for (size_t k = 0; k < more_targets.size(); ++k)
    if (more_targets[k]->end < t.size() && t[more_targets[k]->end].word &&
        !t[more_targets[k]->end].capitalized && FindTrigger(t, more_targets[k]->end) && !noun) {
      more_targets.resize(k);
      break;
    }
  // ("Greece and Turkey agreed to hold talks": an intent to meet is the
  // pair's, as the meeting would be.)
  const bool mutual =
      m.symmetric || (root == "04" && m.code != cameo::kMediate) ||
      m.code == cameo::kIntentToMeet ||
      IsOneOf(t[i].lower, {"fought", "fight", "fights", "clashed", "clash", "exchanged", "exchange",
                           "swapped", "swap", "traded", "trade", "trades"});
  if (passive) {
    // "Kim was met by Trump": the actor after "by" is the source; without
    // one ("claims had been rejected") nobody is named as acting.
    const Found* by = nullptr;
    for (const Found* f : right)
      if (WordBefore(t, f->begin) == "by") {
        if (AgentOfAnotherVerb(t, i + len, PrepositionIndex(t, f->begin), lexicon_)) break;
        by = f;
        break;
      }
    if (!by) return false;
    tgt = src;
    src = by;
    more_targets.clear();
    // "rejected by Hungary and Slovakia": each agent joined by "and" acts;
    // of a symmetric act ("signed by Israel and the Emirates") with no other
    // party, the second is the first one's counterpart ("brokered by
    // Qatar and Egypt": both mediate, neither is the other's party).
    // (A pronoun subject names the party we could not resolve: "They are
    // aided by Norway, Chile and ...".)
    more_sources = Conjuncts(t, right, by);
    bool pronoun_subject = false;
    for (size_t k = site.clause_start; k < i; ++k)
      pronoun_subject |= IsOneOf(t[k].lower, {"they", "he", "she", "we", "it", "i", "you"});
    if (!tgt && m.symmetric && !pronoun_subject && !more_sources.empty()) {
      tgt = more_sources.front();
      more_sources.clear();
    }
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
  return src != nullptr;
}

bool EventReader::NameModifiesNoun(const SentenceInfo& s, size_t i) const {
  const auto& t = s.tokens;
  if (!lexicon_ || i == 0) return false;
  // The names right before the word, back to the first of them ("New York"
  // "Stock Exchange").
  size_t b = i;
  bool singular = true;  // ("The Palestinians reject": a plural's verb)
  for (bool more = true; more;) {
    more = false;
    for (const auto& f : s.entities)
      if (f.end == b && f.begin < b && !f.possessive) {
        if (b == i)
          singular = !f.demonym && f.entity.type != EntityType::kGroup &&
                     (f.end - f.begin > 1 || !t[f.begin].lower.ends_with("s"));
        b = f.begin;
        more = true;
      }
  }
  if (b == i || b == 0) return false;
  if (!IsOneOf(t[b - 1].lower, {"the", "a", "an", "its", "his", "her", "their", "in", "on", "at",
                                "of", "for", "with", "by", "from", "into", "proposed", "planned"}))
    return false;
  const std::string& w = t[i].lower;
  if (w.ends_with("ing")) return true;  // "in Stock Exchange trading"
  // A base form the lexicon knows as a noun, with no object after it ("the
  // Film House purchase."; "the rebel forces attack Kabul" is a verb). An
  // irregular past is no base form ("the Defense Department sent aid",
  // though WordNet knows a coin called the sent).
  if (!singular || w.ends_with("s") || w.ends_with("ed") || lexicon_->NounFrequency(w) == 0 ||
      lexicon_->IsPastForm(w))
    return false;
  const size_t n = i + 1;
  return n >= t.size() || !t[n].word ||
         (!t[n].capitalized && !IsOneOf(t[n].lower, {"the", "a", "an", "its", "his", "her", "their",
                                                     "them", "him", "it", "us"}));
}

bool EventReader::ThingIsSubject(const TriggerSite& site) const {
  if (!lexicon_ || site.noun) return false;
  const auto& t = site.s.tokens;
  size_t k = site.i;
  while (k > 0 && t[k - 1].word &&
         (IsAuxiliary(t[k - 1].lower) ||
          (t[k - 1].lower.size() > 4 && t[k - 1].lower.ends_with("ly"))))
    --k;
  if (k == 0) return false;
  const size_t w = k - 1;
  const std::string& word = t[w].lower;
  if (!t[w].word || InsideEntity(site.s, w) || site.relative[w] != site.relative[site.i])
    return false;
  // A capitalised word inside the sentence is a name we do not know.
  if (t[w].capitalized && w > 0) return false;
  // Words that stand for actors named elsewhere ("both sides agreed", "the
  // two were considering") and time adverbs ("last week agreed"). (A role
  // noun left without its country, "refugees fleeing", is a subject too:
  // an unnamed group, not the actor named further back.)
  if (IsOneOf(word,
              {"he",         "she",      "they",      "it",     "we",      "i",         "you",
               "who",        "which",    "that",      "both",   "all",     "each",      "two",
               "three",      "others",   "side",      "sides",  "country", "countries", "nation",
               "nations",    "company",  "companies", "firm",   "firms",   "concern",   "group",
               "groups",     "party",    "parties",   "men",    "man",     "women",     "woman",
               "allies",     "ally",     "leaders",   "leader", "bank",    "banks",     "unit",
               "board",      "week",     "month",     "year",   "weekend", "night",     "morning",
               "afternoon",  "evening",  "time",      "day",    "now",     "yesterday", "today",
               "tonight",    "together", "jointly",   "too",    "first",   "alone",     "itself",
               "themselves", "himself",  "herself"}))
    return false;
  if (lexicon_->NounFrequency(word) == 0) return false;
  // "issued a declaration demanding", "an ultimatum calling for": a
  // document acts for whoever issued it.
  if (IsOneOf(word, {"declaration", "statement", "letter", "resolution", "communique", "ultimatum",
                     "note", "appeal", "petition", "message", "report", "decree", "order"}))
    return false;
  // "Cineplex shareholders responded", "several Big Board firms complain":
  // those who hold a stake in an actor, or belong to it, are not it.
  if (IsStakeholder(word)) return true;
  // "Laurent Fabius and a group of deputies held talks": a noun phrase
  // joined to an actor shares the act with it.
  for (size_t b = w; b-- > 0 && b + 7 > w;) {
    if (!t[b].word || t[b].capitalized) break;
    if (t[b].lower == "and") {
      if (ActorEndsAt(site.s, b)) return false;
      break;
    }
  }
  // "the Islamic Jihad movement rejected", "Israeli helicopters and tanks
  // shelled": a noun phrase an actor's name begins is that actor's.
  for (size_t b = w + 1; b-- > 0 && b + 5 > w;) {
    if (ActorEndsAt(site.s, b)) return false;
    if (b == 0 || !t[b - 1].word || t[b - 1].capitalized) break;
    // (Through nouns, adjectives and "and" only: "doctors to refugees" is
    // no compound.)
    if (!ContinuesNounPhrase(t[b - 1].lower, false)) break;
  }
  return true;
}

bool EventReader::UndergoneByNoun(const TriggerSite& site) const {
  if (!lexicon_) return false;
  const auto& t = site.s.tokens;
  const size_t i = site.i, after = site.i + site.tw.length;
  if (i == 0 || !t[i].lower.ends_with("ed")) return false;
  size_t w = i - 1;
  // ("destroyed or abandoned": the second of two participles.)
  if (IsOneOf(t[w].lower, {"or", "and"}) && w >= 2 && t[w - 1].lower.ends_with("ed")) w -= 2;
  if (!t[w].word || t[w].capitalized || InsideEntity(site.s, w) || IsAuxiliary(t[w].lower) ||
      lexicon_->NounFrequency(t[w].lower) == 0 || lexicon_->verbs().IsVerbForm(t[w].lower))
    return false;
  return after >= t.size() || !t[after].word || IsOneOf(t[after].lower, {"or", "and"}) ||
         (IsPreposition(t[after].lower) && t[after].lower != "by");
}

const Found* EventReader::NounPhraseOwner(const TriggerSite& site,
                                          const std::vector<const Found*>& left) const {
  if (!lexicon_) return nullptr;
  const auto& t = site.s.tokens;
  size_t k = site.i;
  while (k > 0 && t[k - 1].word && IsAuxiliary(t[k - 1].lower)) --k;
  if (k == 0) return nullptr;
  const size_t w = k - 1;
  if (!t[w].word || t[w].capitalized || InsideEntity(site.s, w) ||
      lexicon_->NounFrequency(t[w].lower) == 0 || !site.relative[w] != !site.relative[site.i] ||
      IsStakeholder(t[w].lower))
    return nullptr;
  // ("Iraq's equipment destroyed or abandoned": a past form with no object
  // after the noun may be a participle the noun undergoes.)
  const size_t after = site.i + site.tw.length;
  if (k == site.i && t[site.i].lower.ends_with("ed") &&
      (after >= t.size() || !t[after].word || IsPreposition(t[after].lower) ||
       IsOneOf(t[after].lower, {"or", "and", "to"})))
    return nullptr;
  for (size_t b = w + 1; b-- > 0 && b + 5 > w;) {
    for (const Found* f : left) {
      if (f->end != b) continue;
      // ("Ratners Group PLC's U.S. subsidiary": the possessor owns it.)
      if (f->begin > 0 && IsPossessive(t, f->begin - 1))
        for (const Found* owner : left)
          if (owner->end + 1 == f->begin) return owner;
      return f;
    }
    if (b == 0 || !t[b - 1].word || t[b - 1].capitalized) break;
    if (!ContinuesNounPhrase(t[b - 1].lower, true)) break;
  }
  return nullptr;
}

bool EventReader::ContinuesNounPhrase(const std::string& w, bool possessive_ends) const {
  if (w == "and") return true;
  if (IsPreposition(w) || IsAuxiliary(w) || IsOneOf(w, {"the", "a", "an", "that", "which", "who"}))
    return false;
  if (possessive_ends && IsOneOf(w, {"his", "her", "its", "their", "our", "my", "your"}))
    return false;
  return lexicon_->NounFrequency(w) > 0 || lexicon_->Frequency(w, PartOfSpeech::kAdjective) > 0;
}

// Place: "at/in <place>" anywhere in the clause (also "on" for attacks),
// else a place right before the trigger ("his White House meeting"); for
// visits, aid and attacks the place can be the target.
void EventReader::AssignPlace(const TriggerSite& site, std::string_view root,
                              EventMention& m) const {
  const SentenceInfo& s = site.s;
  const auto& t = s.tokens;
  const size_t i = site.i, len = site.tw.length;
  const size_t clause_start = site.clause_start, clause_end = site.clause_end;
  const std::vector<bool>& relative = site.relative;
  for (const auto& f : s.entities) {
    if (f.begin < clause_start || f.begin >= clause_end || relative[f.begin]) continue;
    // ("Officials in Seoul said Pyongyang had launched a missile": where
    // the speakers are is no place of what they report.)
    bool speaker_place = false;
    for (size_t k = f.end; k < i && !speaker_place; ++k) speaker_place = IsSpeechAt(t, k);
    if (speaker_place) continue;
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
    // ("Pyongyang fired missiles": a seat that stands for the source's
    // government is no place of the event.)
    const bool source_seat = f.entity.type == EntityType::kPlace &&
                             f.entity.text == m.source.text && f.entity.country == m.source.country;
    bool is_actor = f.entity.canonical == m.source.canonical || source_seat ||
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
}

// Time: the first expression in the clause that dates it, outside
// relative clauses; else the day of publication.
void EventReader::AssignTime(const TriggerSite& site, EventMention& m) const {
  const SentenceInfo& s = site.s;
  const size_t clause_start = site.clause_start, clause_end = site.clause_end;
  const std::vector<bool>& relative = site.relative;
  const std::vector<TimeExpression>& times = s.Times(ref_, m.modality == Modality::kPlanned);
  m.time = time_point_cast<std::chrono::milliseconds>(std::chrono::floor<std::chrono::days>(ref_));
  for (const auto& te : times) {
    if (!te.calendar() || te.attributive || te.token_begin < clause_start ||
        te.token_begin >= clause_end || relative[te.token_begin])
      continue;
    m.time = te.value;
    m.time_granularity = te.granularity;
    m.time_basis = TimeBasis::kText;
    break;
  }
}

}  // namespace newsd
