// Bounds on markup before a full HTML parser sees it. gumbo's tree builder
// walks the stack of open elements for most start tags, so its time grows
// with the square of the nesting depth: 200,000 nested <div> (1 MB) take
// over a minute. Real pages nest a few dozen deep. Pure and thread-safe.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace newsd {

// Nesting deeper than this is flattened before parsing.
inline constexpr size_t kMaxHtmlDepth = 256;

struct HtmlBoundsReport {
  size_t dropped_tags = 0;  // start and end tags removed past the depth
  size_t max_depth = 0;     // the deepest nesting seen (capped count)
};

// `html` with the start and end tags of elements nested deeper than
// `max_depth` removed (their text stays), in one linear pass; nullopt when
// nothing is that deep, so the common case copies nothing. Depth is counted
// as a browser would, approximately: void elements and self-closing tags do
// not nest, an open <p>, <li>, <dt>, <dd>, <option>, <tr>, <td> or <th> is
// closed by the next of its kind, an end tag closes what it matches, and
// comments and the content of <script>, <style>, <textarea> and <title> are
// not markup.
std::optional<std::string> BoundHtmlNesting(std::string_view html, size_t max_depth = kMaxHtmlDepth,
                                            HtmlBoundsReport* report = nullptr);

using GumboDocument = std::unique_ptr<GumboOutput, void (*)(GumboOutput*)>;

// gumbo's tree of `html` bounded first (BoundHtmlNesting) and parsed
// without error records (with them, every parse error keeps a copy of the
// open-element stack); null when gumbo fails. The tree's text is its own:
// `html` need not outlive it (node original_text is not for use).
GumboDocument ParseBoundedHtml(std::string_view html);

}  // namespace newsd
