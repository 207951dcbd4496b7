#include "pipeline/near_dup_index.h"

#include <algorithm>
#include <vector>

#include "common/hash.h"
#include "common/keys.h"

namespace newsd {

std::optional<NearDuplicateMatch> FindNearDuplicate(const StateReader& state,
                                                    const MinHash& signature,
                                                    const NearDuplicateQuery& q, BucketLoad* load) {
  const size_t max_candidates = q.max_candidates;
  const uint32_t oldest = keys::DayNumber(q.now - q.window);
  auto buckets = BandKeys(signature);
  std::vector<std::string> bucket_keys;
  bucket_keys.reserve(kBands);
  for (size_t b = 0; b < kBands; ++b) bucket_keys.push_back(keys::Bucket(b, buckets[b]));
  // Newest entries first: a hot bucket yields its most recent items, a
  // quarter of max_candidates at most (an item that is a true near-duplicate
  // shares several buckets, most of them far from hot).
  const size_t per_bucket = std::max<size_t>(16, max_candidates / 4);
  struct Candidate {
    uint64_t number;
    uint64_t sketch;
    bool operator<(const Candidate& o) const { return number < o.number; }
  };
  std::vector<Candidate> candidates;
  const size_t e = keys::kBucketEntrySize;
  auto lists = state.MultiGet(Family::kNearDup, bucket_keys);
  for (size_t b = 0; b < lists.size(); ++b) {
    const auto& list = lists[b];
    if (load) {
      load->entries[b] = list ? static_cast<uint32_t>(list->size() / e) : 0;
      load->lists[b] = list ? *list : std::string();
    }
    if (!list) continue;
    size_t taken = 0;
    for (size_t end = list->size() / e * e; end >= e && taken < per_bucket; end -= e) {
      std::string_view entry = std::string_view(*list).substr(end - e, e);
      if (keys::DecodeDay(entry.substr(8)) < oldest) break;  // older entries come before
      candidates.push_back(
          {ReadBigEndian64(entry.substr(0, 8)), ReadBigEndian64(entry.substr(12))});
      ++taken;
    }
  }
  if (candidates.empty()) return std::nullopt;
  // Rank by shared buckets: more shared bands, higher similarity.
  std::sort(candidates.begin(), candidates.end());
  // (shared bands, item number). A candidate's signature is read only when
  // its sketch makes it a plausible near-duplicate: the fewer buckets it
  // shares, the closer the sketch must come to the threshold.
  std::vector<std::pair<uint32_t, uint64_t>> ranked;
  const uint64_t mine = Sketch(signature);
  uint32_t screened = 0;
  for (size_t i = 0; i < candidates.size();) {
    size_t j = i;
    while (j < candidates.size() && candidates[j].number == candidates[i].number) ++j;
    const auto shared = static_cast<uint32_t>(j - i);
    const double floor = q.threshold - q.sketch_margin * (shared == 1 ? 1 : 2);
    if (shared >= 3 || q.sketch_margin < 0 ||
        EstimateSimilarityFromSketches(mine, candidates[i].sketch) >= floor)
      ranked.push_back({shared, candidates[i].number});
    else
      ++screened;
    i = j;
  }
  if (load) load->screened_out = screened;
  if (ranked.empty()) return std::nullopt;
  if (ranked.size() > max_candidates) {
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<ptrdiff_t>(max_candidates),
                      ranked.end(), [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    ranked.resize(max_candidates);
    std::sort(ranked.begin(), ranked.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
  }
  std::vector<std::string> sig_keys;
  sig_keys.reserve(ranked.size());
  for (const auto& r : ranked) sig_keys.push_back(keys::Signature(r.second));
  if (load) load->signatures_read = static_cast<uint32_t>(sig_keys.size());
  auto sigs = state.MultiGet(Family::kNearDup, sig_keys);
  std::optional<NearDuplicateMatch> best;
  for (size_t i = 0; i < ranked.size(); ++i) {
    MinHash other;
    if (!sigs[i] || sigs[i]->size() < 4 || keys::DecodeDay(*sigs[i]) < oldest ||
        !DecodeMinHash(std::string_view(*sigs[i]).substr(4), &other))
      continue;
    double sim = EstimateSimilarity(signature, other);
    // Ties go to the smaller item number (candidates are sorted).
    if (sim >= q.threshold && (!best || sim > best->similarity))
      best = NearDuplicateMatch{keys::ItemId(ranked[i].second), sim};
  }
  return best;
}

void IndexSignature(WriteSet& ws, const std::string& item_id, const MinHash& signature,
                    Timestamp now, const BucketLoad* load, const IndexOptions& o) {
  const uint64_t number = keys::ItemNumber(item_id);
  const std::string day = keys::EncodeDay(keys::DayNumber(now));
  const std::string packed = BigEndian64(number) + day + BigEndian64(Sketch(signature));
  const uint32_t oldest = keys::DayNumber(now - o.window);
  const size_t e = keys::kBucketEntrySize;
  auto buckets = BandKeys(signature);
  for (size_t b = 0; b < kBands; ++b) {
    std::string key = keys::Bucket(b, buckets[b]);
    if (!load) {
      ws.Append(Family::kNearDup, std::move(key), packed);
      continue;
    }
    if (o.max_bucket_entries > 0 && load->entries[b] >= o.max_bucket_entries) continue;
    // The live entries (oldest first, so skip the expired prefix) and the new one.
    std::string_view list = load->lists[b];
    size_t start = 0;
    while (start + e <= list.size() && keys::DecodeDay(list.substr(start + 8, 4)) < oldest)
      start += e;
    ws.Put(Family::kNearDup, std::move(key), std::string(list.substr(start)) + packed);
  }
  ws.Put(Family::kNearDup, keys::Signature(number), day + EncodeMinHash(signature));
}

}  // namespace newsd
