// Runs newsd's feed parser over the feedparser project's test corpus and
// checks the expectations that map onto newsd's item model.
//
// The corpus is data, read where it is (../shared/conformance/feedparser in
// CI); nothing of it is copied into this repository. Mapping (the rest is
// reported as unmapped; docs/conformance.md says why):
//   feed.title / title_detail.value         -> ParsedFeed::title
//   feed.link                                -> ParsedFeed::link
//   version                                  -> format family (rss / rdf / atom)
//   entries[i].title / title_detail.value    -> Item::title
//   entries[i].link                          -> Item::link
//   entries[i].id                            -> Item::guid
//   entries[i].summary / description         -> Item::summary_text
//   entries[i].content[k].value              -> Item::content_text
//   entries[i].author / author_detail.name   -> Item::authors[0]
//   entries[i].tags[k].term                  -> Item::categories[k]
//   entries[i].published_parsed / updated_parsed -> Item::published / updated
// newsd keeps text, not HTML: expected values are compared after the same
// HTML-to-text conversion (feedparser's sanitized HTML and newsd's text then
// agree whenever the text agrees).
//
// usage: conformance CORPUS_DIR [--min-wellformed RATE] [--verbose]
// Exit 0 and a JSON report; 1 if the well-formed pass rate is below RATE;
// 77 if the corpus is not there (ctest: skipped).
#include <cctype>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "common/file.h"
#include "ingest/feed_parser.h"
#include "ingest/html_text.h"

using namespace newsd;
using nlohmann::json;

namespace {

std::string AsText(const std::string& s) { return CollapseWhitespace(HtmlToText(s)); }

struct Actual {
  bool mapped = false;
  std::optional<std::string> value;  // nullopt: absent
};

Actual Lookup(const ParsedFeed& f, const json& path) {
  auto key = [&](size_t i) {
    return i < path.size() && path[i].is_string() ? path[i].get<std::string>() : "";
  };
  auto idx = [&](size_t i) {
    return i < path.size() && path[i].is_number() ? path[i].get<size_t>() : SIZE_MAX;
  };
  Actual a;
  if (key(0) == "version" && path.size() == 1) return {true, f.format};
  if (key(0) == "feed") {
    std::string k = key(1);
    if ((k == "title" && path.size() == 2) || (k == "title_detail" && key(2) == "value"))
      return {true, f.title};
    if (k == "link" && path.size() == 2) return {true, f.link};
    return a;
  }
  if (key(0) != "entries") return a;
  size_t i = idx(1);
  if (i == SIZE_MAX) return a;
  std::string k = key(2);
  static const std::set<std::string> kKnown = {
      "title",   "title_detail", "link",          "id",   "summary",          "description",
      "content", "author",       "author_detail", "tags", "published_parsed", "updated_parsed"};
  if (!kKnown.count(k)) return a;
  a.mapped = true;
  if (i >= f.items.size()) return a;  // mapped, but there is no such item: absent
  const Item& it = f.items[i];
  if ((k == "title" && path.size() == 3) || (k == "title_detail" && key(3) == "value"))
    return {true, it.title};
  if (k == "title_detail") return {false, {}};
  if (k == "link" && path.size() == 3) return {true, it.link};
  if (k == "id" && path.size() == 3) return {true, it.guid};
  if ((k == "summary" || k == "description") && path.size() == 3)
    return {true, it.summary_text.empty() ? it.content_text : it.summary_text};
  if (k == "content" && key(4) == "value") return {true, it.content_text};
  if (k == "author" && path.size() == 3)
    return {true, it.authors.empty() ? std::nullopt : std::optional<std::string>(it.authors[0])};
  if (k == "author_detail" && key(3) == "name") {
    // newsd keeps the author as written; "me@example.com (Name)" names Name.
    if (it.authors.empty()) return {true, std::nullopt};
    std::string a0 = it.authors[0];
    size_t open = a0.find('('), close = a0.rfind(')');
    if (open != std::string::npos && close > open)
      return {true, a0.substr(open + 1, close - open - 1)};
    return {true, a0.substr(0, a0.find(" ("))};
  }
  if (k == "tags" && key(4) == "term") {
    size_t t = idx(3);
    return {true,
            t < it.categories.size() ? std::optional<std::string>(it.categories[t]) : std::nullopt};
  }
  if (k == "published_parsed" && path.size() == 3)
    return {true, it.published && !it.date_is_fetch_time
                      ? std::optional<std::string>(FormatRfc3339(*it.published))
                      : std::nullopt};
  if (k == "updated_parsed" && path.size() == 3)
    return {true,
            it.updated ? std::optional<std::string>(FormatRfc3339(*it.updated)) : std::nullopt};
  return {false, {}};
}

bool Check(const json& a, const Actual& actual, const ParsedFeed& f) {
  const std::string op = a.value("op", "");
  const json& path = a["path"];
  bool is_date = path.size() >= 3 && path[2].is_string() &&
                 (path[2] == "published_parsed" || path[2] == "updated_parsed");
  bool is_version = path.size() == 1 && path[0] == "version";
  std::string want;
  if (is_date) {
    if (!a.contains("value_rfc3339")) return false;
    want = a["value_rfc3339"].get<std::string>();
    if (want.size() > 20) want = FormatRfc3339(*ParseRfc3339(want));
  } else if (a.contains("value") && a["value"].is_string()) {
    want = a["value"].get<std::string>();
  }
  if (op == "absent" || op == "falsy") return !actual.value || actual.value->empty();
  if (op == "truthy") return actual.value && !actual.value->empty();
  if (!actual.value) return false;
  if (is_version) {
    std::string fam = want.rfind("atom", 0) == 0              ? "atom"
                      : (want == "rss10" || want == "rss090") ? "rdf"
                      : want.rfind("rss", 0) == 0             ? "rss"
                                                              : want;
    return op == "==" ? fam == f.format : fam != f.format;
  }
  // newsd's values are text already; only the expected HTML is converted.
  std::string got = is_date ? *actual.value : CollapseWhitespace(*actual.value);
  std::string exp = is_date ? want : AsText(want);
  if (op == "==") return got == exp;
  if (op == "!=") return got != exp;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: conformance CORPUS_DIR [--min-wellformed RATE] [--verbose]\n";
    return 2;
  }
  std::string dir = argv[1];
  double min_rate = -1;
  bool verbose = false;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--min-wellformed" && i + 1 < argc) min_rate = std::stod(argv[++i]);
    if (a == "--verbose") verbose = true;
  }
  auto expectations = ReadFileToString(dir + "/expectations.jsonl");
  if (!expectations.ok()) {
    std::cout << "conformance: corpus not found at " << dir << "\n";
    return 77;
  }
  struct Tally {
    uint64_t cases = 0, parsed = 0, mapped = 0, passed = 0, unmapped = 0;
  };
  std::map<std::string, Tally> tally;
  std::istringstream lines(*expectations);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    json c = json::parse(line);
    std::string suite = c["suite"];
    Tally& t = tally[suite];
    ++t.cases;
    auto bytes = ReadFileToString(dir + "/cases/" + c["file"].get<std::string>());
    if (!bytes.ok()) continue;
    ParseContext ctx;
    ctx.feed_name = "conformance";
    if (c.value("input", "") == "http" && c.contains("http")) {
      ctx.feed_url = c["http"].value("url", "");
      const json headers = c["http"].value("response_headers", json::object());
      for (const auto& [k, v] : headers.items()) {
        std::string lk = k;
        for (char& ch : lk) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (lk == "content-type" && v.is_string()) ctx.content_type = v.get<std::string>();
      }
    }
    auto parsed = ParseFeed(*bytes, ctx);
    if (parsed.ok()) ++t.parsed;
    for (const auto& a : c["assertions"]) {
      Actual actual = parsed.ok() ? Lookup(*parsed, a["path"]) : Actual{};
      if (!actual.mapped) {
        if (parsed.ok() || !Lookup(ParsedFeed{}, a["path"]).mapped) {
          ++t.unmapped;
          continue;
        }
      }
      ++t.mapped;
      bool ok = parsed.ok() && Check(a, actual, *parsed);
      t.passed += ok;
      if (!ok && verbose)
        std::cerr << "FAIL " << c["file"].get<std::string>() << " " << a.dump() << " got "
                  << (actual.value ? "\"" + *actual.value + "\"" : std::string("(absent)")) << "\n";
    }
  }
  json report = json::object();
  for (const auto& [suite, t] : tally)
    report[suite] = {
        {"cases", t.cases},
        {"parsed", t.parsed},
        {"assertions_mapped", t.mapped},
        {"assertions_passed", t.passed},
        {"assertions_unmapped", t.unmapped},
        {"pass_rate",
         t.mapped ? static_cast<double>(t.passed) / static_cast<double>(t.mapped) : 1.0}};
  std::cout << report.dump(2) << "\n";
  double rate = report["wellformed"]["pass_rate"];
  if (min_rate >= 0) {
    bool ok = rate >= min_rate;
    std::cout << "conformance: well-formed pass rate " << rate << (ok ? " >= " : " < ") << min_rate
              << "\n"
              << (ok ? "1 passed, 0 failed" : "0 passed, 1 failed") << "\n";
    return ok ? 0 : 1;
  }
  return 0;
}
