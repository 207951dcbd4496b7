// Event roles: the actions a sentence reports (trigger table and CAMEO
// verb dictionary), each with its source, target, place, time and
// modality read from the clause around it. Internal to pipeline/; pure.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "common/time.h"
#include "pipeline/extractor.h"
#include "pipeline/gazetteer.h"
#include "pipeline/lexicon.h"
#include "pipeline/sentence_model.h"
#include "pipeline/triggers.h"

namespace newsd {

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

  const Gazetteer& g_;
  const Lexicon* lexicon_;
  Timestamp ref_;
};

}  // namespace newsd
