// The admin HTTP listener ([http] listen, loopback by default):
//   GET /metrics  Prometheus text format
//   GET /healthz  200 while the main loop is alive, else 503
//   GET /readyz   200 when the store is open and Kafka keeps up, else 503
// Runs its own thread (one poll loop, no worker per connection); the
// callbacks must be thread-safe. Bounded against clients: no request body
// is ever read (methods other than GET and HEAD get 405), a request head
// over 8 KiB gets 431, a client has 5 s to send its request and read the
// answer, and past 64 connections the oldest is closed, so idle or
// trickling clients cannot make /healthz unanswerable.
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

// True when a "host:port" listens on loopback only.
bool IsLoopbackListen(const std::string& listen);

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
