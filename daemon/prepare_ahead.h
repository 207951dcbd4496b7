// Prepares the feeds of a poll batch on a second thread, a few feeds ahead
// of the thread that commits them: parsing, text normalization, signatures
// and event extraction (Pipeline::Prepare) overlap the store work, which
// must stay in order on one thread. The work itself is a pure function of
// the feed's index; this class only runs it ahead and hands results over.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/status.h"
#include "ingest/feed_parser.h"
#include "pipeline/pipeline.h"

namespace newsd {

// One feed's preparation.
struct PreparedFeed {
  // Set when the response had a body to parse: its parse result.
  std::optional<Result<ParsedFeed>> feed;
  // One per parsed item, in order; null where Prepare found nothing to do
  // (an unchanged repeat) or did not run.
  std::vector<PreparedItemPtr> items;
};

class PrepareAhead {
 public:
  using Work = std::function<PreparedFeed(size_t index)>;

  // Runs `work(0)`, `work(1)`, ... `work(count - 1)` on its own thread,
  // never more than `ahead` results waiting to be taken.
  PrepareAhead(size_t count, size_t ahead, Work work);
  // Stops after the feed in progress and joins the thread.
  ~PrepareAhead();
  PrepareAhead(const PrepareAhead&) = delete;
  PrepareAhead& operator=(const PrepareAhead&) = delete;

  // Feed `index`'s preparation, waiting for it. Call with 0, 1, 2, ... in
  // order. An empty PreparedFeed when the work failed (the caller then does
  // it itself).
  PreparedFeed Take(size_t index);

 private:
  void Run();

  const size_t count_;
  const size_t ahead_;
  Work work_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::optional<PreparedFeed>> ready_;  // by index, until taken
  size_t taken_ = 0;                                // results handed over so far
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace newsd
