// Runs the stateless part of the pipeline (Pipeline::Prepare: canonical
// form, signatures, event mentions) for the items of one feed response on a
// thread of its own, in order and at most a few items ahead of the one the
// caller is processing. On two cores the expensive work of item i+1 then
// overlaps the lookups, commit and publishing of item i, while items are
// still processed and committed one by one, in order.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/item.h"
#include "common/time.h"
#include "pipeline/pipeline.h"

namespace newsd {

class ItemPreparer {
 public:
  // Items prepared ahead of the one last taken, at most: bounds the memory
  // of prepared work whatever the response's size.
  static constexpr size_t kAhead = 8;

  // `items` and `pipeline` must outlive the preparer and stay unchanged.
  // Item i is prepared only where `wanted[i]` (an item the pipeline will
  // stop early for, such as a repeat, would waste the work).
  ItemPreparer(const Pipeline& pipeline, const std::vector<Item>& items, std::vector<bool> wanted,
               Timestamp now);
  // Stops after the item in progress; what was not taken is dropped.
  ~ItemPreparer();
  ItemPreparer(const ItemPreparer&) = delete;
  ItemPreparer& operator=(const ItemPreparer&) = delete;

  // Item i's preparation, waiting for it; nothing when it was not wanted.
  // Called with i = 0, 1, 2, ... in order, each once.
  std::optional<PreparedItem> Take(size_t i);

 private:
  void Run();

  const Pipeline& pipeline_;
  const std::vector<Item>& items_;
  const std::vector<bool> wanted_;
  const Timestamp now_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::optional<PreparedItem>> ready_;  // guarded by mu_
  size_t produced_ = 0;                             // items done (or skipped); guarded by mu_
  size_t consumed_ = 0;                             // items taken; guarded by mu_
  bool stop_ = false;                               // guarded by mu_
  std::thread thread_;                              // last: starts after the rest is set
};

}  // namespace newsd
