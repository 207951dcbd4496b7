// The admin HTTP listener ([http] listen, loopback by default):
//   GET /metrics  Prometheus text format
//   GET /healthz  200 while the main loop is alive, else 503
//   GET /readyz   200 when the store is open and Kafka keeps up, else 503
//   /websub/<id>  WebSub callbacks (daemon/websub.h), with [websub]
// Served by an HttpServer (daemon/http_server.h: its own thread, bounded
// against idle, trickling and greedy clients); the callbacks must be
// thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "common/status.h"
#include "daemon/http_server.h"

namespace newsd {

struct AdminHandlers {
  std::function<std::string()> metrics;
  // ok, and a one-line reason shown in the body.
  std::function<std::pair<bool, std::string>()> healthy;
  std::function<std::pair<bool, std::string>()> ready;
  // Optional: answers the WebSub callbacks, false for other paths.
  std::function<bool(const HttpRequest&, HttpResponse*)> websub;
  // POST bodies accepted up to this size (WebSub content); 0: none.
  size_t max_body_bytes = 0;
};

// The admin listener's routes over `handlers`.
HttpHandler AdminRoutes(AdminHandlers handlers);

// Starts the admin listener on `listen` ("host:port"). Errors as
// HttpServer::Start.
Result<std::unique_ptr<HttpServer>> StartAdminServer(const std::string& listen,
                                                     AdminHandlers handlers);

}  // namespace newsd
