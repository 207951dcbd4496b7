// Near-duplicate and story-clustering quality on the labelled set in
// tests/data/dedup_eval/eval.jsonl (see generate.py there).
//
// Runs the real pipeline over the items in file order, then scores every
// pair of items: "same" when the pipeline linked them (duplicate_of chains
// for near-duplicates, equal story ids for clustering) against "same group"
// in the labels. Prints a JSON report; with --check, exits 1 unless F1 >=
// 0.95 and the false-merge rate < 0.5% at the default threshold.
//
// usage: dedup_eval EVAL.jsonl DATA_DIR [--check]
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>

#include "bench/floor_flag.h"
#include "common/state.h"
#include "pipeline/gazetteer.h"
#include "pipeline/minhash.h"
#include "pipeline/pipeline.h"
#include "pipeline/text.h"

using namespace newsd;
using nlohmann::json;

namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "dedup_eval: cannot read " << path << "\n";
    std::exit(2);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Labelled {
  Item item;
  std::string group, kind, about;
};

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t Find(size_t x) { return parent[x] == x ? x : parent[x] = Find(parent[x]); }
  void Join(size_t a, size_t b) { parent[Find(a)] = Find(b); }
};

struct Scores {
  double precision = 0, recall = 0, f1 = 0, false_merge_rate = 0;
  uint64_t tp = 0, fp = 0, fn = 0, tn = 0;
  json ToJson() const {
    return {{"precision", precision},
            {"recall", recall},
            {"f1", f1},
            {"false_merge_rate", false_merge_rate},
            {"pairs", {{"tp", tp}, {"fp", fp}, {"fn", fn}, {"tn", tn}}}};
  }
};

// Pairwise scores of a predicted partition against the labels. With
// `skip_kind`, items of that kind are left out (rewrites are the same story
// but not near-duplicates of it).
template <typename SameFn>
Scores Score(const std::vector<Labelled>& items, SameFn predicted_same,
             const std::string& skip_kind = "") {
  Scores s;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind == skip_kind) continue;
    for (size_t j = i + 1; j < items.size(); ++j) {
      if (items[j].kind == skip_kind) continue;
      bool truth = items[i].group == items[j].group;
      bool pred = predicted_same(i, j);
      if (truth && pred)
        ++s.tp;
      else if (!truth && pred)
        ++s.fp;
      else if (truth && !pred)
        ++s.fn;
      else
        ++s.tn;
    }
  }
  s.precision = s.tp + s.fp ? static_cast<double>(s.tp) / static_cast<double>(s.tp + s.fp) : 1;
  s.recall = s.tp + s.fn ? static_cast<double>(s.tp) / static_cast<double>(s.tp + s.fn) : 1;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  s.false_merge_rate =
      s.fp + s.tn ? static_cast<double>(s.fp) / static_cast<double>(s.fp + s.tn) : 0;
  return s;
}

struct Run {
  Scores near, stories;
  std::map<std::string, std::pair<int, int>> recall_by_kind;  // joined, total
  int distractor_merges = 0;
};

Run Evaluate(const std::vector<Labelled>& items, const Extractor& extractor, double threshold) {
  PipelineOptions o;
  o.near_duplicate_threshold = threshold;
  Pipeline pipeline(o, &extractor);
  MemoryState state;
  const Timestamp now = *ParseRfc3339("2024-06-01T12:00:00Z");
  std::map<std::string, size_t> index_of;
  UnionFind dup(items.size());
  std::vector<std::string> story(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    ItemResult r = pipeline.Process(items[i].item, state, now);
    state.Apply(r.writes);
    index_of[r.item_id] = i;
    story[i] = r.story_id;
    if (!r.duplicate_of.empty() && index_of.count(r.duplicate_of))
      dup.Join(i, index_of[r.duplicate_of]);
  }
  Run run;
  run.near = Score(
      items, [&](size_t a, size_t b) { return dup.Find(a) == dup.Find(b); }, "rewrite");
  run.stories = Score(items, [&](size_t a, size_t b) { return story[a] == story[b]; });
  std::map<std::string, size_t> original_of;
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].kind == "original") original_of[items[i].group] = i;
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& it = items[i];
    if (it.kind == "distractor") {
      auto orig = original_of.find(it.about);
      if (orig != original_of.end() && story[i] == story[orig->second]) ++run.distractor_merges;
      continue;
    }
    if (it.kind == "original") continue;
    auto& [joined, total] = run.recall_by_kind[it.kind];
    ++total;
    joined += story[i] == story[original_of[it.group]];
  }
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  const char* usage =
      "usage: dedup_eval EVAL.jsonl DATA_DIR [--min-near-f1 X] [--max-near-false-merges X] "
      "[--min-story-f1 X] [--max-story-false-merges X] [--max-distractor-merges N] "
      "[--min-rewrites-joined N]\n";
  if (argc < 3) {
    std::cerr << usage;
    return 2;
  }
  double min_near_f1 = -1, max_near_fm = -1, min_story_f1 = -1, max_story_fm = -1,
         max_distractors = -1, min_rewrites = -1;
  // A floor given with a typo must fail loudly, not leave the test a no-op.
  if (!ParseEvalFlags("dedup_eval", argc, argv, 3,
                      {.floors = {{"--min-near-f1", &min_near_f1},
                                  {"--max-near-false-merges", &max_near_fm},
                                  {"--min-story-f1", &min_story_f1},
                                  {"--max-story-false-merges", &max_story_fm},
                                  {"--max-distractor-merges", &max_distractors},
                                  {"--min-rewrites-joined", &min_rewrites}},
                       .switches = {},
                       .texts = {}})) {
    std::cerr << usage;
    return 2;
  }
  auto gaz = Gazetteer::FromJson(Read(std::string(argv[2]) + "/gazetteer.json"),
                                 Read("/usr/share/iso-codes/json/iso_3166-1.json"));
  if (!gaz.ok()) {
    std::cerr << "dedup_eval: " << gaz.status().ToString() << "\n";
    return 2;
  }
  Extractor extractor(&*gaz);

  std::vector<Labelled> items;
  std::istringstream lines(Read(argv[1]));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    json j = json::parse(line);
    Labelled l;
    l.group = j["group"];
    l.kind = j["kind"];
    l.about = j.value("about", "");
    l.item.feed_url = "https://" + j["feed"].get<std::string>() + ".example/rss";
    l.item.feed_name = j["feed"];
    l.item.guid = j["guid"];
    l.item.link = j["link"];
    l.item.title = j["title"];
    for (const auto& p : j["body"]) {
      if (!l.item.content_text.empty()) l.item.content_text += "\n\n";
      l.item.content_text += p.get<std::string>();
    }
    l.item.published = *ParseRfc3339("2024-06-01T08:00:00Z");
    items.push_back(std::move(l));
  }

  const double default_threshold = PipelineOptions{}.near_duplicate_threshold;
  json report = {{"items", items.size()}, {"pairs", items.size() * (items.size() - 1) / 2}};
  json sweep = json::array();
  Run chosen;
  for (double t : {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
    Run r = Evaluate(items, extractor, t);
    sweep.push_back(
        {{"threshold", t}, {"near_duplicate", r.near.ToJson()}, {"stories", r.stories.ToJson()}});
    if (std::abs(t - default_threshold) < 1e-9) chosen = r;
  }
  report["threshold"] = default_threshold;
  report["near_duplicate"] = chosen.near.ToJson();
  report["stories"] = chosen.stories.ToJson();
  json kinds;
  for (const auto& [kind, v] : chosen.recall_by_kind)
    kinds[kind] = {{"joined", v.first}, {"total", v.second}};
  report["recall_by_edit"] = kinds;
  report["distractor_merges"] = chosen.distractor_merges;
  report["sweep"] = sweep;

  // The margin, by brute force over all pairs: the least similar pair of the
  // same story (over all kinds, and over the near-duplicate edits alone:
  // rewrites use other words by design) and the most similar pair of
  // different stories.
  std::vector<MinHash> sigs;
  for (const auto& l : items) sigs.push_back(ComputeMinHash(NormalizedWords(l.item.content_text)));
  double min_same = 1, min_same_edits = 1, max_different = 0;
  std::string max_pair;
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t j = i + 1; j < items.size(); ++j) {
      double sim = EstimateSimilarity(sigs[i], sigs[j]);
      if (items[i].group == items[j].group) {
        min_same = std::min(min_same, sim);
        if (items[i].kind != "rewrite" && items[j].kind != "rewrite")
          min_same_edits = std::min(min_same_edits, sim);
      } else if (sim > max_different) {
        max_different = sim;
        max_pair =
            items[i].group + "/" + items[i].kind + " ~ " + items[j].group + "/" + items[j].kind;
      }
    }
  }
  report["margin"] = {{"min_similarity_same_story", min_same},
                      {"min_similarity_same_story_edits", min_same_edits},
                      {"max_similarity_different_stories", max_different},
                      {"most_similar_different_pair", max_pair}};
  std::cout << report.dump(2) << "\n";

  const auto joined_rewrites = chosen.recall_by_kind["rewrite"].first;
  int failed = 0, checked = 0;
  auto check = [&](const char* what, double value, double floor, bool at_most) {
    if (floor < 0) return;
    ++checked;
    const bool ok = at_most ? value <= floor : value >= floor;
    failed += !ok;
    std::cout << "dedup_eval: " << what << " " << value << (ok ? " meets " : " misses ")
              << (at_most ? "<= " : ">= ") << floor << "\n";
  };
  check("near-duplicate F1", chosen.near.f1, min_near_f1, false);
  check("near-duplicate false merges", chosen.near.false_merge_rate, max_near_fm, true);
  check("story F1", chosen.stories.f1, min_story_f1, false);
  check("story false merges", chosen.stories.false_merge_rate, max_story_fm, true);
  check("distractor merges", chosen.distractor_merges, max_distractors, true);
  check("rewrites joined", joined_rewrites, min_rewrites, false);
  if (checked > 0) std::cout << checked - failed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
