// The body of a news article from its web page, for full-text fetching: a
// feed that carries a headline and a teaser links to the page that carries
// the story. Pure and thread-safe: the caller fetches the page.
//
// How (README, "Full text"): gumbo parses the page; navigation, asides,
// forms, figures and elements whose class or id names page furniture
// (comments, related links, share bars, cookie and newsletter banners,
// advertising, paywall prompts) are set aside unless they hold most of the
// page's text; every paragraph of 25 characters or more scores its parent
// and, less, the ancestors above it (commas and length count), the score
// falls with the share of link text, and the best container plus its
// qualifying siblings is the article. Paragraphs mostly made of links are
// dropped. schema.org `articleBody` in JSON-LD wins when the page's markup
// gives clearly less text (pages whose body is rendered by script).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/time.h"

namespace newsd {

enum class ArticleSource {
  kNone,    // nothing that reads as an article
  kMarkup,  // paragraphs of the page's HTML
  kJsonLd,  // schema.org articleBody
};

struct Article {
  // Paragraphs joined by "\n\n", whitespace collapsed. Without the page's
  // headline (the item has its title).
  std::string text;
  size_t words = 0;
  ArticleSource source = ArticleSource::kNone;
  // <link rel="canonical">, else og:url, else JSON-LD url; absolute. Empty
  // when the page names none.
  std::string canonical_url;
  // article:published_time, else JSON-LD datePublished, else the page's
  // first <time datetime>.
  std::optional<Timestamp> published;
  // og:title, else JSON-LD headline, else <title>.
  std::string title;
};

// `page_url` resolves relative canonical links. Never fails: a page that
// holds no article gives an empty text and source kNone.
Article ExtractArticle(std::string_view html, std::string_view page_url);

const char* ArticleSourceName(ArticleSource s);

// Runs of characters between spaces, tabs and line breaks.
size_t CountWords(std::string_view text);

}  // namespace newsd
