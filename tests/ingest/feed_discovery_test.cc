#include "ingest/feed_discovery.h"

#include <catch2/catch.hpp>

using namespace newsd;

TEST_CASE("Discovery: alternate links of feed types, resolved, each once") {
  const char* page = R"HTML(<!doctype html><html><head>
    <title>Valley Ledger</title>
    <link rel="stylesheet" href="/style.css">
    <link rel="alternate" type="application/rss+xml" title="Latest news" href="/feeds/latest.rss">
    <link rel="alternate" type="application/atom+xml" title="Latest (Atom)" href="feeds/latest.atom">
    <link rel="alternate" hreflang="fr" href="/fr/">
    <link rel="alternate" type="text/html" href="/print/">
    <link rel="Alternate Home" type="Application/RSS+XML; charset=utf-8" href="/feeds/latest.rss">
    <link rel="alternate" type="application/feed+json" href="https://cdn.valley-ledger.example/feed.json">
  </head><body><p>Hello</p>
    <link rel="alternate" type="application/rss+xml" href="/sports.rss" title="Sports">
  </body></html>)HTML";
  auto found = DiscoverFeeds(page, "https://valley-ledger.example/news/index.html");
  REQUIRE(found.size() == 4);
  CHECK(found[0].url == "https://valley-ledger.example/feeds/latest.rss");
  CHECK(found[0].title == "Latest news");
  CHECK(found[0].type == "application/rss+xml");
  CHECK(found[1].url == "https://valley-ledger.example/news/feeds/latest.atom");
  CHECK(found[2].url == "https://cdn.valley-ledger.example/feed.json");
  CHECK(found[3].title == "Sports");
}

TEST_CASE("Discovery: <base href> changes the base; pages without feeds give none") {
  auto found = DiscoverFeeds(
      R"(<html><head><base href="https://static.example/site/"><link rel=alternate
         type=application/rss+xml href=rss.xml></head></html>)",
      "https://www.example/");
  REQUIRE(found.size() == 1);
  CHECK(found[0].url == "https://static.example/site/rss.xml");
  CHECK(DiscoverFeeds("<html><body>No feeds here</body></html>", "https://x.example/").empty());
  CHECK(DiscoverFeeds("", "https://x.example/").empty());
  CHECK(DiscoverFeeds("\x00\xff garbage <link", "https://x.example/").empty());
}

TEST_CASE("Discovery: a page of deeply nested markup is bounded, its feed still found") {
  // Unbounded, gumbo with default options kept the open-element stack for
  // every parse error: 100 KB of nested <div> took 3.2 GB.
  std::string page =
      "<html><head><link rel=alternate type=application/atom+xml href=/atom.xml></head><body>";
  for (int k = 0; k < 20000; ++k) page += "<div><span>";
  page += "</body></html>";
  auto found = DiscoverFeeds(page, "https://deep.example/");
  REQUIRE(found.size() == 1);
  CHECK(found[0].url == "https://deep.example/atom.xml");
}
