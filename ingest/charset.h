// Bytes of unknown character set to UTF-8 (ICU converters).
//
// Order of evidence: a byte-order mark, then the charset of the HTTP
// Content-Type, then the XML declaration's encoding, then UTF-8. A document
// that claims UTF-8 but is not valid UTF-8 is read as windows-1252, the most
// common mislabelling. Invalid bytes become U+FFFD; never an error for bytes,
// only for an unknown charset name (which falls back the same way). Pure.
#pragma once

#include <string>
#include <string_view>

namespace newsd {

struct Utf8Text {
  std::string text;       // UTF-8, without BOM
  std::string charset;    // the charset it was read as
  bool fallback = false;  // true if the declared charset was wrong or unknown
};

// `http_content_type` is the raw header value ("application/rss+xml;
// charset=ISO-8859-1") or empty.
Utf8Text DecodeToUtf8(std::string_view bytes, std::string_view http_content_type);

bool IsValidUtf8(std::string_view s);

}  // namespace newsd
