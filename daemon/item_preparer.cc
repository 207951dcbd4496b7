#include "daemon/item_preparer.h"

namespace newsd {

ItemPreparer::ItemPreparer(const Pipeline& pipeline, const std::vector<Item>& items,
                           std::vector<bool> wanted, Timestamp now)
    : pipeline_(pipeline),
      items_(items),
      wanted_(std::move(wanted)),
      now_(now),
      ready_(items.size()),
      thread_([this] { Run(); }) {}

ItemPreparer::~ItemPreparer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ItemPreparer::Run() {
  for (size_t i = 0; i < items_.size(); ++i) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || i < consumed_ + kAhead; });
      if (stop_) return;
    }
    std::optional<PreparedItem> prepared;
    if (i < wanted_.size() && wanted_[i]) prepared.emplace(pipeline_.Prepare(items_[i], now_));
    {
      std::lock_guard<std::mutex> lock(mu_);
      ready_[i] = std::move(prepared);
      produced_ = i + 1;
    }
    cv_.notify_all();
  }
}

std::optional<PreparedItem> ItemPreparer::Take(size_t i) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return produced_ > i; });
  std::optional<PreparedItem> out = std::move(ready_[i]);
  consumed_ = i + 1;
  lock.unlock();
  cv_.notify_all();
  return out;
}

}  // namespace newsd
