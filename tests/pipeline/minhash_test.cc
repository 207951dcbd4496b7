#include "pipeline/minhash.h"

#include <catch2/catch.hpp>

#include "pipeline/text.h"

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
  MinHash a = Sig(kStory), b = Sig(kStory);
  CHECK(BandKeys(a) == BandKeys(b));
  MinHash d;
  REQUIRE(DecodeMinHash(EncodeMinHash(a), &d));
  CHECK(d == a);
  CHECK_FALSE(DecodeMinHash("short", &d));
  // Empty and one-word inputs give a signature, not a crash.
  ComputeMinHash({});
  ComputeMinHash({"word"});
}
