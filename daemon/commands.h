// The subcommands of the newsd executable. Each returns the process exit
// code: 0 success, 1 failure at run time, 2 bad usage or bad config.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/time.h"

namespace newsd {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct RunArgs {
  std::string config;
  bool once = false;
  std::string log_level;  // overrides the config when set
};
int RunDaemon(const RunArgs& args);

struct ProcessArgs {
  std::vector<std::string> files;
  bool items = false;            // one line per item with its verdict
  bool stories = false;          // the stories instead of the events
  std::optional<Timestamp> now;  // fixes "now" (reproducible output)
  std::string data_dir;
  size_t max_items = 1000;  // per file, as [fetch] max_items; 0 keeps all
};
int RunProcess(const ProcessArgs& args);

// max_items: entries printed at most, the first in document order (0: all).
int RunParse(const std::string& file_or_url, size_t max_items = 1000);
// `newsd article FILE|URL`: the article body full-text fetching would read
// from a web page, as one JSON object. `page_url` resolves a file's
// relative links. Exit 1 when the page holds no article.
int RunArticle(const std::string& file_or_url, const std::string& page_url = "");

struct AnalyzeArgs {
  std::optional<Timestamp> published;  // reference for relative dates; default now
  std::string data_dir;
};
// Reads plain text on stdin; prints one JSON document: sentences, entities,
// time expressions and events with their spans.
int RunAnalyze(const AnalyzeArgs& args);

struct TimelineArgs {
  std::string entity;
  std::string config;
  std::optional<Timestamp> since, until;
  size_t limit = 100;
};
int RunTimeline(const TimelineArgs& args);

struct BrokerArgs {
  int partitions = 3;
  std::string bootstrap_file;
};
int RunBroker(const BrokerArgs& args);

int RunCheckConfig(const std::string& path);

// Opens the config's store read-only (beside a running daemon too) and
// checks every block's checksum; exit 1 naming the damaged file.
int RunCheckStore(const std::string& config_path);

// Lists the outbox rows Kafka refused for good (read-only, beside a running
// daemon too), one per line or as JSON lines.
int RunOutboxList(const std::string& config_path, bool json);
// Puts quarantined rows back at the end of the outbox (all when seq is 0).
// Needs the store's lock: the daemon must be stopped.
int RunOutboxRetry(const std::string& config_path, uint64_t seq);

// The configured feeds with what the store knows of them: status, last
// success, last error, next poll, items seen. A table, or JSON Lines.
int RunFeedsList(const std::string& config_path, bool as_json);

// Feed list management through the config's feeds_file (OPML). Each prints
// what it did; a running daemon picks changes up on reload.
int RunFeedsImport(const std::string& config_path, const std::string& opml_path);
int RunFeedsExport(const std::string& config_path);  // every configured feed, OPML on stdout
int RunFeedsAdd(const std::string& config_path, const std::string& url, const std::string& name);
int RunFeedsRemove(const std::string& config_path, const std::string& url);

// Cluster mode: the registry's partitions with their feeds, failing feeds
// and the instance that fetches them now (from the feed states), the items
// topic's size and the processors' leader with how far it has delivered.
// Read from the cluster's topics; a table, or one JSON object.
int RunClusterStatus(const std::string& config_path, bool as_json);

struct DiscoverArgs {
  std::string page_url;
  std::string config;  // optional: fetch options, and the feeds_file for --add
  bool add = false;    // add the first feed found
};
// Fetches a page and prints the feeds it announces (<link rel=alternate>),
// one JSON line each; a URL that is itself a feed prints itself.
int RunFeedsDiscover(const DiscoverArgs& args);

}  // namespace newsd
