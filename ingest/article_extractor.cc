#include "ingest/article_extractor.h"

#include <gumbo.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <vector>

#include "common/ascii.h"
#include "ingest/feed_date.h"
#include "ingest/html_bounds.h"
#include "ingest/html_text.h"
#include "ingest/url.h"

namespace newsd {
namespace {

// A paragraph this short neither scores its container nor counts as text
// on its own (readability's threshold).
constexpr size_t kMinParagraphChars = 25;
// Page furniture that holds more than this share of the page's text is the
// page itself (a wrapper named "sidebar-layout"), not furniture.
constexpr double kFurnitureMaxShare = 0.5;
// A paragraph whose text is mostly link text is navigation.
constexpr double kMaxParagraphLinkShare = 0.5;

std::string Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? std::string(a->value) : std::string();
}

const GumboElement* Element(const GumboNode* n) {
  return n && n->type == GUMBO_NODE_ELEMENT ? &n->v.element : nullptr;
}

// Elements that never hold article text.
bool IsNeverText(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}

// Elements that are page furniture by their tag: navigation, asides, the
// page header and footer, figures (a photo and its caption are not the
// story's text).
bool IsFurnitureTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_MENU:
      return true;
    default:
      return false;
  }
}

// The words of class and id attributes (split at anything not a letter or
// digit), lower case.
std::vector<std::string> NameTokens(const GumboElement& e) {
  std::vector<std::string> out;
  for (const char* attr : {"class", "id"}) {
    std::string v = AsciiLower(Attr(e, attr));
    std::string cur;
    for (char c : v) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        cur.push_back(c);
      } else if (!cur.empty()) {
        out.push_back(std::move(cur));
        cur.clear();
      }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
  }
  return out;
}

bool AnyOf(const std::vector<std::string>& tokens, std::initializer_list<std::string_view> words) {
  return std::any_of(tokens.begin(), tokens.end(), [&](const std::string& t) {
    return std::find(words.begin(), words.end(), t) != words.end();
  });
}

// Names that mark page furniture wherever they appear.
bool HasFurnitureName(const std::vector<std::string>& t) {
  return AnyOf(t, {"comment",
                   "comments",
                   "discussion",
                   "disqus",
                   "replies",
                   "reply",
                   "related",
                   "recirc",
                   "recirculation",
                   "outbrain",
                   "taboola",
                   "trending",
                   "popular",
                   "mostread",
                   "share",
                   "sharing",
                   "social",
                   "cookie",
                   "cookies",
                   "consent",
                   "gdpr",
                   "newsletter",
                   "signup",
                   "subscribe",
                   "subscription",
                   "paywall",
                   "promo",
                   "promotion",
                   "ad",
                   "ads",
                   "advert",
                   "advertisement",
                   "sponsor",
                   "sponsored",
                   "banner",
                   "sidebar",
                   "nav",
                   "navbar",
                   "navigation",
                   "menu",
                   "breadcrumb",
                   "breadcrumbs",
                   "footer",
                   "masthead",
                   "byline",
                   "dateline",
                   "author",
                   "caption",
                   "credit",
                   "tags",
                   "more",
                   "recommended",
                   "recommendations",
                   "toolbar",
                   "widget",
                   "popup",
                   "modal",
                   "hidden",
                   "skip",
                   "print",
                   "login"});
}

// Names that suggest the article's container (readability's +25).
bool HasContentName(const std::vector<std::string>& t) {
  return AnyOf(t, {"article", "body", "content", "entry", "main", "post", "story", "text", "blog",
                   "hentry", "prose"});
}

bool IsHiddenByAttribute(const GumboElement& e) {
  if (gumbo_get_attribute(&e.attributes, "hidden")) return true;
  if (AsciiLower(Attr(e, "aria-hidden")) == "true") return true;
  std::string style = AsciiLower(Attr(e, "style"));
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  if (style.find("display:none") != std::string::npos ||
      style.find("visibility:hidden") != std::string::npos)
    return true;
  std::string role = AsciiLower(Attr(e, "role"));
  return role == "navigation" || role == "complementary" || role == "contentinfo" ||
         role == "banner" || role == "dialog" || role == "alert";
}

bool IsBlock(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FIGURE:
      return true;
    default:
      return false;
  }
}

// Readability's prior for a container by its tag.
double TagPrior(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_MAIN:
      return 5;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
      return 3;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
      return -3;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
      return -5;
    default:
      return 0;
  }
}

struct NodeInfo {
  size_t chars = 0;       // visible text, whitespace runs counted once
  size_t link_chars = 0;  // of which inside <a>
  size_t commas = 0;
  bool has_block_child = false;
  bool set_aside = false;  // furniture: not scored, not emitted
  bool candidate = false;
  double score = 0;
};

// Paragraphs of the chosen elements, as a reader sees them.
class ParagraphSink {
 public:
  void Text(std::string_view s, bool in_link) {
    for (char c : s) {
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (space) {
        pending_space_ = !cur_.empty();
        continue;
      }
      if (pending_space_) cur_.push_back(' ');
      pending_space_ = false;
      cur_.push_back(c);
      ++chars_;
      link_chars_ += in_link;
    }
  }
  void Break(bool heading_one = false) {
    bool keep =
        !cur_.empty() && !heading_one && CountWords(cur_) >= 2 &&
        static_cast<double>(link_chars_) <= kMaxParagraphLinkShare * static_cast<double>(chars_);
    if (keep) paragraphs_.push_back(std::move(cur_));
    cur_.clear();
    chars_ = link_chars_ = 0;
    pending_space_ = false;
  }
  std::vector<std::string> Finish() {
    Break();
    return std::move(paragraphs_);
  }

 private:
  std::string cur_;
  size_t chars_ = 0, link_chars_ = 0;
  bool pending_space_ = false;
  std::vector<std::string> paragraphs_;
};

class Extraction {
 public:
  explicit Extraction(const GumboNode* root) : root_(root) {}

  std::vector<std::string> Paragraphs() {
    Measure(root_, false);
    const GumboNode* body = FindBody(root_);
    if (!body) return {};
    page_chars_ = info_[body].chars;
    SetAside(body);
    Score(body);
    const GumboNode* top = nullptr;
    double best = 0;
    for (auto& [node, inf] : info_) {
      if (!inf.candidate) continue;
      double s = Adjusted(node);
      if (!top || s > best || (s == best && node < top)) {
        top = node;
        best = s;
      }
    }
    ParagraphSink sink;
    if (!top) {
      Emit(body, sink, false);
      return sink.Finish();
    }
    for (const GumboNode* n : WithSiblings(top, best)) {
      Emit(n, sink, false);
      sink.Break();
    }
    return sink.Finish();
  }

 private:
  static const GumboNode* FindBody(const GumboNode* n) {
    const GumboElement* e = Element(n);
    if (!e) return nullptr;
    if (e->tag == GUMBO_TAG_BODY) return n;
    for (unsigned i = 0; i < e->children.length; ++i)
      if (auto* b = FindBody(static_cast<const GumboNode*>(e->children.data[i]))) return b;
    return nullptr;
  }

  // Text lengths of every element, bottom up.
  NodeInfo Measure(const GumboNode* n, bool in_link) {
    NodeInfo out;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      bool space = true;
      for (const char* p = n->v.text.text; *p; ++p) {
        bool s = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
        if (!s || !space) ++out.chars;
        out.commas += *p == ',';
        space = s;
      }
      if (in_link) out.link_chars = out.chars;
      return out;
    }
    const GumboElement* e = Element(n);
    if (!e || IsNeverText(e->tag)) return out;
    bool link = in_link || e->tag == GUMBO_TAG_A;
    for (unsigned i = 0; i < e->children.length; ++i) {
      auto* c = static_cast<const GumboNode*>(e->children.data[i]);
      NodeInfo ci = Measure(c, link);
      out.chars += ci.chars;
      out.link_chars += ci.link_chars;
      out.commas += ci.commas;
      // A line break is phrasing content: a div of text and <br>s reads as
      // paragraphs (readability turns it into one).
      if (const GumboElement* ce = Element(c);
          ce && IsBlock(ce->tag) && ce->tag != GUMBO_TAG_BR && ce->tag != GUMBO_TAG_HR)
        out.has_block_child = true;
    }
    info_[n] = out;
    return out;
  }

  void SetAside(const GumboNode* n) {
    const GumboElement* e = Element(n);
    if (!e) return;
    if (IsNeverText(e->tag)) return;
    NodeInfo& inf = info_[n];
    bool furniture =
        IsHiddenByAttribute(*e) ||
        (e->tag != GUMBO_TAG_BODY && (IsFurnitureTag(e->tag) || HasFurnitureName(NameTokens(*e))));
    if (furniture &&
        static_cast<double>(inf.chars) <= kFurnitureMaxShare * static_cast<double>(page_chars_)) {
      inf.set_aside = true;
      return;
    }
    for (unsigned i = 0; i < e->children.length; ++i)
      SetAside(static_cast<const GumboNode*>(e->children.data[i]));
  }

  void Candidate(const GumboNode* n) {
    NodeInfo& inf = info_[n];
    if (inf.candidate) return;
    inf.candidate = true;
    const GumboElement* e = Element(n);
    inf.score = TagPrior(e->tag);
    auto names = NameTokens(*e);
    if (HasContentName(names)) inf.score += 25;
    if (HasFurnitureName(names)) inf.score -= 25;
  }

  // Paragraphs, and divs that hold only inline text, score their ancestors.
  void Score(const GumboNode* n) {
    const GumboElement* e = Element(n);
    if (!e || IsNeverText(e->tag)) return;
    const NodeInfo& inf = info_[n];
    if (inf.set_aside) return;
    bool paragraph = e->tag == GUMBO_TAG_P || e->tag == GUMBO_TAG_PRE ||
                     (e->tag == GUMBO_TAG_DIV && !inf.has_block_child);
    if (paragraph && inf.chars >= kMinParagraphChars) {
      double score = 1.0 + static_cast<double>(inf.commas) +
                     std::min(3.0, static_cast<double>(inf.chars / 100));
      const GumboNode* a = n->parent;
      for (int level = 0; level < 3 && a && Element(a); ++level, a = a->parent) {
        if (Element(a)->tag == GUMBO_TAG_HTML) break;
        Candidate(a);
        info_[a].score += level == 0 ? score : level == 1 ? score / 2 : score / (level * 3);
      }
    }
    for (unsigned i = 0; i < e->children.length; ++i)
      Score(static_cast<const GumboNode*>(e->children.data[i]));
  }

  double LinkDensity(const GumboNode* n) {
    const NodeInfo& inf = info_[n];
    return inf.chars ? static_cast<double>(inf.link_chars) / static_cast<double>(inf.chars) : 0;
  }

  double Adjusted(const GumboNode* n) { return info_[n].score * (1.0 - LinkDensity(n)); }

  // The top candidate and those of its siblings that read as more of the
  // same article (readability's rule).
  std::vector<const GumboNode*> WithSiblings(const GumboNode* top, double best) {
    const GumboNode* parent = top->parent;
    const GumboElement* pe = Element(parent);
    if (!pe) return {top};
    std::vector<const GumboNode*> out;
    const double threshold = std::max(10.0, best * 0.2);
    const std::string top_class = Attr(*Element(top), "class");
    for (unsigned i = 0; i < pe->children.length; ++i) {
      auto* s = static_cast<const GumboNode*>(pe->children.data[i]);
      const GumboElement* se = Element(s);
      if (!se) continue;
      if (s == top) {
        out.push_back(s);
        continue;
      }
      const NodeInfo& si = info_[s];
      if (si.set_aside || IsNeverText(se->tag)) continue;
      double bonus = !top_class.empty() && Attr(*se, "class") == top_class ? best * 0.2 : 0;
      bool take = si.candidate && Adjusted(s) + bonus >= threshold;
      if (!take && se->tag == GUMBO_TAG_P) {
        double ld = LinkDensity(s);
        take = (si.chars > 80 && ld < 0.25) ||
               (si.chars <= 80 && ld == 0 && si.chars > 0 && EndsSentence(s));
      }
      if (take) out.push_back(s);
    }
    return out;
  }

  static bool EndsSentence(const GumboNode* n) {
    std::string text;
    CollectText(n, text);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
    return !text.empty() &&
           (text.back() == '.' || text.back() == '"' || text.back() == '!' || text.back() == '?');
  }

  static void CollectText(const GumboNode* n, std::string& out) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE) {
      out += n->v.text.text;
      return;
    }
    const GumboElement* e = Element(n);
    if (!e || IsNeverText(e->tag)) return;
    for (unsigned i = 0; i < e->children.length; ++i)
      CollectText(static_cast<const GumboNode*>(e->children.data[i]), out);
  }

  void Emit(const GumboNode* n, ParagraphSink& sink, bool in_link) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE) {
      sink.Text(n->v.text.text, in_link);
      return;
    }
    const GumboElement* e = Element(n);
    if (!e || IsNeverText(e->tag)) return;
    auto it = info_.find(n);
    if (it != info_.end() && it->second.set_aside) return;
    bool block = IsBlock(e->tag);
    if (block) sink.Break();
    bool link = in_link || e->tag == GUMBO_TAG_A;
    for (unsigned i = 0; i < e->children.length; ++i)
      Emit(static_cast<const GumboNode*>(e->children.data[i]), sink, link);
    // The page's own headline is the item's title, not its text.
    if (block) sink.Break(e->tag == GUMBO_TAG_H1);
  }

  const GumboNode* root_;
  size_t page_chars_ = 0;
  std::unordered_map<const GumboNode*, NodeInfo> info_;
};

// What the page's head and JSON-LD say about the article.
struct PageMeta {
  std::string canonical, og_url, og_title, title, published;
  std::string ld_body, ld_url, ld_headline, ld_published;
  std::string first_time;  // first <time datetime> in the body
};

bool IsArticleType(const nlohmann::json& type) {
  auto one = [](const nlohmann::json& t) {
    if (!t.is_string()) return false;
    const std::string& s = t.get_ref<const std::string&>();
    return s.ends_with("Article") || s == "BlogPosting" || s == "LiveBlogPosting" || s == "Report";
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), one);
  return one(type);
}

std::string JsonString(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  // mainEntityOfPage: {"@id": "..."}
  if (it->is_object()) {
    auto id = it->find("@id");
    if (id != it->end() && id->is_string()) return id->get<std::string>();
  }
  return {};
}

void FindLdArticle(const nlohmann::json& j, PageMeta& m, int depth) {
  if (depth > 8 || !m.ld_body.empty()) return;
  if (j.is_array()) {
    for (const auto& v : j) FindLdArticle(v, m, depth + 1);
    return;
  }
  if (!j.is_object()) return;
  if (auto graph = j.find("@graph"); graph != j.end()) FindLdArticle(*graph, m, depth + 1);
  auto type = j.find("@type");
  if (type == j.end() || !IsArticleType(*type)) return;
  std::string body = JsonString(j, "articleBody");
  // A live blog's text is its updates.
  if (auto updates = j.find("liveBlogUpdate"); updates != j.end() && updates->is_array()) {
    for (const auto& u : *updates) {
      if (!u.is_object()) continue;
      std::string b = JsonString(u, "articleBody");
      if (b.empty()) continue;
      if (!body.empty()) body += "\n\n";
      body += b;
    }
  }
  // The object with a body wins; one without still names the page.
  if (!body.empty() || m.ld_headline.empty()) {
    m.ld_body = body;
    m.ld_headline = JsonString(j, "headline");
    m.ld_published = JsonString(j, "datePublished");
    m.ld_url = JsonString(j, "url");
    if (m.ld_url.empty()) m.ld_url = JsonString(j, "mainEntityOfPage");
  }
}

void ReadMeta(const GumboNode* n, PageMeta& m) {
  const GumboElement* e = Element(n);
  if (!e) return;
  switch (e->tag) {
    case GUMBO_TAG_LINK: {
      std::string rel = " " + AsciiLower(Attr(*e, "rel")) + " ";
      if (m.canonical.empty() && rel.find(" canonical ") != std::string::npos)
        m.canonical = CollapseWhitespace(Attr(*e, "href"));
      return;
    }
    case GUMBO_TAG_META: {
      std::string key = AsciiLower(Attr(*e, "property"));
      if (key.empty()) key = AsciiLower(Attr(*e, "name"));
      if (key.empty()) key = AsciiLower(Attr(*e, "itemprop"));
      std::string content = CollapseWhitespace(Attr(*e, "content"));
      if (content.empty()) return;
      if (key == "og:url" && m.og_url.empty()) m.og_url = content;
      if (key == "og:title" && m.og_title.empty()) m.og_title = content;
      if ((key == "article:published_time" || key == "datepublished" || key == "pubdate") &&
          m.published.empty())
        m.published = content;
      return;
    }
    case GUMBO_TAG_TITLE:
      if (m.title.empty()) {
        std::string t;
        for (unsigned i = 0; i < e->children.length; ++i) {
          auto* c = static_cast<const GumboNode*>(e->children.data[i]);
          if (c->type == GUMBO_NODE_TEXT) t += c->v.text.text;
        }
        m.title = CollapseWhitespace(t);
      }
      return;
    case GUMBO_TAG_SCRIPT: {
      if (AsciiLower(CollapseWhitespace(Attr(*e, "type"))) != "application/ld+json") return;
      std::string text;
      for (unsigned i = 0; i < e->children.length; ++i) {
        auto* c = static_cast<const GumboNode*>(e->children.data[i]);
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA) text += c->v.text.text;
      }
      auto j = nlohmann::json::parse(text, nullptr, false);
      if (!j.is_discarded()) FindLdArticle(j, m, 0);
      return;
    }
    case GUMBO_TAG_TIME:
      if (m.first_time.empty()) m.first_time = CollapseWhitespace(Attr(*e, "datetime"));
      break;
    default:
      break;
  }
  for (unsigned i = 0; i < e->children.length; ++i)
    ReadMeta(static_cast<const GumboNode*>(e->children.data[i]), m);
}

std::string Join(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const auto& p : paragraphs) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

// articleBody is plain text with line breaks, sometimes HTML.
std::string LdBodyText(const std::string& body) {
  std::vector<std::string> paragraphs;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    std::string text = HtmlToText(std::string_view(body).substr(start, end - start));
    for (size_t b = 0; b < text.size();) {
      size_t e = text.find("\n\n", b);
      if (e == std::string::npos) e = text.size();
      std::string p = CollapseWhitespace(std::string_view(text).substr(b, e - b));
      if (!p.empty()) paragraphs.push_back(std::move(p));
      b = e + 2;
    }
    start = end + 1;
  }
  return Join(paragraphs);
}

char LowerChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithNoCase(std::string_view s, size_t at, std::string_view word) {
  if (s.size() - at < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (LowerChar(s[at + i]) != word[i]) return false;
  return true;
}

// Where "</name" starts at or after `from`, case-insensitively; npos if nowhere.
size_t FindEndTag(std::string_view html, size_t from, std::string_view name) {
  for (size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2))
    if (StartsWithNoCase(html, i + 2, name)) return i;
  return std::string_view::npos;
}

// The page without what gumbo would read character by character only for
// it to be thrown away: the contents of scripts (JSON-LD ones are kept),
// styles and inline SVG, and comments. On real pages these are most of the
// bytes. What remains parses to the same text: each element stays, empty.
std::string DropInertContent(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  size_t pos = 0;
  while (pos < html.size()) {
    size_t lt = html.find('<', pos);
    if (lt == std::string_view::npos) break;
    out.append(html.substr(pos, lt - pos));
    pos = lt;
    if (html.compare(lt, 4, "<!--") == 0) {
      size_t end = html.find("-->", lt + 4);
      if (end == std::string_view::npos) return out;  // unterminated: the rest is comment
      pos = end + 3;
      continue;
    }
    std::string_view name;
    for (std::string_view n : {"script", "style", "svg"}) {
      if (StartsWithNoCase(html, lt + 1, n)) {
        char after = lt + 1 + n.size() < html.size() ? html[lt + 1 + n.size()] : '>';
        if (after == '>' || after == '/' || after == ' ' || after == '\t' || after == '\n' ||
            after == '\r' || after == '\f')
          name = n;
        break;
      }
    }
    size_t open_end = name.empty() ? std::string_view::npos : html.find('>', lt);
    if (open_end == std::string_view::npos) {
      out.push_back('<');
      ++pos;
      continue;
    }
    std::string_view open = html.substr(lt, open_end + 1 - lt);
    size_t close = FindEndTag(html, open_end + 1, name);
    if (close == std::string_view::npos) close = html.size();
    if (name == "script" && AsciiLower(open).find("ld+json") != std::string::npos) {
      out.append(html.substr(lt, close - lt));  // schema.org's article stays
    } else {
      out.append(open);
    }
    pos = close;
  }
  if (pos < html.size()) out.append(html.substr(pos));
  return out;
}

}  // namespace

size_t CountWords(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

const char* ArticleSourceName(ArticleSource s) {
  switch (s) {
    case ArticleSource::kNone:
      return "none";
    case ArticleSource::kMarkup:
      return "markup";
    case ArticleSource::kJsonLd:
      return "json-ld";
  }
  return "none";
}

Article ExtractArticle(std::string_view html, std::string_view page_url) {
  Article a;
  if (html.empty()) return a;
  const std::string lean = DropInertContent(html);
  html = lean;
  GumboDocument doc = ParseBoundedHtml(html);
  if (!doc) return a;

  PageMeta meta;
  ReadMeta(doc->root, meta);
  Extraction extraction(doc->root);
  std::vector<std::string> paragraphs = extraction.Paragraphs();
  // A headline repeated in the body (blogs put it in an h2) is the item's
  // title, not its text.
  std::string site_title =
      meta.title.substr(0, std::min(meta.title.find(" | "), meta.title.find(" - ")));
  std::erase_if(paragraphs, [&](const std::string& p) {
    return p == meta.og_title || p == meta.ld_headline || p == meta.title || p == site_title;
  });
  std::string markup = Join(paragraphs);
  size_t markup_words = CountWords(markup);
  std::string ld = meta.ld_body.empty() ? std::string() : LdBodyText(meta.ld_body);
  size_t ld_words = CountWords(ld);
  // The markup keeps paragraphs and what the page shows; JSON-LD only when
  // the markup gives clearly less (a body rendered by script).
  if (ld_words > 0 && static_cast<double>(markup_words) < 0.8 * static_cast<double>(ld_words)) {
    a.text = std::move(ld);
    a.words = ld_words;
    a.source = ArticleSource::kJsonLd;
  } else if (markup_words > 0) {
    a.text = std::move(markup);
    a.words = markup_words;
    a.source = ArticleSource::kMarkup;
  }

  std::string canonical = !meta.canonical.empty() ? meta.canonical
                          : !meta.og_url.empty()  ? meta.og_url
                                                  : meta.ld_url;
  if (!canonical.empty()) a.canonical_url = ResolveUrl(page_url, canonical);
  for (const std::string* d : {&meta.published, &meta.ld_published, &meta.first_time}) {
    if (d->empty()) continue;
    if (auto t = ParseFeedDate(*d)) {
      a.published = t;
      break;
    }
  }
  a.title = !meta.og_title.empty()      ? meta.og_title
            : !meta.ld_headline.empty() ? meta.ld_headline
                                        : meta.title;
  return a;
}

}  // namespace newsd
