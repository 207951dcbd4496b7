#include "store/write_buffer.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "store/key_filter.h"

using namespace newsd;

TEST_CASE("WriteBuffer: appends in order, a put replaces, families are apart") {
  WriteBuffer b;
  CHECK(b.empty());
  REQUIRE(b.Add(Family::kNearDup, "ek", "one", false));
  REQUIRE(b.Add(Family::kNearDup, "ek", "two", false));
  REQUIRE(b.Add(Family::kSeen, "ek", "other", false));
  CHECK(b.keys() == 2);
  CHECK(b.writes() == 3);

  std::optional<std::string> v;  // absent in storage
  CHECK(b.ApplyTo(Family::kNearDup, "ek", &v) == WriteBuffer::Held::kAppends);
  CHECK(v == "onetwo");
  v = "stored-";
  b.ApplyTo(Family::kNearDup, "ek", &v);
  CHECK(v == "stored-onetwo");
  v.reset();
  CHECK(b.ApplyTo(Family::kNearDup, "missing", &v) == WriteBuffer::Held::kNothing);
  CHECK_FALSE(v);

  // A put drops what came before it, in storage and here; appends follow it.
  REQUIRE(b.Add(Family::kNearDup, "ek", "new", true));
  REQUIRE(b.Add(Family::kNearDup, "ek", "+1", false));
  v = "stored-";
  CHECK(b.ApplyTo(Family::kNearDup, "ek", &v) == WriteBuffer::Held::kValue);
  CHECK(v == "new+1");
  CHECK(b.Contains(Family::kSeen, "ek"));
  CHECK_FALSE(b.Contains(Family::kSeen, "ek2"));

  // Sorted by family, then key, with the put flag.
  REQUIRE(b.Add(Family::kNearDup, "c1", "x", true));
  std::vector<std::string> seen;
  b.ForEachSorted([&](Family f, std::string_view k, std::string_view bytes, bool put) {
    seen.push_back(std::string(FamilyName(f)) + ":" + std::string(k) + "=" + std::string(bytes) +
                   (put ? " put" : ""));
  });
  CHECK(seen ==
        std::vector<std::string>{"seen:ek=other", "neardup:c1=x put", "neardup:ek=new+1 put"});

  std::map<std::string, std::string> prefixed;
  b.ForEachWithPrefix(Family::kNearDup, "e", [&](std::string_view k, std::string_view v2, bool) {
    prefixed[std::string(k)] = std::string(v2);
  });
  CHECK(prefixed == std::map<std::string, std::string>{{"ek", "new+1"}});

  CHECK_FALSE(b.Add(Family::kNearDup, std::string(256, 'k'), "v", false));
  CHECK_FALSE(b.Add(Family::kNearDup, "k", std::string(65536, 'v'), false));
  CHECK(b.keys() == 3);

  b.Clear();
  CHECK(b.empty());
  CHECK(b.bytes() == 0);
  v.reset();
  CHECK(b.ApplyTo(Family::kNearDup, "ek", &v) == WriteBuffer::Held::kNothing);
}

TEST_CASE("WriteBuffer: many keys, each found with its own bytes") {
  WriteBuffer b;
  const int n = 50000;
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < n; ++i)
      REQUIRE(
          b.Add(Family::kNearDup, "c" + std::to_string(i), std::to_string(i * 2 + round), false));
  CHECK(b.keys() == static_cast<size_t>(n));
  for (int i = 0; i < n; i += 997) {
    std::optional<std::string> v;
    b.ApplyTo(Family::kNearDup, "c" + std::to_string(i), &v);
    CHECK(v == std::to_string(i * 2) + std::to_string(i * 2 + 1));
  }
  std::string previous;
  size_t count = 0;
  b.ForEachSorted([&](Family, std::string_view k, std::string_view, bool) {
    CHECK(previous < std::string(k));
    previous = std::string(k);
    ++count;
  });
  CHECK(count == static_cast<size_t>(n));
}

TEST_CASE("KeyFilter: every inserted key is found; few absent ones pass") {
  const int n = 100000;
  KeyFilter f(n, 8);
  for (int i = 0; i < n; ++i) f.Insert("c" + std::to_string(i));
  for (int i = 0; i < n; ++i) REQUIRE(f.MayContain("c" + std::to_string(i)));
  int passed = 0;
  for (int i = 0; i < n; ++i) passed += f.MayContain("absent" + std::to_string(i));
  CHECK(passed < n * 5 / 100);  // about 3% at 8 bits per key
  CHECK(f.inserted() == static_cast<uint64_t>(n));

  KeyFilter other(n, 8);
  other.Insert("merged-key");
  CHECK_FALSE(f.MayContain("merged-key"));
  f.Merge(other);
  CHECK(f.MayContain("merged-key"));
  CHECK(f.MayContain("c7"));
}
