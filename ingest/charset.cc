#include "ingest/charset.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>

#include "common/ascii.h"

namespace newsd {
namespace {

std::string CharsetFromContentType(std::string_view ct) {
  std::string l = AsciiLower(ct);
  auto pos = l.find("charset=");
  if (pos == std::string::npos) return {};
  std::string v = l.substr(pos + 8);
  auto end = v.find_first_of("; \t");
  if (end != std::string::npos) v.resize(end);
  v.erase(std::remove(v.begin(), v.end(), '"'), v.end());
  v.erase(std::remove(v.begin(), v.end(), '\''), v.end());
  return v;
}

std::string CharsetFromXmlDecl(std::string_view bytes) {
  std::string_view head = bytes.substr(0, std::min<size_t>(bytes.size(), 256));
  if (head.substr(0, 5) != "<?xml") return {};
  auto close = head.find("?>");
  std::string decl = AsciiLower(head.substr(0, close));
  auto pos = decl.find("encoding");
  if (pos == std::string::npos) return {};
  pos = decl.find_first_of("\"'", pos);
  if (pos == std::string::npos) return {};
  auto end = decl.find(decl[pos], pos + 1);
  if (end == std::string::npos) return {};
  return decl.substr(pos + 1, end - pos - 1);
}

bool Convert(std::string_view bytes, const std::string& from, std::string* out) {
  UErrorCode err = U_ZERO_ERROR;
  int32_t cap = static_cast<int32_t>(bytes.size() * 3 + 16);
  out->assign(static_cast<size_t>(cap), '\0');
  int32_t n = ucnv_convert("UTF-8", from.c_str(), out->data(), cap, bytes.data(),
                           static_cast<int32_t>(bytes.size()), &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    err = U_ZERO_ERROR;
    out->assign(static_cast<size_t>(n), '\0');
    n = ucnv_convert("UTF-8", from.c_str(), out->data(), n, bytes.data(),
                     static_cast<int32_t>(bytes.size()), &err);
  }
  if (U_FAILURE(err)) return false;
  out->resize(static_cast<size_t>(n));
  return true;
}

bool IsUtf8Name(const std::string& c) { return c.empty() || c == "utf-8" || c == "utf8"; }

}  // namespace

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n;
    if (c < 0x80) {
      // ASCII runs, eight bytes at a time.
      ++i;
      while (i + 8 <= s.size()) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        if (w & 0x8080808080808080ull) break;
        i += 8;
      }
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF)
      n = 1;
    else if (c >= 0xE0 && c <= 0xEF)
      n = 2;
    else if (c >= 0xF0 && c <= 0xF4)
      n = 3;
    else
      return false;
    if (i + n >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xE0 && c1 < 0xA0) return false;  // overlong
    if (c == 0xED && c1 > 0x9F) return false;  // surrogates
    if (c == 0xF0 && c1 < 0x90) return false;  // overlong
    if (c == 0xF4 && c1 > 0x8F) return false;  // > U+10FFFF
    i += n + 1;
  }
  return true;
}

Utf8Text DecodeToUtf8(std::string_view bytes, std::string_view http_content_type) {
  Utf8Text r;
  // 1. Byte-order marks.
  auto starts = [&](std::string_view p) { return bytes.substr(0, p.size()) == p; };
  std::string bom;
  if (starts("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    bom = "utf-8";
  } else if (starts(std::string_view("\xFF\xFE\x00\x00", 4))) {
    bom = "utf-32le";
  } else if (starts(std::string_view("\x00\x00\xFE\xFF", 4))) {
    bom = "utf-32be";
  } else if (starts("\xFF\xFE")) {
    bom = "utf-16le";
  } else if (starts("\xFE\xFF")) {
    bom = "utf-16be";
  }
  std::string charset = bom;
  if (charset.empty()) charset = CharsetFromContentType(http_content_type);
  if (charset.empty()) charset = CharsetFromXmlDecl(bytes);
  if (IsUtf8Name(charset)) {
    if (IsValidUtf8(bytes)) {
      r.text.assign(bytes);
      r.charset = "utf-8";
      return r;
    }
    charset = "windows-1252";
    r.fallback = true;
  }
  if (!Convert(bytes, charset, &r.text)) {
    r.fallback = true;
    charset = "windows-1252";
    if (!Convert(bytes, charset, &r.text)) r.text.clear();
  }
  r.charset = charset;
  if (r.text.substr(0, 3) == "\xEF\xBB\xBF") r.text.erase(0, 3);
  return r;
}

}  // namespace newsd
