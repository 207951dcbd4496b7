// Runs a libFuzzer-style target without libFuzzer (gcc builds, ctest, the
// ASan pass): every file of the corpus directories given, then `--mutations
// N` deterministic mutations of each (bit flips, truncation, duplication,
// splices with another corpus file), then, with `--seconds T`, random
// mutations for T seconds from a fresh seed (printed first, so a failure
// can be replayed with `--seed S`). Exits non-zero by crashing, which is
// what the sanitizers turn bugs into, or with 2 when a corpus is missing
// or has fewer than `--min-inputs` files (a fuzz test with nothing to
// fuzz passes for nothing).
//
// usage: fuzz_TARGET [--mutations N] [--seconds T] [--seed S] [--min-inputs N]
//                    CORPUS_DIR_OR_FILE... [--extra DIR]...
// `--extra DIR` adds inputs from a directory that may be absent (a corpus
// read in place, such as ../shared's feedparser cases); it counts towards
// nothing when it is.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void Run(const std::string& s) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

std::string Mutate(const std::string& in, const std::string& other, std::mt19937_64& rng) {
  std::string s = in;
  auto pick = [&](size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(rng);
  };
  switch (rng() % 6) {
    case 0:  // flip bits
      for (int i = 0; i < 8 && !s.empty(); ++i)
        s[pick(s.size())] ^= static_cast<char>(1u << (rng() % 8));
      break;
    case 1:  // truncate
      s.resize(pick(s.size() + 1));
      break;
    case 2: {  // duplicate a chunk
      if (s.empty()) break;
      size_t a = pick(s.size()), n = pick(std::min<size_t>(s.size() - a, 512) + 1);
      s.insert(pick(s.size()), s.substr(a, n));
      break;
    }
    case 3: {  // splice with another input
      size_t cut = pick(s.size() + 1);
      s = s.substr(0, cut) + other.substr(pick(other.size() + 1));
      break;
    }
    case 4:  // hostile bytes
      for (const char* b : {"\xff\xfe", "&", "<", "]]>", "\xe2\x80", "\x00"})
        s.insert(pick(s.size() + 1), std::string(b, b[0] ? std::char_traits<char>::length(b) : 1));
      break;
    default:  // repeat
      if (s.size() < 4096) s = s + s + s;
      break;
  }
  return s;
}

}  // namespace

bool ReadInputs(const std::filesystem::path& p, std::vector<std::string>* inputs) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec)) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(p, ec))
      if (e.is_regular_file()) files.push_back(e.path());
  } else if (std::filesystem::is_regular_file(p, ec)) {
    files.push_back(p);
  } else {
    return false;
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    inputs->push_back(ss.str());
  }
  return true;
}

int main(int argc, char** argv) {
  size_t mutations = 0, min_inputs = 1;
  double seconds = 0;
  uint64_t seed = 0;
  bool seeded = false;
  std::vector<std::string> inputs, extra;
  size_t own = 0;  // inputs from the corpus proper (first in `inputs`), not --extra
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--mutations" && has_value) {
      mutations = std::stoul(argv[++i]);
    } else if (a == "--seconds" && has_value) {
      seconds = std::stod(argv[++i]);
    } else if (a == "--seed" && has_value) {
      seed = std::stoull(argv[++i]);
      seeded = true;
    } else if (a == "--min-inputs" && has_value) {
      min_inputs = std::stoul(argv[++i]);
    } else if (a == "--extra" && has_value) {
      const std::string dir = argv[++i];
      if (!ReadInputs(dir, &extra)) std::printf("extra corpus %s absent: skipped\n", dir.c_str());
    } else if (a.starts_with("--")) {
      std::fprintf(stderr, "fuzz: unknown flag %s\n", a.c_str());
      return 2;
    } else {
      const size_t before = inputs.size();
      if (!ReadInputs(a, &inputs)) {
        std::fprintf(stderr, "fuzz: corpus %s does not exist\n", a.c_str());
        return 2;
      }
      own += inputs.size() - before;
    }
  }
  for (auto& e : extra) inputs.push_back(std::move(e));
  if (own < min_inputs) {
    std::fprintf(stderr, "fuzz: %zu corpus inputs, fewer than --min-inputs %zu\n", own, min_inputs);
    return 2;
  }
  std::mt19937_64 rng(12345);
  size_t runs = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Run(inputs[i]);
    ++runs;
    // (Extra inputs are replayed once; the random pass mutates them.)
    for (size_t m = 0; m < mutations && i < own; ++m) {
      Run(Mutate(inputs[i], inputs[(i + m + 1) % inputs.size()], rng));
      ++runs;
    }
  }
  size_t random_runs = 0;
  if (seconds > 0) {
    if (!seeded)
      seed = std::random_device{}() ^ (static_cast<uint64_t>(std::random_device{}()) << 32);
    // Printed before the first run: a crash leaves it in the log.
    std::printf("random pass: seed %llu for %.0f s (replay: --seed %llu)\n",
                static_cast<unsigned long long>(seed), seconds,
                static_cast<unsigned long long>(seed));
    std::fflush(stdout);
    std::mt19937_64 r(seed);
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
      std::string s = inputs[r() % inputs.size()];
      // Stacked mutations reach further from the corpus than one.
      for (int depth = 1 + static_cast<int>(r() % 4); depth > 0; --depth)
        s = Mutate(s, inputs[r() % inputs.size()], r);
      Run(s);
      ++random_runs;
    }
  }
  std::printf("%zu inputs (%zu from the corpus), %zu runs, %zu random: 1 passed, 0 failed\n",
              inputs.size(), own, runs + random_runs, random_runs);
  return 0;
}
