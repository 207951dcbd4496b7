// Mention finding: the names, groups, pronouns and titles of one sentence
// (SentenceInfo::entities), read from the gazetteer, the lexicon and the
// sentence's shape; what they refer to across the article is resolved
// later (pipeline/coreference.h). Internal to pipeline/; pure.
#pragma once

#include "pipeline/coreference.h"
#include "pipeline/gazetteer.h"
#include "pipeline/lexicon.h"
#include "pipeline/sentence_model.h"

namespace newsd {

class MentionFinder {
 public:
  // `lexicon` may be null (no part-of-speech knowledge); persons named in
  // full are noted in `*persons` for coreference.
  MentionFinder(const Gazetteer& g, const Lexicon* lexicon, ArticlePersons* persons)
      : g_(g), lexicon_(lexicon), persons_(persons) {}

  // Fills s.entities from s.tokens, in token order.
  void Scan(SentenceInfo& s);

 private:
  void MergeCompanyNames(SentenceInfo& s) const;
  void Push(SentenceInfo& s, Found f);
  void AbsorbModifiers(SentenceInfo& s);

  const Gazetteer& g_;
  const Lexicon* lexicon_;
  ArticlePersons* persons_;
};

}  // namespace newsd
