#include "pipeline/near_dup_index.h"

#include <algorithm>
#include <vector>

#include "common/hash.h"
#include "common/keys.h"

namespace newsd {

std::optional<NearDuplicateMatch> FindNearDuplicate(const StateReader& state,
                                                    const MinHash& signature,
                                                    const NearDuplicateQuery& q) {
  const size_t max_candidates = q.max_candidates;
  const uint32_t oldest = keys::DayNumber(q.now - q.window);
  auto buckets = BandKeys(signature);
  std::vector<std::string> bucket_keys;
  bucket_keys.reserve(kBands);
  for (size_t b = 0; b < kBands; ++b) bucket_keys.push_back(keys::Bucket(b, buckets[b]));
  // Newest entries first: a hot bucket yields its most recent items.
  std::vector<uint64_t> candidates;
  for (const auto& list : state.MultiGet(Family::kNearDup, bucket_keys)) {
    if (!list) continue;
    const size_t e = keys::kBucketEntrySize;
    for (size_t end = list->size() / e * e; end >= e && candidates.size() < 4 * max_candidates;
         end -= e) {
      std::string_view entry = std::string_view(*list).substr(end - e, e);
      if (keys::DecodeDay(entry.substr(8)) < oldest) break;  // older entries come before
      candidates.push_back(ReadBigEndian64(entry.substr(0, 8)));
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  if (candidates.size() > max_candidates) candidates.resize(max_candidates);
  if (candidates.empty()) return std::nullopt;

  std::vector<std::string> sig_keys;
  sig_keys.reserve(candidates.size());
  for (uint64_t c : candidates) sig_keys.push_back(keys::Signature(c));
  auto sigs = state.MultiGet(Family::kNearDup, sig_keys);
  std::optional<NearDuplicateMatch> best;
  for (size_t i = 0; i < candidates.size(); ++i) {
    MinHash other;
    if (!sigs[i] || sigs[i]->size() < 4 || keys::DecodeDay(*sigs[i]) < oldest ||
        !DecodeMinHash(std::string_view(*sigs[i]).substr(4), &other))
      continue;
    double sim = EstimateSimilarity(signature, other);
    // Ties go to the smaller item number (candidates are sorted).
    if (sim >= q.threshold && (!best || sim > best->similarity))
      best = NearDuplicateMatch{keys::ItemId(candidates[i]), sim};
  }
  return best;
}

void IndexSignature(WriteSet& ws, const std::string& item_id, const MinHash& signature,
                    Timestamp now) {
  const uint64_t number = keys::ItemNumber(item_id);
  const std::string day = keys::EncodeDay(keys::DayNumber(now));
  const std::string packed = BigEndian64(number) + day;
  auto buckets = BandKeys(signature);
  for (size_t b = 0; b < kBands; ++b)
    ws.Append(Family::kNearDup, keys::Bucket(b, buckets[b]), packed);
  ws.Put(Family::kNearDup, keys::Signature(number), day + EncodeMinHash(signature));
}

}  // namespace newsd
