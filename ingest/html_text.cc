#include "ingest/html_text.h"

#include <gumbo.h>

#include <memory>

namespace newsd {
namespace {

bool IsBlock(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
      return true;
    default:
      return false;
  }
}

bool IsDropped(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_CANVAS:
      return true;
    default:
      return false;
  }
}

// Collects text, collapsing runs of whitespace; Break() ends a paragraph.
class TextSink {
 public:
  void Text(const char* s) {
    for (const char* p = s; *p; ++p) {
      unsigned char c = static_cast<unsigned char>(*p);
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
      // U+00A0 NO-BREAK SPACE (C2 A0) counts as space.
      if (c == 0xC2 && static_cast<unsigned char>(p[1]) == 0xA0) {
        space = true;
        ++p;
      }
      if (space) {
        pending_space_ = !para_.empty();
      } else {
        if (pending_space_) para_.push_back(' ');
        pending_space_ = false;
        para_.push_back(static_cast<char>(c));
      }
    }
  }
  void Break() {
    if (!para_.empty()) {
      if (!out_.empty()) out_ += "\n\n";
      out_ += para_;
      para_.clear();
    }
    pending_space_ = false;
  }
  std::string Finish() {
    Break();
    return std::move(out_);
  }

 private:
  std::string out_, para_;
  bool pending_space_ = false;
};

void Walk(const GumboNode* node, TextSink* sink, int depth) {
  if (depth > 512) return;  // hostile nesting: stop descending
  switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE:
      sink->Text(node->v.text.text);
      return;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: {
      GumboTag tag = node->v.element.tag;
      if (IsDropped(tag)) return;
      bool block = IsBlock(tag);
      if (block) sink->Break();
      const GumboVector& children = node->v.element.children;
      for (unsigned i = 0; i < children.length; ++i)
        Walk(static_cast<const GumboNode*>(children.data[i]), sink, depth + 1);
      if (block) sink->Break();
      return;
    }
    case GUMBO_NODE_DOCUMENT: {
      const GumboVector& children = node->v.document.children;
      for (unsigned i = 0; i < children.length; ++i)
        Walk(static_cast<const GumboNode*>(children.data[i]), sink, depth + 1);
      return;
    }
    default:
      return;
  }
}

}  // namespace

std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::string HtmlToText(std::string_view html) {
  if (html.empty()) return {};
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> out(
      gumbo_parse_with_options(&options, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (!out) return {};
  TextSink sink;
  Walk(out->root, &sink, 0);
  return sink.Finish();
}

}  // namespace newsd
