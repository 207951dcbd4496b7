// The pipeline: Item in, verdict + events + writes out.
//
//   canonicalize -> exact dedup -> near dedup -> extract -> cluster -> merge
//
// Each stage is one method over an ItemContext (pipeline/stages.h); a stage
// may stop the chain (an exact duplicate goes no further). The pipeline
// reads state through a StateReader and returns everything it wants written
// as one WriteSet: the caller commits it atomically, which is the item's
// commit point. Pure: no I/O, no clock (time comes in), no curl, rdkafka or
// rocksdb. A Pipeline may be shared between threads (its one mutable part,
// a cache of recent signatures, is locked and never changes an answer), but
// items whose writes depend on each other must be processed and committed in
// order.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/event.h"
#include "common/item.h"
#include "common/state.h"
#include "common/story.h"
#include "pipeline/extractor.h"
#include "pipeline/recent_signatures.h"

namespace newsd {

struct PipelineOptions {
  // Estimated Jaccard similarity of word 3-shingles at or above which an item
  // is a near-duplicate of an earlier one. Default 0.4 (see docs/pipeline.md).
  double near_duplicate_threshold = 0.4;
  // Same, for two paragraphs of one article. Default 0.6.
  double paragraph_duplicate_threshold = 0.6;
  // Words per shingle. Default 3.
  size_t shingle_words = 3;
  // Texts with fewer words are only deduplicated exactly. Default 12.
  size_t min_words_for_near_duplicate = 12;
  // Text beyond this many bytes is ignored (and the item says so). Default 1 MiB.
  size_t max_text_bytes = 1u << 20;
  // Candidates examined per item at most (a hot LSH bucket cannot stall us). Default 256.
  size_t max_candidates = 256;
  // An LSH bucket holding this many items is shared by unrelated texts
  // (stock phrases): new items are no longer added to it. Default 256.
  size_t max_bucket_entries = 256;
  // LSH buckets with fewer items are rewritten whole on each addition
  // (reads stay one lookup), larger ones appended to. Default 64.
  size_t rewrite_bucket_below = 64;
  // Items older than this are no longer near-duplicate candidates (the store
  // expires them: StoreOptions::near_duplicate_window). Default 7 days.
  std::chrono::hours near_duplicate_window{7 * 24};
  // Signature sketches of this many most recently indexed items are kept in
  // memory (36 bytes each and 20 of bookkeeping, about 14 MiB full): most near-duplicate
  // candidates are dismissed by them without a store read, with the same
  // answers (pipeline/recent_signatures.h). 0: none. Default 2^18.
  size_t recent_signatures = size_t{1} << 18;
};

enum class Verdict { kNew, kExactDuplicate, kNearDuplicate, kUpdated };
const char* VerdictName(Verdict v);

struct ItemResult {
  std::string item_id;
  Verdict verdict = Verdict::kNew;
  std::string duplicate_of;  // item id, for duplicates
  double similarity = 0;     // to duplicate_of, for near duplicates
  std::string story_id;
  bool story_created = false;
  // Set when the item joined a story because it reports one of the story's
  // events (a different write-up, not a near-duplicate): that event's id.
  std::string joined_by_event;
  // Set when the item joined a story because it names the same people,
  // organisations and places as that story in the same days and shares its
  // key terms: how many entities it shares.
  size_t joined_by_entities = 0;
  size_t paragraphs = 0;
  size_t paragraphs_collapsed = 0;  // repeated paragraphs folded into others
  size_t paragraphs_boilerplate = 0;
  // Paragraphs (title included) another item of the same story already had.
  size_t paragraphs_syndicated = 0;  // "Related:", "Continue reading" and such, dropped
  bool truncated = false;            // text cut at max_text_bytes
  std::vector<Event> events_created;
  std::vector<Event> events_updated;
  WriteSet writes;
};

class Stage;
struct ItemData;

// The part of one item's processing that reads no state (canonical form,
// signatures, event mentions: most of the work of a new item), done ahead of
// Process, on any thread. Move-only; made by Pipeline::Prepare.
class PreparedItem {
 public:
  PreparedItem(PreparedItem&&) noexcept;
  PreparedItem& operator=(PreparedItem&&) noexcept;
  ~PreparedItem();

 private:
  friend class Pipeline;
  PreparedItem();
  std::unique_ptr<ItemData> data_;
  ItemResult result_;  // the paragraph fields the pure stages set
  Timestamp now_{};
};

class Pipeline {
 public:
  // `extractor` must outlive the pipeline.
  Pipeline(const PipelineOptions& options, const Extractor* extractor);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Processes one item against `state` as of `now`.
  ItemResult Process(const Item& item, const StateReader& state, Timestamp now) const;

  // The stateless work for `item` as of `now`. Thread-safe, like Process.
  PreparedItem Prepare(const Item& item, Timestamp now) const;
  // Process with that work done: the same result as Process(item, state,
  // now) when `prepared` was made from this item and `now` (otherwise it is
  // ignored and the work done again).
  ItemResult Process(const Item& item, const StateReader& state, Timestamp now,
                     PreparedItem prepared) const;
  // True when `item` is an entry seen before under its GUID, byte for byte:
  // Process stops at its first lookup, so preparing it would be wasted.
  bool IsRepeat(const Item& item, const StateReader& state) const;
  // IsRepeat, or an item whose link (canonical form) is already stored: an
  // exact duplicate whatever its text. Full-text fetching asks this before
  // fetching an item's article.
  bool IsKnown(const Item& item, const StateReader& state) const;

  // Fills the recent signatures' table from the near-duplicate index in
  // `state`, as of `now` (see LoadRecentSignatures in
  // pipeline/near_dup_index.h): a restarted process then reads as few
  // stored signatures as one that has run for days. Thread-safe, and may
  // run while items are processed. Returns how many were loaded.
  size_t LoadRecentSignatures(const StateReader& state, Timestamp now,
                              const std::function<bool()>& stop = nullptr) const;
  // Items whose signature sketch is held in memory.
  size_t RecentSignatureCount() const { return recent_->size(); }

  const PipelineOptions& options() const { return options_; }

 private:
  PipelineOptions options_;
  // Shared by the near-duplicate stage and LoadRecentSignatures.
  std::unique_ptr<RecentSignatures> recent_;
  std::vector<std::unique_ptr<Stage>> stages_;
};

}  // namespace newsd
