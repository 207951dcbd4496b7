#include "pipeline/pipeline.h"

#include <optional>

#include "common/keys.h"
#include "pipeline/canonical_url.h"
#include "pipeline/near_dup_index.h"
#include "pipeline/stages.h"

namespace newsd {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kNew:
      return "new";
    case Verdict::kExactDuplicate:
      return "exact_duplicate";
    case Verdict::kNearDuplicate:
      return "near_duplicate";
    case Verdict::kUpdated:
      return "updated";
  }
  return "new";
}

Pipeline::Pipeline(const PipelineOptions& options, const Extractor* extractor)
    : options_(options), recent_(std::make_unique<RecentSignatures>(options.recent_signatures)) {
  stages_.push_back(NewRepeatStage());
  stages_.push_back(NewCanonicalizeStage(options_));
  stages_.push_back(NewExactDedupStage());
  stages_.push_back(NewNearDedupStage(options_, recent_.get()));
  stages_.push_back(NewExtractStage(extractor));  // clustering uses what it found
  stages_.push_back(NewClusterStage());
  stages_.push_back(NewMergeStage());
}

Pipeline::~Pipeline() = default;

size_t Pipeline::LoadRecentSignatures(const StateReader& state, Timestamp now,
                                      const std::function<bool()>& stop) const {
  return newsd::LoadRecentSignatures(state, now, options_.near_duplicate_window, recent_.get(),
                                     stop);
}

PreparedItem::PreparedItem() = default;
PreparedItem::PreparedItem(PreparedItem&&) noexcept = default;
PreparedItem& PreparedItem::operator=(PreparedItem&&) noexcept = default;
PreparedItem::~PreparedItem() = default;

ItemResult Pipeline::Process(const Item& item, const StateReader& state, Timestamp now) const {
  ItemResult result;
  ItemContext ctx{item, state, now, result};
  for (const auto& stage : stages_)
    if (stage->Process(ctx) == StageResult::kStop) break;
  return result;
}

PreparedItem Pipeline::Prepare(const Item& item, Timestamp now) const {
  // Pure stages never read state: an empty one stands in.
  static const MemoryState kNoState;
  PreparedItem p;
  p.now_ = now;
  ItemContext ctx{item, kNoState, now, p.result_};
  for (const auto& stage : stages_)
    if (stage->Pure()) stage->Process(ctx);
  p.data_ = std::make_unique<ItemData>(std::move(static_cast<ItemData&>(ctx)));
  return p;
}

ItemResult Pipeline::Process(const Item& item, const StateReader& state, Timestamp now,
                             PreparedItem prepared) const {
  if (!prepared.data_ || prepared.now_ != now) return Process(item, state, now);
  ItemResult result;
  ItemContext ctx{item, state, now, result};
  bool adopted = false;
  for (const auto& stage : stages_) {
    if (stage->Pure()) {
      // The stages before the first pure one ran here (the repeat check);
      // from there on the prepared work stands in for the pure stages.
      if (!adopted) {
        const uint64_t raw_hash = ctx.raw_hash;
        std::optional<std::string> guid_record = std::move(ctx.guid_record);
        static_cast<ItemData&>(ctx) = std::move(*prepared.data_);
        ctx.raw_hash = raw_hash;
        ctx.guid_record = std::move(guid_record);
        result.item_id = std::move(prepared.result_.item_id);
        result.truncated = prepared.result_.truncated;
        result.paragraphs = prepared.result_.paragraphs;
        result.paragraphs_collapsed = prepared.result_.paragraphs_collapsed;
        result.paragraphs_boilerplate = prepared.result_.paragraphs_boilerplate;
        adopted = true;
      }
      continue;
    }
    if (stage->Process(ctx) == StageResult::kStop) break;
  }
  return result;
}

bool Pipeline::IsRepeat(const Item& item, const StateReader& state) const {
  ItemResult result;
  ItemContext ctx{item, state, Timestamp{}, result};
  return stages_.front()->Process(ctx) == StageResult::kStop;
}

bool Pipeline::IsKnown(const Item& item, const StateReader& state) const {
  if (IsRepeat(item, state)) return true;
  if (item.link.empty()) return false;
  std::string url = CanonicalUrl(item.link);
  return !url.empty() && state.Get(Family::kSeen, keys::SeenUrl(url)).has_value();
}

}  // namespace newsd
