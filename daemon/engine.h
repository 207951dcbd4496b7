// The engine wires the edges together: feed registry + scheduler, fetcher,
// parser, pipeline, store commit, and the publisher thread that drains the
// outbox to Kafka. It owns every long-lived resource of `newsd run`.
#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/metrics.h"
#include "common/time.h"
#include "daemon/batch_preparer.h"
#include "daemon/config.h"
#include "daemon/full_text.h"
#include "daemon/websub.h"
#include "ingest/feed_parser.h"
#include "ingest/feed_state.h"
#include "ingest/fetcher.h"
#include "kafka/embedded_broker.h"
#include "kafka/items_topic.h"
#include "kafka/producer.h"
#include "kafka/publisher.h"
#include "pipeline/extractor.h"
#include "pipeline/gazetteer.h"
#include "pipeline/pipeline.h"
#include "store/store.h"

namespace newsd {

// Counters since start. Read from any thread.
struct EngineCounters {
  std::atomic<uint64_t> polls{0}, polls_not_modified{0}, polls_failed{0}, parse_errors{0},
      parse_recoveries{0}, items_parsed{0}, items_new{0}, items_exact_duplicate{0},
      items_near_duplicate{0}, items_updated{0}, events_created{0}, events_updated{0},
      commit_errors{0};
};

// Loads the gazetteer named by the config (data_dir/gazetteer.json,
// iso-codes, data_dir/cameo/actors.txt). Errors name the file.
Result<std::unique_ptr<Gazetteer>> LoadGazetteer(const Config& config);
// Loads the CAMEO verb dictionary (data_dir/cameo/verbs.txt) and WordNet's
// parts of speech (config.wordnet_dir). Errors name the file and line.
Result<std::unique_ptr<Lexicon>> LoadLexicon(const Config& config);

class Engine {
 public:
  // Opens the store, starts the embedded broker if configured, creates the
  // producer and loads the dictionaries. Errors name what failed.
  // `fetcher` (optional) replaces the curl fetcher the config describes:
  // tests give a fake one, with a FakeClock. Article pages (full text) go
  // through a second fetcher with the same options, since the first is
  // busy downloading the next batch of feeds; a test that gives `fetcher`
  // gives `article_fetcher` too, or has no full-text fetching.
  static Result<std::unique_ptr<Engine>> Create(const Config& config, Clock* clock,
                                                std::unique_ptr<Fetcher> fetcher = nullptr,
                                                std::unique_ptr<Fetcher> article_fetcher = nullptr);
  ~Engine();

  // Polls the feeds that are due (all of them when `all`), processes their
  // items and commits each. Returns the number of feeds polled.
  size_t PollDue(bool all);
  // A stop request: polling stops between transfers and between items
  // (each committed item is whole; the rest is fetched again next time).
  void SetStopCheck(std::function<bool()> stop) { stop_ = std::move(stop); }
  // Called after each item committed and each feed handled: the daemon
  // feeds the watchdog from it, so a long cycle that keeps making progress
  // is not taken for a hung one (one stuck item still starves it).
  void SetProgress(std::function<void()> progress) { progress_ = std::move(progress); }
  // Applies a new feed list (a reload; in cluster mode, the partitions
  // owned): new feeds start (their saved state, if any, is kept), removed
  // ones stop, names and intervals change in place. Logs what changed,
  // prefixed with `why`.
  void UpdateFeeds(const std::vector<FeedConfig>& feeds, std::string_view why = "reload");
  // Cluster mode: a feed's state as its last owner left it. Saved when the
  // store has none for the feed or an older one (by last attempt), so a
  // feed that comes back keeps what this instance knew if it is newer.
  // Takes effect when the feed is next added by UpdateFeeds. True if saved.
  bool AdoptFeedState(const FeedState& state);
  // Cluster mode: the feeds named are not polled for `grace` from now (a
  // new owner's wait, FetchGroup::takeover_grace). Feeds not polled now
  // are ignored.
  void HoldPolls(const std::vector<std::string>& urls, std::chrono::milliseconds grace);
  // Cluster mode, fetch side: each polled or pushed response's new and
  // changed items go to `publish` (the items topic) instead of through the
  // pipeline here; a failure is handled as a failed commit (the feed keeps
  // its old state and is fetched again).
  void SetItemsOut(std::function<Status(const std::vector<Item>&)> publish) {
    items_out_ = std::move(publish);
  }
  // Cluster mode, process side: runs consumed item records through the
  // pipeline, each committed with the offset after it (the store's key for
  // `topic` and the record's partition), so a record is processed once
  // however often it is read. The record's time is the pipeline's clock.
  // Returns how many records were handled; fewer than given when a commit
  // failed or a stop was requested, and the caller reads again from the
  // stored offset.
  size_t ProcessRecords(const std::string& topic, const std::vector<ItemRecord>& records);
  // The offset to read `topic`'s partition from: the one after the last
  // record committed, -1 when none was.
  int64_t StoredOffset(const std::string& topic, int32_t partition) const;
  // Called with a feed's state each time it is saved, once the save and the
  // items before it are durable (cluster mode writes it to the feed-state
  // topic).
  void SetStateSaved(std::function<void(const FeedState&)> saved) {
    state_saved_ = std::move(saved);
  }
  // WebSub: sends the subscription requests that are due, returns feeds
  // whose subscription ended to normal polling, and processes what hubs
  // pushed since the last call (each body as a polled response). The
  // daemon calls it from its loop; nothing without [websub] callback_url.
  void ServiceWebSub();
  // Null without [websub] callback_url. Its Handle serves the callbacks on
  // the admin listener.
  WebSub* websub() { return websub_.get(); }
  // Starts the publisher thread.
  void StartPublisher();
  // Waits until the outbox is empty, up to `timeout`. False if it is not.
  bool WaitPublished(std::chrono::milliseconds timeout);
  // Stops the publisher thread (after WaitPublished for a clean stop).
  void StopPublisher();
  // The configs of the feeds polled now.
  std::vector<FeedConfig> FeedConfigs() const;
  // When the next feed is due.
  Timestamp NextDue() const;
  // "feeds=3 items/min=40 events/min=12 items=120 events=42 outbox=0
  // last_error=..."; the rates are over the last minute (see SampleRates).
  std::string StatusLine() const;
  // Records the counters now; StatusLine's per-minute rates compare with
  // the sample about a minute old. Call every few seconds.
  void SampleRates(std::chrono::steady_clock::time_point now);

  const EngineCounters& counters() const { return counters_; }
  MetricsRegistry& metrics() { return metrics_; }
  const PublisherStats& publisher_stats() const { return publisher_->stats(); }
  Store& store() { return *store_; }
  const Gazetteer& gazetteer() const { return *gazetteer_; }
  const std::string& kafka_bootstrap() const { return bootstrap_; }

 private:
  struct Feed {
    FeedConfig config;
    FeedState state;
  };
  Engine() = default;
  void HandleResponse(Feed& feed, const FetchResponse& response, Timestamp now);
  // A preparer for the new bodies among one batch's `responses` (response i
  // from feeds[i]), parsed as ProcessBody will parse them; nothing when
  // there is no second core or nothing to parse, or a fetcher's items
  // topic takes the items unprocessed.
  std::optional<BatchPreparer> PrepareBatch(Feed* const* feeds,
                                            const std::vector<FetchResponse>& responses,
                                            Timestamp now);
  // The base of relative links in a response's body: where it came from.
  static std::string BodyBase(const Feed& feed, const FetchResponse& r) {
    return r.effective_url.empty() ? feed.config.url : r.effective_url;
  }
  ParseContext ParseContextFor(const Feed& feed, const std::string& content_type,
                               const std::string& base, Timestamp now) const {
    return ParseContext{base, feed.config.name, content_type, now, config_.max_items_per_feed};
  }
  // What hubs pushed since the last call, each body processed as a polled
  // response; called between feed responses too.
  void ProcessPushes();
  enum class BodyOutcome { kDone, kParseError, kStopped, kCommitFailed };
  // A feed document, polled or pushed: parsed, its new items' articles
  // fetched, every item run through the pipeline and committed. `how`
  // names it in the log ("200", "pushed"). On kDone, `out` has the feed's
  // metadata (its items moved out) and `entry_dates` its items' dates; on
  // kParseError and kCommitFailed, `error` says why.
  BodyOutcome ProcessBody(Feed& feed, const std::string& body, const std::string& content_type,
                          const std::string& base, const std::string& how, Timestamp now,
                          ParsedFeed* out, std::vector<Timestamp>* entry_dates, std::string* error);
  // The fetch side of cluster mode: what ProcessBody does with a parsed
  // body when SetItemsOut was called.
  BodyOutcome PublishBody(Feed& feed, ParsedFeed& parsed, const std::string& how, ParsedFeed* out,
                          std::vector<Timestamp>* entry_dates, std::string* error);
  // One item through the pipeline and into the store, with `extra` in the
  // same write. Errors: the commit's, counted (the caller logs them).
  Status CommitItem(const Item& item, Timestamp now, std::optional<PreparedItem> prepared,
                    const WriteSet* extra, ItemResult* result);
  // Full text: the linked articles of the new items with short text.
  void FetchArticles(const Feed& feed, std::vector<Item>& items);
  void SaveFeedState(const Feed& feed);
  // Makes the commits of the responses handled so far durable with one
  // fsync (group commit); their outbox rows become publishable.
  void SyncGroup();
  void ReportFailure(Feed& feed, const char* result, const std::string& what);
  void CountItem(const ItemResult& res);
  void RegisterMetrics();
  Feed MakeFeed(const FeedConfig& fc, Timestamp now);
  void CapNextPoll(Feed& f, Timestamp now) const;

  Config config_;
  Clock* clock_ = nullptr;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Gazetteer> gazetteer_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<Extractor> extractor_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<Fetcher> fetcher_;
  std::unique_ptr<Fetcher> article_fetcher_;
  std::unique_ptr<FullTextFetcher> full_text_;  // null without an article fetcher
  std::unique_ptr<Fetcher> websub_fetcher_;     // subscription requests to hubs
  std::unique_ptr<WebSub> websub_;
  std::unique_ptr<EmbeddedBroker> broker_;
  std::unique_ptr<Publisher> publisher_;
  std::unique_ptr<KafkaProducer> producer_;
  std::string bootstrap_;
  std::vector<Feed> feeds_;
  // Hosts that answered 429/503 with Retry-After: none of their feeds is
  // polled before the time given.
  std::map<std::string, Timestamp> host_not_before_;
  std::thread publisher_thread_;
  std::atomic<bool> publisher_stop_{false};
  // Fills the pipeline's recent signatures from the store after a start
  // (Pipeline::LoadRecentSignatures), beside the first polls, so that a
  // restart does not cost a few days of extra signature reads.
  std::thread recent_loader_;
  std::atomic<bool> recent_loader_stop_{false};
  std::string last_error_;
  struct RateSample {
    std::chrono::steady_clock::time_point at;
    uint64_t items, events;
  };
  std::deque<RateSample> rate_samples_;
  uint64_t rng_ = 0x2545F4914F6CDD1Dull;
  // Items are prepared ahead on a second thread (ItemPreparer) when there
  // is a second core to run it.
  bool prepare_ahead_ = std::thread::hardware_concurrency() > 1;
  // Set by PollDue around HandleResponse: the batch's preparer and the
  // response's place in it, taken by ProcessBody.
  BatchPreparer* batch_ = nullptr;
  size_t batch_job_ = 0;
  std::function<bool()> stop_ = [] { return false; };
  std::function<void()> progress_;
  std::function<void(const FeedState&)> state_saved_;
  std::function<Status(const std::vector<Item>&)> items_out_;
  std::vector<FeedState> unsynced_states_;  // saved, waiting for SyncGroup
  EngineCounters counters_;
  MetricsRegistry metrics_;
  mutable std::mutex feeds_mu_;  // guards feeds_ against the metrics renderer
};

}  // namespace newsd
