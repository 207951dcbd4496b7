#include "ingest/url.h"

#include <curl/curl.h>

#include <cctype>
#include <string>

#include "common/ascii.h"

namespace newsd {

namespace {

// The last base parsed on this thread: a feed resolves all its links
// against one base, and parsing it once per feed instead of once per link
// halves the cost.
struct BaseCache {
  std::string base;
  CURLU* parsed = nullptr;
  bool ok = false;
  ~BaseCache() {
    if (parsed) curl_url_cleanup(parsed);
  }
  CURLU* Get(std::string_view b) {
    if (parsed && base == b) return ok ? parsed : nullptr;
    if (!parsed) parsed = curl_url();
    if (!parsed) return nullptr;
    base.assign(b);
    ok = curl_url_set(parsed, CURLUPART_URL, base.c_str(), 0) == CURLUE_OK;
    return ok ? parsed : nullptr;
  }
};

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  std::string out(ref);
  thread_local BaseCache cache;
  CURLU* b = cache.Get(base);
  if (!b) return out;
  CURLU* u = curl_url_dup(b);
  if (!u) return out;
  std::string r(ref);
  if (curl_url_set(u, CURLUPART_URL, r.c_str(), 0) == CURLUE_OK) {
    char* s = nullptr;
    if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK && s) {
      out = s;
      curl_free(s);
    }
  }
  curl_url_cleanup(u);
  return out;
}

std::string UrlHost(std::string_view url) {
  std::string out;
  CURLU* u = curl_url();
  if (!u) return out;
  std::string s(url);
  char* host = nullptr;
  if (curl_url_set(u, CURLUPART_URL, s.c_str(), 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host) {
    out = host;
    curl_free(host);
  }
  curl_url_cleanup(u);
  return AsciiLower(out);
}

}  // namespace newsd
