#include "ingest/article_extractor.h"

#include <catch2/catch.hpp>

using namespace newsd;

namespace {

// A news page in the usual shape: site header and navigation, the article
// with a byline, a photo and a share bar, related stories, comments, a
// cookie banner and a footer.
const char* kNewsPage = R"HTML(<!doctype html><html><head>
  <title>Harbour board approves dredging plan | Coastline Courier</title>
  <link rel="canonical" href="/2026/03/harbour-dredging">
  <meta property="og:title" content="Harbour board approves dredging plan">
  <meta property="article:published_time" content="2026-03-04T09:15:00Z">
</head><body>
<header class="site-header"><a href="/">Coastline Courier</a>
  <nav><ul><li><a href="/local">Local</a></li><li><a href="/business">Business</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<div id="cookie-consent"><p>We use cookies to understand how readers use this site, to show
  relevant offers and to measure our audience across devices and partners.</p>
  <button>Accept all</button></div>
<main><article class="story">
  <h1>Harbour board approves dredging plan</h1>
  <div class="byline">By Marta Quill, Harbour reporter</div>
  <figure><img src="/dredger.jpg"><figcaption>A dredger waits outside the north basin, where
    silt has built up since the winter storms.</figcaption></figure>
  <div class="story-body">
    <p>The harbour board voted on Tuesday to spend four million on dredging the north basin,
      ending a two-year dispute with the fishing cooperative over who should pay.</p>
    <p>Silt carried in by the winter storms has left the basin too shallow for the larger
      trawlers at low tide, and several boats have moved to ports further along the coast.</p>
    <h2>Costs shared</h2>
    <p>Under the plan, the council will pay half of the cost, the board a third and the
      cooperative the rest, spread over five years.</p>
    <p>"This keeps the fleet here," said the board's chair, Ines Hallvard.</p>
    <div class="share-tools"><a href="#">Share on social media</a> <a href="#">Email</a></div>
  </div>
</article></main>
<aside class="related"><h3>Related stories</h3><ul>
  <li><a href="/a">Fishing cooperative warns of job losses as basin silts up over the winter</a></li>
  <li><a href="/b">Council budget leaves little room for harbour repairs, finance chief says</a></li>
</ul></aside>
<section id="comments"><h3>42 comments</h3>
  <div class="comment"><p>About time, the board has been dragging its feet on this for years,
    and the fishermen have paid the price every single winter, again and again.</p></div>
  <div class="comment"><p>Four million, spent on mud, while the roads in town fall apart, the
    schools need roofs, and the buses stop running at seven in the evening, every day.</p></div>
  <div class="comment"><p>The cooperative should pay all of it, they profit from it, and the
    rest of us never see a penny of that money, not one, not ever, not in this town.</p></div>
</section>
<footer><p>Copyright Coastline Courier. All rights reserved, reproduction prohibited.</p></footer>
</body></html>)HTML";

}  // namespace

TEST_CASE("Article: the story's paragraphs and subheads, without the page around them") {
  Article a = ExtractArticle(kNewsPage, "https://courier.example/2026/03/harbour-dredging?ref=rss");
  CHECK(a.source == ArticleSource::kMarkup);
  CHECK(a.text ==
        "The harbour board voted on Tuesday to spend four million on dredging the north basin, "
        "ending a two-year dispute with the fishing cooperative over who should pay.\n\n"
        "Silt carried in by the winter storms has left the basin too shallow for the larger "
        "trawlers at low tide, and several boats have moved to ports further along the coast.\n\n"
        "Costs shared\n\n"
        "Under the plan, the council will pay half of the cost, the board a third and the "
        "cooperative the rest, spread over five years.\n\n"
        "\"This keeps the fleet here,\" said the board's chair, Ines Hallvard.");
  CHECK(a.words == 95);
  CHECK(a.canonical_url == "https://courier.example/2026/03/harbour-dredging");
  REQUIRE(a.published);
  CHECK(FormatRfc3339(*a.published) == "2026-03-04T09:15:00Z");
  CHECK(a.title == "Harbour board approves dredging plan");
}

TEST_CASE("Article: comments longer than the story do not win") {
  std::string page = R"(<html><body><div class="article-body">
    <p>The regional court ruled on Monday that the quarry may not expand onto the common land,
      upholding the objection of three villages.</p>
    <p>The operator said it would study the ruling before deciding whether to appeal.</p>
    </div><div class="comments-list">)";
  for (int i = 0; i < 20; ++i)
    page +=
        "<div class=\"comment-body\"><p>I have lived here for thirty years, and the dust, "
        "the noise and the lorries have ruined every summer of them, one after another.</p>"
        "</div>";
  page += "</div></body></html>";
  Article a = ExtractArticle(page, "https://x.example/a");
  CHECK(a.text.starts_with("The regional court ruled"));
  CHECK(a.text.find("thirty years") == std::string::npos);
}

TEST_CASE("Article: a wrapper named like furniture that holds the page is not set aside") {
  const char* page = R"(<html><body><div class="layout-with-sidebar">
    <div class="entry-content">
    <p>The water utility will raise prices by six percent from April, citing the cost of
      replacing lead pipes across the older districts.</p>
    <p>Households on the lowest incomes will be able to apply for a reduced tariff, the
      utility said in a statement on Thursday.</p></div></div></body></html>)";
  Article a = ExtractArticle(page, "https://x.example/b");
  CHECK(a.text.starts_with("The water utility will raise prices"));
  CHECK(a.text.ends_with("statement on Thursday."));
}

TEST_CASE("Article: text in divs with line breaks, and link lists dropped") {
  const char* page = R"(<html><body><div id="main">
    <div>The ferry service to the outer islands resumed on Sunday after a week of gales kept
      every boat in port.<br><br>Operators said the timetable would return to normal by
      Wednesday, with extra sailings for freight.</div>
    <p><a href="/x">Ferry operator names new chief</a> | <a href="/y">Islands plan new pier</a></p>
    </div></body></html>)";
  Article a = ExtractArticle(page, "https://x.example/c");
  CHECK(a.text ==
        "The ferry service to the outer islands resumed on Sunday after a week of gales kept "
        "every boat in port.\n\nOperators said the timetable would return to normal by "
        "Wednesday, with extra sailings for freight.");
}

TEST_CASE("Article: a body rendered by script comes from JSON-LD articleBody") {
  const char* page = R"(<html><head>
    <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"WebPage","url":"https://x.example/d"},
      {"@type":"NewsArticle","headline":"Mill to close","datePublished":"2026-02-01T07:00:00+01:00",
       "mainEntityOfPage":{"@id":"https://x.example/news/mill-to-close"},
       "articleBody":"The paper mill will close in June, its owner said on Friday.\nAbout 300 jobs will go &amp; the site will be sold."}]}
    </script></head><body><div id="app"></div><p>Loading...</p></body></html>)";
  Article a = ExtractArticle(page, "https://x.example/d");
  CHECK(a.source == ArticleSource::kJsonLd);
  CHECK(a.text ==
        "The paper mill will close in June, its owner said on Friday.\n\n"
        "About 300 jobs will go & the site will be sold.");
  CHECK(a.canonical_url == "https://x.example/news/mill-to-close");
  CHECK(a.title == "Mill to close");
  REQUIRE(a.published);
  CHECK(FormatRfc3339(*a.published) == "2026-02-01T06:00:00Z");
}

TEST_CASE("Article: a live blog's updates come from JSON-LD when the markup has less") {
  const char* page = R"(<html><head><script type="application/ld+json">
    {"@type":"LiveBlogPosting","headline":"Storm live","liveBlogUpdate":[
      {"@type":"BlogPosting","articleBody":"Power has been restored to most of the coast."},
      {"@type":"BlogPosting","articleBody":"The bridge has reopened to cars but not lorries."}]}
    </script></head><body><p>Updates load here.</p></body></html>)";
  Article a = ExtractArticle(page, "https://x.example/live");
  CHECK(a.source == ArticleSource::kJsonLd);
  CHECK(a.text ==
        "Power has been restored to most of the coast.\n\n"
        "The bridge has reopened to cars but not lorries.");
}

TEST_CASE("Article: pages without an article") {
  CHECK(ExtractArticle("", "https://x.example/").source == ArticleSource::kNone);
  Article a = ExtractArticle("<html><body><nav><a href='/'>Home</a></nav></body></html>",
                             "https://x.example/");
  CHECK(a.source == ArticleSource::kNone);
  CHECK(a.text.empty());
  // Not HTML at all: plain text is what it says.
  Article b = ExtractArticle("%PDF-1.4 binary", "https://x.example/f.pdf");
  CHECK(b.words <= 2);
}

TEST_CASE("Article: markup inside scripts, styles, SVG and comments is not text") {
  const char* page = R"(<html><head><STYLE>p::after{content:"<p>styled text here</p>"}</STYLE>
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"Dam inspected"}</script>
    </head><body><div class="article-body">
    <script>document.write("<p>Written by a script, a paragraph that is not the article.</p>");</script>
    <!-- <p>A commented-out paragraph from an old version of the page, long enough.</p> -->
    <svg><text>Chart label that is long enough to score as a paragraph</text></svg>
    <p>Engineers inspected the dam on Saturday after the reservoir rose to its highest level
      since records began, and found no damage.</p>
    <p>The spillway will stay open until the level falls.</p>
    </div><!-- an unterminated comment <p>hidden text of the page footer</p></body></html>)";
  Article a = ExtractArticle(page, "https://x.example/dam");
  CHECK(a.text ==
        "Engineers inspected the dam on Saturday after the reservoir rose to its highest level "
        "since records began, and found no damage.\n\n"
        "The spillway will stay open until the level falls.");
  CHECK(a.title == "Dam inspected");
}
