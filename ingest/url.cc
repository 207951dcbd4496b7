#include "ingest/url.h"

#include <curl/curl.h>

namespace newsd {

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  std::string out(ref);
  CURLU* u = curl_url();
  if (!u) return out;
  std::string b(base), r(ref);
  if (curl_url_set(u, CURLUPART_URL, b.c_str(), 0) == CURLUE_OK &&
      curl_url_set(u, CURLUPART_URL, r.c_str(), 0) == CURLUE_OK) {
    char* s = nullptr;
    if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK && s) {
      out = s;
      curl_free(s);
    }
  }
  curl_url_cleanup(u);
  return out;
}

}  // namespace newsd
