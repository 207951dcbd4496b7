// Full-text fetching: many feeds carry a headline and one teaser sentence,
// and the event is in the article. For the new items of a response whose
// own text is short, the daemon fetches the linked pages and reads their
// article body (ingest/article_extractor.h) before the pipeline sees the
// items. A page that cannot be had (timeout, 403, not HTML, no article)
// leaves the item its teaser: counted, logged, never a failure of the feed.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/item.h"
#include "common/metrics.h"
#include "common/status.h"
#include "ingest/fetcher.h"

namespace newsd {

// Per feed: `full_text = "auto" | "always" | "never"`.
enum class FullTextMode {
  kAuto,    // when the item's own text is under [fetch] full_text_min_words
  kAlways,  // every new item with a link
  kNever,
};

Result<FullTextMode> ParseFullTextMode(std::string_view s);
const char* FullTextModeName(FullTextMode m);

struct FullTextOptions {
  // [fetch] full_text_min_words: "auto" fetches the article of an item
  // whose feed text has fewer words. Default 80.
  size_t min_words = 80;
  // [fetch] full_text_max_items: articles fetched for one feed response at
  // most; further new items keep their teasers (a first poll of a feed of
  // 500 teasers does not become 500 page fetches). Default 50.
  size_t max_per_response = 50;
  // The articles of one response are fetched within this time, whatever
  // the number (the daemon's watchdog must keep being fed); the rest keep
  // their teasers. Set from [fetch] timeout.
  std::chrono::milliseconds budget{20'000};
};

// Whether `item` (not yet known to the store) wants its article fetched.
bool WantsArticle(FullTextMode mode, const Item& item, const FullTextOptions& options);

// What fetching a batch of articles did.
struct FullTextOutcome {
  size_t wanted = 0;        // items that wanted their article
  size_t fetched = 0;       // that got one
  size_t over_limit = 0;    // left with their teaser by max_per_response
  std::string first_error;  // of the first failure, for the log
};

class FullTextFetcher {
 public:
  // `fetcher` and `metrics` outlive this. `fetcher` is used from the
  // calling thread only.
  FullTextFetcher(FullTextOptions options, Fetcher* fetcher, MetricsRegistry* metrics);

  // Whether Fill would fetch `item`'s article if the store does not know
  // it (WantsArticle with these options): Fill changes no other item.
  bool Wants(FullTextMode mode, const Item& item) const {
    return WantsArticle(mode, item, options_);
  }

  // Fills article_text and article_url of the items that want it (and
  // published, when the feed gave none and the page does). `known` says
  // whether the store has the item already (a repeat or duplicate: no
  // fetch). Stops early, leaving teasers, when `cancelled` returns true.
  FullTextOutcome Fill(FullTextMode mode, std::vector<Item>& items,
                       const std::function<bool(const Item&)>& known,
                       const std::function<bool()>& cancelled);

 private:
  void Count(const char* result);

  FullTextOptions options_;
  Fetcher* fetcher_;
  MetricsRegistry* metrics_;
};

}  // namespace newsd
