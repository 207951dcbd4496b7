#include "daemon/admin_http.h"

namespace newsd {

HttpHandler AdminRoutes(AdminHandlers handlers) {
  return [h = std::move(handlers)](const HttpRequest& req) {
    HttpResponse r;
    if (h.websub && h.websub(req, &r)) return r;
    if (req.method == "POST") {
      r.status = 404;
      r.body = "not found\n";
      return r;
    }
    if (req.path == "/metrics") {
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      r.body = h.metrics();
      return r;
    }
    if (req.path == "/healthz" || req.path == "/readyz") {
      auto [ok, why] = req.path == "/healthz" ? h.healthy() : h.ready();
      r.status = ok ? 200 : 503;
      r.body = (ok ? "ok: " : "not ok: ") + why + "\n";
      return r;
    }
    r.status = 404;
    r.body = "not found: /metrics, /healthz, /readyz\n";
    return r;
  };
}

Result<std::unique_ptr<HttpServer>> StartAdminServer(const std::string& listen,
                                                     AdminHandlers handlers) {
  const size_t max_body = handlers.max_body_bytes;
  return HttpServer::Start(listen, AdminRoutes(std::move(handlers)),
                           {.name = "http.listen", .max_body_bytes = max_body});
}

}  // namespace newsd
