#include "pipeline/canonical_url.h"

#include <catch2/catch.hpp>

using namespace newsd;

TEST_CASE("Canonical URLs compare equal across tracking and spelling differences") {
  const std::string base = CanonicalUrl("https://news.example.org/a/b?id=7");
  CHECK(CanonicalUrl("HTTPS://News.Example.ORG:443/a/b/?utm_source=rss&id=7#top") == base);
  CHECK(CanonicalUrl("http://www.news.example.org/a/b?fbclid=XYZ&id=7&gclid=1") == base);
  CHECK(CanonicalUrl("https://news.example.org/a/b?id=8") != base);
  CHECK(CanonicalUrl("https://news.example.org/a/b?b=2&a=1") ==
        CanonicalUrl("https://news.example.org/a/b?a=1&b=2"));
  CHECK(CanonicalUrl("https://news.example.org") == "http://news.example.org/");
  CHECK(CanonicalUrl("not a url") == "not a url");
  CHECK(CanonicalUrl("http://h.example:8080/x") == "http://h.example:8080/x");
}
