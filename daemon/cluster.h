// Cluster mode's feed list (docs/scaling.md): the feeds registry topic
// (kafka/feed_registry.h) holds every feed of the group with its settings;
// an instance's TOML [[feeds]] are published to it at start and win over
// the registry's record for their URLs, as they win over a feeds_file.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "daemon/config.h"
#include "daemon/engine.h"
#include "kafka/feed_registry.h"
#include "kafka/fetch_group.h"
#include "kafka/items_topic.h"
#include "kafka/leadership.h"

namespace newsd {

FeedRegistryOptions RegistryOptionsOf(const Config& c);
// The items topic of the config's cluster.
ItemsTopicOptions ItemsTopicOf(const Config& c);
// The fetch group `<group>-fetch`, this instance as `instance_id`.
FetchGroupOptions FetchGroupOptionsOf(const Config& c);

// A feed's settings as its registry value (JSON: name, interval in
// seconds, full_text, category), and back. Unknown fields are ignored, so
// later versions may add some; a value that is not an object is an error.
std::string FeedSettingsJson(const FeedConfig& f);
Result<FeedConfig> FeedFromSettings(const std::string& url, const std::string& json);

// The feeds of the whole group: the registry's, with the config's TOML
// feeds in their place (and first). Errors: the registry's (kUnavailable
// when the brokers do not answer).
Result<std::vector<FeedConfig>> ClusterFeeds(const Config& c);

// Writes the config's TOML feeds that the registry lacks or holds with
// other settings. Errors: the registry's.
Status PublishConfigFeeds(const Config& c);

// The feeds of `registry` (URL -> settings, e.g. the partitions this
// instance owns in the fetch group), those the config's TOML names with
// the TOML's settings. Records that are no feed are logged and skipped.
std::vector<FeedConfig> FeedsOfRegistry(const Config& c,
                                        const std::map<std::string, std::string>& registry);

// This instance's part in the fetch group: the engine polls the feeds of
// the partitions it owns, starting from their last owner's states, its
// feed states go to the feed-state topic as they become durable, and the
// items it parses go to the items topic for the processors. The daemon
// calls Serve from its loop; revocations and new feeds take effect there
// (a poll cycle in progress finishes first).
class ClusterMember {
 public:
  // Publishes the config's TOML feeds to the registry and joins the group;
  // a `transient` member (`run --once`) leaves it when done instead of
  // keeping its place for a restart.
  // Errors: the registry's and the group's (kUnavailable: the brokers do
  // not answer; kInvalidArgument: the topics are not as docs/scaling.md
  // says).
  static Result<std::unique_ptr<ClusterMember>> Join(const Config& config, Engine& engine,
                                                     bool transient);
  ~ClusterMember();
  ClusterMember(const ClusterMember&) = delete;
  ClusterMember& operator=(const ClusterMember&) = delete;

  // Serves the group; what it owns now becomes the engine's feed list.
  void Serve();
  // A reloaded config: its TOML feeds are published and win for their URLs.
  void Reconfigure(const Config& config);
  // Serves until some partitions are owned and none is still being read,
  // up to `timeout` or `stop`: `run --once` polls what it owns. False when
  // that did not happen.
  bool WaitOwned(std::chrono::milliseconds timeout, const std::function<bool()>& stop);

 private:
  ClusterMember(const Config& config, Engine& engine) : config_(config), engine_(engine) {}
  void ApplyFeeds();

  Config config_;
  Engine& engine_;
  std::unique_ptr<FetchGroup> group_;
  std::unique_ptr<ItemsProducer> items_;
};

// This instance's part among the processors: it reads the whole items
// topic and runs each record through the engine's pipeline (resuming after
// the offset its store holds), so every processor builds the same state;
// the leader (kafka/leadership.h) runs the engine's publisher and tells
// how far it has delivered, the others drop the outbox rows the leader has
// delivered and take over publishing when it goes. The engine's publisher
// is started and stopped here: the daemon does not start it itself.
class ClusterProcessor {
 public:
  static Result<std::unique_ptr<ClusterProcessor>> Join(const Config& config, Engine& engine,
                                                        bool transient);
  ~ClusterProcessor();
  // Serves leadership, then processes what the topic holds now, waiting at
  // most `wait` for it. Returns the records processed.
  size_t Serve(std::chrono::milliseconds wait);
  // Serves until the group has answered and nothing arrived for `idle`, up
  // to `timeout`: `run --once` processes what the fetchers published.
  void Drain(std::chrono::milliseconds idle, std::chrono::milliseconds timeout,
             const std::function<bool()>& stop);
  bool leader() const { return leadership_->leader(); }

 private:
  // What had been processed when the outbox reached `seq`.
  struct Mark {
    uint64_t seq = 0;
    Watermark through;
  };
  ClusterProcessor(const Config& config, Engine& engine) : config_(config), engine_(engine) {}
  void OnLeadershipChange();
  void PublishDelivered();
  void DropDelivered();

  Config config_;
  Engine& engine_;
  std::unique_ptr<ItemsConsumer> consumer_;
  std::unique_ptr<Leadership> leadership_;
  Watermark through_;  // per items partition, the offset after the last record processed
  std::deque<Mark> marks_;
  Watermark published_;
  std::chrono::steady_clock::time_point last_published_{};
  bool announced_ = false;  // the first answer of the group is logged
};

}  // namespace newsd
