// A small HTTP/1.1 server for newsd's listeners (the admin listener and the
// API): GET and HEAD (and POST where a listener takes bodies: WebSub
// content distribution), one poll loop on its own thread, no worker per
// connection. Bounded against clients: no request body is read unless the
// listener takes POST, and then only with a Content-Length up to its
// limit (411, 413 otherwise; other methods get 405), a request head over
// 8 KiB gets 431, a client has
// 5 s to send its request and read the answer, and past the connection
// limit the oldest is closed, so idle or trickling clients cannot make the
// listener unanswerable. Streams (Server-Sent Events) are the exception to
// the 5 s: they stay open while the client reads, up to their own limit.
// The handler runs on the server's thread and must be thread-safe with
// respect to the rest of the process.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace newsd {

struct HttpRequest {
  std::string method;         // "GET", "HEAD" or "POST"
  std::string path;           // percent-encoded, as sent, without the query
  std::string query;          // after '?', percent-encoded; "" when none
  std::string last_event_id;  // the Last-Event-ID header (a reconnecting stream)
  std::string head{};         // the request line and headers, as sent
  std::string body{};         // a POST's body
  bool head_only() const { return method == "HEAD"; }
  // The value of a header (name in lower case), or "".
  std::string Header(std::string_view lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones
  // Set for a stream: after the head (and body), the connection stays open
  // and the server calls `next` about twice a second with `cursor`; what
  // it returns is written, and it advances the cursor. A client that stops
  // reading (over 1 MiB unwritten) is dropped.
  std::function<std::string(uint64_t* cursor)> next;
  uint64_t cursor = 0;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// The reason phrase of a status code ("Not Found").
const char* HttpReason(int status);

struct HttpServerOptions {
  // Names the listener in errors ("http.listen", "api.listen").
  std::string name = "http.listen";
  size_t max_connections = 64;
  size_t max_streams = 32;  // past it a new stream gets 503
  // POST bodies up to this many bytes are read and handed to the handler;
  // 0: GET and HEAD only, POST gets 405 before any body is read. Bodies
  // being received at once total at most twice this (503 past it).
  size_t max_body_bytes = 0;
};

class HttpServer {
 public:
  // `listen` is "host:port"; port 0 picks a free port. Errors:
  // kInvalidArgument for a malformed address, kIOError if it cannot bind.
  static Result<std::unique_ptr<HttpServer>> Start(const std::string& listen, HttpHandler handler,
                                                   HttpServerOptions options = {});
  ~HttpServer();  // stops serving, closes streams, joins the thread
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  // "host:port" actually bound.
  const std::string& address() const { return address_; }

  struct Impl;

 private:
  HttpServer(std::unique_ptr<Impl> impl, std::string address);
  std::unique_ptr<Impl> impl_;
  std::string address_;
};

// True when a "host:port" listens on loopback only.
bool IsLoopbackListen(const std::string& listen);

}  // namespace newsd
