#include "pipeline/minhash.h"

#include <catch2/catch.hpp>

#include "common/hash.h"
#include "pipeline/text.h"
#include "tests/test_util.h"

using namespace newsd;

namespace {
MinHash Sig(const std::string& s) { return ComputeMinHash(NormalizedWords(s)); }
const char* kStory =
    "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Wednesday in "
    "an effort to settle a dispute over the common budget before a summit of European leaders "
    "next month. The two leaders spent more than two hours at the chancellery discussing farm "
    "subsidies, defence spending and joint borrowing, officials from both governments said.";
}  // namespace

TEST_CASE("MinHash estimates similarity: identical, edited, unrelated") {
  CHECK(EstimateSimilarity(Sig(kStory), Sig(kStory)) == 1.0);
  std::string edited = kStory;
  edited.replace(edited.find("before"), 6, "ahead of");
  edited += " Continue reading.";
  double near = EstimateSimilarity(Sig(kStory), Sig(edited));
  CHECK(near > 0.6);
  CHECK(near < 1.0);
  double far = EstimateSimilarity(
      Sig(kStory), Sig("Temperatures passed 40 degrees in parts of Spain, Italy and Greece on "
                       "Wednesday, and authorities opened cooling centres for older residents."));
  CHECK(far < 0.1);
}

TEST_CASE("Band keys agree exactly when bands agree; encoding round-trips") {
  MinHash a = Sig(kStory), b = a;
  CHECK(BandKeys(a) == BandKeys(Sig(kStory)));
  // One value changed: exactly the band that holds it gets another key.
  b[5] ^= 1;
  const auto ka = BandKeys(a), kb = BandKeys(b);
  REQUIRE(ka.size() == kb.size());
  size_t differ = 0;
  for (size_t k = 0; k < ka.size(); ++k) differ += ka[k] != kb[k];
  CHECK(differ == 1);
  CHECK(ka[5 / (kMinHashSize / ka.size())] != kb[5 / (kMinHashSize / ka.size())]);
  MinHash d;
  REQUIRE(DecodeMinHash(EncodeMinHash(a), &d));
  CHECK(d == a);
  CHECK_FALSE(DecodeMinHash("short", &d));
  // Empty and one-word inputs give a signature, not a crash.
  ComputeMinHash({});
  ComputeMinHash({"word"});
}

TEST_CASE("Signatures never change: pinned values, and every CPU path equals the scalar formula") {
  // Stored signatures are compared with new ones for seven days (and
  // across upgrades): their values are part of the on-disk format.
  MinHash m = Sig(kStory);
  CHECK(m[0] == 162410889u);
  CHECK(m[1] == 2526512u);
  CHECK(m[2] == 108036758u);
  CHECK(m[5] == 59604179u);
  CHECK(m[71] == 20830752u);
  // ComputeMinHash picks a vector path for the CPU it runs on; the formula
  // written out plainly must give the same minima on generated inputs.
  std::array<uint64_t, kMinHashSize> a{}, b{};
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state] {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  for (size_t j = 0; j < kMinHashSize; ++j) {
    a[j] = next() | 1;
    b[j] = next();
  }
  test::XorShift rng;
  for (int round = 0; round < 500; ++round) {
    std::vector<std::string> words(rng() % 300);
    for (auto& w : words) w = "w" + std::to_string(rng() % 2000);
    MinHash want;
    want.fill(UINT32_MAX);
    size_t count = words.size() >= 3 ? words.size() - 2 : 1;
    for (size_t i = 0; !words.empty() && i < count; ++i) {
      uint64_t x = 0x9E3779B97F4A7C15ull;
      for (size_t k = i; k < i + 3 && k < words.size(); ++k) {
        x = (x ^ Hash64(words[k])) * 0xBF58476D1CE4E5B9ull;
        x ^= x >> 31;
      }
      x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
      x ^= x >> 31;
      for (size_t j = 0; j < kMinHashSize; ++j)
        want[j] = std::min(want[j], static_cast<uint32_t>((a[j] * x + b[j]) >> 32));
    }
    INFO("round " << round << ", " << words.size() << " words");
    REQUIRE(ComputeMinHash(words) == want);
  }
}
