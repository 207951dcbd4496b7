// Article extraction throughput, and the extracted texts for scoring
// (bench/fulltext_bench.py scores them against gold texts and against
// python3-readability).
//
//   article_bench DIR [--rounds N] [--dump]
//
// Reads DIR/*.html, runs ExtractArticle on each page N times (default 20),
// and prints one JSON object: pages, MB, MB/s, pages/s, and with --dump the
// text extracted from each page (by file name without .html).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/file.h"
#include "ingest/article_extractor.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: article_bench DIR [--rounds N] [--dump]\n";
    return 2;
  }
  int rounds = 20;
  bool dump = false;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--dump") {
      dump = true;
    } else {
      std::cerr << "article_bench: unknown argument " << a << "\n";
      return 2;
    }
  }
  std::vector<std::pair<std::string, std::string>> pages;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    if (entry.path().extension() != ".html") continue;
    auto body = newsd::ReadFileToString(entry.path().string());
    if (!body.ok()) {
      std::cerr << "article_bench: " << body.status().ToString() << "\n";
      return 1;
    }
    pages.emplace_back(entry.path().stem().string(), std::move(body).value());
  }
  std::sort(pages.begin(), pages.end());
  if (pages.empty()) {
    std::cerr << "article_bench: no .html files in " << argv[1] << "\n";
    return 1;
  }
  size_t bytes = 0;
  for (const auto& p : pages) bytes += p.second.size();
  nlohmann::json texts = nlohmann::json::object();
  size_t words = 0;
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& [name, html] : pages) {
      newsd::Article a = newsd::ExtractArticle(html, "https://bench.example/" + name);
      words += a.words;
      if (r == 0 && dump) texts[name] = a.text;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double mb = static_cast<double>(bytes) / 1e6;
  nlohmann::json out = {
      {"pages", pages.size()},
      {"mb", mb},
      {"rounds", rounds},
      {"words_per_round", words / static_cast<size_t>(rounds)},
      {"mb_per_s", std::round(mb * rounds / seconds * 10) / 10},
      {"pages_per_s", std::round(static_cast<double>(pages.size()) * rounds / seconds)}};
  if (dump) out["texts"] = texts;
  std::cout << out.dump(1) << "\n";
  return 0;
}
