// ASCII case folding for protocol tokens (charset names, MIME types, URL
// schemes and hosts, tag names, month names). Bytes >= 0x80 are left as
// they are, so UTF-8 passes through unchanged. Not for natural-language
// text: that is ICU's job (pipeline/text.h).
#pragma once

#include <string>
#include <string_view>

namespace newsd {

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace newsd
