#include "ingest/fetcher.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "common/ascii.h"
#include "common/log.h"
#include "ingest/url.h"

namespace newsd {
namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

// One transfer: the easy handle with the response it fills. Move-only RAII.
struct Transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  FetchResponse* response = nullptr;
  size_t max_body = 0;
  bool too_large = false;
  std::string blocked_address;  // set by the SSRF guard
  // Redirect bookkeeping, from the status lines and Location headers seen.
  std::string current_url;  // the URL of the response being read
  long hop_status = 0;      // its status
  bool permanent_chain = true;
  bool done = false;
  char error[CURL_ERROR_SIZE] = {0};

  ~Transfer() {
    if (easy) curl_easy_cleanup(easy);
    if (headers) curl_slist_free_all(headers);
  }
};

// True for addresses a public feed never lives at.
bool IsPrivateAddress(const sockaddr* sa) {
  if (sa->sa_family == AF_INET) {
    uint32_t a = ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr);
    auto in = [a](uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
    return in(0x7F000000, 8) || in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) ||
           in(0xA9FE0000, 16) || in(0x64400000, 10) || in(0x00000000, 8) || a == 0xFFFFFFFF;
  }
  if (sa->sa_family == AF_INET6) {
    const uint8_t* b = reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr.s6_addr;
    static const uint8_t kZero[16] = {0};
    bool loopback = std::memcmp(b, kZero, 15) == 0 && b[15] == 1;
    bool unspecified = std::memcmp(b, kZero, 16) == 0;
    bool unique_local = (b[0] & 0xFE) == 0xFC;
    bool link_local = b[0] == 0xFE && (b[1] & 0xC0) == 0x80;
    bool v4_mapped = std::memcmp(b, kZero, 10) == 0 && b[10] == 0xFF && b[11] == 0xFF;
    if (v4_mapped) {
      sockaddr_in v4{};
      v4.sin_family = AF_INET;
      std::memcpy(&v4.sin_addr, b + 12, 4);
      return IsPrivateAddress(reinterpret_cast<const sockaddr*>(&v4));
    }
    return loopback || unspecified || unique_local || link_local;
  }
  return true;  // AF_UNIX and others: never for a feed
}

curl_socket_t OnOpenSocket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (IsPrivateAddress(&address->addr)) {
    char host[INET6_ADDRSTRLEN] = "?";
    if (address->family == AF_INET)
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&address->addr)->sin_addr, host,
                sizeof host);
    else if (address->family == AF_INET6)
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&address->addr)->sin6_addr, host,
                sizeof host);
    t->blocked_address = host;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  if (t->response->body.size() + len > t->max_body) {
    t->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response->body.append(data, len);
  return len;
}

std::string HeaderValue(std::string_view line, size_t colon) {
  std::string_view v = line.substr(colon + 1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' '))
    v.remove_suffix(1);
  return std::string(v);
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  std::string_view line(data, len);
  if (line.rfind("HTTP/", 0) == 0) {
    // A new response (after a redirect or 100-continue): forget the old headers.
    FetchResponse* r = t->response;
    r->content_type.clear();
    r->etag.clear();
    r->last_modified.clear();
    r->retry_after.reset();
    r->max_age.reset();
    r->link.clear();
    size_t sp = line.find(' ');
    t->hop_status =
        sp == std::string_view::npos ? 0 : std::strtol(line.data() + sp + 1, nullptr, 10);
    return len;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  std::string name(line.substr(0, colon));
  if (strcasecmp(name.c_str(), "content-type") == 0) {
    t->response->content_type = HeaderValue(line, colon);
  } else if (strcasecmp(name.c_str(), "etag") == 0) {
    t->response->etag = HeaderValue(line, colon);
  } else if (strcasecmp(name.c_str(), "last-modified") == 0) {
    t->response->last_modified = HeaderValue(line, colon);
  } else if (strcasecmp(name.c_str(), "link") == 0) {
    std::string& link = t->response->link;
    if (!link.empty()) link += ", ";
    link += HeaderValue(line, colon);
  } else if (strcasecmp(name.c_str(), "location") == 0 && t->hop_status >= 300 &&
             t->hop_status < 400) {
    std::string next = ResolveUrl(t->current_url, HeaderValue(line, colon));
    if (t->permanent_chain && (t->hop_status == 301 || t->hop_status == 308)) {
      t->response->permanent_url = next;
    } else {
      t->permanent_chain = false;
    }
    t->current_url = next;
  } else if (strcasecmp(name.c_str(), "cache-control") == 0) {
    std::string v = AsciiLower(HeaderValue(line, colon));
    size_t at = v.find("max-age=");
    if (at != std::string::npos && (at == 0 || v[at - 1] == ' ' || v[at - 1] == ',')) {
      long secs = std::strtol(v.c_str() + at + 8, nullptr, 10);
      if (secs > 0) t->response->max_age = std::chrono::seconds(secs);
    }
  } else if (strcasecmp(name.c_str(), "retry-after") == 0) {
    std::string v = HeaderValue(line, colon);
    char* end = nullptr;
    long secs = std::strtol(v.c_str(), &end, 10);
    if (end != v.c_str() && *end == '\0' && secs >= 0) {
      t->response->retry_after = std::chrono::seconds(secs);
    } else {
      time_t when = curl_getdate(v.c_str(), nullptr);
      time_t now = time(nullptr);
      if (when > now) t->response->retry_after = std::chrono::seconds(when - now);
    }
  }
  return len;
}

class CurlFetcher final : public Fetcher {
 public:
  explicit CurlFetcher(const FetchOptions& o) : options_(o) {
    static CurlGlobal global;
    multi_ = curl_multi_init();
    share_ = curl_share_init();
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, options_.max_concurrent);
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_per_host);
    curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  }
  ~CurlFetcher() override {
    curl_multi_cleanup(multi_);
    curl_share_cleanup(share_);
  }

  std::vector<FetchResponse> FetchAll(const std::vector<FetchRequest>& requests,
                                      const std::function<bool()>& cancelled) override {
    std::vector<FetchResponse> responses(requests.size());
    std::vector<std::unique_ptr<Transfer>> transfers;
    transfers.reserve(requests.size());
    for (size_t i = 0; i < requests.size(); ++i) {
      responses[i].url = requests[i].url;
      transfers.push_back(Start(requests[i], &responses[i]));
    }
    int running = 0;
    do {
      CURLMcode mc = curl_multi_perform(multi_, &running);
      if (mc != CURLM_OK) {
        NEWSD_LOG(kError) << "curl_multi_perform: " << curl_multi_strerror(mc);
        break;
      }
      if (running) curl_multi_poll(multi_, nullptr, 0, 100, nullptr);
      Drain(transfers);
      if (running && cancelled && cancelled()) {
        for (auto& t : transfers)
          if (!t->done) t->response->status = Status::Unavailable("cancelled");
        break;
      }
    } while (running);
    Drain(transfers);
    for (auto& t : transfers) curl_multi_remove_handle(multi_, t->easy);
    return responses;
  }

 private:
  std::unique_ptr<Transfer> Start(const FetchRequest& req, FetchResponse* resp) {
    auto t = std::make_unique<Transfer>();
    t->response = resp;
    t->max_body = options_.max_body_bytes;
    t->current_url = req.url;
    t->easy = curl_easy_init();
    CURL* e = t->easy;
    curl_easy_setopt(e, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, options_.max_redirects);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.low_speed_time.count()));
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl decodes
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_SHARE, share_);
    // HTTP/2 (https, negotiated by ALPN): wait for a connection being set
    // up to the same host rather than opening another, so a host's feeds
    // share one connection as streams.
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    if (!options_.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    if (options_.block_private_addresses) {
      curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
      curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
    }
    if (!req.etag.empty())
      t->headers = curl_slist_append(t->headers, ("If-None-Match: " + req.etag).c_str());
    if (!req.last_modified.empty())
      t->headers =
          curl_slist_append(t->headers, ("If-Modified-Since: " + req.last_modified).c_str());
    t->headers =
        curl_slist_append(t->headers,
                          "Accept: application/rss+xml, application/atom+xml, application/rdf+xml, "
                          "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5");
    if (!req.form.empty()) {
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(req.form.size()));
      curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, req.form.c_str());
      t->headers = curl_slist_append(t->headers, "Content-Type: application/x-www-form-urlencoded");
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    curl_multi_add_handle(multi_, e);
    return t;
  }

  void Drain(std::vector<std::unique_ptr<Transfer>>&) {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      Finish(t, msg->data.result);
    }
  }

  void Finish(Transfer* t, CURLcode rc) {
    t->done = true;
    FetchResponse* r = t->response;
    char* eff = nullptr;
    curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &eff);
    if (eff) r->effective_url = eff;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &r->http_status);
    curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME, &r->seconds);
    curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &r->new_connections);
    long version = CURL_HTTP_VERSION_NONE;
    curl_easy_getinfo(t->easy, CURLINFO_HTTP_VERSION, &version);
    r->http_version = version == CURL_HTTP_VERSION_1_0   ? 10
                      : version == CURL_HTTP_VERSION_1_1 ? 11
                      : version == CURL_HTTP_VERSION_2_0 ? 20
                      : version == CURL_HTTP_VERSION_3   ? 30
                                                         : 0;
    if (!t->blocked_address.empty()) {
      r->status = Status::IOError("refused to connect to private address " + t->blocked_address +
                                  " (fetch.block_private_addresses)");
    } else if (t->too_large) {
      r->status = Status::IOError("body larger than " + std::to_string(t->max_body) + " bytes");
      r->body.clear();
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
      r->status = Status::Timeout(t->error[0] ? t->error : curl_easy_strerror(rc));
    } else if (rc != CURLE_OK) {
      r->status = Status::IOError(t->error[0] ? t->error : curl_easy_strerror(rc));
    } else if (r->http_status == 0) {
      r->http_status = 200;  // file:// has no status line
    }
    if (!r->status.ok()) r->body.clear();
  }

  FetchOptions options_;
  CURLM* multi_;
  CURLSH* share_;
};

}  // namespace

std::unique_ptr<Fetcher> NewCurlFetcher(const FetchOptions& options) {
  return std::make_unique<CurlFetcher>(options);
}

Result<bool> IsPrivateAddressLiteral(const std::string& address) {
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST;
  hints.ai_family = AF_UNSPEC;
  addrinfo* res = nullptr;
  if (getaddrinfo(address.c_str(), nullptr, &hints, &res) != 0 || !res)
    return Status::InvalidArgument("not a numeric address: " + address);
  const bool is_private = IsPrivateAddress(res->ai_addr);
  freeaddrinfo(res);
  return is_private;
}

}  // namespace newsd
