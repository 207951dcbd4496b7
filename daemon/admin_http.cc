#include "daemon/admin_http.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

namespace newsd {
namespace {

using Clock = std::chrono::steady_clock;

// A client has this long to send its whole request head; the answer is
// written within the same bound. Trickling and idle clients are cut off
// here instead of holding a worker.
constexpr auto kRequestDeadline = std::chrono::seconds(5);
constexpr size_t kMaxRequestHead = 8192;
// Connections held at once; past it the oldest is closed so that a new
// client (a liveness probe) is still answered.
constexpr size_t kMaxConnections = 64;

struct Conn {
  int fd = -1;
  Clock::time_point started;
  std::string in;
  std::string out;
  size_t written = 0;
  bool answered = false;
  // Answer written and our side shut: what the client still sends is read
  // and dropped until it closes, so that closing does not reset the
  // connection before the client has read the answer.
  bool draining = false;
};

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "Service Unavailable";
  }
}

std::string Response(int status, std::string_view content_type, std::string_view body,
                     bool head_only) {
  std::string r = "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) + "\r\n";
  r += "Content-Type: " + std::string(content_type) + "\r\n";
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  if (status == 405) r += "Allow: GET, HEAD\r\n";
  r += "Connection: close\r\n\r\n";
  if (!head_only) r.append(body);
  return r;
}

}  // namespace

struct AdminServer::Impl {
  int listen_fd = -1;
  int wake[2] = {-1, -1};  // written to on stop
  std::thread thread;
  AdminHandlers handlers;
  std::vector<Conn> conns;

  ~Impl() {
    for (auto& c : conns) close(c.fd);
    if (listen_fd >= 0) close(listen_fd);
    if (wake[0] >= 0) close(wake[0]);
    if (wake[1] >= 0) close(wake[1]);
  }

  // Answers a complete request head; only GET and HEAD of three paths.
  std::string Answer(std::string_view head) const {
    const size_t line_end = head.find("\r\n");
    const std::string_view line = head.substr(0, line_end);
    const size_t sp1 = line.find(' ');
    const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || !line.substr(sp2 + 1).starts_with("HTTP/1."))
      return Response(400, "text/plain", "bad request\n", false);
    const std::string_view method = line.substr(0, sp1);
    std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    target = target.substr(0, target.find('?'));
    const bool head_only = method == "HEAD";
    // Nothing here takes a body: any other method is refused before one is
    // read (a POST of gigabytes costs nothing).
    if (method != "GET" && !head_only)
      return Response(405, "text/plain", "only GET and HEAD\n", false);
    if (target == "/metrics")
      return Response(200, "text/plain; version=0.0.4; charset=utf-8", handlers.metrics(),
                      head_only);
    if (target == "/healthz" || target == "/readyz") {
      auto [ok, why] = target == "/healthz" ? handlers.healthy() : handlers.ready();
      return Response(ok ? 200 : 503, "text/plain", (ok ? "ok: " : "not ok: ") + why + "\n",
                      head_only);
    }
    return Response(404, "text/plain", "not found: /metrics, /healthz, /readyz\n", head_only);
  }

  void Accept() {
    for (;;) {
      int fd = accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      if (conns.size() >= kMaxConnections) {
        auto oldest =
            std::min_element(conns.begin(), conns.end(),
                             [](const Conn& a, const Conn& b) { return a.started < b.started; });
        close(oldest->fd);
        conns.erase(oldest);
      }
      conns.push_back(Conn{fd, Clock::now(), {}, {}, 0, false});
    }
  }

  // False when the connection is done (answered and written, or failed).
  bool Serve(Conn& c, short revents) {
    if (c.draining) {
      if (!(revents & (POLLIN | POLLHUP | POLLERR))) return true;
      char buf[4096];
      ssize_t n = read(c.fd, buf, sizeof buf);
      return n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR));
    }
    if (!c.answered && (revents & (POLLIN | POLLHUP | POLLERR))) {
      char buf[4096];
      ssize_t n = read(c.fd, buf, sizeof buf);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return false;
      if (n > 0) c.in.append(buf, static_cast<size_t>(n));
      const size_t end = c.in.find("\r\n\r\n");
      if (end != std::string::npos && end + 4 <= kMaxRequestHead) {
        c.out = Answer(std::string_view(c.in).substr(0, end + 2));
        c.answered = true;
      } else if (c.in.size() > kMaxRequestHead) {
        c.out = Response(431, "text/plain", "request head over 8 KiB\n", false);
        c.answered = true;
      }
    }
    if (c.answered && c.written < c.out.size()) {
      ssize_t n = send(c.fd, c.out.data() + c.written, c.out.size() - c.written, MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
      if (n > 0) c.written += static_cast<size_t>(n);
    }
    if (c.answered && c.written == c.out.size()) {
      shutdown(c.fd, SHUT_WR);
      c.draining = true;
    }
    return true;
  }

  void Run() {
    std::vector<pollfd> fds;
    for (;;) {
      fds.clear();
      fds.push_back({wake[0], POLLIN, 0});
      fds.push_back({listen_fd, POLLIN, 0});
      for (const auto& c : conns)
        fds.push_back({c.fd, static_cast<short>(c.answered && !c.draining ? POLLOUT : POLLIN), 0});
      if (poll(fds.data(), fds.size(), 500) < 0 && errno != EINTR) return;
      if (fds[0].revents) return;
      if (fds[1].revents & POLLIN) Accept();
      const auto now = Clock::now();
      std::vector<Conn> keep;
      keep.reserve(conns.size());
      for (size_t k = 0; k < conns.size(); ++k) {
        Conn& c = conns[k];
        // (Connections accepted in this round have no poll entry yet.)
        const short revents = k + 2 < fds.size() && fds[k + 2].fd == c.fd ? fds[k + 2].revents : 0;
        const bool open = Serve(c, revents) && now - c.started < kRequestDeadline;
        if (open) {
          keep.push_back(std::move(c));
        } else {
          close(c.fd);
        }
      }
      conns.swap(keep);
    }
  }
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

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), std::to_string(port).c_str(), &hints,
                  &res) != 0 ||
      !res)
    return Status::IOError("http.listen: cannot resolve \"" + host + "\"");
  auto impl = std::make_unique<Impl>();
  impl->handlers = std::move(handlers);
  std::string why = "not an address here";
  for (addrinfo* a = res; a && impl->listen_fd < 0; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 128) == 0) {
      impl->listen_fd = fd;
    } else {
      why = std::strerror(errno);
      close(fd);
    }
  }
  freeaddrinfo(res);
  if (impl->listen_fd < 0)
    return Status::IOError("http.listen: cannot bind " + listen + ": " + why);
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  getsockname(impl->listen_fd, reinterpret_cast<sockaddr*>(&bound), &len);
  port = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                     : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  if (pipe2(impl->wake, O_CLOEXEC | O_NONBLOCK) != 0)
    return Status::IOError("http.listen: cannot create a pipe");
  Impl* p = impl.get();
  p->thread = std::thread([p] { p->Run(); });
  std::string address =
      (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
  return std::unique_ptr<AdminServer>(new AdminServer(std::move(impl), address));
}

bool IsLoopbackListen(const std::string& listen) {
  std::string host = listen.substr(0, listen.rfind(':'));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

AdminServer::AdminServer(std::unique_ptr<Impl> impl, std::string address)
    : impl_(std::move(impl)), address_(std::move(address)) {}

AdminServer::~AdminServer() {
  const char c = 1;
  if (write(impl_->wake[1], &c, 1) < 0) {
    // The pipe is ours and empty; nothing else can fail here.
  }
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace newsd
