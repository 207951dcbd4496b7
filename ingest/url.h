// URL helpers shared by the fetcher (redirect targets), the parser (links,
// xml:base) and feed discovery. libcurl's URL API does the RFC 3986 work.
#pragma once

#include <string>
#include <string_view>

namespace newsd {

// Resolves `ref` against `base` (RFC 3986). Returns ref unchanged if either
// is not a URL.
std::string ResolveUrl(std::string_view base, std::string_view ref);

// The host of an http(s) URL, lower case ("news.example.org"); empty for
// anything else (file:// URLs, garbage).
std::string UrlHost(std::string_view url);

}  // namespace newsd
