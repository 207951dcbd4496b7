// The newsd configuration file (TOML), mapped onto the libraries' options
// structs. Every key and its default is documented in README.md#configuration.
// Unknown keys are errors, so a typo never silently falls back to a default.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "common/log.h"
#include "common/status.h"
#include "daemon/full_text.h"
#include "daemon/websub.h"
#include "ingest/fetcher.h"
#include "ingest/scheduler.h"
#include "kafka/embedded_broker.h"
#include "kafka/producer.h"
#include "kafka/publisher.h"
#include "pipeline/pipeline.h"
#include "store/store.h"

namespace newsd {

struct FeedConfig {
  std::string url;                   // http(s)://, file://, or a path relative to the config file
  std::string name;                  // defaults to the URL
  std::chrono::seconds interval{0};  // 0: adaptive (see ScheduleOptions)
  std::string category;              // OPML folder, for feeds from feeds_file
  bool from_feeds_file = false;      // listed in feeds_file, not in the TOML
  // Whether to fetch the linked article of a new item (daemon/full_text.h).
  FullTextMode full_text = FullTextMode::kAuto;
};

// Cluster mode (docs/scaling.md): what this instance does in a group of
// instances coordinated by Kafka. Fetchers poll the feeds of their
// registry partitions and publish the items to the items topic;
// processors consume it and run the pipeline; kAll does both.
enum class ClusterRole { kAll, kFetch, kProcess };
inline const char* ClusterRoleName(ClusterRole r) {
  return r == ClusterRole::kFetch ? "fetch" : r == ClusterRole::kProcess ? "process" : "all";
}

struct ClusterOptions {
  bool enabled = false;  // a [cluster] section is present
  ClusterRole role = ClusterRole::kAll;
  std::string instance_id;  // default: the host name
  std::string group = "newsd";
  std::string registry_topic = "newsd.feeds";
  // The fetch state of each feed (validators, schedule, backoff), so the
  // next owner of a feed's partition continues from it.
  std::string state_topic = "newsd.feed-state";
  // Parsed items, from the fetchers to the processors.
  std::string items_topic = "newsd.items";
  // One partition: its owner in the processors' group publishes; it also
  // carries that leader's delivery watermark.
  std::string leader_topic = "newsd.leader";
  // How long the group waits for a member that stopped answering before its
  // partitions go to the others; a member that restarts within it keeps
  // them (static membership).
  std::chrono::seconds session_timeout{45};
};

struct Config {
  std::string path;  // the file it was read from
  LogLevel log_level = LogLevel::kInfo;
  std::string data_dir;  // gazetteer; default: the installed or source data/
  std::string iso_codes_path = "/usr/share/iso-codes/json/iso_3166-1.json";
  // WordNet's dict directory (Debian's wordnet-base): parts of speech for
  // the verb dictionary. "" runs without them.
  std::string wordnet_dir = "/usr/share/wordnet";
  StoreOptions store;
  bool kafka_embedded = true;  // [kafka] brokers = "embedded"
  EmbeddedBrokerOptions embedded;
  ProducerOptions producer;
  PublisherOptions publisher;
  // How long shutdown and --once wait for Kafka to acknowledge the outbox.
  std::chrono::milliseconds flush_timeout{30'000};
  FetchOptions fetch;
  // [fetch] max_items: items kept from one feed response, the first in
  // document order; the rest are counted and dropped.
  size_t max_items_per_feed = 1000;
  // [fetch] full_text_min_words, full_text_max_items; the budget is
  // [fetch] timeout.
  FullTextOptions full_text;
  ScheduleOptions schedule;
  PipelineOptions pipeline;
  std::string http_listen = "127.0.0.1:9180";  // "" disables the admin listener
  // The API and web page ([api] listen); "" disables them.
  std::string api_listen = "127.0.0.1:9181";
  // /readyz fails while more outbox rows than this wait for Kafka.
  uint64_t ready_max_outbox = 100'000;
  // An OPML file of further feeds, managed by `newsd feeds import/add/
  // remove` and read again on reload. Empty: none. Feeds listed in the TOML
  // win over the same URL here.
  std::string feeds_file;
  std::vector<FeedConfig> feeds;
  // [websub]: push subscriptions to the hubs feeds name (daemon/websub.h).
  WebSubOptions websub;
  ClusterOptions cluster;
};

// Reads and validates a config file and its feeds_file (a missing
// feeds_file is an empty list). Errors: kInvalidArgument with one line
// naming the file, the key and what is wrong; kIOError if unreadable.
Result<Config> LoadConfig(const std::string& path);
// Checks a feed URL the way the config does: http, https or file scheme.
Status ValidateFeedUrl(const std::string& url);
// The same from text; `path` only names it in errors and anchors relative paths.
Result<Config> ParseConfig(std::string_view toml, const std::string& path);

}  // namespace newsd
