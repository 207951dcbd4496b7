// OPML 1.0/2.0 subscription lists: the format feed readers import and
// export. Pure: bytes in, feeds out, and back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace newsd {

struct OpmlFeed {
  std::string url;       // xmlUrl
  std::string title;     // title, else text
  std::string html_url;  // htmlUrl, or empty
  std::string category;  // the enclosing folder outlines' texts, joined by "/"
};

// Every outline with an xmlUrl, depth first, in document order; folders
// (outlines without xmlUrl) become categories. Duplicate URLs keep the
// first. Errors: kParseError when the bytes are not an OPML document.
Result<std::vector<OpmlFeed>> ParseOpml(std::string_view bytes);

// An OPML 2.0 document listing `feeds`, grouped into folders by category.
std::string WriteOpml(const std::vector<OpmlFeed>& feeds, std::string_view title);

}  // namespace newsd
