// Near-duplicate index benchmark: signature + index query + insert for
// ~1.5 KB items against the RocksDB store, with an index of up to N items;
// and, in the same run, a brute-force all-pairs baseline on the first M
// items for speed and for the recall LSH gives up.
//
// usage: dedup_bench [--items N] [--brute M] [--dir PATH]
// Prints a JSON report. Figures are meant as ratios against the baseline
// measured in the same run, on the same machine.
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "common/state.h"
#include "pipeline/minhash.h"
#include "pipeline/near_dup_index.h"
#include "pipeline/pipeline.h"
#include "pipeline/text.h"
#include "store/store.h"

using namespace newsd;
using Steady = std::chrono::steady_clock;

namespace {

// Deterministic synthetic news-like text: a Zipf-distributed vocabulary of
// 30,000 words; 10% of the documents are edited copies of an earlier one
// (ending trimmed, 5% of words replaced, furniture appended).
class Corpus {
 public:
  explicit Corpus(uint64_t seed) : rng_(seed) {
    static const char* kSyl[] = {"ka",  "lo", "mi",  "ren", "ta",   "vo", "shi",
                                 "der", "an", "pol", "ex",  "tri",  "sa", "mun",
                                 "gor", "el", "bi",  "nu",  "stra", "qui"};
    std::uniform_int_distribution<int> syl(0, 19), len(1, 4);
    for (int i = 0; i < 30000; ++i) {
      std::string w;
      for (int k = len(rng_); k > 0; --k) w += kSyl[syl(rng_)];
      vocab_.push_back(w);
    }
    double sum = 0;
    for (size_t i = 0; i < vocab_.size(); ++i)
      cdf_.push_back(sum += 1.0 / static_cast<double>(i + 1));
    for (double& c : cdf_) c /= sum;
  }

  // Returns the document and, for an edited copy, the index it copies.
  std::pair<std::string, long> Next() {
    std::uniform_real_distribution<double> u(0, 1);
    long copy_of = -1;
    std::vector<std::string> words;
    if (docs_.size() > 10 && u(rng_) < 0.10) {
      copy_of = std::uniform_int_distribution<long>(0, static_cast<long>(docs_.size()) - 1)(rng_);
      words = docs_[static_cast<size_t>(copy_of)];
      words.resize(words.size() * 8 / 10);
      for (auto& w : words)
        if (u(rng_) < 0.05) w = Word();
      for (const char* f : {"continue", "reading", "related", "coverage", "newsletter"})
        words.push_back(f);
    } else {
      size_t n = std::uniform_int_distribution<size_t>(200, 300)(rng_);
      for (size_t i = 0; i < n; ++i) words.push_back(Word());
    }
    std::string text;
    for (size_t i = 0; i < words.size(); ++i) {
      text += words[i];
      text += (i % 25 == 24) ? ". " : " ";
    }
    if (docs_.size() < kKeep) docs_.push_back(words);
    return {text, copy_of};
  }

 private:
  std::string Word() {
    double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    return vocab_[static_cast<size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), r) -
                                      cdf_.begin()) %
                  vocab_.size()];
  }
  static constexpr size_t kKeep = 5000;  // copies come from the first 5k documents
  std::mt19937_64 rng_;
  std::vector<std::string> vocab_;
  std::vector<double> cdf_;
  std::vector<std::vector<std::string>> docs_;
};

double PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

double Seconds(Steady::time_point a, Steady::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 200000, brute = 5000;
  std::string dir = (std::filesystem::temp_directory_path() / "newsd-dedup-bench").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--items")
      n = std::stoul(argv[i + 1]);
    else if (a == "--brute")
      brute = std::stoul(argv[i + 1]);
    else if (a == "--dir")
      dir = argv[i + 1];
  }
  brute = std::min(brute, n);
  const double threshold = PipelineOptions{}.near_duplicate_threshold;
  const NearDuplicateQuery query{threshold, PipelineOptions{}.max_candidates,
                                 SystemClock::Instance().Now()};
  // As the pipeline indexes (PipelineOptions defaults): small buckets
  // rewritten whole, hot ones capped.
  const PipelineOptions defaults;
  const IndexOptions index{defaults.max_bucket_entries, defaults.rewrite_bucket_below,
                           defaults.near_duplicate_window};
  std::filesystem::remove_all(dir);
  StoreOptions so;
  so.path = dir;
  so.sync = false;  // the index's cost, not the disk's fsync latency
  auto store = Store::Open(so);
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 1;
  }

  Corpus corpus(42);
  std::vector<std::string> first_docs;  // the brute-force subset
  std::vector<long> copy_of;
  std::vector<char> lsh_found;
  size_t found = 0, injected = 0, text_bytes = 0, buckets_hit = 0, entries_read = 0;
  // Only signature + query + insert are timed, not making up the text.
  double fill_s = 0, tail_s = 0, signature_s = 0, query_s = 0, commit_s = 0;
  size_t tail_from = n - n / 10;
  for (size_t i = 0; i < n; ++i) {
    auto [text, src] = corpus.Next();
    text_bytes += text.size();
    if (i < brute) {
      first_docs.push_back(text);
      copy_of.push_back(src);
    }
    injected += src >= 0;
    auto t0 = Steady::now();
    // What NearDedupStage does for one item, then the item's commit.
    MinHash sig = ComputeMinHash(NormalizedWords(text));
    auto t1 = Steady::now();
    BucketLoad load;
    auto match = FindNearDuplicate(**store, sig, query, &load, index.rewrite_below);
    auto t2 = Steady::now();
    found += match.has_value();
    for (size_t b = 0; b < kBands; ++b) {
      buckets_hit += load.entries[b] > 0;
      entries_read += load.entries[b];
    }
    if (i < brute) lsh_found.push_back(match.has_value());
    WriteSet ws;
    IndexSignature(ws, "it-" + std::to_string(i), sig, query.now, &load, index);
    if (Status s = (*store)->Commit(ws); !s.ok()) {
      std::cerr << s.ToString() << "\n";
      return 1;
    }
    auto t3 = Steady::now();
    double took = Seconds(t0, t3);
    fill_s += took;
    signature_s += Seconds(t0, t1);
    query_s += Seconds(t1, t2);
    commit_s += Seconds(t2, t3);
    if (i >= tail_from) tail_s += took;
  }
  // The LSM's shape, which the query cost follows (sorted runs to probe).
  nlohmann::json levels = nlohmann::json::array();
  for (int level = 0; level < 7; ++level) {
    std::string files =
        (*store)->Property(Family::kNearDup, "rocksdb.num-files-at-level" + std::to_string(level));
    levels.push_back(files.empty() ? 0 : std::stoi(files));
  }
  (*store)->Flush();
  double disk = static_cast<double>((*store)->ApproximateSizeBytes());

  // Brute force on the first `brute` documents: every new item against every
  // earlier signature, in memory (no I/O at all: the best case for it).
  auto b0 = Steady::now();
  std::vector<MinHash> sigs;
  size_t brute_found = 0, lsh_agrees = 0;
  double compare_s = 0;
  for (size_t i = 0; i < first_docs.size(); ++i) {
    MinHash sig = ComputeMinHash(NormalizedWords(first_docs[i]));
    auto c0 = Steady::now();
    double best = 0;
    for (const auto& s : sigs) best = std::max(best, EstimateSimilarity(sig, s));
    compare_s += Seconds(c0, Steady::now());
    sigs.push_back(sig);
    if (best >= threshold) {
      ++brute_found;
      lsh_agrees += lsh_found[i] != 0;
    }
  }
  auto b1 = Steady::now();
  // Brute force does one comparison per indexed item: its cost at an index
  // of n items follows from the measured comparison rate.
  const double m = static_cast<double>(first_docs.size());
  const double compares_per_s = m * (m - 1) / 2 / std::max(compare_s, 1e-9);
  const double sig_s_per_item = (Seconds(b0, b1) - compare_s) / m;
  const double brute_at_n = 1.0 / (sig_s_per_item + static_cast<double>(n) / compares_per_s);
  // LSH on the same first `brute` documents, timed alone on a fresh store.
  std::filesystem::remove_all(dir + "-small");
  so.path = dir + "-small";
  auto small = Store::Open(so);
  auto l0 = Steady::now();
  for (size_t i = 0; i < first_docs.size(); ++i) {
    MinHash sig = ComputeMinHash(NormalizedWords(first_docs[i]));
    BucketLoad load;
    FindNearDuplicate(**small, sig, query, &load, index.rewrite_below);
    WriteSet ws;
    IndexSignature(ws, "it-" + std::to_string(i), sig, query.now, &load, index);
    (*small)->Commit(ws);
  }
  auto l1 = Steady::now();
  // The signature alone, for the share of the cost it takes.
  auto s0 = Steady::now();
  for (size_t i = 0; i < first_docs.size(); ++i) ComputeMinHash(NormalizedWords(first_docs[i]));
  auto s1 = Steady::now();
  // The same through ICU alone (what NormalizedWords did before its fast path).
  auto u0 = Steady::now();
  for (size_t i = 0; i < first_docs.size(); ++i)
    ComputeMinHash(NormalizedWordsWithIcu(first_docs[i]));
  auto u1 = Steady::now();

  double brute_rate = static_cast<double>(first_docs.size()) / Seconds(b0, b1);
  double lsh_small_rate = static_cast<double>(first_docs.size()) / Seconds(l0, l1);
  nlohmann::json report = {
      {"items", n},
      {"mean_item_bytes", static_cast<double>(text_bytes) / static_cast<double>(n)},
      {"threshold", threshold},
      {"bands", kBands},
      {"rows_per_band", kRowsPerBand},
      {"lsh",
       {{"items_per_second", static_cast<double>(n) / fill_s},
        {"items_per_second_last_10pct", static_cast<double>(n - tail_from) / tail_s},
        {"near_duplicates_found", found},
        {"near_duplicates_injected", injected},
        {"index_bytes_on_disk_per_item", disk / static_cast<double>(n)},
        {"files_per_level_at_end", levels},
        {"buckets_found_per_query", static_cast<double>(buckets_hit) / static_cast<double>(n)},
        {"bucket_entries_per_query", static_cast<double>(entries_read) / static_cast<double>(n)},
        {"seconds", {{"signature", signature_s}, {"query", query_s}, {"commit", commit_s}}},
        {"peak_rss_mib", PeakRssMiB()}}},
      {"baseline_same_run",
       {{"subset_items", first_docs.size()},
        {"signature_only_items_per_second",
         static_cast<double>(first_docs.size()) / Seconds(s0, s1)},
        {"signature_only_icu_words_items_per_second",
         static_cast<double>(first_docs.size()) / Seconds(u0, u1)},
        {"brute_force_items_per_second", brute_rate},
        {"lsh_items_per_second", lsh_small_rate},
        {"lsh_speedup_vs_brute_force", lsh_small_rate / brute_rate},
        {"brute_force_compares_per_second", compares_per_s},
        {"brute_force_items_per_second_at_full_index_estimated", brute_at_n},
        {"lsh_speedup_vs_brute_force_at_full_index",
         (static_cast<double>(n - tail_from) / tail_s) / brute_at_n},
        {"brute_force_near_duplicates", brute_found},
        {"lsh_recall_vs_brute_force",
         brute_found ? static_cast<double>(lsh_agrees) / static_cast<double>(brute_found) : 1.0}}}};
  std::cout << report.dump(2) << "\n";
  (*store).reset();  // closed before its directory goes
  (*small).reset();
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(dir + "-small");
  return 0;
}
