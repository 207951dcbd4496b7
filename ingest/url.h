// URL helpers shared by the fetcher (redirect targets), the parser (links,
// xml:base) and feed discovery. libcurl's URL API does the RFC 3986 work.
#pragma once

#include <string>
#include <string_view>

namespace newsd {

// Resolves `ref` against `base` (RFC 3986). Returns ref unchanged if either
// is not a URL.
// An absolute http(s) URL already in the form libcurl would give (lower-case
// host, a path, no dot segments, plain ASCII: most links in feeds) is
// returned as it is without parsing.
std::string ResolveUrl(std::string_view base, std::string_view ref);

// The same, always through libcurl; exists so tests can check the two agree.
std::string ResolveUrlWithCurl(std::string_view base, std::string_view ref);

// The host of an http(s) URL, lower case ("news.example.org"); empty for
// anything else (file:// URLs, garbage).
std::string UrlHost(std::string_view url);

// The URL as it may be shown or published: a password or token in the
// userinfo ("http://alice:S3cret@host/") and the values of query parameters
// that usually carry secrets (token, key, apikey, api_key, access_token,
// auth, password, secret, signature, ...) become "***". Only the fetcher
// uses the URL as written.
std::string RedactUrl(std::string_view url);

}  // namespace newsd
