#include "ingest/feed_discovery.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "common/ascii.h"
#include "ingest/html_bounds.h"
#include "ingest/html_text.h"
#include "ingest/url.h"

namespace newsd {
namespace {

std::string Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? std::string(a->value) : std::string();
}

bool IsFeedType(const std::string& type) {
  static const char* kTypes[] = {"application/rss+xml", "application/atom+xml",
                                 "application/rdf+xml", "application/feed+json",
                                 "application/json"};
  return std::any_of(std::begin(kTypes), std::end(kTypes),
                     [&](const char* t) { return type == t; });
}

// Whether a space-separated rel list holds "alternate" (or the older "feed").
bool IsAlternate(const std::string& rel) {
  std::string r = " " + AsciiLower(rel) + " ";
  for (char& c : r)
    if (std::isspace(static_cast<unsigned char>(c))) c = ' ';
  return r.find(" alternate ") != std::string::npos || r.find(" feed ") != std::string::npos;
}

void Walk(const GumboNode* n, std::string& base, std::vector<DiscoveredFeed>& out) {
  if (n->type != GUMBO_NODE_ELEMENT) return;
  const GumboElement& e = n->v.element;
  if (e.tag == GUMBO_TAG_BASE) {
    std::string href = Attr(e, "href");
    if (!href.empty()) base = ResolveUrl(base, href);
  } else if (e.tag == GUMBO_TAG_LINK) {
    std::string type = AsciiLower(CollapseWhitespace(Attr(e, "type")));
    type = type.substr(0, type.find(';'));
    std::string href = CollapseWhitespace(Attr(e, "href"));
    if (IsAlternate(Attr(e, "rel")) && IsFeedType(type) && !href.empty()) {
      std::string url = ResolveUrl(base, href);
      bool seen = std::any_of(out.begin(), out.end(),
                              [&](const DiscoveredFeed& f) { return f.url == url; });
      if (!seen) out.push_back({url, CollapseWhitespace(Attr(e, "title")), type});
    }
  }
  for (unsigned i = 0; i < e.children.length; ++i)
    Walk(static_cast<const GumboNode*>(e.children.data[i]), base, out);
}

}  // namespace

std::vector<DiscoveredFeed> DiscoverFeeds(std::string_view html, std::string_view page_url) {
  GumboDocument doc = ParseBoundedHtml(html);
  std::vector<DiscoveredFeed> out;
  if (!doc) return out;
  std::string base(page_url);
  Walk(doc->root, base, out);
  return out;
}

}  // namespace newsd
