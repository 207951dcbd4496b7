// Runs a libFuzzer-style target without libFuzzer (gcc builds, ctest, the
// ASan pass): every file of the corpus directories given, then `--mutations
// N` deterministic mutations of each (bit flips, truncation, duplication,
// splices with another corpus file). Exits non-zero only by crashing, which
// is what the sanitizers turn bugs into.
//
// usage: fuzz_TARGET [--mutations N] DIR_OR_FILE...
#include <algorithm>
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

int main(int argc, char** argv) {
  size_t mutations = 0;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mutations" && i + 1 < argc) {
      mutations = std::stoul(argv[++i]);
      continue;
    }
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(a)) {
      for (const auto& e : std::filesystem::directory_iterator(a))
        if (e.is_regular_file()) files.push_back(e.path());
    } else {
      files.push_back(a);
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      inputs.push_back(ss.str());
    }
  }
  std::mt19937_64 rng(12345);
  size_t runs = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Run(inputs[i]);
    ++runs;
    for (size_t m = 0; m < mutations; ++m) {
      Run(Mutate(inputs[i], inputs[(i + m + 1) % inputs.size()], rng));
      ++runs;
    }
  }
  std::printf("%zu inputs, %zu runs: 1 passed, 0 failed\n", inputs.size(), runs);
  return 0;
}
