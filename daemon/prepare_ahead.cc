#include "daemon/prepare_ahead.h"

#include <utility>

namespace newsd {

PrepareAhead::PrepareAhead(size_t count, size_t ahead, Work work)
    : count_(count), ahead_(ahead == 0 ? 1 : ahead), work_(std::move(work)), ready_(count) {
  thread_ = std::thread([this] { Run(); });
}

PrepareAhead::~PrepareAhead() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void PrepareAhead::Run() {
  for (size_t i = 0; i < count_; ++i) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || i < taken_ + ahead_; });
      if (stop_) return;
    }
    PreparedFeed done;
    try {
      done = work_(i);
    } catch (...) {
      done = PreparedFeed{};  // the taker does the work itself
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      ready_[i] = std::move(done);
    }
    cv_.notify_all();
  }
}

PreparedFeed PrepareAhead::Take(size_t index) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return ready_[index].has_value(); });
  PreparedFeed out = std::move(*ready_[index]);
  ready_[index].reset();
  taken_ = index + 1;
  lock.unlock();
  cv_.notify_all();
  return out;
}

}  // namespace newsd
