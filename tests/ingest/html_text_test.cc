#include "ingest/html_text.h"

#include <catch2/catch.hpp>
#include <string>

using namespace newsd;

TEST_CASE("HTML to text keeps paragraphs and drops scripts") {
  CHECK(HtmlToText("<p>One  two</p>\n<p>Three</p>") == "One two\n\nThree");
  CHECK(HtmlToText("<div>a<br>b</div>") == "a\n\nb");
  CHECK(HtmlToText("x<script>var a = '<p>';</script>y<style>p{}</style>") == "xy");
  CHECK(HtmlToText("Tom &amp; Jerry &ndash; &quot;friends&quot;") ==
        "Tom & Jerry \u2013 \"friends\"");
  CHECK(HtmlToText("plain text") == "plain text");
  CHECK(HtmlToText("") == "");
  CHECK(HtmlToText("<ul><li>one</li><li>two</li></ul>") == "one\n\ntwo");
}

TEST_CASE("Hostile HTML: deep nesting and unclosed tags") {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  deep += "bottom";
  std::string out = HtmlToText(deep);  // must not overflow the stack
  CHECK(out.size() <= 6);
  CHECK(HtmlToText("<p>unclosed <b>bold <i>both") == "unclosed bold both");
}
