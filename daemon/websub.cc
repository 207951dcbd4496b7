#include "daemon/websub.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <random>

#include "common/ascii.h"
#include "common/hash.h"
#include "common/log.h"
#include "daemon/api.h"
#include "ingest/url.h"

namespace newsd {

namespace {

constexpr char kPathPrefix[] = "/websub/";
// A hub that has not verified a request within this long has failed it.
constexpr auto kVerifyTimeout = std::chrono::minutes(5);
// Retries of a failed subscription back off from a minute up to this.
constexpr auto kMaxRetryDelay = std::chrono::hours(6);

std::string Hex(const unsigned char* p, size_t n) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 15]);
  }
  return out;
}

std::string RandomSecret() {
  std::random_device rd;
  unsigned char bytes[24];
  for (auto& b : bytes) b = static_cast<unsigned char>(rd());
  return Hex(bytes, sizeof bytes);
}

const EVP_MD* Digest(std::string_view name) {
  if (name == "sha1") return EVP_sha1();
  if (name == "sha256") return EVP_sha256();
  if (name == "sha384") return EVP_sha384();
  if (name == "sha512") return EVP_sha512();
  return nullptr;
}

std::string Hmac(const EVP_MD* md, std::string_view secret, std::string_view body) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(md, secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), out, &len);
  return Hex(out, len);
}

std::chrono::milliseconds Ms(std::chrono::seconds s) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(s);
}

}  // namespace

HubLinks ParseLinkHeader(std::string_view link, std::string_view base) {
  HubLinks out;
  size_t pos = 0;
  while (pos < link.size()) {
    size_t open = link.find('<', pos);
    if (open == std::string_view::npos) break;
    size_t close = link.find('>', open);
    if (close == std::string_view::npos) break;
    std::string url(link.substr(open + 1, close - open - 1));
    // The parameters run to the next link (a '<' after a comma).
    size_t next = link.find('<', close);
    std::string params = AsciiLower(link.substr(
        close + 1, next == std::string_view::npos ? std::string_view::npos : next - close - 1));
    size_t rel = params.find("rel=");
    if (rel != std::string::npos) {
      std::string value = params.substr(rel + 4);
      value = value.substr(0, value.find(';'));
      for (char& c : value)
        if (c == '"' || c == ',') c = ' ';
      value = " " + value + " ";
      if (out.hub.empty() && value.find(" hub ") != std::string::npos)
        out.hub = ResolveUrl(base, url);
      if (out.self.empty() && value.find(" self ") != std::string::npos)
        out.self = ResolveUrl(base, url);
    }
    pos = next == std::string_view::npos ? link.size() : next;
  }
  return out;
}

bool VerifyHubSignature(std::string_view signature, std::string_view secret,
                        std::string_view body) {
  size_t eq = signature.find('=');
  if (eq == std::string_view::npos) return false;
  const EVP_MD* md = Digest(AsciiLower(signature.substr(0, eq)));
  if (!md) return false;
  std::string want = Hmac(md, secret, body);
  std::string got = AsciiLower(signature.substr(eq + 1));
  return got.size() == want.size() && CRYPTO_memcmp(got.data(), want.data(), want.size()) == 0;
}

std::string HubSignature(std::string_view secret, std::string_view body) {
  return "sha256=" + Hmac(EVP_sha256(), secret, body);
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string out;
  auto encode = [&](const std::string& s) {
    for (unsigned char c : s) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '.' || c == '_' || c == '~') {
        out.push_back(static_cast<char>(c));
      } else {
        out.push_back('%');
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 15]);
      }
    }
  };
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out.push_back('&');
    encode(k);
    out.push_back('=');
    encode(v);
  }
  return out;
}

WebSub::WebSub(WebSubOptions options, Fetcher* fetcher, MetricsRegistry* metrics, Clock* clock)
    : options_(std::move(options)), fetcher_(fetcher), metrics_(metrics), clock_(clock) {
  while (!options_.callback_url.empty() && options_.callback_url.back() == '/')
    options_.callback_url.pop_back();
  for (const char* state : {"requested", "active", "failed"}) {
    metrics_->SetCallbackGauge("newsd_websub_subscriptions", "WebSub subscriptions by state.",
                               {{"state", state}}, [this, s = std::string(state)] {
                                 std::lock_guard<std::mutex> lock(mu_);
                                 double n = 0;
                                 for (const auto& [id, sub] : by_id_) {
                                   const char* st = sub.state == State::kActive   ? "active"
                                                    : sub.state == State::kFailed ? "failed"
                                                                                  : "requested";
                                   n += s == st && sub.state != State::kUnsubscribing;
                                 }
                                 return n;
                               });
  }
}

void WebSub::Count(const char* name, const char* help, const char* label, const char* value) {
  metrics_->GetCounter(name, help, {{label, value}}).Inc();
}

std::string WebSub::CallbackFor(const Subscription& s) const {
  return options_.callback_url + kPathPrefix + s.id;
}

void WebSub::Discovered(const std::string& feed_url, const std::string& hub,
                        const std::string& topic) {
  if (hub.empty() || topic.empty()) return;
  // A hub is a web service; a feed that names a file or another scheme
  // gets no request made on its behalf.
  if (!hub.starts_with("http://") && !hub.starts_with("https://")) return;
  const std::string id = Hex64(Hash64(feed_url));
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(id);
  if (it != by_id_.end() && it->second.hub == hub && it->second.topic == topic &&
      it->second.state != State::kUnsubscribing)
    return;
  Subscription s;
  s.feed_url = feed_url;
  s.hub = hub;
  s.topic = topic;
  s.id = id;
  s.secret = RandomSecret();
  NEWSD_LOG(kNotice) << "websub: " << RedactUrl(feed_url) << " names hub " << RedactUrl(hub)
                     << "; subscribing to " << RedactUrl(topic);
  by_id_[id] = std::move(s);
}

void WebSub::Retain(const std::vector<std::string>& feed_urls) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [id, s] : by_id_) {
    if (s.state == State::kUnsubscribing) continue;
    if (std::find(feed_urls.begin(), feed_urls.end(), s.feed_url) != feed_urls.end()) continue;
    s.state = State::kUnsubscribing;
    s.requested_at = Timestamp{};
  }
}

void WebSub::End(Subscription& s, const char* why) {
  s.state = State::kFailed;
  ++s.failures;
  auto delay = std::chrono::minutes(1) * (1 << std::min(s.failures - 1, 9));
  s.retry_at = clock_->Now() + std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::min<std::chrono::milliseconds>(delay, kMaxRetryDelay));
  ended_.push_back(s.feed_url);
  NEWSD_LOG(kWarning) << "websub: " << RedactUrl(s.feed_url) << ": " << why
                      << "; polling it normally, subscribing again at "
                      << FormatRfc3339(s.retry_at);
}

void WebSub::Tick() {
  struct Outgoing {
    std::string id, mode;
    FetchRequest request;
  };
  std::vector<Outgoing> out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const Timestamp now = clock_->Now();
    for (auto it = by_id_.begin(); it != by_id_.end();) {
      Subscription& s = it->second;
      const char* mode = nullptr;
      switch (s.state) {
        case State::kWanted:
          mode = "subscribe";
          break;
        case State::kRequested:
          if (now - s.requested_at > kVerifyTimeout) End(s, "the hub did not verify the request");
          break;
        case State::kActive: {
          if (now >= s.lease_end) {
            End(s, "the lease ran out without renewal");
            break;
          }
          auto before = std::min<std::chrono::milliseconds>(Ms(s.lease) / 5, std::chrono::hours(1));
          if (s.requested_at < s.lease_end - Ms(s.lease) && now >= s.lease_end - before)
            mode = "subscribe";  // renewal: sent once per lease
          break;
        }
        case State::kFailed:
          if (now >= s.retry_at) mode = "subscribe";
          break;
        case State::kUnsubscribing:
          if (s.requested_at == Timestamp{}) {
            mode = "unsubscribe";
          } else if (now - s.requested_at > kVerifyTimeout) {
            it = by_id_.erase(it);  // the hub did not confirm; the lease ends it
            continue;
          }
          break;
      }
      if (mode) {
        if (s.state != State::kActive && s.state != State::kUnsubscribing)
          s.state = State::kRequested;
        s.requested_at = now;
        std::vector<std::pair<std::string, std::string>> form = {
            {"hub.mode", mode}, {"hub.topic", s.topic}, {"hub.callback", CallbackFor(s)}};
        if (std::string_view(mode) == "subscribe") {
          form.emplace_back("hub.secret", s.secret);
          form.emplace_back("hub.lease_seconds", std::to_string(options_.lease.count()));
        }
        out.push_back({s.id, mode, FetchRequest{s.hub, "", "", FormEncode(form)}});
      }
      ++it;
    }
  }
  if (out.empty()) return;
  std::vector<FetchRequest> requests;
  for (const auto& o : out) requests.push_back(o.request);
  // Without the lock: a hub may verify before it answers the request.
  std::vector<FetchResponse> responses = fetcher_->FetchAll(requests);
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < responses.size() && i < out.size(); ++i) {
    const FetchResponse& r = responses[i];
    const bool ok = r.success();
    Count("newsd_websub_requests_total", "Subscription requests sent to hubs, by result.", "result",
          ok ? "accepted" : "failed");
    auto it = by_id_.find(out[i].id);
    if (it == by_id_.end()) continue;
    Subscription& s = it->second;
    if (ok) {
      NEWSD_LOG(kInfo) << "websub: " << out[i].mode << " request for " << RedactUrl(s.topic)
                       << " accepted by " << RedactUrl(s.hub) << " (" << r.http_status << ")";
      continue;
    }
    std::string why =
        "the hub refused the " + out[i].mode + " request (" +
        (r.status.ok() ? "HTTP " + std::to_string(r.http_status) : r.status.message()) + ")";
    if (s.state == State::kUnsubscribing) {
      NEWSD_LOG(kWarning) << "websub: " << RedactUrl(s.feed_url) << ": " << why;
      by_id_.erase(it);
    } else if (s.state == State::kRequested) {
      End(s, why.c_str());
    } else {
      // A failed renewal: the lease still runs; tried again when it ends.
      NEWSD_LOG(kWarning) << "websub: " << RedactUrl(s.feed_url) << ": " << why;
    }
  }
}

bool WebSub::Active(const std::string& feed_url) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(Hex64(Hash64(feed_url)));
  return it != by_id_.end() && it->second.state == State::kActive &&
         clock_->Now() < it->second.lease_end;
}

std::vector<std::string> WebSub::TakeEnded() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(ended_, {});
}

std::vector<PushedContent> WebSub::TakePushed() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<PushedContent> out(std::make_move_iterator(pushed_.begin()),
                                 std::make_move_iterator(pushed_.end()));
  pushed_.clear();
  return out;
}

bool WebSub::HasPushed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !pushed_.empty();
}

bool WebSub::Handle(const HttpRequest& req, HttpResponse* out) {
  if (!req.path.starts_with(kPathPrefix)) return false;
  const std::string id = req.path.substr(sizeof(kPathPrefix) - 1);
  HttpResponse& r = *out;
  const char* push_help = "Content pushed by hubs, by result.";
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(id);
  if (req.method == "POST") {
    if (it == by_id_.end()) {
      Count("newsd_websub_pushes_total", push_help, "result", "unknown_subscription");
      r.status = 404;
      r.body = "no such subscription\n";
      return true;
    }
    Subscription& s = it->second;
    std::string signature = req.Header("x-hub-signature");
    if (!VerifyHubSignature(signature, s.secret, req.body)) {
      // Acknowledged and ignored, as the spec allows: a forger learns
      // nothing from the answer.
      Count("newsd_websub_pushes_total", push_help, "result", "bad_signature");
      NEWSD_LOG(kWarning) << "websub: " << RedactUrl(s.feed_url) << ": ignored a push "
                          << (signature.empty() ? "without a signature" : "with a bad signature")
                          << " (" << req.body.size() << " bytes)";
      r.status = 202;
      r.body = "accepted\n";
      return true;
    }
    if (pushed_.size() >= options_.max_queued) {
      Count("newsd_websub_pushes_total", push_help, "result", "queue_full");
      r.status = 503;
      r.body = "busy; deliver again later\n";
      return true;
    }
    Count("newsd_websub_pushes_total", push_help, "result", "accepted");
    pushed_.push_back(
        {s.feed_url, req.body, req.Header("content-type"), std::chrono::steady_clock::now()});
    r.status = 202;
    r.body = "accepted\n";
    return true;
  }
  auto params = ParseQuery(req.query);
  const char* verify_help = "Hub verifications of intent, by result.";
  auto param = [&](const char* k) -> std::string {
    if (!params.ok()) return {};
    auto p = params->find(k);
    return p == params->end() ? std::string() : p->second;
  };
  const std::string mode = param("hub.mode"), topic = param("hub.topic");
  r.status = 404;
  r.body = "no such subscription\n";
  if (it == by_id_.end() || topic != it->second.topic) {
    Count("newsd_websub_verifications_total", verify_help, "result", "refused");
    return true;
  }
  Subscription& s = it->second;
  if (mode == "denied") {
    Count("newsd_websub_verifications_total", verify_help, "result", "denied");
    if (s.state != State::kUnsubscribing)
      End(s, ("denied by the hub: " + param("hub.reason")).c_str());
    r.status = 200;
    r.body = "ok\n";
    return true;
  }
  const bool asked = mode == "subscribe"
                         ? (s.state == State::kRequested || s.state == State::kActive)
                         : mode == "unsubscribe" && s.state == State::kUnsubscribing;
  if (!asked || param("hub.challenge").empty()) {
    Count("newsd_websub_verifications_total", verify_help, "result", "refused");
    return true;
  }
  Count("newsd_websub_verifications_total", verify_help, "result", "confirmed");
  r.status = 200;
  r.body = param("hub.challenge");
  if (mode == "unsubscribe") {
    NEWSD_LOG(kNotice) << "websub: unsubscribed from " << RedactUrl(s.topic);
    by_id_.erase(it);
    return true;
  }
  long long lease = 0;
  std::string ls = param("hub.lease_seconds");
  if (!ls.empty() && ls.size() < 12 && ls.find_first_not_of("0123456789") == std::string::npos)
    lease = std::stoll(ls);
  s.lease = std::chrono::seconds(lease > 0 ? lease : options_.lease.count());
  const bool renewal = s.state == State::kActive;
  s.state = State::kActive;
  s.failures = 0;
  s.lease_end = clock_->Now() + Ms(s.lease);
  // A request sent before this lease began: the renewal is due again at
  // the end of this one.
  s.requested_at =
      std::min(s.requested_at, s.lease_end - Ms(s.lease) - std::chrono::milliseconds(1));
  NEWSD_LOG(kNotice) << "websub: " << (renewal ? "renewed " : "subscribed to ")
                     << RedactUrl(s.topic) << " at " << RedactUrl(s.hub) << ", lease "
                     << s.lease.count() << " s";
  return true;
}

}  // namespace newsd
