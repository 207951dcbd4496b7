#include "pipeline/near_dup_index.h"

#include <algorithm>
#include <map>
#include <vector>

#include "common/hash.h"
#include "common/keys.h"

namespace newsd {

std::optional<NearDuplicateMatch> FindNearDuplicate(const StateReader& state,
                                                    const MinHash& signature,
                                                    const NearDuplicateQuery& q, BucketLoad* load,
                                                    size_t rewrite_below) {
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
  std::vector<uint64_t> candidates;
  const size_t e = keys::kBucketEntrySize;
  auto lists = state.MultiGet(Family::kNearDup, bucket_keys);
  for (size_t b = 0; b < lists.size(); ++b) {
    const auto& list = lists[b];
    if (load) {
      load->entries[b] = list ? static_cast<uint32_t>(list->size() / e) : 0;
      load->lists[b] = list && load->entries[b] < rewrite_below ? *list : std::string();
    }
    if (!list) continue;
    size_t taken = 0;
    for (size_t end = list->size() / e * e; end >= e && taken < per_bucket; end -= e) {
      std::string_view entry = std::string_view(*list).substr(end - e, e);
      if (keys::DecodeDay(entry.substr(8)) < oldest) break;  // older entries come before
      candidates.push_back(ReadBigEndian64(entry.substr(0, 8)));
      ++taken;
    }
  }
  if (candidates.empty()) return std::nullopt;
  // Rank by shared buckets: more shared bands, higher similarity.
  std::sort(candidates.begin(), candidates.end());
  std::vector<std::pair<uint32_t, uint64_t>> ranked;  // (shared bands, item number)
  for (size_t i = 0; i < candidates.size();) {
    size_t j = i;
    while (j < candidates.size() && candidates[j] == candidates[i]) ++j;
    ranked.push_back({static_cast<uint32_t>(j - i), candidates[i]});
    i = j;
  }
  if (ranked.size() > max_candidates) {
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<ptrdiff_t>(max_candidates),
                      ranked.end(), [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    ranked.resize(max_candidates);
    std::sort(ranked.begin(), ranked.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
  }
  candidates.clear();
  for (const auto& r : ranked) candidates.push_back(r.second);
  if (q.recent) {
    std::vector<RecentSignatures::Probe> probes;
    q.recent->Lookup(RecentSignatures::SketchOf(signature), candidates, &probes);
    size_t kept = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
      const auto& p = probes[i];
      const bool hopeless =
          p.found &&
          (p.day < oldest ||
           static_cast<double>(p.equal_at_most) / static_cast<double>(kMinHashSize) < q.threshold);
      if (!hopeless) candidates[kept++] = candidates[i];
    }
    candidates.resize(kept);
  }

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
                    Timestamp now, const BucketLoad* load, const IndexOptions& o) {
  const uint64_t number = keys::ItemNumber(item_id);
  const std::string day = keys::EncodeDay(keys::DayNumber(now));
  const std::string packed = BigEndian64(number) + day;
  const uint32_t oldest = keys::DayNumber(now - o.window);
  const size_t e = keys::kBucketEntrySize;
  auto buckets = BandKeys(signature);
  for (size_t b = 0; b < kBands; ++b) {
    std::string key = keys::Bucket(b, buckets[b]);
    if (!load) {
      ws.Append(Family::kNearDup, key, packed);
      continue;
    }
    const size_t entries = load->entries[b];
    if (o.max_bucket_entries > 0 && entries >= o.max_bucket_entries) continue;
    if (entries >= o.rewrite_below) {
      ws.Append(Family::kNearDup, key, packed);
      continue;
    }
    // Rewrite: the live entries (oldest first, so skip the expired prefix)
    // and the new one.
    std::string_view list = load->lists[b];
    size_t start = 0;
    while (start + e <= list.size() && keys::DecodeDay(list.substr(start + 8, 4)) < oldest)
      start += e;
    ws.Put(Family::kNearDup, key, std::string(list.substr(start)) + packed);
  }
  ws.Put(Family::kNearDup, keys::Signature(number), day + EncodeMinHash(signature));
}

size_t LoadRecentSignatures(const StateReader& state, Timestamp now, std::chrono::hours window,
                            RecentSignatures* table, const std::function<bool()>& stop) {
  const uint32_t oldest = keys::DayNumber(now - window);
  const std::string_view prefix = keys::kSignaturePrefix;
  size_t scanned = 0;
  auto stopping = [&] { return stop && ++scanned % 4096 == 1 && stop(); };
  std::map<uint32_t, size_t> by_day;
  bool stopped = false;
  state.ScanPrefixBulk(Family::kNearDup, prefix, [&](std::string_view, std::string_view v) {
    if (stopping()) return !(stopped = true);
    if (v.size() < 4) return true;
    if (const uint32_t day = keys::DecodeDay(v); day >= oldest) ++by_day[day];
    return true;
  });
  if (stopped) return 0;
  // The oldest day to load, and how many of that day fit beside the newer.
  const size_t room = table->capacity() - std::min(table->capacity(), table->size());
  uint32_t first_day = oldest;
  size_t first_day_quota = SIZE_MAX;
  size_t newer = 0;
  for (auto it = by_day.rbegin(); it != by_day.rend(); ++it) {
    if (newer + it->second > room) {
      first_day = it->first;
      first_day_quota = room - newer;
      break;
    }
    newer += it->second;
  }
  table->Reserve(table->size() + (first_day_quota == SIZE_MAX ? newer : room));
  size_t loaded = 0;
  state.ScanPrefixBulk(Family::kNearDup, prefix, [&](std::string_view k, std::string_view v) {
    if (stopping()) return false;
    if (v.size() < 4 || k.size() != prefix.size() + 8) return true;
    const uint32_t day = keys::DecodeDay(v);
    if (day < first_day || (day == first_day && first_day_quota == 0)) return true;
    MinHash m;
    if (!DecodeMinHash(v.substr(4), &m)) return true;
    if (!table->AddIfRoom(ReadBigEndian64(k.substr(prefix.size())), day, m)) {
      return table->size() < table->capacity();
    }
    ++loaded;
    if (day == first_day) --first_day_quota;
    return true;
  });
  return loaded;
}

}  // namespace newsd
