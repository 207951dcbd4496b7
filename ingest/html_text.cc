#include "ingest/html_text.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "common/ascii.h"
#include "ingest/html_bounds.h"

namespace newsd {
namespace {

bool IsBlock(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
      return true;
    default:
      return false;
  }
}

bool IsDropped(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_CANVAS:
      return true;
    default:
      return false;
  }
}

// Collects text, collapsing runs of whitespace; Break() ends a paragraph.
class TextSink {
 public:
  // Appends text, collapsing each run of whitespace (U+00A0 included) into
  // one space and dropping it at the start of a paragraph.
  void Text(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
      size_t width = SpaceWidth(s, i);
      if (width > 0) {
        pending_space_ = in_paragraph_;
        i += width;
        continue;
      }
      // A run of words separated by single ASCII spaces is appended at once
      // (most text): its spaces already are what collapsing would give.
      size_t j = i + 1;
      while (j < n) {
        unsigned char d = static_cast<unsigned char>(s[j]);
        if (!kMaybeSpace[d]) {
          ++j;
        } else if (d == ' ' && j + 1 < n && !kMaybeSpace[static_cast<unsigned char>(s[j + 1])]) {
          j += 2;  // a single space between words
        } else if (d == 0xC2 && !(j + 1 < n && static_cast<unsigned char>(s[j + 1]) == 0xA0)) {
          ++j;  // a character other than U+00A0
        } else {
          break;
        }
      }
      if (!in_paragraph_) {
        if (!out_.empty()) out_ += "\n\n";
        in_paragraph_ = true;
      } else if (pending_space_) {
        out_.push_back(' ');
      }
      pending_space_ = false;
      out_.append(s.data() + i, j - i);
      i = j;
    }
  }
  void Break() {
    in_paragraph_ = false;
    pending_space_ = false;
  }
  std::string Finish() {
    Break();
    return std::move(out_);
  }

 private:
  // The first bytes of whitespace characters (ASCII spaces, U+00A0).
  static constexpr auto kMaybeSpace = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v'}) t[c] = true;
    t[0xC2] = true;
    return t;
  }();

  // Bytes of the whitespace character at s[i], 0 when it is not one.
  static size_t SpaceWidth(std::string_view s, size_t i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
    return 0;
  }

  std::string out_;            // finished paragraphs and the current one
  bool in_paragraph_ = false;  // the current paragraph has text
  bool pending_space_ = false;
};

std::string HtmlToTextNested(std::string_view html, int rereads);

void Walk(const GumboNode* node, TextSink* sink, int depth, int rereads) {
  if (depth > 512) return;  // hostile nesting: stop descending
  switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE:
      sink->Text(node->v.text.text);
      return;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: {
      GumboTag tag = node->v.element.tag;
      if (IsDropped(tag)) return;
      if (tag == GUMBO_TAG_IFRAME) {
        // HTML reads an iframe's content as raw text, so an <iframe> left
        // open (or written <iframe/>) swallows the rest of the article.
        // That text is markup: read it as such, a few levels deep at most.
        if (rereads >= 3) return;
        const GumboVector& children = node->v.element.children;
        for (unsigned i = 0; i < children.length; ++i) {
          const auto* child = static_cast<const GumboNode*>(children.data[i]);
          if (child->type != GUMBO_NODE_TEXT) continue;
          sink->Text(HtmlToTextNested(child->v.text.text, rereads + 1));
        }
        return;
      }
      bool block = IsBlock(tag);
      if (block) sink->Break();
      const GumboVector& children = node->v.element.children;
      for (unsigned i = 0; i < children.length; ++i)
        Walk(static_cast<const GumboNode*>(children.data[i]), sink, depth + 1, rereads);
      if (block) sink->Break();
      return;
    }
    case GUMBO_NODE_DOCUMENT: {
      const GumboVector& children = node->v.document.children;
      for (unsigned i = 0; i < children.length; ++i)
        Walk(static_cast<const GumboNode*>(children.data[i]), sink, depth + 1, rereads);
      return;
    }
    default:
      return;
  }
}

// The fast path: markup made only of paragraphs, line breaks, lists,
// headings and inline formatting, with the common entities, is what most
// feeds carry, and it converts in one linear pass to exactly what the gumbo
// walk gives (tests/ingest/html_text_test.cc checks the two agree). Anything
// else (scripts, tables, comments, other entities, stray '<', invalid
// UTF-8, mismatched block end tags) returns nullopt and goes to gumbo.
enum class FastTag { kInline, kBlock, kOther };

FastTag ClassifyTag(std::string_view name) {
  static const std::string_view kBlocks[] = {
      "p",          "div", "br", "li",         "ul",      "ol",      "h1",     "h2",     "h3",
      "h4",         "h5",  "h6", "blockquote", "section", "article", "header", "footer", "figure",
      "figcaption", "pre", "hr", "dl",         "dt",      "dd",      "aside",  "nav"};
  static const std::string_view kInline[] = {
      "a",   "abbr", "b",    "bdi",  "bdo", "cite", "code", "data",  "dfn",  "em",     "font",
      "i",   "img",  "kbd",  "mark", "q",   "s",    "samp", "small", "span", "strike", "strong",
      "sub", "sup",  "time", "tt",   "u",   "var",  "wbr",  "big",   "ins",  "del"};
  for (auto b : kBlocks)
    if (name == b) return FastTag::kBlock;
  for (auto i : kInline)
    if (name == i) return FastTag::kInline;
  return FastTag::kOther;
}

// Appends the UTF-8 encoding of `cp`.
void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Well-formed UTF-8 without control characters (C0 but whitespace, C1), surrogates or noncharacters
// (gumbo rewrites those; the fast path leaves them to it).
bool PlainUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // Eight printable ASCII bytes at a time (most of any feed): no byte with
    // the high bit set, none below 0x20, none equal to 0x7F.
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    while (i + 8 <= s.size()) {
      uint64_t x;
      std::memcpy(&x, s.data() + i, 8);
      const uint64_t del = x ^ (0x7F * kOnes);
      if (((x | ((x - 0x20 * kOnes) & ~x) | ((del - kOnes) & ~del)) & kHigh) != 0) break;
      i += 8;
    }
    if (i >= s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      ++i;
      continue;
    }
    if (c < 0x80) {
      // gumbo turns C0 controls other than tab, newlines and form feed into U+FFFD.
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) return false;
      ++i;
      continue;
    }
    size_t extra = c >= 0xC2 && c <= 0xDF   ? 1
                   : c >= 0xE0 && c <= 0xEF ? 2
                   : c >= 0xF0 && c <= 0xF4 ? 3
                                            : 0;
    if (extra == 0 || i + extra >= s.size()) return false;
    uint32_t cp = c & (0x7F >> (extra + 1));
    for (size_t k = 1; k <= extra; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    static const uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0x80 && cp < 0xA0) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
      return false;
    i += extra + 1;
  }
  return true;
}

// Decodes the entity at s[i] == '&' into `out`; returns the bytes consumed,
// or 0 when it is not one the fast path knows.
size_t DecodeEntity(std::string_view s, size_t i, std::string& out) {
  size_t semi = s.find(';', i);
  if (i + 1 >= s.size() || s[i + 1] == ' ' || s[i + 1] == '\n' || s[i + 1] == '\t') {
    out.push_back('&');  // a bare ampersand is text
    return 1;
  }
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  std::string_view name = s.substr(i + 1, semi - i - 1);
  static const std::pair<std::string_view, std::string_view> kNamed[] = {{"amp", "&"},
                                                                         {"lt", "<"},
                                                                         {"gt", ">"},
                                                                         {"quot", "\""},
                                                                         {"apos", "'"},
                                                                         {"nbsp", "\xC2\xA0"},
                                                                         {"mdash", "\xE2\x80\x94"},
                                                                         {"ndash", "\xE2\x80\x93"},
                                                                         {"hellip", "\xE2\x80\xA6"},
                                                                         {"rsquo", "\xE2\x80\x99"},
                                                                         {"lsquo", "\xE2\x80\x98"},
                                                                         {"rdquo", "\xE2\x80\x9D"},
                                                                         {"ldquo", "\xE2\x80\x9C"}};
  for (const auto& [n, text] : kNamed) {
    if (name == n) {
      out += text;
      return semi - i + 1;
    }
  }
  if (name.size() < 2 || name[0] != '#') return 0;
  bool hex = name[1] == 'x' || name[1] == 'X';
  std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 6) return 0;
  uint32_t cp = 0;
  for (char d : digits) {
    int v = d >= '0' && d <= '9'          ? d - '0'
            : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
            : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10
                                          : -1;
    if (v < 0) return 0;
    cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
  }
  // Only plain characters: gumbo remaps C1 controls, NUL, surrogates and
  // out-of-range values, so those take the slow path.
  bool plain = cp == 0x9 || cp == 0xA || (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp < 0xD800) ||
               (cp >= 0xE000 && cp < 0xFDD0) ||
               (cp > 0xFDEF && cp < 0x10FFFF && (cp & 0xFFFE) != 0xFFFE);
  if (!plain) return 0;
  AppendUtf8(out, cp);
  return semi - i + 1;
}

std::optional<std::string> FastHtmlToText(std::string_view html) {
  if (!PlainUtf8(html)) return std::nullopt;
  // Character data goes to the sink as it comes: the sink gives the same
  // text for any split of it (chunks end at '<' or '&', never inside a
  // UTF-8 sequence).
  TextSink sink;
  std::string entity;
  std::vector<std::string> open_blocks;
  size_t i = 0;
  const size_t n = html.size();
  while (i < n) {
    char c = html[i];
    if (c == '&') {
      entity.clear();
      size_t used = DecodeEntity(html, i, entity);
      if (used == 0) return std::nullopt;
      sink.Text(entity);
      i += used;
      continue;
    }
    if (c != '<') {
      size_t next = i;
      while (next < n && html[next] != '<' && html[next] != '&') ++next;
      sink.Text(html.substr(i, next - i));
      i = next;
      continue;
    }
    // A tag: <name attrs> or </name>.
    size_t j = i + 1;
    bool closing = j < n && html[j] == '/';
    if (closing) ++j;
    size_t name_start = j;
    while (j < n && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
    if (j == name_start) return std::nullopt;  // "<" not starting a tag, "<!--", "<?"
    std::string name = AsciiLower(html.substr(name_start, j - name_start));
    if (j < n && !(html[j] == '>' || html[j] == '/' || html[j] == ' ' || html[j] == '\t' ||
                   html[j] == '\n' || html[j] == '\r' || html[j] == '\f'))
      return std::nullopt;
    // Attributes: skip to the closing '>' the way HTML's tokenizer does. A
    // quote opens a value only after a name and '=' (whitespace allowed
    // around it); an unquoted value runs to whitespace or '>', quotes and
    // '=' included; a '=' where a name should start starts that name.
    enum { kBeforeName, kName, kAfterName, kBeforeValue, kUnquoted, kQuoted } state = kBeforeName;
    char quote = 0;
    for (; j < n; ++j) {
      char d = html[j];
      const bool space = d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == '\f';
      if (state == kQuoted) {
        if (d == quote) state = kBeforeName;
        continue;
      }
      if (d == '>') break;
      if (d == '<') return std::nullopt;
      switch (state) {
        case kBeforeName:
          if (!space && d != '/') state = kName;
          break;
        case kName:
          state = space ? kAfterName : d == '/' ? kBeforeName : d == '=' ? kBeforeValue : kName;
          break;
        case kAfterName:
          if (d == '/')
            state = kBeforeName;
          else if (d == '=')
            state = kBeforeValue;
          else if (!space)
            state = kName;
          break;
        case kBeforeValue:
          if (d == '"' || d == '\'') {
            quote = d;
            state = kQuoted;
          } else if (!space) {
            state = kUnquoted;
          }
          break;
        case kUnquoted:
          if (space) state = kBeforeName;
          break;
        case kQuoted:
          break;
      }
    }
    if (j >= n) return std::nullopt;  // unterminated tag
    i = j + 1;
    FastTag kind = ClassifyTag(name);
    if (kind == FastTag::kOther) return std::nullopt;
    if (kind == FastTag::kInline) continue;
    // Block tags: a break before and after, as the tree walk does. Only
    // properly nested end tags stay on the fast path: one that closes
    // anything but the innermost open block meets gumbo's scope rules.
    if (closing && name != "p" && name != "br") {
      if (open_blocks.empty() || open_blocks.back() != name) return std::nullopt;
      open_blocks.pop_back();
    } else if (!closing && name != "br" && name != "hr" && name != "p") {
      // Start tags that close an open element implicitly ("<li>" an open
      // list item, also through a div; a heading the heading it is in) are
      // gumbo's business: found by the html fuzz target.
      auto item = [](std::string_view b) { return b == "li" || b == "dt" || b == "dd"; };
      auto heading = [](std::string_view b) {
        return b.size() == 2 && b[0] == 'h' && b[1] >= '1' && b[1] <= '6';
      };
      if (item(name))
        for (size_t k = open_blocks.size(); k-- > 0;) {
          if (item(open_blocks[k])) return std::nullopt;
          if (open_blocks[k] != "div" && open_blocks[k] != "address") break;
        }
      if (heading(name) && !open_blocks.empty() && heading(open_blocks.back())) return std::nullopt;
      open_blocks.push_back(name);
    }
    sink.Break();
  }
  return sink.Finish();
}

// Gumbo's tree walked into a sink; `rereads` counts iframe contents read
// again as markup.
std::string HtmlToTextNested(std::string_view html, int rereads) {
  if (html.empty()) return {};
  GumboDocument out = ParseBoundedHtml(html);
  if (!out) return {};
  TextSink sink;
  Walk(out->root, &sink, 0, rereads);
  return sink.Finish();
}

}  // namespace

std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::string HtmlToText(std::string_view html) {
  if (html.empty()) return {};
  if (auto fast = FastHtmlToText(html)) return std::move(*fast);
  return HtmlToTextWithGumbo(html);
}

std::string HtmlToTextWithGumbo(std::string_view html) { return HtmlToTextNested(html, 0); }

std::optional<std::string> HtmlToTextFastPath(std::string_view html) {
  return FastHtmlToText(html);
}

}  // namespace newsd
