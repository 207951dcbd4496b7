#include "daemon/batch_preparer.h"

#include <utility>

namespace newsd {

BatchPreparer::BatchPreparer(const Pipeline& pipeline, const StateReader& state,
                             std::vector<Body> bodies, Timestamp now)
    : pipeline_(pipeline), state_(state), now_(now), slots_(bodies.size()), thread_() {
  for (size_t j = 0; j < bodies.size(); ++j) slots_[j].body = std::move(bodies[j]);
  thread_ = std::thread([this] { Run(); });
}

BatchPreparer::~BatchPreparer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void BatchPreparer::Run() {
  for (size_t j = 0; j < slots_.size(); ++j) {
    Slot& slot = slots_[j];
    const Body* body = nullptr;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || slot.done || open_ <= kParsedAhead; });
      if (stop_) return;
      if (slot.done || !slot.body.bytes) continue;
      body = &slot.body;
    }
    Result<ParsedFeed> parsed = ParseFeed(*body->bytes, body->context);
    std::vector<bool> wanted;
    if (parsed.ok()) {
      for (Item& item : parsed->items) item.feed_url = body->feed_url;
      wanted.reserve(parsed->items.size());
      for (const Item& item : parsed->items)
        wanted.push_back(!(body->changed_later && body->changed_later(item)) &&
                         !pipeline_.IsRepeat(item, state_));
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (slot.done) continue;
    const size_t n = parsed.ok() ? parsed->items.size() : 0;
    slot.parsed.emplace(std::move(parsed));
    slot.ready.resize(n);
    slot.parsed_ready = true;
    ++open_;
    cv_.notify_all();
    for (size_t i = 0; i < n; ++i) {
      cv_.wait(lock, [&] { return stop_ || slot.released || ahead_ < kAhead; });
      if (stop_) return;
      if (slot.released) break;
      if (wanted[i]) {
        // The caller only reads the items until Release, which waits for
        // this flag: the item stays valid while the lock is dropped.
        slot.busy = true;
        const Item& item = (**slot.parsed).items[i];
        lock.unlock();
        PreparedItem prepared = pipeline_.Prepare(item, now_);
        lock.lock();
        slot.busy = false;
        if (!slot.released) {
          slot.ready[i].emplace(std::move(prepared));
          ++ahead_;
        }
      }
      slot.produced = i + 1;
      cv_.notify_all();
    }
    cv_.notify_all();
  }
}

Result<ParsedFeed>* BatchPreparer::TakeParsed(size_t j, const std::string& bytes,
                                              const ParseContext& context) {
  std::unique_lock<std::mutex> lock(mu_);
  Slot& slot = slots_[j];
  if (slot.body.bytes != &bytes || slot.done || slot.body.context != context) {
    slot.released = true;
    cv_.notify_all();
    return nullptr;
  }
  cv_.wait(lock, [&] { return slot.parsed_ready; });
  return &*slot.parsed;
}

std::optional<PreparedItem> BatchPreparer::TakeItem(size_t j, size_t i) {
  std::unique_lock<std::mutex> lock(mu_);
  Slot& slot = slots_[j];
  cv_.wait(lock, [&] { return slot.produced > i || slot.released; });
  std::optional<PreparedItem> out;
  if (i < slot.ready.size() && slot.ready[i]) {
    out = std::move(slot.ready[i]);
    slot.ready[i].reset();
    --ahead_;
  }
  lock.unlock();
  cv_.notify_all();
  return out;
}

void BatchPreparer::Release(size_t j) {
  std::unique_lock<std::mutex> lock(mu_);
  Slot& slot = slots_[j];
  slot.released = true;
  for (auto& r : slot.ready) {
    if (!r) continue;
    r.reset();
    --ahead_;
  }
  cv_.notify_all();
  cv_.wait(lock, [&] { return !slot.busy; });
}

void BatchPreparer::Done(size_t j) {
  Release(j);
  std::lock_guard<std::mutex> lock(mu_);
  Slot& slot = slots_[j];
  if (slot.done) return;
  slot.done = true;
  if (slot.parsed_ready) --open_;
  slot.parsed.reset();
  slot.ready.clear();
  cv_.notify_all();
}

}  // namespace newsd
