// Event roles: the actions a sentence reports (trigger table and CAMEO
// verb dictionary), each with its source, target, place, time and
// modality read from the clause around it. Internal to pipeline/; pure.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

#include "common/time.h"
#include "pipeline/clause.h"
#include "pipeline/extractor.h"
#include "pipeline/gazetteer.h"
#include "pipeline/lexicon.h"
#include "pipeline/sentence_model.h"
#include "pipeline/triggers.h"

namespace newsd {

// An event of `type` whose trigger is the noun at token i of sentence s
// (number `index`): code, type, trigger text and span, sentence, weight;
// its roles are left to the caller.
EventMention NounEvent(const SentenceInfo& s, size_t index, size_t i, const ActionType& type);

class EventReader {
 public:
  // `lexicon` may be null (trigger table only); `ref` is the publication
  // time relative dates resolve against.
  EventReader(const Gazetteer& g, const Lexicon* lexicon, Timestamp ref)
      : g_(g), lexicon_(lexicon), ref_(ref) {}

  // Appends the events of sentence s (number `index` of the article, its
  // mentions already resolved) to *out.
  void Read(const SentenceInfo& s, size_t index, std::vector<EventMention>* out) const;

 private:
  std::optional<EventMention> MakeEvent(const SentenceInfo& s, size_t index, size_t i,
                                        const TriggerHit& tw, size_t clause_start, size_t speech_at,
                                        const std::vector<bool>& relative,
                                        std::vector<EventMention>* out, size_t first_out) const;

  // Who acts on whom: the subject and object actors of the trigger, and
  // those conjoined with them (one event each).
  struct Roles {
    Roles() = default;
    Roles(const Roles&) = delete;  // src may point into capitals
    Roles& operator=(const Roles&) = delete;
    const Found* src = nullptr;
    const Found* tgt = nullptr;
    std::vector<const Found*> more_sources, more_targets;
    // "Ankara hosted talks", "Moscow and Kyiv agreed": the governments
    // (a deque: actors point into it as it grows).
    std::deque<Found> capitals;
  };
  // False when no actor acts (a passive without "by", no subject).
  bool FindRoles(const TriggerSite& site, bool passive, EventMention& m, Roles& r) const;
  // "program trading is hurting the market", "the bugs will delay
  // products": a common noun right before the verb (past its auxiliaries)
  // that names no actor is the verb's subject, so no actor named further
  // back acts.
  bool ThingIsSubject(const TriggerSite& site) const;
  // "the United Nations resolutions condemning Iraq", "Israeli helicopters
  // and tanks shelled": the actor whose name opens the noun phrase right
  // before the verb (over nouns, adjectives and "and"), of those in `left`;
  // the phrase is that actor's, whoever the sentence named before it.
  // "leaving Iraq's equipment destroyed or abandoned in Kuwait", "the
  // embargo imposed on Iraq": a past form right after a common noun, with
  // no object after it, is a participle the noun undergoes; without "by",
  // nobody is named as acting.
  bool UndergoneByNoun(const TriggerSite& site) const;
  // Walking back over a noun phrase, whether word `w` still belongs to it
  // (nouns, adjectives and "and"; not articles, prepositions or
  // auxiliaries; with `possessive_ends`, not "his", "their" either).
  bool ContinuesNounPhrase(const std::string& w, bool possessive_ends) const;
  const Found* NounPhraseOwner(const TriggerSite& site,
                               const std::vector<const Found*>& left) const;
  // "in Stock Exchange trading Friday", "the proposed Film House purchase":
  // a name that a determiner or preposition opens, right before the word at
  // i, modifies it; the word is the noun the phrase is about.
  bool NameModifiesNoun(const SentenceInfo& s, size_t i) const;
  // "A roadside bomb killed two soldiers", "three civilians were killed in
  // a car bombing": an attack reported without anyone said to have made
  // it, as an event with no source (pipeline/unattributed_attack.cc), or
  // nothing. `m` is the event as read so far (trigger, modality).
  std::optional<EventMention> UnattributedAttack(const TriggerSite& site,
                                                 const EventMention& m) const;
  // "Chilean protests against the pension law were still going on": a
  // protest named by its noun as the subject of a verb saying it goes on
  // or breaks out, token i being the noun (pipeline/nominal_protest.cc).
  // On success *end is the token after that verb.
  std::optional<EventMention> NominalProtest(const SentenceInfo& s, size_t index, size_t i,
                                             size_t clause_start, const std::vector<bool>& relative,
                                             size_t* end) const;
  // The country or people named by the tokens that end at b, starting at
  // most three tokens before ("Russian", "South Korean", "Iran"), the
  // first such start winning; null when none. *begin is where it starts.
  const GazetteerEntry* CountryOrPeopleEndingAt(const std::vector<Token>& t, size_t b,
                                                size_t* begin) const;
  // "after Iran's attack on Israel", "the Russian invasion of Ukraine": an
  // attack named by its noun, with the side that made it before and the
  // party it hit after, token i being the noun (pipeline/nominal_attack.cc).
  std::optional<EventMention> NominalAttack(const SentenceInfo& s, size_t index, size_t i,
                                            size_t clause_start,
                                            const std::vector<bool>& relative) const;
  // "Hardline fundamentalists began a hunger strike to press the Peruvian
  // president": an unnamed group (or a party) with no country of its own
  // takes the one country the sentence is about, or that of the place it
  // acted in (pipeline/context_country.cc).
  void AssignContextCountry(const SentenceInfo& s, EventMention& m) const;
  // `root`: the event's root class as the roles were read.
  void AssignPlace(const TriggerSite& site, std::string_view root, EventMention& m) const;
  void AssignTime(const TriggerSite& site, EventMention& m) const;

  const Gazetteer& g_;
  const Lexicon* lexicon_;
  Timestamp ref_;
};

}  // namespace newsd
