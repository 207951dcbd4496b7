#include "daemon/admin_http.h"

#include <httplib.h>

#include <thread>

namespace newsd {

struct AdminServer::Impl {
  httplib::Server server;
  std::thread thread;
  AdminHandlers handlers;
};

Result<std::unique_ptr<AdminServer>> AdminServer::Start(const std::string& listen,
                                                        AdminHandlers handlers) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return Status::InvalidArgument("http.listen: expected host:port, got \"" + listen + "\"");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    return Status::InvalidArgument("http.listen: bad port in \"" + listen + "\"");
  }
  if (port < 0 || port > 65535) return Status::InvalidArgument("http.listen: port out of range");

  auto impl = std::make_unique<Impl>();
  impl->handlers = std::move(handlers);
  Impl* p = impl.get();
  p->server.Get("/metrics", [p](const httplib::Request&, httplib::Response& res) {
    res.set_content(p->handlers.metrics(), "text/plain; version=0.0.4; charset=utf-8");
  });
  auto probe = [](const std::function<std::pair<bool, std::string>()>& fn) {
    return [fn](const httplib::Request&, httplib::Response& res) {
      auto [ok, why] = fn();
      res.status = ok ? 200 : 503;
      res.set_content((ok ? "ok" : "not ok") + std::string(": ") + why + "\n", "text/plain");
    };
  };
  p->server.Get("/healthz", probe(p->handlers.healthy));
  p->server.Get("/readyz", probe(p->handlers.ready));

  if (port == 0) {
    port = p->server.bind_to_any_port(host);
    if (port < 0) return Status::IOError("http.listen: cannot bind " + listen);
  } else if (!p->server.bind_to_port(host, port)) {
    return Status::IOError("http.listen: cannot bind " + listen +
                           " (in use, or not an address here)");
  }
  p->thread = std::thread([p] { p->server.listen_after_bind(); });
  std::string address =
      (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
  return std::unique_ptr<AdminServer>(new AdminServer(std::move(impl), address));
}

AdminServer::AdminServer(std::unique_ptr<Impl> impl, std::string address)
    : impl_(std::move(impl)), address_(std::move(address)) {}

AdminServer::~AdminServer() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace newsd
