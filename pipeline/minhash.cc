#include "pipeline/minhash.h"

#include <limits>

#include "common/hash.h"

namespace newsd {
namespace {

// Multiply-shift hash family: h_i(x) = (a_i * x + b_i) >> 32, one pair per row.
struct Coefficients {
  std::array<uint64_t, kMinHashSize> a, b;
  Coefficients() {
    uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&state] {  // splitmix64: fixed, so signatures are stable
      uint64_t z = (state += 0x9E3779B97F4A7C15ull);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      return z ^ (z >> 31);
    };
    for (size_t i = 0; i < kMinHashSize; ++i) {
      a[i] = next() | 1;
      b[i] = next();
    }
  }
};

const Coefficients& Coeffs() {
  static const Coefficients c;
  return c;
}

// m[j] = min over the shingle hashes x of (a[j] * x + b[j]) >> 32. The same
// integer arithmetic in every variant (so signatures never depend on the
// CPU); the compiler vectorizes the inner loop, 8 rows at once with
// AVX-512, 4 with AVX2. Dispatched on first use rather than by ifunc
// (target_clones), whose resolvers run before sanitizer runtimes start.
// Inlined into each variant below, which compiles it for its own target.
__attribute__((always_inline)) inline void UpdateMinimaLoop(const uint64_t* __restrict a,
                                                            const uint64_t* __restrict b,
                                                            const uint64_t* __restrict xs, size_t n,
                                                            uint32_t* __restrict m) {
  for (size_t i = 0; i < n; ++i) {
    const uint64_t x = xs[i];
    for (size_t j = 0; j < kMinHashSize; ++j) {
      uint32_t h = static_cast<uint32_t>((a[j] * x + b[j]) >> 32);
      m[j] = h < m[j] ? h : m[j];
    }
  }
}

using UpdateMinimaFn = void (*)(const uint64_t*, const uint64_t*, const uint64_t*, size_t,
                                uint32_t*);

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx512f,avx512dq,avx512vl"))) void UpdateMinimaAvx512(
    const uint64_t* a, const uint64_t* b, const uint64_t* xs, size_t n, uint32_t* m) {
  UpdateMinimaLoop(a, b, xs, n, m);
}
__attribute__((target("avx2"))) void UpdateMinimaAvx2(const uint64_t* a, const uint64_t* b,
                                                      const uint64_t* xs, size_t n, uint32_t* m) {
  UpdateMinimaLoop(a, b, xs, n, m);
}
#endif
void UpdateMinimaPlain(const uint64_t* a, const uint64_t* b, const uint64_t* xs, size_t n,
                       uint32_t* m) {
  UpdateMinimaLoop(a, b, xs, n, m);
}

UpdateMinimaFn PickUpdateMinima() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl"))
    return UpdateMinimaAvx512;
  if (__builtin_cpu_supports("avx2")) return UpdateMinimaAvx2;
#endif
  return UpdateMinimaPlain;
}

void UpdateMinima(const uint64_t* a, const uint64_t* b, const uint64_t* xs, size_t n, uint32_t* m) {
  static const UpdateMinimaFn fn = PickUpdateMinima();
  fn(a, b, xs, n, m);
}

}  // namespace

MinHash ComputeMinHash(const std::vector<std::string>& words, size_t shingle) {
  MinHash m;
  m.fill(std::numeric_limits<uint32_t>::max());
  if (words.empty()) return m;
  if (shingle == 0) shingle = 1;
  // Hash each word once; a shingle's hash combines its words' hashes by
  // position (so "a b c" != "c b a"), finished with a 64-bit mixer.
  std::vector<uint64_t> wh(words.size());
  for (size_t i = 0; i < words.size(); ++i) wh[i] = Hash64(words[i]);
  size_t count = words.size() >= shingle ? words.size() - shingle + 1 : 1;
  // Shingle i's hash replaces wh[i], which no later shingle reads.
  for (size_t i = 0; i < count; ++i) {
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (size_t k = i; k < i + shingle && k < words.size(); ++k) {
      x = (x ^ wh[k]) * 0xBF58476D1CE4E5B9ull;
      x ^= x >> 31;
    }
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    wh[i] = x ^ (x >> 31);
  }
  const Coefficients& c = Coeffs();
  UpdateMinima(c.a.data(), c.b.data(), wh.data(), count, m.data());
  return m;
}

double EstimateSimilarity(const MinHash& a, const MinHash& b) {
  size_t same = 0;
  for (size_t i = 0; i < kMinHashSize; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / static_cast<double>(kMinHashSize);
}

std::array<uint64_t, kBands> BandKeys(const MinHash& m) {
  std::array<uint64_t, kBands> keys;
  for (size_t band = 0; band < kBands; ++band) {
    keys[band] = Hash64(std::string_view(reinterpret_cast<const char*>(&m[band * kRowsPerBand]),
                                         kRowsPerBand * sizeof(uint32_t)),
                        band);
  }
  return keys;
}

std::string EncodeMinHash(const MinHash& m) {
  std::string s;
  s.reserve(kMinHashSize * 4);
  for (uint32_t v : m)
    for (int shift = 24; shift >= 0; shift -= 8)
      s.push_back(static_cast<char>((v >> shift) & 0xff));
  return s;
}

bool DecodeMinHash(std::string_view b, MinHash* out) {
  if (b.size() != kMinHashSize * 4) return false;
  for (size_t i = 0; i < kMinHashSize; ++i) {
    uint32_t v = 0;
    for (size_t k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(b[i * 4 + k]);
    (*out)[i] = v;
  }
  return true;
}

}  // namespace newsd
