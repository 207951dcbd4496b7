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

// True when libcurl would give `ref` back unchanged whatever the base:
// "http://" or "https://", a host of lower-case letters, digits, '.' and
// '-', then a path, query and fragment of URL characters without dot
// segments or an empty query. Anything else (ports, user info, numeric
// hosts, upper case in the host, percent signs, fragments, spaces,
// non-ASCII) is left to libcurl.
bool IsPlainAbsoluteUrl(std::string_view ref) {
  size_t i;
  if (ref.starts_with("https://"))
    i = 8;
  else if (ref.starts_with("http://"))
    i = 7;
  else
    return false;
  size_t host = i;
  while (i < ref.size() && ((ref[i] >= 'a' && ref[i] <= 'z') || (ref[i] >= '0' && ref[i] <= '9') ||
                            ref[i] == '.' || ref[i] == '-'))
    ++i;
  if (i == host || i >= ref.size() || ref[i] != '/') return false;
  if (ref[host] == '.' || ref[i - 1] == '.') return false;
  // The last label starts with a letter: libcurl rewrites numeric hosts
  // ("0", "1.2", "0x7f.1") as dotted IPv4 addresses.
  size_t last = ref.rfind('.', i - 1);
  last = last == std::string_view::npos || last < host ? host : last + 1;
  if (ref[last] < 'a' || ref[last] > 'z') return false;
  if (ref.back() == '?') return false;  // libcurl drops an empty query
  for (; i < ref.size(); ++i) {
    char c = ref[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '-' || c == '_' || c == '.' || c == '~' || c == '=' || c == '&' ||
              c == '?' || c == '+' || c == ',';
    if (!ok) return false;
    if (c == '.' && ref[i - 1] == '/') return false;  // "/." starts a dot segment
  }
  return true;
}

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  if (IsPlainAbsoluteUrl(ref)) return std::string(ref);
  return ResolveUrlWithCurl(base, ref);
}

std::string ResolveUrlWithCurl(std::string_view base, std::string_view ref) {
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

namespace {

bool SecretParameter(std::string_view name) {
  std::string n;
  for (char c : name) n.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  for (std::string_view s : {"token", "key", "apikey", "api_key", "api-key", "access_token", "auth",
                             "auth_token", "password", "passwd", "pass", "pwd", "secret",
                             "client_secret", "sig", "signature", "session", "sessionid"})
    if (n == s) return true;
  return false;
}

}  // namespace

std::string RedactUrl(std::string_view url) {
  std::string out;
  const size_t scheme = url.find("://");
  size_t i = 0;
  if (scheme != std::string_view::npos) {
    const size_t authority = scheme + 3;
    size_t end = url.find_first_of("/?#", authority);
    if (end == std::string_view::npos) end = url.size();
    const size_t at = url.rfind('@', end - 1);
    out.append(url.substr(0, authority));
    if (at != std::string_view::npos && at >= authority && at < end) {
      const size_t colon = url.find(':', authority);
      // "user:password@" keeps the user; a lone "token@" is all secret.
      if (colon != std::string_view::npos && colon < at)
        out.append(url.substr(authority, colon - authority)).append(":***@");
      else
        out.append("***@");
      i = at + 1;
    } else {
      i = authority;
    }
  }
  const size_t query = url.find('?', i);
  if (query == std::string_view::npos) return out.append(url.substr(i));
  const size_t fragment = url.find('#', query);
  const size_t qend = fragment == std::string_view::npos ? url.size() : fragment;
  out.append(url.substr(i, query + 1 - i));
  for (size_t p = query + 1; p < qend;) {
    size_t amp = url.find('&', p);
    if (amp == std::string_view::npos || amp > qend) amp = qend;
    const std::string_view pair = url.substr(p, amp - p);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && SecretParameter(pair.substr(0, eq)))
      out.append(pair.substr(0, eq)).append("=***");
    else
      out.append(pair);
    if (amp < qend) out.push_back('&');
    p = amp + 1;
  }
  return out.append(url.substr(qend));
}

}  // namespace newsd
