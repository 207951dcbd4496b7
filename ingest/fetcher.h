// Fetching feeds over HTTP(S) and file:// with libcurl's multi interface:
// many transfers at once on the calling thread, conditional GET, gzip and
// deflate, size and time limits.
//
// A transport failure (DNS, refused, timeout, body too large, TLS) is a
// non-ok `status` in the FetchResponse, never an exception; an HTTP error
// status is an ok transport with http_status >= 400.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace newsd {

struct FetchOptions {
  // Connection establishment limit. Default 10 s.
  std::chrono::milliseconds connect_timeout{10'000};
  // Whole-transfer limit. Default 20 s.
  std::chrono::milliseconds total_timeout{20'000};
  // Abort if fewer than low_speed_bytes per second arrive for low_speed_time
  // (slow-loris servers). Defaults 64 bytes/s over 10 s.
  long low_speed_bytes = 64;
  std::chrono::seconds low_speed_time{10};
  // Largest body accepted, counted after decompression (a gzip bomb stops
  // here). Default 15 MiB.
  size_t max_body_bytes = 15u << 20;
  // Redirects followed before giving up. Default 5.
  long max_redirects = 5;
  // Transfers in flight at once. Default 32.
  long max_concurrent = 32;
  // Transfers in flight to one host at once (politeness). Default 4.
  long max_per_host = 4;
  // Sent as User-Agent.
  std::string user_agent = "newsd/0.1";
  // SSRF guard: refuse to connect to loopback, private (RFC 1918, fc00::/7),
  // link-local, carrier-grade NAT and unspecified addresses. Checked on the
  // address actually connected to (after DNS and redirects). Default false;
  // on in the packaged production config.
  bool block_private_addresses = false;
  // PEM file of the certificate authorities trusted for https feeds, for
  // feeds behind a private CA. Empty: the system's store.
  std::string ca_file;
};

struct FetchRequest {
  std::string url;
  std::string etag;           // sent as If-None-Match when non-empty
  std::string last_modified;  // sent as If-Modified-Since when non-empty
  // Non-empty: POST this application/x-www-form-urlencoded body instead of
  // a GET (WebSub subscription requests), under the same limits and guard.
  std::string form{};
};

struct FetchResponse {
  std::string url;       // as requested
  Status status;         // transport outcome
  long http_status = 0;  // 200, 304, 404, ...; 200 for a file:// success
  std::string body;      // decompressed
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string effective_url;  // after redirects
  // Link header values of the final response, joined with ", " (WebSub
  // hub discovery: <https://hub>; rel="hub").
  std::string link;
  std::optional<std::chrono::seconds> retry_after;
  // Cache-Control: max-age of the final response, if given.
  std::optional<std::chrono::seconds> max_age;
  // Where the feed now lives, when the redirects began with an unbroken
  // chain of permanent ones (301/308): the target of the last permanent
  // hop. Empty when there was no permanent redirect. A 302/307 ends the
  // chain (the feed's address does not change for a temporary move).
  std::string permanent_url;
  double seconds = 0;        // wall time of the transfer
  long new_connections = 0;  // connections this transfer opened (0: it reused one)
  // HTTP version of the final response: 10, 11, 20 or 30 (1.0, 1.1, 2, 3);
  // 0 for file:// and failed connections.
  int http_version = 0;

  bool not_modified() const { return status.ok() && http_status == 304; }
  bool success() const { return status.ok() && http_status >= 200 && http_status < 300; }
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Fetches all requests, concurrently within the options' limits, and
  // returns one response per request in the same order. Blocks until all
  // are done, or until `cancelled` (checked every 100 ms) returns true: the
  // unfinished transfers then end with a kUnavailable "cancelled" status.
  // Not thread-safe: one caller at a time.
  virtual std::vector<FetchResponse> FetchAll(const std::vector<FetchRequest>& requests,
                                              const std::function<bool()>& cancelled = {}) = 0;
};

std::unique_ptr<Fetcher> NewCurlFetcher(const FetchOptions& options);

// Whether the SSRF guard (fetch.block_private_addresses) refuses to connect
// to `address`, a numeric IPv4 or IPv6 address in any form the resolver
// accepts ("10.1.2.3", "2130706433", "0177.0.0.1", "::ffff:127.0.0.1").
// The guard itself judges the resolved socket address of every connection,
// redirects included. kInvalidArgument when `address` is not numeric.
Result<bool> IsPrivateAddressLiteral(const std::string& address);

}  // namespace newsd
