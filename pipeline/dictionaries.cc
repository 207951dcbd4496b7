#include "pipeline/dictionaries.h"

#include <filesystem>

#include "common/file.h"
#include "pipeline/lexicon.h"

namespace newsd {

Result<std::unique_ptr<Gazetteer>> LoadGazetteer(const DictionaryPaths& paths) {
  const std::string gaz_path = paths.data_dir + "/gazetteer.json";
  auto gaz = ReadFileToString(gaz_path);
  if (!gaz.ok()) return gaz.status();
  std::string iso;
  if (!paths.iso_codes.empty()) {
    auto r = ReadFileToString(paths.iso_codes);
    if (!r.ok())
      return Status::IOError(r.status().message() +
                             " (install the iso-codes package, or set iso_codes)");
    iso = std::move(r).value();
  }
  auto g = Gazetteer::FromJson(*gaz, iso);
  if (!g.ok()) return Status::ParseError(gaz_path + ": " + g.status().message());
  // Regions (states, provinces) from iso_3166-2.json beside the country
  // file; optional: without it places are the gazetteer's and unknown names.
  if (!paths.iso_codes.empty()) {
    const std::string regions_path =
        std::filesystem::path(paths.iso_codes).replace_filename("iso_3166-2.json");
    if (auto r = ReadFileToString(regions_path); r.ok()) {
      if (Status st = g->AddSubdivisions(*r); !st.ok())
        return Status::ParseError(regions_path + ": " + st.message());
    }
  }
  const std::string actors_path = paths.data_dir + "/cameo/actors.txt";
  auto actors = ReadFileToString(actors_path);
  if (!actors.ok()) return actors.status();
  // WordNet's adjectives of countries ("soviet", "swiss"): demonyms the
  // actor dictionary lists among a country's names without saying so.
  std::unordered_set<std::string> pertainyms;
  if (!paths.wordnet.empty()) {
    const std::string adj_path = paths.wordnet + "/index.adj";
    auto adj = ReadFileToString(adj_path);
    if (!adj.ok())
      return Status::IOError(adj.status().message() +
                             " (install the wordnet-base package, or set wordnet = \"\")");
    auto p = ReadPertainymAdjectives(*adj);
    if (!p.ok()) return Status::ParseError(adj_path + ": " + p.status().message());
    pertainyms = std::move(p).value();
  }
  if (Status st = g->AddCameoActors(*actors, &pertainyms); !st.ok())
    return Status::ParseError(paths.data_dir + "/cameo/" + st.message());
  auto agents = ReadFileToString(paths.data_dir + "/cameo/agents.txt");
  if (!agents.ok()) return agents.status();
  if (Status st = g->AddCameoAgents(*agents); !st.ok())
    return Status::ParseError(paths.data_dir + "/cameo/" + st.message());
  return std::make_unique<Gazetteer>(std::move(g).value());
}

Result<std::unique_ptr<Lexicon>> LoadLexicon(const DictionaryPaths& paths) {
  const std::string verbs_path = paths.data_dir + "/cameo/verbs.txt";
  auto verbs = ReadFileToString(verbs_path);
  if (!verbs.ok()) return verbs.status();
  std::string index[5];
  if (!paths.wordnet.empty()) {
    const char* kFiles[5] = {"/index.noun", "/index.verb", "/index.adj", "/index.adv", "/verb.exc"};
    for (int k = 0; k < 5; ++k) {
      auto r = ReadFileToString(paths.wordnet + kFiles[k]);
      if (!r.ok())
        return Status::IOError(r.status().message() +
                               " (install the wordnet-base package, or set wordnet = \"\")");
      index[k] = std::move(r).value();
    }
  }
  auto lex = Lexicon::Build(*verbs, index[0], index[1], index[2], index[3], index[4]);
  if (!lex.ok()) {
    // Verb file errors name "verbs.txt:N"; WordNet's name their file.
    const std::string& m = lex.status().message();
    return Status::ParseError(
        (m.starts_with("verbs.txt") ? paths.data_dir + "/cameo/" : paths.wordnet + "/") + m);
  }
  return lex;
}

}  // namespace newsd
