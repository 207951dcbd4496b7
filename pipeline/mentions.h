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
  // full are noted in `*persons` for coreference; `day` (publication)
  // decides which of a person's dated roles holds.
  MentionFinder(const Gazetteer& g, const Lexicon* lexicon, ArticlePersons* persons, Timestamp day)
      : g_(g), lexicon_(lexicon), persons_(persons), day_(day) {}

  // Fills s.entities from s.tokens, in token order.
  void Scan(SentenceInfo& s);

 private:
  void MergeCompanyNames(SentenceInfo& s);
  // "First of America said", after "First of America Bank Corp.": a
  // company's name without its suffix, later in the article, is it.
  void ResolveShortCompanyNames(SentenceInfo& s) const;
  // "The Bureau of Labor Statistics", "the Ministry of Foreign Affairs":
  // an institution's head noun, "of" and the capitalised words after it
  // are one name.
  void MergeInstitutionNames(SentenceInfo& s) const;
  // "the Arab American Institute", "Weil & Associates": a capitalised run
  // ending in such a head is one name, over the demonyms and names in it;
  // a demonym that opens it gives its country.
  void MergeNamesEndingInHead(SentenceInfo& s) const;
  // "the Serbian Workers' Union (SSS)": an abbreviation in brackets right
  // after a name is that name, here and later in the article.
  void AbsorbAbbreviations(SentenceInfo& s);
  // A wire dateline's places ("CAGUAS, Puerto Rico (AP)_") act in nothing.
  void MarkDateline(SentenceInfo& s) const;
  void Push(SentenceInfo& s, Found f);
  void AbsorbModifiers(SentenceInfo& s);

  const Gazetteer& g_;
  const Lexicon* lexicon_;
  ArticlePersons* persons_;
  Timestamp day_;
  // Companies named with a suffix so far in the article: the words before
  // the suffix (lower case) and the entity.
  std::vector<std::pair<std::vector<std::string>, Entity>> companies_;
};

}  // namespace newsd
