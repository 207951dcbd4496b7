// Canonical form of an article URL, so that the same article reached through
// different links compares equal: scheme and host lower-cased, default port
// and fragment dropped, tracking parameters (utm_*, fbclid, gclid, ...)
// removed, remaining query parameters sorted, trailing "/" of a non-root path
// dropped. Pure string work, no network, no curl.
#pragma once

#include <string>
#include <string_view>

namespace newsd {

std::string CanonicalUrl(std::string_view url);

}  // namespace newsd
