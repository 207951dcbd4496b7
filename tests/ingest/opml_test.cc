#include "ingest/opml.h"

#include <catch2/catch.hpp>

#include "tests/test_util.h"

using namespace newsd;

TEST_CASE("OPML: feeds in folders, spelling variants, duplicates once") {
  auto feeds = ParseOpml(test::ReadFile(test::DataPath("opml/reader_export.opml")));
  REQUIRE(feeds.ok());
  REQUIRE(feeds->size() == 4);
  CHECK((*feeds)[0].url == "https://capitol-wire.example/rss.xml");
  CHECK((*feeds)[0].title == "Capitol Wire");
  CHECK((*feeds)[0].html_url == "https://capitol-wire.example/");
  CHECK((*feeds)[0].category == "Politics");
  CHECK((*feeds)[1].category == "Politics/Regional");
  CHECK((*feeds)[2].url == "https://harbour-biz.example/atom");  // xmlurl, lower case
  CHECK((*feeds)[2].title == "Harbour Business & Trade");
  CHECK((*feeds)[3].title == "Loose feed");
  CHECK((*feeds)[3].category.empty());
}

TEST_CASE("OPML: what WriteOpml writes reads back the same") {
  std::vector<OpmlFeed> in = {
      {"https://a.example/rss", "A & B <news>", "https://a.example/", "World"},
      {"https://b.example/atom", "", "", ""},
      {"https://c.example/feed", "C", "", "World"}};
  auto out = ParseOpml(WriteOpml(in, "test"));
  REQUIRE(out.ok());
  REQUIRE(out->size() == 3);
  // Folders group their feeds: World's two come first, then the loose one.
  CHECK((*out)[0].url == "https://a.example/rss");
  CHECK((*out)[0].title == "A & B <news>");
  CHECK((*out)[0].category == "World");
  CHECK((*out)[1].url == "https://c.example/feed");
  CHECK((*out)[2].url == "https://b.example/atom");
  CHECK((*out)[2].title == "https://b.example/atom");  // untitled: the URL names it
}

TEST_CASE("OPML: not OPML, broken OPML and empty bodies") {
  CHECK(ParseOpml("<rss><channel/></rss>").status().code() == Status::Code::kParseError);
  CHECK_FALSE(ParseOpml("<opml><body><outline xmlUrl='x'").ok());
  CHECK_FALSE(ParseOpml("").ok());
  auto empty = ParseOpml("<opml version='2.0'><head/><body/></opml>");
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}
