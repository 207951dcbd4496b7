#include "pipeline/canonical_url.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "common/ascii.h"

namespace newsd {
namespace {

bool IsTrackingParam(std::string_view name) {
  std::string n = AsciiLower(name);
  if (n.rfind("utm_", 0) == 0) return true;
  static const char* kParams[] = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid",
                                  "igshid", "yclid", "_ga",   "ref_src", "cmpid",  "ocid"};
  for (const char* p : kParams)
    if (n == p) return true;
  return false;
}

}  // namespace

std::string CanonicalUrl(std::string_view url) {
  std::string_view s = url;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  size_t hash = s.find('#');
  if (hash != std::string_view::npos) s = s.substr(0, hash);
  size_t scheme_end = s.find("://");
  if (scheme_end == std::string_view::npos) return std::string(s);
  std::string scheme = AsciiLower(s.substr(0, scheme_end));
  std::string_view rest = s.substr(scheme_end + 3);
  size_t path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path_query =
      path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start);
  std::string host = AsciiLower(authority);
  if ((scheme == "http" && host.size() > 3 && host.ends_with(":80")) ||
      (scheme == "https" && host.size() > 4 && host.ends_with(":443")))
    host.resize(host.rfind(':'));
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);

  size_t q = path_query.find('?');
  std::string path(path_query.substr(0, q));
  std::string_view query =
      q == std::string_view::npos ? std::string_view() : path_query.substr(q + 1);
  if (path.empty()) path.assign(1, '/');
  if (path.size() > 1 && path.back() == '/') path.pop_back();

  std::vector<std::string> params;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    std::string_view p = query.substr(pos, amp == std::string_view::npos ? query.npos : amp - pos);
    std::string_view name = p.substr(0, p.find('='));
    if (!p.empty() && !IsTrackingParam(name)) params.emplace_back(p);
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  std::sort(params.begin(), params.end());
  // http and https name the same article.
  std::string out = "http://" + host + path;
  for (size_t i = 0; i < params.size(); ++i) out += (i == 0 ? "?" : "&") + params[i];
  (void)scheme;
  return out;
}

}  // namespace newsd
