#include "ingest/html_bounds.h"

#include <vector>

#include "common/ascii.h"

namespace newsd {
namespace {

bool IsVoid(std::string_view n) {
  for (std::string_view v : {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                             "meta", "param", "source", "track", "wbr", "keygen"})
    if (n == v) return true;
  return false;
}

bool ClosesItsKind(std::string_view n) {
  for (std::string_view v : {"p", "li", "dt", "dd", "option", "tr", "td", "th"})
    if (n == v) return true;
  return false;
}

bool IsRawText(std::string_view n) {
  for (std::string_view v : {"script", "style", "textarea", "title", "xmp", "noembed", "noframes"})
    if (n == v) return true;
  return false;
}

char LowerByte(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == ':' || c == '_';
}

// Case-insensitive search for "</name" from `from`; npos when absent.
size_t FindEndTag(std::string_view html, std::string_view name, size_t from) {
  for (size_t k = html.find("</", from); k != std::string_view::npos; k = html.find("</", k + 2)) {
    if (k + 2 + name.size() > html.size()) return std::string_view::npos;
    bool same = true;
    for (size_t j = 0; j < name.size() && same; ++j) same = LowerByte(html[k + 2 + j]) == name[j];
    if (same) return k;
  }
  return std::string_view::npos;
}

// The index just past the '>' closing the tag that starts at `from`
// (quotes respected), or html.size().
size_t TagEnd(std::string_view html, size_t from, bool* self_closing) {
  char quote = 0;
  for (size_t k = from; k < html.size(); ++k) {
    const char c = html[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      *self_closing = k > from && html[k - 1] == '/';
      return k + 1;
    }
  }
  *self_closing = false;
  return html.size();
}

}  // namespace

std::optional<std::string> BoundHtmlNesting(std::string_view html, size_t max_depth,
                                            HtmlBoundsReport* report) {
  HtmlBoundsReport local;
  HtmlBoundsReport& r = report ? *report : local;
  r = HtmlBoundsReport{};
  std::vector<std::string> open;  // never deeper than max_depth
  size_t skipped = 0;             // start tags dropped and not yet closed
  std::string out;
  size_t copied = 0;  // html[0, copied) is in `out` (once dropping began)
  bool dropping = false;
  auto drop = [&](size_t begin, size_t end) {
    if (!dropping) {
      out.reserve(html.size());
      dropping = true;
    }
    out.append(html.substr(copied, begin - copied));
    copied = end;
    ++r.dropped_tags;
  };
  size_t i = 0;
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) break;
    const char c = html[lt + 1];
    if (html.substr(lt, 4) == "<!--") {
      const size_t end = html.find("-->", lt + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (c == '!' || c == '?') {
      const size_t end = html.find('>', lt + 2);
      i = end == std::string_view::npos ? html.size() : end + 1;
      continue;
    }
    const bool closing = c == '/';
    size_t n = lt + (closing ? 2 : 1);
    if (n >= html.size() ||
        !((html[n] >= 'a' && html[n] <= 'z') || (html[n] >= 'A' && html[n] <= 'Z'))) {
      i = lt + 1;  // a '<' in text
      continue;
    }
    const size_t name_begin = n;
    while (n < html.size() && NameChar(html[n])) ++n;
    const std::string name = AsciiLower(html.substr(name_begin, n - name_begin));
    bool self_closing = false;
    const size_t end = TagEnd(html, n, &self_closing);
    i = end;
    if (closing) {
      if (skipped > 0) {
        --skipped;
        drop(lt, end);
        continue;
      }
      for (size_t k = open.size(); k-- > 0;)
        if (open[k] == name) {
          open.resize(k);
          break;
        }
      continue;
    }
    if (IsRawText(name)) {
      // Its content is text up to its end tag, which closes it.
      const size_t close = FindEndTag(html, name, end);
      i = close == std::string_view::npos ? html.size() : close;
      if (i < html.size()) {
        bool ignored = false;
        i = TagEnd(html, i, &ignored);
      }
      continue;
    }
    if (self_closing || IsVoid(name)) continue;
    if (ClosesItsKind(name) && !open.empty() && open.back() == name) open.pop_back();
    if (open.size() >= max_depth) {
      ++skipped;
      drop(lt, end);
      continue;
    }
    open.push_back(name);
    if (open.size() > r.max_depth) r.max_depth = open.size();
  }
  if (!dropping) return std::nullopt;
  out.append(html.substr(copied));
  return out;
}

GumboDocument ParseBoundedHtml(std::string_view html) {
  const std::optional<std::string> bounded = BoundHtmlNesting(html);
  if (bounded) html = *bounded;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  return GumboDocument(gumbo_parse_with_options(&options, html.data(), html.size()),
                       [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
}

}  // namespace newsd
