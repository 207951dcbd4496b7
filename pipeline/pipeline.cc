#include "pipeline/pipeline.h"

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

Pipeline::Pipeline(const PipelineOptions& options, const Extractor* extractor) : options_(options) {
  stages_.push_back(NewRepeatStage());
  stages_.push_back(NewCanonicalizeStage(options_));
  stages_.push_back(NewExactDedupStage());
  stages_.push_back(NewNearDedupStage(options_));
  stages_.push_back(NewExtractStage(extractor));  // clustering uses what it found
  stages_.push_back(NewClusterStage());
  stages_.push_back(NewMergeStage());
}

Pipeline::~Pipeline() = default;

ItemResult Pipeline::Process(const Item& item, const StateReader& state, Timestamp now) const {
  ItemResult result;
  ItemContext ctx{item, state, now, result};
  for (const auto& stage : stages_)
    if (stage->Process(ctx) == StageResult::kStop) break;
  return result;
}

}  // namespace newsd
