// Item: one entry of one feed, as the parser hands it to the pipeline.
// A plain value type; all text is UTF-8 with HTML already stripped.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/time.h"

namespace newsd {

struct Item {
  std::string feed_url;    // the URL the feed was polled from
  std::string feed_name;   // the name given in the config (or the URL)
  std::string feed_title;  // <channel><title> / <feed><title>
  std::string guid;        // <guid> / <id>; empty when the feed gives none
  std::string link;        // absolute URL of the article
  std::string title;
  std::optional<Timestamp> published;
  std::optional<Timestamp> updated;
  // True when the feed carried no usable date and `published` is the fetch
  // time instead.
  bool date_is_fetch_time = false;
  std::vector<std::string> authors;
  std::vector<std::string> categories;
  // Text with paragraph breaks kept as "\n\n".
  std::string summary_text;
  std::string content_text;
  // Media RSS (media:content, media:thumbnail, also inside media:group) and
  // RSS <enclosure>: absolute URLs with their MIME type and medium.
  struct Media {
    std::string url;
    std::string type;    // "image/jpeg", ... or empty
    std::string medium;  // "image", "video", "audio", "thumbnail", ... or empty
  };
  std::vector<Media> media;
  // Full-text fetching: the body of the linked article page when the feed
  // gave only a teaser (daemon/full_text.h), and the page's canonical URL
  // (else the URL it was fetched from). Empty when not fetched.
  std::string article_text;
  std::string article_url;

  // The best reference time for relative dates: published, else updated.
  std::optional<Timestamp> ReferenceTime() const { return published ? published : updated; }
  // What the feed itself carried: content_text when present, else
  // summary_text.
  const std::string& FeedText() const { return content_text.empty() ? summary_text : content_text; }
  // The text the pipeline reads: the fetched article when there is one,
  // else the feed's own text.
  const std::string& BodyText() const { return article_text.empty() ? FeedText() : article_text; }
};

}  // namespace newsd
