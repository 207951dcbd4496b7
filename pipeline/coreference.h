// Coreference within one article: lone surnames, pronouns, titles ("the
// president") and nominals ("a senior North Korean envoy") resolved to the
// persons and actors the article names. Internal to pipeline/; pure.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/event.h"
#include "pipeline/sentence_model.h"

namespace newsd {

// The persons an article names in full, as mention finding meets them.
class ArticlePersons {
 public:
  // A person named in full ("Mike Pompeo"): counted, and findable by its
  // last and first name word.
  void Note(const Entity& person);
  // A name noted as a person that turned out to be part of another's
  // ("Institut Merieux" of "Institut Merieux S.A."): one mention less.
  void Forget(const std::string& canonical);

  // The person whose last word (else first word: "Wang" for Wang Yi) is
  // `lower`, or nullptr.
  const Entity* ByWord(const std::string& lower) const;
  // How often the article named `canonical` in full.
  int Count(const std::string& canonical) const;
  const std::map<std::string, Entity>& all() const { return persons_; }

 private:
  std::map<std::string, Entity> persons_;
  std::map<std::string, int> counts_;
  std::unordered_map<std::string, std::string> by_last_word_, by_first_word_;
};

// Resolves, in article order, what each sentence's mentions refer to:
// candidates become the person named in full or a weak unknown name;
// pronouns, role references and nominals take the entity they stand for
// (or are dropped when nothing fits).
void ResolveArticleMentions(std::vector<SentenceInfo>& sentences, const ArticlePersons& persons);

}  // namespace newsd
