// Feed autodiscovery: the feeds a web page announces with
// <link rel="alternate" type="application/rss+xml" href="..."> (also Atom,
// RDF and JSON Feed types), resolved against <base href> and the page URL.
// Pure: the caller fetches the page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsd {

struct DiscoveredFeed {
  std::string url;    // absolute
  std::string title;  // the link's title attribute, or empty
  std::string type;   // its MIME type
};

// In document order, each URL once. Empty when the page announces none.
std::vector<DiscoveredFeed> DiscoverFeeds(std::string_view html, std::string_view page_url);

}  // namespace newsd
