#include "ingest/opml.h"

#include <map>
#include <pugixml.hpp>
#include <unordered_set>

#include "ingest/html_text.h"

namespace newsd {
namespace {

// `seen`: the URLs in `out`, so a list of many feeds is read in linear time.
void Collect(pugi::xml_node parent, const std::string& category, std::vector<OpmlFeed>& out,
             std::unordered_set<std::string>& seen) {
  for (pugi::xml_node o : parent.children("outline")) {
    std::string url = CollapseWhitespace(o.attribute("xmlUrl").as_string());
    if (url.empty()) url = CollapseWhitespace(o.attribute("xmlurl").as_string());
    std::string title = CollapseWhitespace(o.attribute("title").as_string());
    if (title.empty()) title = CollapseWhitespace(o.attribute("text").as_string());
    if (url.empty()) {
      // A folder: its children inherit its name as their category.
      Collect(o,
              category.empty() ? title
              : title.empty()  ? category
                               : category + "/" + title,
              out, seen);
      continue;
    }
    if (seen.insert(url).second)
      out.push_back({url, title, CollapseWhitespace(o.attribute("htmlUrl").as_string()), category});
    Collect(o, category, out, seen);  // some exporters nest feeds under feeds
  }
}

}  // namespace

Result<std::vector<OpmlFeed>> ParseOpml(std::string_view bytes) {
  pugi::xml_document doc;
  pugi::xml_parse_result res = doc.load_buffer(bytes.data(), bytes.size());
  pugi::xml_node root = doc.child("opml");
  if (!root) {
    if (!res) return Status::ParseError(std::string("not OPML: ") + res.description());
    return Status::ParseError("not OPML: no <opml> root element");
  }
  if (!res) return Status::ParseError(std::string("broken OPML: ") + res.description());
  std::vector<OpmlFeed> out;
  std::unordered_set<std::string> seen;
  Collect(root.child("body"), "", out, seen);
  return out;
}

std::string WriteOpml(const std::vector<OpmlFeed>& feeds, std::string_view title) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node opml = doc.append_child("opml");
  opml.append_attribute("version") = "2.0";
  opml.append_child("head").append_child("title").text().set(std::string(title).c_str());
  pugi::xml_node body = opml.append_child("body");
  std::map<std::string, pugi::xml_node> folders;
  for (const auto& f : feeds) {
    pugi::xml_node parent = body;
    if (!f.category.empty()) {
      auto it = folders.find(f.category);
      if (it == folders.end()) {
        pugi::xml_node folder = body.append_child("outline");
        folder.append_attribute("text") = f.category.c_str();
        folder.append_attribute("title") = f.category.c_str();
        it = folders.emplace(f.category, folder).first;
      }
      parent = it->second;
    }
    pugi::xml_node o = parent.append_child("outline");
    const std::string& name = f.title.empty() ? f.url : f.title;
    o.append_attribute("type") = "rss";
    o.append_attribute("text") = name.c_str();
    o.append_attribute("title") = name.c_str();
    o.append_attribute("xmlUrl") = f.url.c_str();
    if (!f.html_url.empty()) o.append_attribute("htmlUrl") = f.html_url.c_str();
  }
  struct Writer : pugi::xml_writer {
    std::string s;
    void write(const void* data, size_t size) override {
      s.append(static_cast<const char*>(data), size);
    }
  } w;
  doc.save(w, "  ", pugi::format_default, pugi::encoding_utf8);
  return w.s;
}

}  // namespace newsd
