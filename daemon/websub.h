// WebSub (W3C Recommendation, 2018-01-23), the subscriber side: a feed
// that names a hub (<link rel="hub">, atom:link in RSS, or an HTTP Link
// header) is subscribed to, and the hub pushes new content to newsd within
// seconds instead of newsd polling for it.
//
//   subscribe    POST to the hub: hub.mode=subscribe, hub.topic (the feed's
//                self URL), hub.callback (<callback_url>/websub/<id>, one
//                id per feed), hub.secret (random, per subscription),
//                hub.lease_seconds
//   verification the hub GETs the callback with hub.mode, hub.topic,
//                hub.challenge, hub.lease_seconds: the challenge is echoed
//                only for a topic and mode newsd asked for; "denied" ends it
//   distribution the hub POSTs the feed's new content with X-Hub-Signature
//                (sha1, sha256, sha384 or sha512 HMAC of the body with the
//                secret). A valid one is queued for the main loop, which
//                processes it exactly as a polled response; an invalid or
//                missing signature is acknowledged (as the spec allows) and
//                ignored, and counted
//   renewal      before the lease ends (at a fifth of it left, at most an
//                hour before); a lease that runs out, a hub that fails or
//                denies sends the feed back to normal polling
//   unsubscribe  when a feed is removed
//
// Subscriptions live in memory: after a restart newsd subscribes again (the
// callback is the same, so the hub replaces the old subscription). The
// callbacks are served on the admin listener ([http] listen), which must be
// reachable from the hub at [websub] callback_url.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/metrics.h"
#include "common/time.h"
#include "daemon/http_server.h"
#include "ingest/fetcher.h"

namespace newsd {

struct WebSubOptions {
  // [websub] callback_url: the base URL under which hubs reach the admin
  // listener ("https://newsd.example.net"). Empty: WebSub off.
  std::string callback_url;
  // [websub] lease: the hub.lease_seconds asked for. Default 10 days.
  std::chrono::seconds lease{10 * 24 * 3600};
  // Bodies waiting for the main loop at most; past it the hub gets 503
  // and retries.
  size_t max_queued = 64;
};

// What a hub pushed, for the main loop.
struct PushedContent {
  std::string feed_url;
  std::string body;
  std::string content_type;
  std::chrono::steady_clock::time_point received;
};

// The hub and self URLs of an HTTP Link header ("<https://hub>; rel=hub,
// <https://feed>; rel="self""), resolved against `base`.
struct HubLinks {
  std::string hub, self;
};
HubLinks ParseLinkHeader(std::string_view link, std::string_view base);

// Whether `signature` ("sha256=<hex>", also sha1, sha384, sha512) is the
// HMAC of `body` under `secret`. Compared in constant time.
bool VerifyHubSignature(std::string_view signature, std::string_view secret, std::string_view body);
// "sha256=<hex>" of `body` under `secret` (tests, the loopback hub).
std::string HubSignature(std::string_view secret, std::string_view body);

// application/x-www-form-urlencoded.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

class WebSub {
 public:
  // `fetcher` sends the subscription requests (its options: the SSRF guard,
  // timeouts), used from the main thread only. All outlive this.
  WebSub(WebSubOptions options, Fetcher* fetcher, MetricsRegistry* metrics, Clock* clock);

  // Main thread. A feed's latest response named `hub` and `topic` (its
  // self URL, else the feed URL): a new or changed hub is subscribed to at
  // the next Tick. An empty hub forgets nothing (feeds drop the link now
  // and then).
  void Discovered(const std::string& feed_url, const std::string& hub, const std::string& topic);
  // Main thread. Feeds no longer configured are unsubscribed.
  void Retain(const std::vector<std::string>& feed_urls);
  // Main thread. Sends the subscription requests that are due (new, to
  // renew, to retry, to cancel), each within the fetcher's timeout.
  void Tick();
  // Whether the hub pushes this feed now (verified, lease running).
  bool Active(const std::string& feed_url) const;
  // Feeds whose subscription ended since the last call (denied, expired,
  // failed): the main loop polls them normally again.
  std::vector<std::string> TakeEnded();
  // Content pushed since the last call, oldest first.
  std::vector<PushedContent> TakePushed();
  bool HasPushed() const;

  // Any thread (the admin listener's): /websub/<id> verification GETs and
  // distribution POSTs. False when `req` is not a WebSub path.
  bool Handle(const HttpRequest& req, HttpResponse* out);

 private:
  enum class State {
    kWanted,         // to subscribe at the next Tick
    kRequested,      // asked, waiting for the hub's verification
    kActive,         // verified, lease running
    kFailed,         // the hub refused or never verified; retried later
    kUnsubscribing,  // feed removed: asked to end it
  };
  struct Subscription {
    std::string feed_url, hub, topic, id, secret;
    State state = State::kWanted;
    Timestamp requested_at{};  // last request sent
    Timestamp lease_end{};     // when active
    std::chrono::seconds lease{0};
    Timestamp retry_at{};  // when failed
    int failures = 0;
  };
  void SendRequest(Subscription& s, const char* mode, Timestamp now);
  void End(Subscription& s, const char* why);
  void Count(const char* name, const char* help, const char* label, const char* value);
  std::string CallbackFor(const Subscription& s) const;

  WebSubOptions options_;
  Fetcher* fetcher_;
  MetricsRegistry* metrics_;
  Clock* clock_;
  mutable std::mutex mu_;  // guards everything below
  std::map<std::string, Subscription> by_id_;
  std::deque<PushedContent> pushed_;
  std::vector<std::string> ended_;
};

}  // namespace newsd
