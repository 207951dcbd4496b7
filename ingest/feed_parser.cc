#include "ingest/feed_parser.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "common/ascii.h"
#include "ingest/charset.h"
#include "ingest/feed_date.h"
#include "ingest/html_text.h"

namespace newsd {
namespace {

// Local name without namespace prefix: "dc:date" -> "date".
std::string_view LocalName(const char* name) {
  const char* colon = std::strchr(name, ':');
  return colon ? std::string_view(colon + 1) : std::string_view(name);
}

std::string_view Prefix(const char* name) {
  const char* colon = std::strchr(name, ':');
  return colon ? std::string_view(name, static_cast<size_t>(colon - name)) : std::string_view();
}

// Element prefixes mapped to what they mean. Feeds nearly always use the
// conventional prefixes, but the namespace URI is what counts: core RSS
// elements may carry a prefix bound to an RSS namespace ("r:item"), and an
// extension may reuse a core element's local name under its own namespace
// ("szf:description").
class Namespaces {
 public:
  explicit Namespaces(bool atom) : atom_(atom) {}

  // Reads the xmlns:* declarations of `n`.
  void Declare(pugi::xml_node n) {
    for (pugi::xml_attribute a : n.attributes()) {
      std::string_view name = a.name();
      if (name.rfind("xmlns:", 0) != 0) continue;
      // Compared without case: Apple's own feeds spell the iTunes URI both ways.
      bound_[std::string(name.substr(6))] = AsciiLower(a.value());
    }
  }

  // "" for the feed's own vocabulary (no prefix, or one bound to the RSS
  // namespaces in RSS, to the Atom ones in Atom); "dc", "dcterms",
  // "content", "media", "sy", "itunes", "atom", "rdf" for the modules
  // whatever their prefix; an undeclared prefix as written; "?" for a
  // prefix bound to a namespace newsd does not read.
  std::string_view Canonical(std::string_view prefix) const {
    if (prefix.empty()) return prefix;
    auto it = bound_.find(std::string(prefix));
    if (it == bound_.end()) return prefix;
    static const std::pair<std::string_view, std::string_view> kKnown[] = {
        {"http://purl.org/dc/elements/1.1/", "dc"},
        {"http://purl.org/dc/terms/", "dcterms"},
        {"http://purl.org/rss/1.0/modules/content/", "content"},
        {"http://search.yahoo.com/mrss/", "media"},
        {"http://search.yahoo.com/mrss", "media"},
        {"http://purl.org/rss/1.0/modules/syndication/", "sy"},
        {"http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"},
        {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
        {"http://www.w3.org/2005/atom", "atom"},  // lower case: Declare lowers URIs
        {"http://purl.org/atom/ns#", "atom"},
        {"http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"},
        {"http://backend.userland.com/rss2", "rss"},
        {"http://backend.userland.com/rss", "rss"},
        {"http://purl.org/rss/1.0/", "rss"},
        {"http://my.netscape.com/rdf/simple/0.9/", "rss"},
        {"http://purl.org/net/rss1.1#", "rss"}};
    for (const auto& [uri, canon] : kKnown) {
      if (it->second != uri) continue;
      if ((canon == "rss" && !atom_) || (canon == "atom" && atom_)) return {};
      return canon;
    }
    return "?";
  }

  std::string_view PrefixOf(const char* name) const { return Canonical(Prefix(name)); }
  bool IsCore(const char* name) const { return PrefixOf(name).empty(); }

  // The first child element with this local name in the feed's own vocabulary.
  pugi::xml_node CoreChild(pugi::xml_node n, std::string_view local) const {
    for (pugi::xml_node c : n.children())
      if (c.type() == pugi::node_element && LocalName(c.name()) == local && IsCore(c.name()))
        return c;
    return {};
  }

 private:
  bool atom_;
  std::map<std::string, std::string> bound_;
};

// All text below a node, concatenated (CDATA included).
std::string NodeText(pugi::xml_node n) {
  std::string out;
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out += c.value();
    } else if (c.type() == pugi::node_element) {
      out += NodeText(c);
    }
  }
  return out;
}

// Inner XML of a node, for Atom type="xhtml" content.
std::string InnerXml(pugi::xml_node n) {
  struct Writer : pugi::xml_writer {
    std::string s;
    void write(const void* data, size_t size) override {
      s.append(static_cast<const char*>(data), size);
    }
  } w;
  // <iframe></iframe>, never <iframe/>: HTML reads the latter as an open tag.
  for (pugi::xml_node c : n.children())
    c.print(w, "", pugi::format_raw | pugi::format_no_empty_element_tags);
  return w.s;
}

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// "me@example.com (Example editor)" and "Example editor (me@example.com)"
// name the person in parentheses or outside them; the address is not a name.
std::string AuthorName(std::string s) {
  size_t open = s.find('(');
  size_t close = s.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return s;
  std::string inside = Trim(s.substr(open + 1, close - open - 1));
  std::string outside = Trim(s.substr(0, open) + s.substr(close + 1));
  if (outside.find('@') != std::string::npos && !inside.empty()) return inside;
  if (inside.find('@') != std::string::npos && !outside.empty()) return outside;
  return s;
}

// Atom 0.3 mode="base64" content.
std::string DecodeBase64(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;  // whitespace, padding
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

// Plain text with paragraphs: each paragraph's whitespace collapsed.
std::string CollapseParagraphs(std::string_view s) {
  std::string out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t next = s.find("\n\n", pos);
    std::string p =
        CollapseWhitespace(s.substr(pos, next == std::string_view::npos ? s.npos : next - pos));
    if (!p.empty()) out += (out.empty() ? "" : "\n\n") + p;
    if (next == std::string_view::npos) break;
    pos = next + 2;
  }
  return out;
}

// Titles and summaries may be plain text or escaped HTML; both become text.
std::string TextOf(pugi::xml_node n) {
  if (!n) return {};
  std::string type = n.attribute("type").as_string();
  std::string_view mode = n.attribute("mode").as_string();
  // Atom 1.0 type="xhtml"; Atom 0.3 names it by MIME type or mode="xml".
  const bool xhtml = type == "xhtml" || type == "application/xhtml+xml" || mode == "xml";
  std::string raw = xhtml ? InnerXml(n) : NodeText(n);
  // Atom 0.3 mode="base64"; Atom 1.0 base64-encodes any media type that is
  // neither text nor XML (RFC 4287, 4.1.3.3).
  const bool binary_type = type.find('/') != std::string::npos && type.rfind("text/", 0) != 0 &&
                           type.find("xml") == std::string::npos;
  if (mode == "base64" || binary_type) raw = DecodeBase64(raw);
  if (type == "text" || type == "text/plain") return CollapseWhitespace(raw);  // no markup
  return HtmlToText(raw);
}

void PushUnique(std::vector<std::string>& v, std::string s) {
  s = Trim(std::move(s));
  if (s.empty()) return;
  for (const auto& e : v)
    if (e == s) return;
  v.push_back(std::move(s));
}

void SetDate(std::optional<Timestamp>& field, pugi::xml_node n) {
  if (field || !n) return;
  field = ParseFeedDate(NodeText(n));
}

// The xml:base in scope for a node: its own, resolved against its parent's.
std::string BaseOf(pugi::xml_node n, const std::string& outer) {
  const char* xb = n.attribute("xml:base").as_string(nullptr);
  return xb ? ResolveUrl(outer, xb) : outer;
}

void AddMedia(Item& item, pugi::xml_node n, std::string_view name, const std::string& base) {
  std::string url = Trim(n.attribute("url").as_string());
  if (url.empty()) return;
  url = ResolveUrl(base, url);
  for (const auto& m : item.media)
    if (m.url == url) return;
  std::string medium = n.attribute("medium").as_string();
  if (name == "thumbnail") medium = "thumbnail";
  item.media.push_back({std::move(url), n.attribute("type").as_string(), std::move(medium)});
}

Item ParseEntry(pugi::xml_node entry, bool atom, const Namespaces& outer_ns,
                const ParseContext& ctx, const std::string& outer_base,
                const std::string& feed_title) {
  Namespaces ns = outer_ns;
  ns.Declare(entry);
  Item item;
  const std::string base = BaseOf(entry, outer_base);
  std::string media_title, media_description;
  item.feed_url = ctx.feed_url;
  item.feed_name = ctx.feed_name.empty() ? ctx.feed_url : ctx.feed_name;
  item.feed_title = feed_title;
  std::string description, content, dc_title, dc_description, itunes_summary;
  bool have_description = false;
  bool guid_is_permalink = true;
  for (pugi::xml_node c : entry.children()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    std::string_view prefix = ns.PrefixOf(c.name());
    const bool core = prefix.empty();
    if (name == "title" && core) {
      item.title = TextOf(c);
    } else if (name == "title" && prefix == "dc") {
      dc_title = TextOf(c);
    } else if (name == "link" && (core || (!atom && prefix == "atom"))) {
      if (atom || !core) {
        std::string rel = c.attribute("rel").as_string("alternate");
        // Atom 0.3 feeds sometimes put the URL in the text instead of href.
        std::string href = c.attribute("href").as_string();
        if (href.empty()) href = Trim(NodeText(c));
        if (rel == "alternate" && item.link.empty()) item.link = href;
      } else if (item.link.empty()) {
        item.link = Trim(NodeText(c));
      }
    } else if ((name == "guid" || name == "id") && core) {
      item.guid = Trim(NodeText(c));
      guid_is_permalink = std::string_view(c.attribute("isPermaLink").as_string("true")) != "false";
    } else if ((name == "pubDate" || name == "published" || name == "issued") &&
               (core || prefix == "dcterms" || prefix == "atom")) {
      SetDate(item.published, c);
    } else if (name == "date" && prefix == "dc") {
      // Dublin Core's one date stands for both.
      SetDate(item.published, c);
      SetDate(item.updated, c);
    } else if ((name == "updated" || name == "modified") &&
               (core || prefix == "dcterms" || prefix == "atom")) {
      SetDate(item.updated, c);
    } else if ((name == "author" && (core || prefix == "dc" || prefix == "itunes")) ||
               (name == "creator" && prefix == "dc") || (name == "author" && prefix == "atom")) {
      // An Atom person (in Atom, or as atom:author in RSS) names itself in
      // a <name> child.
      std::string who = atom ? NodeText(ns.CoreChild(c, "name")) : "";
      if (prefix == "atom")
        for (pugi::xml_node n : c.children())
          if (LocalName(n.name()) == "name" && who.empty()) who = NodeText(n);
      if (who.empty()) who = NodeText(c);
      PushUnique(item.authors, AuthorName(Trim(who)));
    } else if ((name == "category" && (core || prefix == "atom")) ||
               (name == "subject" && prefix == "dc")) {
      // Atom's term, else its human-readable label, else RSS's text.
      std::string term = c.attribute("term").as_string();
      if (term.empty()) term = c.attribute("label").as_string();
      PushUnique(item.categories, term.empty() ? NodeText(c) : term);
    } else if (name == "category" && prefix == "media") {
      PushUnique(item.categories, NodeText(c));
    } else if (name == "summary" && prefix == "itunes") {
      itunes_summary = TextOf(c);
    } else if (name == "description" && prefix == "dc") {
      dc_description = TextOf(c);
    } else if (name == "category" && prefix == "itunes") {
      PushUnique(item.categories, c.attribute("text").as_string());
      for (pugi::xml_node sub : c.children())
        if (LocalName(sub.name()) == "category")
          PushUnique(item.categories, sub.attribute("text").as_string());
    } else if ((name == "description" || name == "summary") && core) {
      // Both in one RSS item: the first is the summary, the second the
      // content (as feedparser reads them).
      if (!have_description) {
        description = TextOf(c);
        have_description = true;
      } else if (content.empty()) {
        content = TextOf(c);
      }
    } else if ((name == "encoded" && prefix == "content") || (name == "content" && core) ||
               (name == "fullitem" && core)) {
      content = TextOf(c);
    } else if (name == "body" && content.empty()) {
      content = HtmlToText(InnerXml(c));  // XHTML <body> inside an RSS item
    } else if (prefix == "media" && (name == "content" || name == "thumbnail")) {
      AddMedia(item, c, name, base);
      for (pugi::xml_node t : c.children())  // media:content may hold its own thumbnail
        if (LocalName(t.name()) == "thumbnail") AddMedia(item, t, "thumbnail", base);
    } else if (prefix == "media" && name == "group") {
      for (pugi::xml_node g : c.children()) {
        std::string_view gn = LocalName(g.name());
        if (gn == "content" || gn == "thumbnail") AddMedia(item, g, gn, base);
        if (gn == "title" && media_title.empty()) media_title = TextOf(g);
        if (gn == "description" && media_description.empty()) media_description = TextOf(g);
      }
    } else if (prefix == "media" && name == "title") {
      media_title = TextOf(c);
    } else if (prefix == "media" && name == "description") {
      media_description = TextOf(c);
    } else if (name == "enclosure" && core) {
      AddMedia(item, c, name, base);
    }
  }
  if (item.title.empty()) item.title = std::move(dc_title);
  if (description.empty())
    description = !dc_description.empty() ? std::move(dc_description) : std::move(itunes_summary);
  // RSS 1.0 names an item by its rdf:about.
  if (item.guid.empty()) item.guid = Trim(entry.attribute("rdf:about").as_string());
  // Media RSS fills in what the item itself lacks (video and photo feeds).
  if (item.title.empty()) item.title = std::move(media_title);
  if (description.empty()) description = std::move(media_description);
  if (item.link.empty() && !atom && guid_is_permalink && item.guid.rfind("http", 0) == 0)
    item.link = item.guid;
  if (!item.link.empty()) item.link = ResolveUrl(base, item.link);
  item.summary_text = std::move(description);
  item.content_text = std::move(content);
  if (!item.published && !item.updated) {
    item.published = ctx.fetch_time;
    item.date_is_fetch_time = true;
  }
  return item;
}

// RSS <ttl> (minutes) and the syndication module's sy:updatePeriod /
// sy:updateFrequency (that many updates per period), the larger of the two.
std::optional<std::chrono::seconds> PublisherInterval(pugi::xml_node channel) {
  std::optional<std::chrono::seconds> out;
  auto raise = [&](int64_t secs) {
    if (secs > 0 && (!out || secs > out->count())) out = std::chrono::seconds(secs);
  };
  std::string period;
  int64_t frequency = 1;
  for (pugi::xml_node c : channel.children()) {
    std::string_view name = LocalName(c.name());
    std::string_view prefix = Prefix(c.name());
    if (name == "ttl" && prefix.empty()) {
      raise(std::strtoll(Trim(NodeText(c)).c_str(), nullptr, 10) * 60);
    } else if (name == "updatePeriod" && !prefix.empty()) {
      period = Trim(NodeText(c));
    } else if (name == "updateFrequency" && !prefix.empty()) {
      frequency = std::max<int64_t>(1, std::strtoll(Trim(NodeText(c)).c_str(), nullptr, 10));
    }
  }
  static const std::pair<const char*, int64_t> kPeriods[] = {{"hourly", 3600},
                                                             {"daily", 86400},
                                                             {"weekly", 7 * 86400},
                                                             {"monthly", 30 * 86400},
                                                             {"yearly", 365 * 86400}};
  for (const auto& [word, secs] : kPeriods)
    if (period == word) raise(secs / frequency);
  return out;
}

// Where built items go: into ParsedFeed::items, or to the caller's sink.
class ItemOutput {
 public:
  ItemOutput(ParsedFeed& feed, const ItemSink* sink) : feed_(feed), sink_(sink) {}
  void Add(Item&& item) {
    ++kept_;
    if (sink_)
      (*sink_)(std::move(item));
    else
      feed_.items.push_back(std::move(item));
  }
  // False (and the entry counted as cut) once ctx.max_items are kept.
  bool Room(const ParseContext& ctx) {
    if (ctx.max_items == 0 || kept_ < ctx.max_items) return true;
    ++feed_.items_cut;
    return false;
  }
  size_t kept() const { return kept_; }

 private:
  ParsedFeed& feed_;
  const ItemSink* sink_;
  size_t kept_ = 0;
};

// JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1).
Result<ParsedFeed> ParseJsonFeed(const std::string& text, const ParseContext& ctx, ParsedFeed feed,
                                 const ItemSink* sink) {
  ItemOutput out(feed, sink);
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::ParseError("not a feed: broken JSON");
  auto version_field = j.find("version");
  const std::string version = version_field != j.end() && version_field->is_string()
                                  ? version_field->get<std::string>()
                                  : std::string();
  // The version is a URL (https://jsonfeed.org/version/1.1); feeds in the
  // wild also write "1.1" or leave it out. A JSON object with an items
  // array is read as a feed whatever it says.
  auto items_array = j.find("items");
  const bool has_items = items_array != j.end() && items_array->is_array();
  if (version.find("jsonfeed.org") == std::string::npos && !has_items)
    return Status::ParseError("not a feed: JSON without a JSON Feed version or items");
  // Read, but said, as a broken XML feed is.
  if (version.find("jsonfeed.org") == std::string::npos) {
    feed.recovered = true;
    feed.recovery_note = version_field == j.end()
                             ? std::string("no JSON Feed version")
                             : "version " + version_field->dump() + " is not a JSON Feed URL";
  }
  auto str = [](const nlohmann::json& o, const char* k) {
    auto it = o.find(k);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  feed.format = "json";
  feed.title = CollapseWhitespace(str(j, "title"));
  std::string base = ctx.feed_url;
  feed.link = str(j, "home_page_url");
  if (!feed.link.empty()) feed.link = ResolveUrl(base, feed.link);
  auto names = [&](const nlohmann::json& o) {
    std::vector<std::string> out;
    if (auto a = o.find("authors"); a != o.end() && a->is_array()) {
      for (const auto& x : *a)
        if (x.is_object()) PushUnique(out, str(x, "name"));
    } else if (auto a1 = o.find("author"); a1 != o.end() && a1->is_object()) {
      PushUnique(out, str(*a1, "name"));
    }
    return out;
  };
  std::vector<std::string> feed_authors = names(j);
  auto items = j.find("items");
  if (items == j.end() || !items->is_array()) return feed;
  for (const auto& x : *items) {
    if (!out.Room(ctx)) continue;
    if (!x.is_object()) continue;
    Item item;
    item.feed_url = ctx.feed_url;
    item.feed_name = ctx.feed_name.empty() ? ctx.feed_url : ctx.feed_name;
    item.feed_title = feed.title;
    if (auto id = x.find("id"); id != x.end())
      item.guid = id->is_string() ? id->get<std::string>() : id->is_number() ? id->dump() : "";
    item.link = str(x, "url");
    if (item.link.empty()) item.link = str(x, "external_url");
    if (!item.link.empty()) item.link = ResolveUrl(base, item.link);
    item.title = CollapseWhitespace(str(x, "title"));
    std::string html = str(x, "content_html");
    item.content_text =
        html.empty() ? CollapseParagraphs(str(x, "content_text")) : HtmlToText(html);
    item.summary_text = CollapseWhitespace(str(x, "summary"));
    if (auto d = ParseRfc3339(str(x, "date_published"))) item.published = d;
    if (auto d = ParseRfc3339(str(x, "date_modified"))) item.updated = d;
    item.authors = names(x);
    if (item.authors.empty()) item.authors = feed_authors;
    if (auto tags = x.find("tags"); tags != x.end() && tags->is_array())
      for (const auto& t : *tags)
        if (t.is_string()) PushUnique(item.categories, t.get<std::string>());
    if (std::string image = str(x, "image"); !image.empty())
      item.media.push_back({ResolveUrl(base, image), "", "image"});
    if (auto att = x.find("attachments"); att != x.end() && att->is_array())
      for (const auto& a : *att)
        if (a.is_object() && !str(a, "url").empty())
          item.media.push_back({ResolveUrl(base, str(a, "url")), str(a, "mime_type"), ""});
    if (!item.published && !item.updated) {
      item.published = ctx.fetch_time;
      item.date_is_fetch_time = true;
    }
    out.Add(std::move(item));
  }
  return feed;
}

}  // namespace

namespace {

// `sink` null: items are collected in ParsedFeed::items.
Result<ParsedFeed> ParseDocument(std::string_view bytes, const ParseContext& ctx,
                                 const ItemSink* sink) {
  ParsedFeed feed;
  Utf8Text utf8 = DecodeToUtf8(bytes, ctx.content_type);
  feed.charset = utf8.charset;
  size_t first = utf8.text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return Status::ParseError("empty document");
  // The format is sniffed from the bytes, not trusted from the URL.
  if (utf8.text[first] == '{') return ParseJsonFeed(utf8.text, ctx, std::move(feed), sink);

  pugi::xml_document doc;
  // parse_default does not expand DOCTYPE entities (pugixml has no DTD
  // support), so XXE and billion-laughs documents stay inert.
  pugi::xml_parse_result res =
      doc.load_buffer(utf8.text.data(), utf8.text.size(),
                      pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
  if (!res) {
    feed.recovered = true;
    feed.recovery_note = std::string(res.description()) + " at byte " + std::to_string(res.offset);
  }

  pugi::xml_node root = doc.document_element();
  std::string_view root_name = root ? LocalName(root.name()) : std::string_view();
  pugi::xml_node channel;
  bool atom = root_name == "feed";
  Namespaces ns(atom);
  ns.Declare(root);
  if (root_name == "rss") {
    feed.format = "rss";
    channel = ns.CoreChild(root, "channel");
  } else if (root_name == "RDF") {
    feed.format = "rdf";
    channel = root;
  } else if (root_name == "feed") {
    feed.format = "atom";
    channel = root;
  } else {
    if (!res) return Status::ParseError("not a feed: " + feed.recovery_note);
    return Status::ParseError("not a feed: root element <" + std::string(root_name) + ">");
  }
  if (!channel) return feed;  // an empty RSS document: a feed with no items

  ns.Declare(channel);
  pugi::xml_node meta = feed.format == "rdf" ? ns.CoreChild(root, "channel") : channel;
  std::string dc_title;
  for (pugi::xml_node c : meta.children()) {
    std::string_view name = LocalName(c.name());
    std::string_view prefix = ns.PrefixOf(c.name());
    if (name == "title" && prefix == "dc" && dc_title.empty()) dc_title = TextOf(c);
    if (name == "link" && (prefix.empty() || prefix == "atom") && c.attribute("href")) {
      std::string rel = " " + AsciiLower(c.attribute("rel").as_string()) + " ";
      std::string href = Trim(c.attribute("href").as_string());
      if (feed.hub.empty() && rel.find(" hub ") != std::string::npos) feed.hub = href;
      if (feed.self.empty() && rel.find(" self ") != std::string::npos) feed.self = href;
    }
    if (!prefix.empty()) continue;
    if (name == "title" && feed.title.empty()) feed.title = TextOf(c);
    if (name == "link" && feed.link.empty())
      feed.link = atom ? c.attribute("href").as_string() : Trim(NodeText(c));
  }
  if (feed.title.empty()) feed.title = std::move(dc_title);
  const std::string base = BaseOf(root, ctx.feed_url);
  if (!feed.link.empty()) feed.link = ResolveUrl(base, feed.link);
  if (!feed.hub.empty()) feed.hub = ResolveUrl(base, feed.hub);
  if (!feed.self.empty()) feed.self = ResolveUrl(base, feed.self);
  feed.publisher_interval = PublisherInterval(meta);

  ItemOutput out(feed, sink);
  const char* entry_name = atom ? "entry" : "item";
  for (pugi::xml_node c : channel.children()) {
    if (c.type() != pugi::node_element || LocalName(c.name()) != entry_name || !ns.IsCore(c.name()))
      continue;
    // In a broken document pugixml keeps what it parsed before the error,
    // including an entry cut off in the middle: keep only entries whose
    // closing tag lies before the error.
    if (!res) {
      std::string close = "</" + std::string(c.name()) + ">";
      auto start = static_cast<size_t>(c.offset_debug());
      auto end = utf8.text.find(close, start);
      if (end == std::string::npos || end + close.size() > static_cast<size_t>(res.offset) + 1)
        continue;
    }
    if (!out.Room(ctx)) continue;
    out.Add(ParseEntry(c, atom, ns, ctx, base, feed.title));
  }
  if (!res && out.kept() == 0)
    return Status::ParseError("broken XML with no complete item: " + feed.recovery_note);
  return feed;
}

}  // namespace

Result<ParsedFeed> ParseFeed(std::string_view bytes, const ParseContext& ctx) {
  return ParseDocument(bytes, ctx, nullptr);
}

Result<ParsedFeed> ParseFeed(std::string_view bytes, const ParseContext& ctx,
                             const ItemSink& sink) {
  return ParseDocument(bytes, ctx, sink ? &sink : nullptr);
}

}  // namespace newsd
