// The pipeline's stages. Internal to pipeline/: use pipeline.h.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/item.h"
#include "common/state.h"
#include "pipeline/extractor.h"
#include "pipeline/minhash.h"
#include "pipeline/pipeline.h"

namespace newsd {

// What the stages learn about one item.
struct ItemData {
  // repeat: a hash of the item's raw title and text, compared with what the
  // same GUID carried last time before any normalization work is done
  uint64_t raw_hash = 0;
  std::optional<std::string> guid_record{};  // the GUID's `seen` record, if the GUID is known
  // canonicalize
  std::string canonical_url{};
  std::vector<std::string> paragraphs{};     // title first, repeated ones folded
  std::vector<int> weights{};                // copies of each paragraph
  std::vector<uint64_t> paragraph_hashes{};  // of each kept paragraph's normalized words
  std::vector<std::string> words{};          // normalized body words
  uint64_t text_hash = 0;
  MinHash signature{};
  bool has_signature = false;
  // extract
  std::vector<EventMention> mentions{};
  std::vector<Entity> entities{};  // the article's named actors and places
};

// What flows through the stages for one item.
struct ItemContext : ItemData {
  ItemContext(const Item& i, const StateReader& s, Timestamp n, ItemResult& r)
      : item(i), state(s), now(n), result(r) {}
  const Item& item;
  const StateReader& state;
  Timestamp now;
  ItemResult& result;
};

enum class StageResult { kContinue, kStop };

class Stage {
 public:
  virtual ~Stage() = default;
  virtual StageResult Process(ItemContext& ctx) const = 0;
  // True for a stage that reads no state and writes only the ItemData and
  // the result's paragraph fields (item_id, truncated, paragraphs*):
  // Pipeline::Prepare runs it ahead of the others.
  virtual bool Pure() const { return false; }
};

std::unique_ptr<Stage> NewRepeatStage();
std::unique_ptr<Stage> NewCanonicalizeStage(const PipelineOptions& o);
std::unique_ptr<Stage> NewExactDedupStage();
std::unique_ptr<Stage> NewNearDedupStage(const PipelineOptions& o);
std::unique_ptr<Stage> NewClusterStage();
std::unique_ptr<Stage> NewExtractStage(const Extractor* extractor);
std::unique_ptr<Stage> NewMergeStage();

}  // namespace newsd
