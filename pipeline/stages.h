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

// Mentions of one event inside an item: same action family, actors,
// polarity and modality. Its day is the first one a sentence gave, else the
// first mention's; the id hashes all of that, so another item reporting the
// same happening computes the same id.
struct MentionGroup {
  std::string id;
  // When no sentence dated the event (its day is the publication day), the
  // ids it would have on the day before and after: a report of the same
  // happening published a day apart merges into it.
  std::vector<std::string> neighbour_ids;
  std::vector<const EventMention*> mentions;  // into ItemData::mentions
  const EventMention* when = nullptr;
};

// What the stages learn about one item. Moved, never copied: `groups`
// points into `mentions`.
struct ItemData {
  ItemData() = default;
  ItemData(ItemData&&) = default;
  ItemData& operator=(ItemData&&) = default;
  ItemData(const ItemData&) = delete;
  ItemData& operator=(const ItemData&) = delete;

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
  std::vector<Entity> entities{};      // the article's named actors and places
  std::vector<MentionGroup> groups{};  // the mentions grouped by event
};

// A group's stored event, read once per item: clustering and merging both ask.
struct StoredRecord {
  bool read = false;
  std::string id;  // the group's id, or the neighbour id the record was found under
  std::optional<std::string> record;
};

// What flows through the stages for one item.
struct ItemContext : ItemData {
  ItemContext(const Item& i, const StateReader& s, Timestamp n, ItemResult& r)
      : item(i), state(s), now(n), result(r) {}
  // By group index, filled by StoredEvent (stages.cc) as groups are asked for.
  std::vector<StoredRecord> stored_events;
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
// `recent` must outlive the stage.
std::unique_ptr<Stage> NewNearDedupStage(const PipelineOptions& o, RecentSignatures* recent);
std::unique_ptr<Stage> NewClusterStage();
std::unique_ptr<Stage> NewExtractStage(const Extractor* extractor);
std::unique_ptr<Stage> NewMergeStage();

}  // namespace newsd
