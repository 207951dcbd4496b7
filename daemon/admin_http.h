// The admin HTTP listener ([http] listen, loopback by default):
//   GET /metrics  Prometheus text format
//   GET /healthz  200 while the main loop is alive, else 503
//   GET /readyz   200 when the store is open and Kafka keeps up, else 503
// Runs its own thread; the callbacks must be thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "common/status.h"

namespace newsd {

struct AdminHandlers {
  std::function<std::string()> metrics;
  // ok, and a one-line reason shown in the body.
  std::function<std::pair<bool, std::string>()> healthy;
  std::function<std::pair<bool, std::string>()> ready;
};

class AdminServer {
 public:
  // `listen` is "host:port"; port 0 picks a free port. Errors:
  // kInvalidArgument for a malformed address, kIOError if it cannot bind.
  static Result<std::unique_ptr<AdminServer>> Start(const std::string& listen,
                                                    AdminHandlers handlers);
  ~AdminServer();  // stops serving and joins the thread
  // "host:port" actually bound.
  const std::string& address() const { return address_; }

  struct Impl;

 private:
  explicit AdminServer(std::unique_ptr<Impl> impl, std::string address);
  std::unique_ptr<Impl> impl_;
  std::string address_;
};

}  // namespace newsd
