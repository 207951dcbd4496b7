#include "ingest/feed_parser.h"

#include <catch2/catch.hpp>

#include "ingest/url.h"
#include "tests/test_util.h"

using namespace newsd;

namespace {
const Timestamp kFetch = *ParseRfc3339("2024-06-05T12:00:00Z");

Result<ParsedFeed> ParseFixture(const std::string& name, const std::string& url,
                                const std::string& content_type = "") {
  return ParseFeed(test::ReadFile(test::DataPath("feeds/" + name)),
                   ParseContext{url, "fixture", content_type, kFetch});
}
}  // namespace

TEST_CASE("RSS 2.0: fields, HTML to text, relative links, dates") {
  auto f = ParseFixture("rss2_features.xml", "https://gazette.example.org/rss.xml");
  REQUIRE(f.ok());
  CHECK(f->format == "rss");
  CHECK(f->title == "Harbour & Hills Gazette");
  CHECK_FALSE(f->recovered);
  REQUIRE(f->items.size() == 3);
  const Item& a = f->items[0];
  CHECK(a.title == "Council approves new harbour wall");
  CHECK(a.link == "https://gazette.example.org/local/harbour-wall");
  CHECK(a.guid == "hhg-101");
  CHECK(FormatRfc3339(*a.published) == "2024-06-03T16:45:00Z");
  CHECK(a.categories == std::vector<std::string>{"Local", "Infrastructure"});
  CHECK(a.authors == std::vector<std::string>{"Ana Ruiz"});  // the address is not a name
  CHECK(a.summary_text == "Short summary of the harbour vote.");
  // Script dropped, entities decoded, <p> and <br> become paragraph breaks.
  CHECK(a.content_text ==
        "The council voted 9\u20132 to build the wall.\n\nWork starts in July.\n\nResidents may "
        "comment until Friday.");
  CHECK(a.feed_title == "Harbour & Hills Gazette");

  const Item& b = f->items[1];
  CHECK(FormatRfc3339(*b.published) == "2024-06-02T06:00:00Z");  // dc:date with offset
  CHECK(b.authors == std::vector<std::string>{"Tom Berg"});
  CHECK(b.guid.empty());

  const Item& c = f->items[2];
  CHECK(c.link == "https://gazette.example.org/notes/1");  // permalink guid stands in
  CHECK(c.date_is_fetch_time);
  CHECK(*c.published == kFetch);
}

TEST_CASE("Atom 1.0: xhtml content, xml:base, published and updated") {
  auto f = ParseFixture("atom_features.xml", "https://atom.example.com/feed.atom");
  REQUIRE(f.ok());
  CHECK(f->format == "atom");
  REQUIRE(f->items.size() == 1);
  const Item& e = f->items[0];
  CHECK(e.title == "Rates & markets");
  CHECK(e.link == "https://atom.example.com/blog/posts/rates");
  CHECK(e.guid == "tag:atom.example.com,2024:1");
  CHECK(FormatRfc3339(*e.published) == "2024-06-03T07:00:00Z");
  CHECK(FormatRfc3339(*e.updated) == "2024-06-03T09:30:00Z");
  CHECK(e.authors == std::vector<std::string>{"Lena Fischer"});
  CHECK(e.categories == std::vector<std::string>{"economy"});
  CHECK(e.summary_text == "Rates held steady.");
  CHECK(e.content_text == "The central bank held rates.\n\nMarkets rose slightly.");
}

TEST_CASE("RSS 1.0 (RDF) with Dublin Core") {
  auto f = ParseFixture("rdf_features.xml", "https://rdf.example.net/index.rdf");
  REQUIRE(f.ok());
  CHECK(f->format == "rdf");
  CHECK(f->title == "RDF Example");
  REQUIRE(f->items.size() == 2);
  CHECK(f->items[0].authors == std::vector<std::string>{"Ivo Petrov"});
  CHECK(f->items[0].categories == std::vector<std::string>{"Science"});
  CHECK(f->items[0].content_text == "Full text here.");
  CHECK(FormatRfc3339(*f->items[0].published) == "2024-06-01T12:00:00Z");
}

TEST_CASE("Truncated XML keeps every complete item and says it recovered") {
  auto f = ParseFixture("broken_truncated.xml", "https://cut.example.org/rss");
  REQUIRE(f.ok());
  CHECK(f->recovered);
  CHECK_FALSE(f->recovery_note.empty());
  REQUIRE(f->items.size() == 2);
  CHECK(f->items[1].title == "Two");
}

TEST_CASE("Bare ampersands and HTML entities do not lose the item") {
  auto f = ParseFixture("broken_entities.xml", "https://loose.example.org/rss");
  REQUIRE(f.ok());
  REQUIRE(f->items.size() == 1);
  CHECK(f->items[0].summary_text == "Tom & Jerry");
  CHECK(f->items[0].title.find("Salt & Pepper") == 0);
}

TEST_CASE("An HTML page, empty bytes and garbage are parse errors, not crashes") {
  auto html = ParseFixture("not_a_feed.html", "https://site.example.org/");
  REQUIRE_FALSE(html.ok());
  CHECK(html.status().code() == Status::Code::kParseError);
  CHECK(ParseFeed("", ParseContext{}).status().code() == Status::Code::kParseError);
  CHECK(ParseFeed("   \n ", ParseContext{}).status().code() == Status::Code::kParseError);
  CHECK_FALSE(ParseFeed(std::string("\x00\x01\xff\xfe garbage", 13), ParseContext{}).ok());
}

TEST_CASE("DOCTYPE entities are never expanded (XXE, billion laughs)") {
  // The feed parses, its one item keeps its text, and no entity is
  // expanded: neither the file nor the repeated string appears.
  auto f = ParseFixture("xxe.xml", "https://hostile.example.org/rss");
  REQUIRE(f.ok());
  REQUIRE(f->items.size() == 1);
  const Item& it = f->items[0];
  CHECK(it.link == "https://hostile.example.org/1");
  CHECK(it.title.find("a ") == 0);
  CHECK(it.title.find("root:") == std::string::npos);
  CHECK(it.summary_text.find("lollol") == std::string::npos);  // "&lol2;" stays as written
}

TEST_CASE("Character sets: declared windows-1252, mislabelled UTF-8, UTF-16 with BOM") {
  auto cp = ParseFixture("cp1252.xml", "https://cp.example.org/rss");
  REQUIRE(cp.ok());
  CHECK(cp->title == "Caf\u00e9 Society");
  CHECK(cp->items.at(0).title == "\u201cQuoted\u201d na\u00efve");

  auto ml = ParseFixture("mislabelled_utf8.xml", "https://ml.example.org/rss");
  REQUIRE(ml.ok());
  CHECK(ml->items.at(0).title == "Caf\u00e9 cr\u00e8me");

  auto u16 = ParseFixture("utf16.xml", "https://u16.example.org/rss");
  REQUIRE(u16.ok());
  CHECK(u16->items.at(0).title == "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440");
}

TEST_CASE("The HTTP charset wins over the XML declaration") {
  std::string bytes =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>x</title>"
      "<item><title>Gr\xfc\xdf"
      "e</title><link>https://h.example.org/1</link></item>"
      "</channel></rss>";
  auto f = ParseFeed(bytes, ParseContext{"https://h.example.org/", "h",
                                         "application/rss+xml; charset=ISO-8859-1", kFetch});
  REQUIRE(f.ok());
  CHECK(f->charset == "iso-8859-1");
  CHECK(f->items.at(0).title == "Gr\u00fc\u00dfe");
}

TEST_CASE("ResolveUrl follows RFC 3986") {
  CHECK(ResolveUrl("https://a.example/x/y.xml", "z.html") == "https://a.example/x/z.html");
  CHECK(ResolveUrl("https://a.example/x/y.xml", "/z") == "https://a.example/z");
  CHECK(ResolveUrl("https://a.example/x/", "https://b.example/q") == "https://b.example/q");
  // Absolute links libcurl would rewrite still are rewritten.
  CHECK(ResolveUrl("https://a.example/", "http://b.example/x/../y") == "http://b.example/y");
  CHECK(ResolveUrl("https://a.example/", "http://127.1/") == "http://127.0.0.1/");
  CHECK(ResolveUrl("https://a.example/", "http://b.example") == "http://b.example/");
}

TEST_CASE("ResolveUrl: plain absolute links skip parsing with exactly libcurl's result") {
  const std::vector<std::string> heads = {"http://", "https://", "HTTP://", "http:/",
                                          "//",      "/",        ""};
  const std::vector<std::string> host = {"a",   "b", "example", ".", "-",  "0", "9",
                                         "com", "Z", ":80",     "@", "..", "_", "0x1f"};
  const std::vector<std::string> path = {
      "/",   "a", "B", ".", "..", "/.", "/..", "-", "_", "~", "=", "&", "?", "+",     ",",
      "%2F", "%", " ", "#", "x",  "//", "\\",  ";", "'", "(", "!", ":", "@", "\u00e9"};
  const std::vector<std::string> bases = {"https://base.example/dir/page.html", "http://b.example",
                                          "not a url"};
  test::XorShift next;
  int unchanged = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string url = heads[next() % heads.size()];
    for (size_t k = next() % 4; k > 0; --k) url += host[next() % host.size()];
    for (size_t k = next() % 6; k > 0; --k) url += path[next() % path.size()];
    const std::string& base = bases[next() % bases.size()];
    INFO(base << " + " << url);
    std::string fast = ResolveUrl(base, url);
    REQUIRE(fast == ResolveUrlWithCurl(base, url));
    unchanged += fast == url;
  }
  CHECK(unchanged > 2000);  // the fast path's inputs were among them
}

TEST_CASE("JSON Feed 1.1 is sniffed from the bytes and read into Items") {
  auto f = ParseFixture("jsonfeed.json", "https://notes.example.org/feed.json");
  REQUIRE(f.ok());
  CHECK(f->format == "json");
  CHECK(f->title == "Harbour Notes");
  REQUIRE(f->items.size() == 2);
  const Item& a = f->items[0];
  CHECK(a.guid == "hn-7");
  CHECK(a.link == "https://notes.example.org/2024/06/ferry-strike");
  CHECK(a.title == "Ferry crews strike");
  CHECK(a.content_text == "Ferry crews stopped work on Monday.\n\nTalks resume Wednesday.");
  CHECK(a.summary_text == "Crews stopped work.");
  CHECK(FormatRfc3339(*a.published) == "2024-06-03T05:30:00Z");
  CHECK(a.authors == std::vector<std::string>{"Harbour desk"});
  CHECK(a.categories == std::vector<std::string>{"transport", "labour"});
  const Item& b = f->items[1];
  CHECK(b.guid == "8");
  CHECK(b.link == "https://elsewhere.example.com/story");
  CHECK(b.content_text == "Plain text only.\n\nSecond paragraph.");
  CHECK(b.authors == std::vector<std::string>{"Guest writer"});
  CHECK(b.date_is_fetch_time);
  CHECK_FALSE(ParseFeed("{\"title\": \"no version\"}", ParseContext{}).ok());
  CHECK_FALSE(ParseFeed("{ broken", ParseContext{}).ok());
}

TEST_CASE("Feed hints: <ttl>, sy:updatePeriod/updateFrequency, the larger wins") {
  auto parse = [](const std::string& channel_extra) {
    std::string doc =
        "<rss version='2.0' xmlns:sy='http://purl.org/rss/1.0/modules/syndication/'><channel>"
        "<title>T</title>" +
        channel_extra + "<item><title>a</title></item></channel></rss>";
    return ParseFeed(doc, ParseContext{"https://h.example/rss", "", "", {}});
  };
  auto none = parse("");
  REQUIRE(none.ok());
  CHECK_FALSE(none->publisher_interval.has_value());
  auto ttl = parse("<ttl>45</ttl>");
  REQUIRE(ttl->publisher_interval.has_value());
  CHECK(*ttl->publisher_interval == std::chrono::minutes(45));
  auto sy =
      parse("<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>");
  CHECK(*sy->publisher_interval == std::chrono::hours(6));
  auto both = parse("<ttl>60</ttl><sy:updatePeriod> hourly </sy:updatePeriod>");
  CHECK(*both->publisher_interval == std::chrono::hours(1));
  auto junk = parse("<ttl>soon</ttl><sy:updatePeriod>fortnightly</sy:updatePeriod>");
  CHECK_FALSE(junk->publisher_interval.has_value());
}

TEST_CASE("Media RSS and enclosures: media URLs resolved; media text fills gaps") {
  const char* doc = R"(<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
    <title>Pictures</title><link>https://pics.example/</link>
    <item><guid>p1</guid>
      <media:group>
        <media:title>Flooded harbour at dawn</media:title>
        <media:description>Boats sit on the quay after the storm surge.</media:description>
        <media:content url="/img/harbour-large.jpg" type="image/jpeg" medium="image"/>
        <media:content url="/img/harbour-small.jpg" type="image/jpeg" medium="image"/>
      </media:group>
      <media:thumbnail url="https://cdn.pics.example/t/harbour.jpg"/>
      <enclosure url="https://pics.example/audio/report.mp3" type="audio/mpeg" length="1"/>
    </item>
    <item><guid>p2</guid><title>Own title</title><description>Own text.</description>
      <media:title>Media title</media:title>
      <media:content url="https://v.example/clip.mp4" type="video/mp4"/></item>
  </channel></rss>)";
  auto f = ParseFeed(doc, ParseContext{"https://pics.example/feed.rss", "", "", {}});
  REQUIRE(f.ok());
  REQUIRE(f->items.size() == 2);
  const Item& a = f->items[0];
  CHECK(a.title == "Flooded harbour at dawn");
  CHECK(a.summary_text == "Boats sit on the quay after the storm surge.");
  REQUIRE(a.media.size() == 4);
  CHECK(a.media[0].url == "https://pics.example/img/harbour-large.jpg");
  CHECK(a.media[0].medium == "image");
  CHECK(a.media[2].medium == "thumbnail");
  CHECK(a.media[3].type == "audio/mpeg");
  const Item& b = f->items[1];
  CHECK(b.title == "Own title");  // the item's own fields win
  CHECK(b.summary_text == "Own text.");
  REQUIRE(b.media.size() == 1);
  CHECK(b.media[0].type == "video/mp4");
}

TEST_CASE("xml:base on an entry overrides the feed's for that entry only") {
  const char* doc = R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.example/news/">
    <title>Base</title>
    <entry xml:base="https://b.example/other/"><id>1</id><title>one</title>
      <link href="story.html"/></entry>
    <entry><id>2</id><title>two</title><link href="story.html"/></entry>
  </feed>)";
  auto f = ParseFeed(doc, ParseContext{"https://feeds.example/atom", "", "", {}});
  REQUIRE(f.ok());
  REQUIRE(f->items.size() == 2);
  CHECK(f->items[0].link == "https://b.example/other/story.html");
  CHECK(f->items[1].link == "https://a.example/news/story.html");
}

TEST_CASE(
    "Character sets: KOI8-R, GBK, Shift_JIS, ISO-8859-2, windows-1251, UTF-16/32 become UTF-8") {
  struct Case {
    const char* file;
    const char* content_type;
    const char* title;
    const char* summary;
  };
  const Case cases[] = {
      {"koi8r.xml", "", "Городской совет утвердил бюджет",
       "Депутаты проголосовали за новый план ремонта мостов."},
      {"gbk.xml", "", "市议会批准新的预算", "议员们投票支持修复桥梁的计划。"},
      {"shift_jis.xml", "", "市議会が新しい予算を承認", "議員は橋の修理計画に賛成票を投じた。"},
      {"iso8859_2.xml", "", "Rada miasta przyjęła budżet",
       "Radni zagłosowali za planem naprawy mostów w Łodzi."},
      {"windows1251.xml", "", "Мэр встретился с жителями", "Встреча прошла в здании библиотеки."},
      // No declaration in the document: the HTTP charset decides.
      {"gbk_undeclared.xml", "application/rss+xml; charset=GBK", "港口扩建工程开始",
       "工程预计明年完成。"},
      {"utf16be_bom.xml", "", "Ministerin besucht Häfen in Kiel", "Gespräche über Löhne."},
      {"utf32le_bom.xml", "", "Ministerin besucht Häfen in Kiel", "Gespräche über Löhne."},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    auto f = ParseFixture(std::string("charsets/") + c.file, "https://charset.example/feed",
                          c.content_type);
    REQUIRE(f.ok());
    REQUIRE(f->items.size() == 1);
    CHECK(f->items[0].title == c.title);
    CHECK(f->items[0].summary_text == c.summary);
  }
}

TEST_CASE("max_items keeps the first entries of a response and counts the rest") {
  std::string rss = "<rss version=\"2.0\"><channel><title>t</title>";
  std::string atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>";
  std::string json = R"({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [)";
  for (int k = 0; k < 5; ++k) {
    rss += "<item><guid>g" + std::to_string(k) + "</guid><title>T</title></item>";
    atom += "<entry><id>g" + std::to_string(k) + "</id><title>T</title></entry>";
    json += std::string(k ? "," : "") + R"({"id": "g)" + std::to_string(k) + R"(", "title": "T"})";
  }
  rss += "</channel></rss>";
  atom += "</feed>";
  json += "]}";
  for (const std::string& doc : {rss, atom, json}) {
    ParseContext ctx{"http://feeds.example/f", "f", "", {}, 2};
    auto feed = ParseFeed(doc, ctx);
    REQUIRE(feed.ok());
    REQUIRE(feed->items.size() == 2);
    CHECK(feed->items[0].guid == "g0");
    CHECK(feed->items[1].guid == "g1");
    CHECK(feed->items_cut == 3);
    ctx.max_items = 0;
    CHECK(ParseFeed(doc, ctx)->items.size() == 5);
  }
}

TEST_CASE("A sink gets the items one by one, as collected, in document order") {
  for (const char* name : {"syndicated_1.xml", "repeated_story.xml"}) {
    const std::string doc = test::ReadFile(test::DataPath(std::string("feeds/") + name));
    ParseContext ctx{"http://feeds.example/f", "f", "", kFetch};
    auto collected = ParseFeed(doc, ctx);
    REQUIRE(collected.ok());
    REQUIRE(!collected->items.empty());
    std::vector<Item> streamed;
    auto meta = ParseFeed(doc, ctx, [&](Item&& it) { streamed.push_back(std::move(it)); });
    REQUIRE(meta.ok());
    CHECK(meta->items.empty());
    CHECK(meta->title == collected->title);
    REQUIRE(streamed.size() == collected->items.size());
    for (size_t i = 0; i < streamed.size(); ++i) {
      CHECK(streamed[i].guid == collected->items[i].guid);
      CHECK(streamed[i].content_text == collected->items[i].content_text);
    }
  }
  // The bound and a broken document behave as without a sink.
  std::string rss = "<rss version=\"2.0\"><channel><title>t</title>";
  for (int k = 0; k < 5; ++k) rss += "<item><guid>g" + std::to_string(k) + "</guid></item>";
  size_t calls = 0;
  auto cut = ParseFeed(rss + "</channel></rss>", ParseContext{"http://x.example/", "x", "", {}, 3},
                       [&](Item&&) { ++calls; });
  REQUIRE(cut.ok());
  CHECK(calls == 3);
  CHECK(cut->items_cut == 2);
  calls = 0;
  auto broken = ParseFeed(rss + "<item><guid>g5", ParseContext{"http://x.example/", "x", "", {}},
                          [&](Item&&) { ++calls; });
  REQUIRE(broken.ok());
  CHECK(broken->recovered);
  CHECK(calls == 5);
  CHECK_FALSE(ParseFeed("<rss><channel><item><guid>g",
                        ParseContext{"http://x.example/", "x", "", {}}, [&](Item&&) { ++calls; })
                  .ok());
  CHECK(calls == 5);  // an error: no item was built
}

TEST_CASE("RedactUrl hides passwords and secret parameters, nothing else") {
  CHECK(RedactUrl("http://alice:S3cr3tPw@feeds.example/feed.xml") ==
        "http://alice:***@feeds.example/feed.xml");
  CHECK(RedactUrl("https://abcdef123@feeds.example/") == "https://***@feeds.example/");
  CHECK(RedactUrl("https://feeds.example/rss?token=abc&lang=en&apiKey=k#top") ==
        "https://feeds.example/rss?token=***&lang=en&apiKey=***#top");
  CHECK(RedactUrl("https://feeds.example/a@b/rss?q=x") == "https://feeds.example/a@b/rss?q=x");
  CHECK(RedactUrl("file:///var/feeds/local.xml") == "file:///var/feeds/local.xml");
  CHECK(RedactUrl("not a url") == "not a url");
  CHECK(RedactUrl("") == "");
}

TEST_CASE("RSS items read Atom elements; Atom categories fall back to their label") {
  const std::string rss =
      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><title>T</title>"
      "<atom:link rel=\"self\" href=\"https://t.example/rss\"/>"
      "<item><title>One</title><guid isPermaLink=\"false\">g1</guid>"
      "<atom:author><atom:name>Ana Ruiz</atom:name><atom:email>a@t.example</atom:email>"
      "</atom:author>"
      "<atom:published>2024-05-01T10:00:00Z</atom:published>"
      "<atom:updated>2024-05-02T11:00:00Z</atom:updated>"
      "<atom:link rel=\"enclosure\" href=\"https://t.example/one.mp3\"/>"
      "<atom:link href=\"/one\"/><atom:category term=\"pol\"/><atom:category label=\"Harbour\"/>"
      "</item>"
      "<item><title>Two</title><guid>g2</guid><pubDate>Wed, 01 May 2024 09:00:00 GMT</pubDate>"
      "<atom:published>2024-05-03T10:00:00Z</atom:published><link>https://t.example/two</link>"
      "<atom:link href=\"https://t.example/other\"/></item></channel></rss>";
  auto f = ParseFeed(rss, ParseContext{"https://t.example/rss", "t", "", kFetch});
  REQUIRE(f.ok());
  REQUIRE(f->items.size() == 2);
  const Item& one = f->items[0];
  CHECK(one.authors == std::vector<std::string>{"Ana Ruiz"});
  CHECK(one.published == ParseRfc3339("2024-05-01T10:00:00Z"));
  CHECK(one.updated == ParseRfc3339("2024-05-02T11:00:00Z"));
  CHECK_FALSE(one.date_is_fetch_time);
  CHECK(one.link == "https://t.example/one");  // the alternate link, resolved; not the enclosure
  CHECK(one.categories == std::vector<std::string>{"pol", "Harbour"});
  // RSS's own elements, where given, come first in the item and win.
  const Item& two = f->items[1];
  CHECK(two.published == ParseRfc3339("2024-05-01T09:00:00Z"));
  CHECK(two.link == "https://t.example/two");

  const std::string atom =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title><entry><id>e1</id>"
      "<title>E</title><category label=\"Politics\"/><category term=\"econ\" label=\"Economy\"/>"
      "<updated>2024-05-01T10:00:00Z</updated></entry></feed>";
  auto a = ParseFeed(atom, ParseContext{"https://a.example/", "a", "", kFetch});
  REQUIRE(a.ok());
  REQUIRE(a->items.size() == 1);
  CHECK(a->items[0].categories == std::vector<std::string>{"Politics", "econ"});
}

TEST_CASE("JSON Feed: a version other than the URL, or none, is read when there are items") {
  for (const char* version : {"\"version\": \"1.1\", ", "\"version\": 1.1, ", ""}) {
    const std::string doc = std::string("{") + version +
                            "\"title\": \"J\", \"items\": [{\"id\": \"1\", \"title\": \"x\", "
                            "\"content_text\": \"y\"}]}";
    auto f = ParseFeed(doc, ParseContext{"https://j.example/feed.json", "j", "", kFetch});
    REQUIRE(f.ok());
    CHECK(f->format == "json");
    REQUIRE(f->items.size() == 1);
    CHECK(f->items[0].title == "x");
    CHECK(f->recovered);  // read, and said
    CHECK_FALSE(f->recovery_note.empty());
  }
  auto proper =
      ParseFeed(R"({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": []})",
                ParseContext{"https://j.example/feed.json", "j", "", kFetch});
  REQUIRE(proper.ok());
  CHECK_FALSE(proper->recovered);
  // JSON that is no feed at all stays an error.
  CHECK_FALSE(ParseFeed("{\"version\": \"1.1\", \"title\": \"not a feed\"}",
                        ParseContext{"https://j.example/", "j", "", kFetch})
                  .ok());
  CHECK_FALSE(ParseFeed("[1, 2]", ParseContext{"https://j.example/", "j", "", kFetch}).ok());
}

TEST_CASE("WebSub discovery: rel=hub and rel=self of Atom and of atom:link in RSS") {
  ParseContext ctx{"http://feeds.example/dir/f.xml", "f", "", kFetch};
  auto rss = ParseFeed(
      R"(<rss version="2.0" xmlns:a="http://www.w3.org/2005/Atom"><channel><title>T</title>
      <a:link rel="self" href="http://feeds.example/dir/f.xml"/>
      <a:link rel="hub" href="/hub"/><a:link rel="hub" href="http://second.example/"/>
      </channel></rss>)",
      ctx);
  REQUIRE(rss.ok());
  CHECK(rss->hub == "http://feeds.example/hub");
  CHECK(rss->self == "http://feeds.example/dir/f.xml");
  auto atom = ParseFeed(
      R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <link rel="alternate" href="http://site.example/"/>
      <link rel="HUB" href="https://hub.example/"/></feed>)",
      ctx);
  REQUIRE(atom.ok());
  CHECK(atom->hub == "https://hub.example/");
  CHECK(atom->self.empty());
  auto none =
      ParseFeed("<rss version=\"2.0\"><channel><link>http://x/</link></channel></rss>", ctx);
  REQUIRE(none.ok());
  CHECK(none->hub.empty());
}
