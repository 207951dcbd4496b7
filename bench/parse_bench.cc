// Parse throughput: MB/s and items/s of ParseFeed (charset detection, XML,
// HTML to text, dates) over every file under the given paths, on one core,
// against a baseline measured in the same run: pugixml alone loading the
// same bytes. Files that are not feeds still count as bytes read.
//
// usage: parse_bench [--rounds N] [--label NAME] PATH...  (files or directories)
// Prints one JSON report.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "common/file.h"
#include "ingest/feed_parser.h"

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

int main(int argc, char** argv) {
  int rounds = 3;
  std::string label = "corpus";
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) {
      rounds = std::stoi(argv[++i]);
    } else if (a == "--label" && i + 1 < argc) {
      label = argv[++i];
    } else if (fs::is_directory(a)) {
      for (const auto& e : fs::recursive_directory_iterator(a))
        if (e.is_regular_file()) files.push_back(e.path().string());
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    std::cerr << "usage: parse_bench [--rounds N] [--label NAME] PATH...\n";
    return 2;
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> bodies;
  size_t bytes = 0;
  for (const auto& f : files) {
    auto b = newsd::ReadFileToString(f);
    if (!b.ok() || b->size() > (16u << 20)) continue;
    bytes += b->size();
    bodies.push_back(std::move(b).value());
  }
  const newsd::Timestamp fetch = *newsd::ParseRfc3339("2024-06-03T12:00:00Z");

  size_t items = 0, feeds = 0, errors = 0;
  auto p0 = Steady::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& b : bodies) {
      auto f =
          newsd::ParseFeed(b, newsd::ParseContext{"https://bench.example/feed", "", "", fetch});
      if (f.ok()) {
        items += f->items.size();
        ++feeds;
      } else {
        ++errors;
      }
    }
  }
  double parse_s = std::chrono::duration<double>(Steady::now() - p0).count();

  size_t nodes = 0;
  auto x0 = Steady::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& b : bodies) {
      pugi::xml_document doc;
      doc.load_buffer(b.data(), b.size());
      nodes += doc.first_child() ? 1 : 0;
    }
  }
  double xml_s = std::chrono::duration<double>(Steady::now() - x0).count();

  double mb = static_cast<double>(bytes) * rounds / 1e6;
  nlohmann::json report = {{"label", label},
                           {"files", bodies.size()},
                           {"bytes", bytes},
                           {"rounds", rounds},
                           {"feeds_parsed_per_round", feeds / static_cast<size_t>(rounds)},
                           {"not_feeds_per_round", errors / static_cast<size_t>(rounds)},
                           {"items_per_round", items / static_cast<size_t>(rounds)},
                           {"parse_mb_per_s", mb / parse_s},
                           {"parse_items_per_s", static_cast<double>(items) / parse_s},
                           {"parse_feeds_per_s", static_cast<double>(feeds + errors) / parse_s},
                           {"baseline_pugixml_load_mb_per_s", mb / xml_s},
                           {"parse_cost_vs_xml_load", parse_s / xml_s},
                           {"xml_documents", nodes / static_cast<size_t>(rounds)}};
  std::cout << report.dump(2) << "\n";
  return 0;
}
