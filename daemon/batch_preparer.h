// Parses the bodies of one fetch batch and runs the stateless part of the
// pipeline (Pipeline::Prepare) on their items, on a thread of its own, in
// response order and a few items ahead of the one the caller commits.
// Unlike one ItemPreparer per response, the work goes on across responses:
// while the caller commits the last items of one feed, the next feed's body
// is parsed and its first items prepared, so the committing thread does not
// wait at the start of every response. Items are still committed by the
// caller one by one, in order; nothing here writes to the store.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/state.h"
#include "common/status.h"
#include "common/time.h"
#include "ingest/feed_parser.h"
#include "pipeline/pipeline.h"

namespace newsd {

class BatchPreparer {
 public:
  // A response of the batch whose body the caller will parse (a new body).
  struct Body {
    const std::string* bytes = nullptr;  // nullptr: nothing to parse ahead
    ParseContext context;
    std::string feed_url;  // Item::feed_url of its items
    // Items the caller may change after parsing (full text fills their
    // article): not prepared, and not read here, so the caller may change
    // them while the others are prepared. Empty: none.
    std::function<bool(const Item&)> changed_later;
  };

  // Prepared items not yet taken, at most, and bodies parsed ahead of the
  // one the caller is on: bound the memory whatever the batch holds.
  static constexpr size_t kAhead = 8;
  static constexpr size_t kParsedAhead = 2;

  // `bodies[j]` is response j of the batch; the bodies, `pipeline` and
  // `state` must outlive the preparer. `now` is the time items are prepared
  // for. An item Pipeline::IsRepeat finds already stored is not prepared.
  BatchPreparer(const Pipeline& pipeline, const StateReader& state, std::vector<Body> bodies,
                Timestamp now);
  // Stops after the item in progress.
  ~BatchPreparer();
  BatchPreparer(const BatchPreparer&) = delete;
  BatchPreparer& operator=(const BatchPreparer&) = delete;

  // Response j's parse, waiting for it, when it was parsed from `bytes`
  // (the same string) with exactly `context`; nullptr when it was not (the
  // caller parses it, and none of its items is prepared). The feed stays owned here until Done(j);
  // the caller may read it and, once it has taken the items it wants, move it out after calling
  // Release(j).
  Result<ParsedFeed>* TakeParsed(size_t j, const std::string& bytes, const ParseContext& context);
  // Item i of response j, waiting for it; nothing when it was not prepared.
  // Called after TakeParsed(j) with i = 0, 1, 2, ... in order, each once.
  std::optional<PreparedItem> TakeItem(size_t j, size_t i);
  // No more items of response j are wanted: waits for the thread to leave
  // them, so the caller may change or move the parsed feed.
  void Release(size_t j);
  // The caller is done with response j (whether it took it or not): its
  // memory is freed and the thread may parse further ahead. Idempotent.
  void Done(size_t j);

 private:
  struct Slot {
    Body body;
    std::optional<Result<ParsedFeed>> parsed;  // set once parsed
    std::vector<std::optional<PreparedItem>> ready;
    size_t produced = 0;  // items prepared (or skipped)
    bool parsed_ready = false;
    bool released = false;  // the caller wants no more of its items
    bool busy = false;      // the thread is preparing one of its items
    bool done = false;
  };

  void Run();

  const Pipeline& pipeline_;
  const StateReader& state_;
  const Timestamp now_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Slot> slots_;  // guarded by mu_ (a slot's parsed feed: see TakeParsed)
  size_t ahead_ = 0;         // prepared items not taken; guarded by mu_
  size_t open_ = 0;          // parsed bodies not yet Done; guarded by mu_
  bool stop_ = false;        // guarded by mu_
  std::thread thread_;       // last: starts after the rest is set
};

}  // namespace newsd
