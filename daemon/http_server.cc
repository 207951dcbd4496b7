#include "daemon/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "common/ascii.h"

namespace newsd {
namespace {

using Clock = std::chrono::steady_clock;

// A client has this long to send its whole request head; the answer is
// written within the same bound. Trickling and idle clients are cut off
// here instead of holding a worker.
constexpr auto kRequestDeadline = std::chrono::seconds(5);
constexpr size_t kMaxRequestHead = 8192;
// How often a stream asks its source for more.
constexpr auto kStreamInterval = std::chrono::milliseconds(250);
// A stream whose client stopped reading is dropped past this much unwritten.
constexpr size_t kMaxStreamBacklog = 1u << 20;

struct Conn {
  int fd = -1;
  Clock::time_point started;
  std::string in;
  std::string out;
  size_t written = 0;
  bool answered = false;
  // A POST's Content-Length, once its head is read: counted against the
  // listener's budget for bodies being received.
  size_t declared_body = 0;
  // Answer written and our side shut: what the client still sends is read
  // and dropped until it closes, so that closing does not reset the
  // connection before the client has read the answer.
  bool draining = false;
  // A stream: open while the client reads; `next` adds to `out`.
  std::function<std::string(uint64_t*)> next;
  uint64_t cursor = 0;
  Clock::time_point next_poll;
};

std::string Serialize(const HttpResponse& r, bool head_only, bool allow_post = false) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + HttpReason(r.status) + "\r\n";
  out += "Content-Type: " + r.content_type + "\r\n";
  if (!r.next) out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  if (r.status == 405) out += "Allow: GET, HEAD" + std::string(allow_post ? ", POST" : "") + "\r\n";
  for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
  out += "Connection: close\r\n\r\n";
  if (!head_only) out += r.body;
  return out;
}

HttpResponse Plain(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// The value of header `name` (lower case) in a request head, or "".
std::string HeaderValue(std::string_view head, std::string_view name) {
  size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    size_t start = pos + 2;
    size_t end = head.find("\r\n", start);
    std::string_view line = head.substr(start, end == std::string_view::npos ? end : end - start);
    size_t colon = line.find(':');
    if (colon == name.size() && AsciiLower(line.substr(0, colon)) == name) {
      std::string_view v = line.substr(colon + 1);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      return std::string(v);
    }
    pos = end;
  }
  return "";
}

// A POST's Content-Length: the number, or -1 when missing, chunked or
// malformed (411).
long long BodyLength(std::string_view head) {
  if (!HeaderValue(head, "transfer-encoding").empty()) return -1;
  std::string v = HeaderValue(head, "content-length");
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
    return -1;
  return std::stoll(v);
}

}  // namespace

std::string HttpRequest::Header(std::string_view lower_name) const {
  return HeaderValue(head, lower_name);
}

const char* HttpReason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 403:
      return "Forbidden";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
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
    case 500:
      return "Internal Server Error";
    default:
      return "Service Unavailable";
  }
}

struct HttpServer::Impl {
  int listen_fd = -1;
  int wake[2] = {-1, -1};  // written to on stop
  std::thread thread;
  HttpHandler handler;
  HttpServerOptions options;
  std::vector<Conn> conns;

  ~Impl() {
    for (auto& c : conns) close(c.fd);
    if (listen_fd >= 0) close(listen_fd);
    if (wake[0] >= 0) close(wake[0]);
    if (wake[1] >= 0) close(wake[1]);
  }

  size_t Streams() const {
    return static_cast<size_t>(
        std::count_if(conns.begin(), conns.end(), [](const Conn& c) { return bool(c.next); }));
  }

  // Answers a complete request: its head and, for a POST, its body.
  void Answer(Conn& c, std::string_view head, std::string_view body = {}) {
    const size_t line_end = head.find("\r\n");
    const std::string_view line = head.substr(0, line_end);
    const size_t sp1 = line.find(' ');
    const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || !line.substr(sp2 + 1).starts_with("HTTP/1.")) {
      c.out = Serialize(Plain(400, "bad request\n"), false);
      return;
    }
    HttpRequest req;
    req.method = std::string(line.substr(0, sp1));
    std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (size_t q = target.find('?'); q != std::string_view::npos) {
      req.query = std::string(target.substr(q + 1));
      target = target.substr(0, q);
    }
    req.path = std::string(target);
    // A listener that takes no bodies refuses other methods before one is
    // read (a POST of gigabytes costs nothing).
    const bool post = options.max_body_bytes > 0 && req.method == "POST";
    if (req.method != "GET" && req.method != "HEAD" && !post) {
      c.out = Serialize(Plain(405, options.max_body_bytes > 0 ? "only GET, HEAD and POST\n"
                                                              : "only GET and HEAD\n"),
                        false, options.max_body_bytes > 0);
      return;
    }
    req.last_event_id = HeaderValue(head, "last-event-id");
    req.head = std::string(head);
    req.body = std::string(body);
    HttpResponse r = handler(req);
    if (r.next && req.head_only()) r.next = nullptr;
    if (r.next && Streams() >= options.max_streams) {
      r = Plain(503, "too many streams open; try again later\n");
    }
    c.out = Serialize(r, req.head_only());
    if (r.next) {
      c.next = std::move(r.next);
      c.cursor = r.cursor;
      c.next_poll = Clock::now();
    }
  }

  void Accept() {
    for (;;) {
      int fd = accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      if (conns.size() >= options.max_connections) {
        // The oldest that is not a stream: streams have their own limit.
        auto oldest = conns.end();
        for (auto it = conns.begin(); it != conns.end(); ++it)
          if (!it->next && (oldest == conns.end() || it->started < oldest->started)) oldest = it;
        if (oldest == conns.end()) oldest = conns.begin();
        close(oldest->fd);
        conns.erase(oldest);
      }
      Conn c;
      c.fd = fd;
      c.started = Clock::now();
      conns.push_back(std::move(c));
    }
  }

  // False when the connection is done (answered and written, or failed).
  bool Serve(Conn& c, short revents, Clock::time_point now) {
    if (c.draining) {
      if (!(revents & (POLLIN | POLLHUP | POLLERR))) return true;
      char buf[4096];
      ssize_t n = read(c.fd, buf, sizeof buf);
      return n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR));
    }
    const bool reading_request = !c.answered;
    if (!c.answered && (revents & (POLLIN | POLLHUP | POLLERR))) {
      char buf[4096];
      ssize_t n = read(c.fd, buf, sizeof buf);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return false;
      if (n > 0) c.in.append(buf, static_cast<size_t>(n));
      const size_t end = c.in.find("\r\n\r\n");
      if (end != std::string::npos && end + 4 <= kMaxRequestHead) {
        const std::string_view head = std::string_view(c.in).substr(0, end + 2);
        long long length = 0;
        if (options.max_body_bytes > 0 && head.starts_with("POST ")) length = BodyLength(head);
        if (length < 0) {
          c.out = Serialize(Plain(411, "a POST needs a Content-Length\n"), false);
          c.answered = true;
        } else if (static_cast<unsigned long long>(length) > options.max_body_bytes) {
          c.out = Serialize(
              Plain(413, "body over " + std::to_string(options.max_body_bytes) + " bytes\n"),
              false);
          c.answered = true;
        } else {
          if (length > 0 && c.declared_body == 0) {
            // Bodies being received at once are bounded together (twice the
            // largest one), so many slow POSTs cannot fill memory.
            size_t others = 0;
            for (const Conn& o : conns)
              if (&o != &c && !o.answered) others += o.declared_body;
            if (others + static_cast<size_t>(length) > 2 * options.max_body_bytes) {
              c.out = Serialize(Plain(503, "busy receiving other bodies; try again\n"), false);
              c.answered = true;
            } else {
              c.declared_body = static_cast<size_t>(length);
            }
          }
          if (!c.answered && c.in.size() >= end + 4 + static_cast<size_t>(length)) {
            Answer(c, head, std::string_view(c.in).substr(end + 4, static_cast<size_t>(length)));
            c.answered = true;
          }
        }
      } else if (c.in.size() > kMaxRequestHead) {
        c.out = Serialize(Plain(431, "request head over 8 KiB\n"), false);
        c.answered = true;
      }
    }
    if (c.next && !reading_request) {
      // A stream: the client hanging up ends it; what it sends is dropped.
      if (revents & (POLLHUP | POLLERR)) return false;
      if (revents & POLLIN) {
        char buf[512];
        ssize_t n = read(c.fd, buf, sizeof buf);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return false;
      }
    }
    if (c.next) {
      if (now >= c.next_poll) {
        c.out += c.next(&c.cursor);
        c.next_poll = now + kStreamInterval;
      }
      if (c.out.size() - c.written > kMaxStreamBacklog) return false;
    }
    if (c.answered && c.written < c.out.size()) {
      ssize_t n = send(c.fd, c.out.data() + c.written, c.out.size() - c.written, MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
      if (n > 0) c.written += static_cast<size_t>(n);
    }
    if (c.next && c.written == c.out.size()) {
      c.out.clear();
      c.written = 0;
      return true;
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
      bool streaming = false;
      for (const auto& c : conns) {
        short events = POLLIN;
        if (c.answered && !c.draining && c.written < c.out.size()) events = POLLOUT;
        if (c.next) {
          streaming = true;
          events = static_cast<short>(POLLIN | (c.written < c.out.size() ? POLLOUT : 0));
        }
        fds.push_back({c.fd, events, 0});
      }
      const int timeout = streaming ? static_cast<int>(kStreamInterval.count()) : 500;
      if (poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) return;
      if (fds[0].revents) return;
      if (fds[1].revents & POLLIN) Accept();
      const auto now = Clock::now();
      std::vector<Conn> keep;
      keep.reserve(conns.size());
      for (size_t k = 0; k < conns.size(); ++k) {
        Conn& c = conns[k];
        // (Connections accepted in this round have no poll entry yet.)
        const short revents = k + 2 < fds.size() && fds[k + 2].fd == c.fd ? fds[k + 2].revents : 0;
        const bool open = Serve(c, revents, now) && (c.next || now - c.started < kRequestDeadline);
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

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const std::string& listen,
                                                      HttpHandler handler,
                                                      HttpServerOptions options) {
  const std::string& name = options.name;
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return Status::InvalidArgument(name + ": expected host:port, got \"" + listen + "\"");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    return Status::InvalidArgument(name + ": bad port in \"" + listen + "\"");
  }
  if (port < 0 || port > 65535) return Status::InvalidArgument(name + ": port out of range");

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), std::to_string(port).c_str(), &hints,
                  &res) != 0 ||
      !res)
    return Status::IOError(name + ": cannot resolve \"" + host + "\"");
  auto impl = std::make_unique<Impl>();
  impl->handler = std::move(handler);
  impl->options = std::move(options);
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
    return Status::IOError(impl->options.name + ": cannot bind " + listen + ": " + why);
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  getsockname(impl->listen_fd, reinterpret_cast<sockaddr*>(&bound), &len);
  port = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                     : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  if (pipe2(impl->wake, O_CLOEXEC | O_NONBLOCK) != 0)
    return Status::IOError(impl->options.name + ": cannot create a pipe");
  Impl* p = impl.get();
  p->thread = std::thread([p] { p->Run(); });
  std::string address =
      (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl), address));
}

bool IsLoopbackListen(const std::string& listen) {
  std::string host = listen.substr(0, listen.rfind(':'));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl, std::string address)
    : impl_(std::move(impl)), address_(std::move(address)) {}

HttpServer::~HttpServer() {
  const char c = 1;
  if (write(impl_->wake[1], &c, 1) < 0) {
    // The pipe is ours and empty; nothing else can fail here.
  }
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace newsd
