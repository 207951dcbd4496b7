// Loading the extractor's data files: data_dir/gazetteer.json, iso-codes'
// countries and regions, data_dir/cameo/actors.txt and verbs.txt (the open
// CAMEO and Phoenix dictionaries converted for newsd) and WordNet's index
// files. The one place in pipeline/ that reads files: the daemon, its
// commands and the benchmarks load through it, so they see the same words.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "pipeline/gazetteer.h"
#include "pipeline/lexicon.h"

namespace newsd {

struct DictionaryPaths {
  std::string data_dir;  // holds gazetteer.json and cameo/
  // iso-codes' iso_3166-1.json ("" to know only the gazetteer's countries);
  // iso_3166-2.json beside it adds regions when present.
  std::string iso_codes = "/usr/share/iso-codes/json/iso_3166-1.json";
  // WordNet's dict directory (index.noun, index.verb, index.adj, index.adv:
  // parts of speech for the lexicon; index.adj's pertainyms also give the
  // gazetteer its demonyms); "" for none.
  std::string wordnet = "/usr/share/wordnet";
};

// Errors name the file (and line) at fault: kIOError when it cannot be
// read, kParseError when it is malformed.
Result<std::unique_ptr<Gazetteer>> LoadGazetteer(const DictionaryPaths& paths);
Result<std::unique_ptr<Lexicon>> LoadLexicon(const DictionaryPaths& paths);

}  // namespace newsd
