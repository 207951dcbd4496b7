#include "common/state.h"

#include <algorithm>

namespace newsd {

const char* FamilyName(Family f) {
  switch (f) {
    case Family::kFeeds:
      return "feeds";
    case Family::kSeen:
      return "seen";
    case Family::kNearDup:
      return "neardup";
    case Family::kItems:
      return "items";
    case Family::kEvents:
      return "events";
    case Family::kStories:
      return "stories";
    case Family::kTimeline:
      return "timeline";
    case Family::kOutbox:
      return "outbox";
    case Family::kMeta:
      return "meta";
    case Family::kEntities:
      return "entities";
    case Family::kChanges:
      return "changes";
  }
  return "unknown";
}

std::optional<std::string> MemoryState::Get(Family f, std::string_view key) const {
  const auto& m = maps_[static_cast<size_t>(f)];
  auto it = m.find(key);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

void MemoryState::ScanPrefix(
    Family f, std::string_view prefix,
    const std::function<bool(std::string_view, std::string_view)>& fn) const {
  ScanPrefixFrom(f, prefix, prefix, fn);
}

void MemoryState::ScanPrefixFrom(
    Family f, std::string_view prefix, std::string_view start,
    const std::function<bool(std::string_view, std::string_view)>& fn) const {
  const auto& m = maps_[static_cast<size_t>(f)];
  for (auto it = m.lower_bound(std::max(prefix, start)); it != m.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    if (!fn(it->first, it->second)) break;
  }
}

void MemoryState::Apply(const WriteSet& ws) {
  for (const auto& op : ws.ops) {
    auto& m = maps_[static_cast<size_t>(op.family)];
    if (op.append) {
      m[op.key] += *op.value;
    } else if (op.value) {
      m[op.key] = *op.value;
    } else {
      auto it = m.find(op.key);
      if (it != m.end()) m.erase(it);
    }
  }
  outbox_.insert(outbox_.end(), ws.outbox.begin(), ws.outbox.end());
}

}  // namespace newsd
