// Event extraction speed: sentences per second on one core over the
// project's news texts (evaluation set, sample feeds, fixtures), against a
// baseline measured in the same run: splitting and tokenizing the same
// sentences without extracting anything. Also the dictionary load time.
//
// usage: extract_bench DATA_DIR EVAL.jsonl [--rounds N]
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/file.h"
#include "pipeline/dictionaries.h"
#include "pipeline/extractor.h"
#include "pipeline/gazetteer.h"
#include "pipeline/text.h"

using namespace newsd;
using Steady = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: extract_bench DATA_DIR EVAL.jsonl [--rounds N]\n";
    return 2;
  }
  int rounds = argc > 4 && std::string(argv[3]) == "--rounds" ? std::stoi(argv[4]) : 50;
  auto t0 = Steady::now();
  // The daemon's dictionaries: gazetteer, iso-codes, the CAMEO actors and
  // verbs, WordNet.
  auto gaz = LoadGazetteer({argv[1]});
  auto lexicon = LoadLexicon({argv[1]});
  if (!gaz.ok() || !lexicon.ok()) {
    std::cerr << "extract_bench: cannot read the dictionaries: "
              << (gaz.ok() ? lexicon.status() : gaz.status()).message() << "\n";
    return 2;
  }
  auto t1 = Steady::now();

  // Articles: every item of the evaluation set, as paragraphs.
  std::vector<std::vector<std::string>> articles;
  auto eval = ReadFileToString(argv[2]);
  if (!eval.ok()) return 2;
  std::istringstream lines(*eval);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    std::vector<std::string> paras{j["title"].get<std::string>()};
    for (const auto& p : j["body"]) paras.push_back(p.get<std::string>());
    articles.push_back(std::move(paras));
  }
  size_t sentences = 0;
  for (const auto& a : articles)
    for (const auto& p : a) sentences += SplitSentences(p).size();

  const Timestamp ref = *ParseRfc3339("2024-06-01T08:00:00Z");
  Extractor extractor(gaz->get(), lexicon->get());
  size_t events = 0;
  auto e0 = Steady::now();
  for (int r = 0; r < rounds; ++r)
    for (const auto& a : articles) events += extractor.Extract(a, {}, ref).size();
  auto e1 = Steady::now();
  size_t tokens = 0;
  auto b0 = Steady::now();
  for (int r = 0; r < rounds; ++r)
    for (const auto& a : articles)
      for (const auto& p : a)
        for (const Span& s : SplitSentences(p))
          tokens += Tokenize(p.substr(s.begin, s.end - s.begin)).size();
  auto b1 = Steady::now();

  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  double total = static_cast<double>(sentences) * rounds;
  nlohmann::json report = {
      {"articles", articles.size()},
      {"sentences_per_round", sentences},
      {"rounds", rounds},
      {"dictionary_entries", (*gaz)->size()},
      {"cameo_verb_patterns", (*lexicon)->verbs().patterns()},
      {"dictionary_load_seconds", secs(t0, t1)},
      {"extract_sentences_per_second", total / secs(e0, e1)},
      {"events_per_round", events / static_cast<size_t>(rounds)},
      {"baseline_split_and_tokenize_sentences_per_second", total / secs(b0, b1)},
      {"extract_vs_baseline", secs(b0, b1) / secs(e0, e1)},
      {"tokens", tokens}};
  std::cout << report.dump(2) << "\n";
  return 0;
}
