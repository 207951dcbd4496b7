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

// Text from outside (feed titles, server errors) made safe to print on a
// terminal, in a log line or a systemd STATUS=: control bytes (ESC, BEL, a
// newline that would forge a log line, ...) and DEL become "\xNN"; UTF-8
// passes through.
inline std::string EscapeControls(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace newsd
