#include "daemon/engine.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "common/ascii.h"
#include "common/file.h"
#include "common/hash.h"
#include "common/log.h"
#include "daemon/batch_preparer.h"
#include "daemon/item_preparer.h"
#include "ingest/feed_parser.h"
#include "ingest/scheduler.h"
#include "ingest/url.h"
#include "pipeline/dictionaries.h"
#include "pipeline/records.h"

namespace newsd {

namespace {
DictionaryPaths PathsOf(const Config& config) {
  return DictionaryPaths{config.data_dir, config.iso_codes_path, config.wordnet_dir};
}
}  // namespace

Result<std::unique_ptr<Gazetteer>> LoadGazetteer(const Config& config) {
  return LoadGazetteer(PathsOf(config));
}

Result<std::unique_ptr<Lexicon>> LoadLexicon(const Config& config) {
  return LoadLexicon(PathsOf(config));
}

Result<std::unique_ptr<Engine>> Engine::Create(const Config& config, Clock* clock,
                                               std::unique_ptr<Fetcher> fetcher,
                                               std::unique_ptr<Fetcher> article_fetcher) {
  std::unique_ptr<Engine> e(new Engine());
  e->config_ = config;
  e->clock_ = clock;

  auto gaz = LoadGazetteer(config);
  if (!gaz.ok()) return gaz.status();
  e->gazetteer_ = std::move(gaz).value();
  auto lexicon = LoadLexicon(config);
  if (!lexicon.ok()) return lexicon.status();
  e->lexicon_ = std::move(lexicon).value();
  e->extractor_ = std::make_unique<Extractor>(e->gazetteer_.get(), e->lexicon_.get());
  e->pipeline_ = std::make_unique<Pipeline>(config.pipeline, e->extractor_.get());
  NEWSD_LOG(kInfo) << "dictionaries loaded: " << e->gazetteer_->size() << " names, "
                   << e->lexicon_->verbs().verbs() << " CAMEO verbs with "
                   << e->lexicon_->verbs().patterns() << " patterns, "
                   << e->lexicon_->wordnet_lemmas() << " WordNet lemmas";

  auto store = Store::Open(config.store);
  if (!store.ok()) return store.status();
  e->store_ = std::move(store).value();
  NEWSD_LOG(kInfo) << "store open at " << config.store.path << ", outbox depth "
                   << e->store_->OutboxDepth();

  ProducerOptions producer = config.producer;
  if (config.kafka_embedded) {
    auto broker = EmbeddedBroker::Start(config.embedded);
    if (!broker.ok()) return broker.status();
    e->broker_ = std::move(broker).value();
    producer.brokers = e->broker_->bootstrap();
    NEWSD_LOG(kNotice) << "embedded Kafka broker (development only, in memory) at "
                       << producer.brokers << "; read events with: kcat -b " << producer.brokers
                       << " -C -t " << config.publisher.topic_events;
  }
  e->bootstrap_ = producer.brokers;
  PublisherOptions publisher = config.publisher;
  publisher.render = OutboxMessageValue;
  e->publisher_ = std::make_unique<Publisher>(e->store_.get(), publisher, &e->metrics_, clock);
  auto prod = KafkaProducer::Create(producer, e->publisher_->Callback());
  if (!prod.ok()) return prod.status();
  e->producer_ = std::move(prod).value();
  e->publisher_->SetSink(e->producer_.get());
  NEWSD_LOG(kInfo) << "kafka producer for " << producer.brokers << " (topics "
                   << config.publisher.topic_events << ", " << config.publisher.topic_stories
                   << ")";

  const bool given = fetcher != nullptr;
  e->fetcher_ = given ? std::move(fetcher) : NewCurlFetcher(config.fetch);
  e->article_fetcher_ = article_fetcher ? std::move(article_fetcher)
                        : given         ? nullptr
                                        : NewCurlFetcher(config.fetch);
  if (!config.websub.callback_url.empty()) {
    e->websub_fetcher_ = NewCurlFetcher(config.fetch);
    e->websub_ =
        std::make_unique<WebSub>(config.websub, e->websub_fetcher_.get(), &e->metrics_, clock);
  }
  if (e->article_fetcher_)
    e->full_text_ = std::make_unique<FullTextFetcher>(config.full_text, e->article_fetcher_.get(),
                                                      &e->metrics_);
  Timestamp now = clock->Now();
  for (const auto& fc : config.feeds) e->feeds_.push_back(e->MakeFeed(fc, now));
  NEWSD_LOG(kInfo) << e->feeds_.size() << " feeds configured";
  e->RegisterMetrics();
  e->recent_loader_ = std::thread([engine = e.get(), now] {
    const auto start = std::chrono::steady_clock::now();
    const size_t n = engine->pipeline_->LoadRecentSignatures(
        *engine->store_, now, [engine] { return engine->recent_loader_stop_.load(); });
    NEWSD_LOG(kInfo) << "near-duplicate index: " << n << " recent signatures loaded into memory in "
                     << std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count()
                     << " ms";
  });
  return e;
}

// A healthy feed waits no longer than its interval under the current
// config: a shorter interval (or adaptive scheduling turned off) applies at
// once, not after the poll the old config scheduled. Failing and disabled
// feeds keep their backoff.
void Engine::CapNextPoll(Feed& f, Timestamp now) const {
  if (f.state.consecutive_failures > 0 || f.state.next_poll == Timestamp::max()) return;
  Timestamp cap = now + NextInterval(config_.schedule,
                                     BaseInterval(config_.schedule, f.config.interval, f.state), 0,
                                     std::nullopt, 1.0);
  if (f.state.next_poll > cap) f.state.next_poll = cap;
}

Engine::Feed Engine::MakeFeed(const FeedConfig& fc, Timestamp now) {
  Feed f{fc, {}};
  f.state.url = fc.url;
  if (auto saved = store_->Get(Family::kFeeds, fc.url)) {
    if (auto st = FeedState::Decode(*saved); st.ok()) f.state = std::move(st).value();
  }
  if (f.state.next_poll == Timestamp{}) f.state.next_poll = now;
  CapNextPoll(f, now);
  return f;
}

bool Engine::AdoptFeedState(const FeedState& carried) {
  if (auto saved = store_->Get(Family::kFeeds, carried.url)) {
    auto mine = FeedState::Decode(*saved);
    if (mine.ok() && mine->last_attempt &&
        (!carried.last_attempt || *carried.last_attempt <= *mine->last_attempt))
      return false;
  }
  WriteSet ws;
  ws.Put(Family::kFeeds, carried.url, carried.Encode());
  Status s = store_->Commit(ws, Store::CommitMode::kGrouped);
  if (!s.ok()) {
    NEWSD_LOG(kError) << "cannot save the carried state of " << RedactUrl(carried.url) << ": "
                      << s.message();
    return false;
  }
  return true;
}

void Engine::HoldPolls(const std::vector<std::string>& urls, std::chrono::milliseconds grace) {
  const Timestamp until = clock_->Now() + grace;
  std::unordered_set<std::string_view> held(urls.begin(), urls.end());
  for (Feed& f : feeds_)
    if (held.count(f.state.url) && f.state.next_poll < until) f.state.next_poll = until;
}

void Engine::UpdateFeeds(const std::vector<FeedConfig>& configs, std::string_view why) {
  Timestamp now = clock_->Now();
  // An operator's reload names each feed; a rebalance moves many at once.
  const LogLevel each = why == "reload" ? LogLevel::kNotice : LogLevel::kInfo;
  std::vector<Feed> next;
  size_t added = 0, changed = 0;
  // By URL, so a list of 100,000 feeds is matched in linear time (the main
  // loop does this on SIGHUP, under the watchdog).
  std::unordered_map<std::string_view, const Feed*> current;
  for (const Feed& f : feeds_) current.emplace(f.config.url, &f);
  std::unordered_set<std::string_view> wanted;
  for (const auto& fc : configs) {
    wanted.insert(fc.url);
    auto found = current.find(fc.url);
    if (found == current.end()) {
      next.push_back(MakeFeed(fc, now));
      ++added;
      NEWSD_LOG_AT(each) << why << ": feed added: " << fc.name << " (" << RedactUrl(fc.url) << ")";
      continue;
    }
    const Feed& known = *found->second;
    if (known.config.name != fc.name || known.config.interval != fc.interval) {
      ++changed;
      NEWSD_LOG_AT(each) << why << ": feed changed: " << fc.name;
    }
    next.push_back(Feed{fc, known.state});
    CapNextPoll(next.back(), now);
  }
  size_t removed = 0;
  for (const auto& f : feeds_) {
    if (!wanted.contains(f.config.url)) {
      ++removed;
      NEWSD_LOG_AT(each) << why << ": feed removed: " << f.config.name;
    }
  }
  if (websub_) {
    std::vector<std::string> urls;
    for (const auto& f : next) urls.push_back(f.config.url);
    websub_->Retain(urls);
  }
  std::lock_guard<std::mutex> lock(feeds_mu_);
  feeds_ = std::move(next);
  NEWSD_LOG(kNotice) << why << ": " << feeds_.size() << " feeds (" << added << " added, " << removed
                     << " removed, " << changed << " changed)";
}

namespace {

double ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

}  // namespace

void Engine::RegisterMetrics() {
  metrics_.GetGauge("newsd_build_info", "newsd version.", {{"version", NEWSD_VERSION}}).Set(1);
  // A restart shows as a change of this value (alert: restarting in a loop).
  metrics_.GetGauge("newsd_process_start_time_seconds", "Start time of the process, Unix seconds.")
      .Set(static_cast<double>(ToUnixMillis(SystemClock::Instance().Now())) / 1000.0);
  for (const char* state : {"ok", "failing", "disabled", "pending"}) {
    metrics_.SetCallbackGauge("newsd_feeds", "Configured feeds by state.", {{"state", state}},
                              [this, s = std::string(state)] {
                                std::lock_guard<std::mutex> lock(feeds_mu_);
                                double n = 0;
                                for (const auto& f : feeds_) {
                                  const char* st = f.state.next_poll == Timestamp::max()
                                                       ? "disabled"
                                                   : f.state.consecutive_failures > 0 ? "failing"
                                                   : f.state.polls == 0               ? "pending"
                                                                                      : "ok";
                                  n += s == st;
                                }
                                return n;
                              });
  }
  metrics_.SetCallbackGauge("newsd_outbox_depth", "Outbox rows waiting for Kafka.", {},
                            [this] { return static_cast<double>(store_->OutboxDepth()); });
  metrics_.SetCallbackGauge("newsd_outbox_oldest_age_seconds",
                            "Age of the oldest outbox row (0 when empty).", {}, [this] {
                              auto rows = store_->ReadOutbox(0, 1);
                              if (rows.empty() || rows[0].message.created_ms == 0) return 0.0;
                              return std::max(0.0, static_cast<double>(ToUnixMillis(clock_->Now()) -
                                                                       rows[0].message.created_ms) /
                                                       1000.0);
                            });
  metrics_.SetCallbackGauge("newsd_rocksdb_size_bytes", "Bytes of SST files on disk.", {},
                            [this] { return static_cast<double>(store_->ApproximateSizeBytes()); });
  metrics_.SetCallbackGauge(
      "newsd_rocksdb_write_stopped",
      "1 while RocksDB stops writes (a stall, or an error such as a full disk), else 0.", {},
      [this] { return store_->WriteStopped() ? 1.0 : 0.0; });
  metrics_.SetCallbackGauge("newsd_store_wal_syncs",
                            "fsyncs of the write-ahead log since start (group commit).", {},
                            [this] { return static_cast<double>(store_->WalSyncs()); });
  metrics_.SetCallbackGauge(
      "newsd_near_duplicate_recent_signatures",
      "Recent items whose signature sketch is in memory (near-duplicate candidates among "
      "them are dismissed without a store read).",
      {}, [this] { return static_cast<double>(pipeline_->RecentSignatureCount()); });
  metrics_.SetCallbackGauge("newsd_process_resident_memory_bytes", "Resident set size.", {},
                            [] { return ResidentBytes(); });
}

void Engine::ReportFailure(Feed& feed, const char* result, const std::string& what) {
  metrics_.GetCounter("newsd_polls_total", "Feed polls by result.", {{"result", result}}).Inc();
  last_error_ = feed.config.name + ": " + what;
  // Rate-limited: a failing feed logs its 1st, 2nd, 4th, 8th, ... failure
  // at warning level and the rest at debug.
  int n = feed.state.consecutive_failures;
  std::string next = feed.state.next_poll == Timestamp::max() ? std::string("never")
                                                              : FormatRfc3339(feed.state.next_poll);
  if (n <= 1 || (n & (n - 1)) == 0) {
    NEWSD_LOG(kWarning) << "feed " << feed.config.name << ": " << what << " (failure " << n
                        << ", next poll " << next << ")";
  } else {
    NEWSD_LOG(kDebug) << "feed " << feed.config.name << ": " << what << " (failure " << n
                      << ", next poll " << next << ")";
  }
}

Engine::~Engine() {
  recent_loader_stop_ = true;
  if (recent_loader_.joinable()) recent_loader_.join();
  metrics_.RemoveCallbacks();
  StopPublisher();
}

void Engine::StartPublisher() {
  if (publisher_thread_.joinable()) return;
  publisher_stop_ = false;
  publisher_thread_ = std::thread([this] {
    while (!publisher_stop_) publisher_->Pump(50);
  });
}

void Engine::StopPublisher() {
  publisher_stop_ = true;
  if (publisher_thread_.joinable()) publisher_thread_.join();
}

bool Engine::WaitPublished(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (publisher_->Idle()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return publisher_->Idle();
}

std::vector<FeedConfig> Engine::FeedConfigs() const {
  std::lock_guard<std::mutex> lock(feeds_mu_);
  std::vector<FeedConfig> out;
  out.reserve(feeds_.size());
  for (const auto& f : feeds_) out.push_back(f.config);
  return out;
}

Timestamp Engine::NextDue() const {
  Timestamp next = Timestamp::max();
  for (const auto& f : feeds_) next = std::min(next, f.state.next_poll);
  return next;
}

size_t Engine::PollDue(bool all) {
  Timestamp now = clock_->Now();
  std::erase_if(host_not_before_, [now](const auto& h) { return h.second <= now; });
  std::vector<Feed*> due;
  std::vector<FetchRequest> requests;
  Histogram& lag = metrics_.GetHistogram(
      "newsd_poll_lag_seconds", "How late polls run against their schedule.", LatencyBuckets());
  for (auto& f : feeds_) {
    // A feed that answered 410 stays disabled until its state is removed,
    // under --once too.
    if (f.state.next_poll == Timestamp::max()) continue;
    if (!all && f.state.next_poll > now) continue;
    if (!host_not_before_.empty()) {
      // The host asked everyone to wait (Retry-After on a 429/503).
      auto host = host_not_before_.find(UrlHost(f.state.PollUrl()));
      if (host != host_not_before_.end() && host->second > now) {
        f.state.next_poll = std::max(f.state.next_poll, host->second);
        metrics_
            .GetCounter("newsd_polls_deferred_total",
                        "Polls put off because the feed's host sent Retry-After.")
            .Inc();
        NEWSD_LOG(kDebug) << "feed " << f.config.name << ": host " << host->first
                          << " asked to wait until " << FormatRfc3339(host->second);
        continue;
      }
    }
    due.push_back(&f);
    requests.push_back({f.state.PollUrl(), f.state.etag, f.state.last_modified});
    if (!all) lag.Observe(static_cast<double>((now - f.state.next_poll).count()) / 1000.0);
  }
  if (due.empty()) return 0;
  NEWSD_LOG(kDebug) << "polling " << due.size() << " feeds";
  // Feeds go in batches: the next batch downloads (on its own thread)
  // while this one is parsed and committed, and at most two batches of
  // bodies are in memory whatever the number of feeds.
  const size_t batch = std::max<size_t>(64, static_cast<size_t>(config_.fetch.max_concurrent) * 4);
  auto fetch = [this, &requests, batch](size_t begin) {
    std::vector<FetchRequest> part(
        requests.begin() + static_cast<ptrdiff_t>(begin),
        requests.begin() + static_cast<ptrdiff_t>(std::min(requests.size(), begin + batch)));
    return std::async(std::launch::async,
                      [this, part = std::move(part)] { return fetcher_->FetchAll(part, stop_); });
  };
  // Group commit: the items and feed states of the responses handled within
  // kGroupWindow share one fsync, and every batch ends with one, so an
  // item's events wait at most about that long (or one response) for Kafka.
  constexpr auto kGroupWindow = std::chrono::milliseconds(10);
  auto group_start = std::chrono::steady_clock::now();
  std::future<std::vector<FetchResponse>> next = fetch(0);
  for (size_t begin = 0; begin < due.size(); begin += batch) {
    std::vector<FetchResponse> responses = next.get();
    if (begin + batch < due.size()) next = fetch(begin + batch);
    now = clock_->Now();
    std::optional<BatchPreparer> preparer = PrepareBatch(&due[begin], responses, now);
    for (size_t i = 0; i < responses.size(); ++i) {
      if (stop_()) {
        NEWSD_LOG(kNotice) << "stop requested: " << due.size() - begin - i
                           << " feeds left for the next start";
        SyncGroup();
        if (next.valid()) next.wait();
        return due.size();
      }
      batch_ = preparer ? &*preparer : nullptr;
      batch_job_ = i;
      HandleResponse(*due[begin + i], responses[i], now);
      batch_ = nullptr;
      if (preparer) preparer->Done(i);
      if (progress_) progress_();
      // Pushed content does not wait for the end of a long cycle.
      ProcessPushes();
      if (std::chrono::steady_clock::now() - group_start >= kGroupWindow) {
        SyncGroup();
        group_start = std::chrono::steady_clock::now();
      }
    }
    SyncGroup();
    group_start = std::chrono::steady_clock::now();
  }
  return due.size();
}

std::optional<BatchPreparer> Engine::PrepareBatch(Feed* const* feeds,
                                                  const std::vector<FetchResponse>& responses,
                                                  Timestamp now) {
  // A fetcher publishes the items unprocessed.
  if (!prepare_ahead_ || items_out_) return std::nullopt;
  std::vector<BatchPreparer::Body> bodies(responses.size());
  size_t any = 0;
  for (size_t i = 0; i < responses.size(); ++i) {
    const FetchResponse& r = responses[i];
    if (Classify(r) != PollOutcome::kNewContent) continue;
    const Feed& feed = *feeds[i];
    BatchPreparer::Body& body = bodies[i];
    body.bytes = &r.body;
    body.context = ParseContextFor(feed, r.content_type, BodyBase(feed, r), now);
    body.feed_url = feed.config.url;
    // Full text may fill these items' articles (FetchArticles) before they
    // are processed; it leaves every other item as parsed.
    if (full_text_)
      body.changed_later = [fetcher = full_text_.get(), mode = feed.config.full_text](
                               const Item& item) { return fetcher->Wants(mode, item); };
    ++any;
  }
  if (any == 0) return std::nullopt;
  return std::optional<BatchPreparer>(std::in_place, *pipeline_, *store_, std::move(bodies), now);
}

void Engine::SyncGroup() {
  Status s = store_->SyncWal();
  if (s.ok()) {
    for (const FeedState& state : unsynced_states_) state_saved_(state);
    unsynced_states_.clear();
    return;
  }
  // The group stays in the log, unpublished; the next sync covers it.
  metrics_
      .GetCounter("newsd_wal_sync_errors_total",
                  "Failed fsyncs of the write-ahead log (its commits stay unpublished).")
      .Inc();
  last_error_ = "store: " + s.message();
  NEWSD_LOG(kError) << "store: " << s.message() << "; the commits since the last sync wait";
}

void Engine::HandleResponse(Feed& feed, const FetchResponse& r, Timestamp now) {
  ++counters_.polls;
  rng_ ^= rng_ << 13;
  rng_ ^= rng_ >> 7;
  rng_ ^= rng_ << 17;
  double random01 = static_cast<double>(rng_ >> 11) / 9007199254740992.0;
  auto interval = BaseInterval(config_.schedule, feed.config.interval, feed.state);
  // Validators are only kept once the body's items are committed
  // (RecordParsed), so a failed parse or commit refetches the body next time.
  const FeedState before = feed.state;
  RecordPoll(feed.state, r, config_.schedule, interval, now, random01);
  if ((r.http_status == 429 || r.http_status == 503) && r.retry_after) {
    Timestamp until = now + std::chrono::duration_cast<std::chrono::milliseconds>(*r.retry_after);
    std::string host = UrlHost(feed.state.PollUrl());
    Timestamp& slot = host_not_before_[host];
    if (until > slot) {
      slot = until;
      NEWSD_LOG(kNotice) << "host " << host << " answered " << r.http_status
                         << " with Retry-After: its feeds wait until " << FormatRfc3339(until);
    }
  }
  const std::string& name = feed.config.name;
  metrics_.GetCounter("newsd_fetch_bytes_total", "Body bytes fetched (after decompression).")
      .Inc(r.body.size());
  metrics_
      .GetCounter("newsd_fetch_connections_total", "Connections opened (reused ones not counted).")
      .Inc(static_cast<uint64_t>(std::max(0L, r.new_connections)));
  if (r.http_version > 0)
    metrics_
        .GetCounter("newsd_fetch_responses_total", "HTTP responses by protocol version.",
                    {{"version", r.http_version == 20   ? "2"
                                 : r.http_version == 30 ? "3"
                                 : r.http_version == 10 ? "1.0"
                                                        : "1.1"}})
        .Inc();
  if (feed.state.moved_to != before.moved_to) {
    metrics_.GetCounter("newsd_feed_moves_total", "Feeds that moved permanently (301/308).").Inc();
    NEWSD_LOG(kNotice) << "feed " << name << ": moved permanently from "
                       << RedactUrl(before.PollUrl()) << " to " << RedactUrl(feed.state.PollUrl())
                       << "; polling the new address (the config still says "
                       << RedactUrl(feed.config.url) << ")";
  }
  auto log_recovery = [&] {
    if (before.consecutive_failures > 0 && feed.state.consecutive_failures == 0)
      NEWSD_LOG(kNotice) << "feed " << name << ": recovered after " << before.consecutive_failures
                         << " failures";
  };
  switch (Classify(r)) {
    case PollOutcome::kNotModified:
      ++counters_.polls_not_modified;
      metrics_
          .GetCounter("newsd_polls_total", "Feed polls by result.", {{"result", "not_modified"}})
          .Inc();
      log_recovery();
      NEWSD_LOG(kInfo) << "feed " << name << ": not modified";
      SaveFeedState(feed);
      return;
    case PollOutcome::kTransportError:
      ++counters_.polls_failed;
      ReportFailure(feed, r.status.code() == Status::Code::kTimeout ? "timeout" : "transport_error",
                    feed.state.last_error);
      SaveFeedState(feed);
      return;
    case PollOutcome::kHttpError:
      ++counters_.polls_failed;
      ReportFailure(feed, r.http_status >= 500 ? "http_5xx" : "http_4xx", feed.state.last_error);
      SaveFeedState(feed);
      return;
    case PollOutcome::kGone:
      ++counters_.polls_failed;
      ReportFailure(feed, "gone", feed.state.last_error);
      SaveFeedState(feed);
      return;
    case PollOutcome::kNewContent:
      break;
  }
  ParsedFeed parsed;
  std::vector<Timestamp> entry_dates;
  std::string error;
  const std::string base = BodyBase(feed, r);
  switch (ProcessBody(feed, r.body, r.content_type, base, std::to_string(r.http_status), now,
                      &parsed, &entry_dates, &error)) {
    case BodyOutcome::kStopped:
      // The rest of this feed is abandoned: its validators are not saved,
      // so the next start fetches it again and skips what was committed.
      return;
    case BodyOutcome::kParseError:
      ++counters_.parse_errors;
      RecordFailure(feed.state, error, config_.schedule, interval, now, random01);
      ReportFailure(feed, "parse_error", error + " (" + std::to_string(r.body.size()) + " bytes)");
      SaveFeedState(feed);
      return;
    case BodyOutcome::kCommitFailed:
      RecordFailure(feed.state, error, config_.schedule, interval, now, random01);
      SaveFeedState(feed);
      return;
    case BodyOutcome::kDone:
      break;
  }
  metrics_.GetCounter("newsd_polls_total", "Feed polls by result.", {{"result", "ok"}}).Inc();
  // The feed's own rhythm, as this body shows it, sets the next interval
  // (adaptive scheduling); then the poll counts as a success.
  RecordEntries(feed.state, entry_dates, parsed.publisher_interval, now);
  RecordParsed(feed.state, r, config_.schedule,
               BaseInterval(config_.schedule, feed.config.interval, feed.state), now, random01);
  log_recovery();
  // Shown by feeds list while the feed keeps going over the bound.
  if (parsed.items_cut > 0)
    feed.state.last_error = std::to_string(parsed.items_cut) +
                            " entries past [fetch] max_items dropped from the last response";
  if (websub_) {
    HubLinks header = ParseLinkHeader(r.link, base);
    const std::string& hub = !parsed.hub.empty() ? parsed.hub : header.hub;
    const std::string& self = !parsed.self.empty()   ? parsed.self
                              : !header.self.empty() ? header.self
                                                     : feed.config.url;
    websub_->Discovered(feed.config.url, hub, self);
    // Pushed by its hub: polled only as a safety net.
    if (websub_->Active(feed.config.url))
      feed.state.next_poll = std::max(feed.state.next_poll,
                                      now + std::chrono::duration_cast<std::chrono::milliseconds>(
                                                config_.schedule.max_interval));
  }
  SaveFeedState(feed);
}

Engine::BodyOutcome Engine::ProcessBody(Feed& feed, const std::string& body,
                                        const std::string& content_type, const std::string& base,
                                        const std::string& how, Timestamp now, ParsedFeed* out,
                                        std::vector<Timestamp>* entry_dates, std::string* error) {
  const std::string& name = feed.config.name;
  const ParseContext ctx = ParseContextFor(feed, content_type, base, now);
  // The batch's preparer parsed it ahead (and prepares its items), or it is
  // parsed here.
  BatchPreparer* batch = std::exchange(batch_, nullptr);
  Result<ParsedFeed>* parsed_ahead = batch ? batch->TakeParsed(batch_job_, body, ctx) : nullptr;
  std::optional<Result<ParsedFeed>> parsed_here;
  if (!parsed_ahead) parsed_here.emplace(ParseFeed(body, ctx));
  Result<ParsedFeed>& parsed = parsed_ahead ? *parsed_ahead : *parsed_here;
  if (!parsed.ok()) {
    *error = parsed.status().ToString();
    return BodyOutcome::kParseError;
  }
  if (parsed->recovered) {
    ++counters_.parse_recoveries;
    metrics_.GetCounter("newsd_parse_recoveries_total", "Broken feeds read up to the break.").Inc();
    NEWSD_LOG(kWarning) << "feed " << name << ": "
                        << (parsed->format == "json" ? "irregular JSON Feed (" : "broken XML (")
                        << parsed->recovery_note << "); kept " << parsed->items.size()
                        << " complete items";
  }
  if (parsed->items_cut > 0) {
    metrics_
        .GetCounter("newsd_items_cut_total",
                    "Feed entries dropped past [fetch] max_items in one response.")
        .Inc(parsed->items_cut);
    NEWSD_LOG(kWarning) << "feed " << name << ": " << parsed->items.size() + parsed->items_cut
                        << " entries in one response; kept the first " << parsed->items.size()
                        << " ([fetch] max_items), dropped " << parsed->items_cut;
  }
  size_t counts[4] = {0, 0, 0, 0};
  size_t created = 0, updated = 0;
  // The feed URL identifies the feed, even after redirects (the batch's
  // preparer set it already).
  if (!parsed_ahead)
    for (auto& item : parsed->items) item.feed_url = feed.config.url;
  if (items_out_) return PublishBody(feed, *parsed, how, out, entry_dates, error);
  if (full_text_) FetchArticles(feed, parsed->items);
  std::optional<ItemPreparer> preparer;
  if (!parsed_ahead && prepare_ahead_ && parsed->items.size() > 1) {
    std::vector<bool> wanted;
    wanted.reserve(parsed->items.size());
    size_t fresh = 0;
    for (const Item& item : parsed->items) {
      wanted.push_back(!pipeline_->IsRepeat(item, *store_));
      fresh += wanted.back();
    }
    // A thread for one item (or none, a re-polled feed) would only add its start.
    if (fresh > 1) preparer.emplace(*pipeline_, parsed->items, std::move(wanted), now);
  }
  for (size_t i = 0; i < parsed->items.size(); ++i) {
    const Item& item = parsed->items[i];
    if (stop_()) {
      NEWSD_LOG(kNotice) << "feed " << name << ": stop requested, rest of the feed left";
      return BodyOutcome::kStopped;
    }
    std::optional<PreparedItem> prepared;
    if (parsed_ahead) prepared = batch->TakeItem(batch_job_, i);
    if (preparer) prepared = preparer->Take(i);
    ItemResult res;
    if (Status s = CommitItem(item, now, std::move(prepared), nullptr, &res); !s.ok()) {
      NEWSD_LOG(kError) << "feed " << name << ": cannot commit item " << res.item_id << ": "
                        << s.message() << "; the feed will be fetched again";
      *error = "store: " + s.message();
      return BodyOutcome::kCommitFailed;
    }
    ++counts[static_cast<int>(res.verdict)];
    created += res.events_created.size();
    updated += res.events_updated.size();
  }
  counters_.items_parsed += parsed->items.size();
  metrics_.GetCounter("newsd_items_parsed_total", "Items parsed from feeds.")
      .Inc(parsed->items.size());
  feed.state.items_seen += static_cast<int64_t>(parsed->items.size());
  NEWSD_LOG(kInfo) << "feed " << name << ": " << how << ", " << parsed->items.size() << " items ("
                   << counts[static_cast<int>(Verdict::kNew)] << " new, "
                   << counts[static_cast<int>(Verdict::kExactDuplicate)] << " exact duplicates, "
                   << counts[static_cast<int>(Verdict::kNearDuplicate)] << " near duplicates, "
                   << counts[static_cast<int>(Verdict::kUpdated)] << " updated), events " << created
                   << " new / " << updated << " updated, outbox " << store_->OutboxDepth();
  for (const Item& item : parsed->items)
    if (!item.date_is_fetch_time && item.ReferenceTime())
      entry_dates->push_back(*item.ReferenceTime());
  if (parsed_ahead) batch->Release(batch_job_);
  parsed->items.clear();
  *out = std::move(parsed).value();
  return BodyOutcome::kDone;
}

Status Engine::CommitItem(const Item& item, Timestamp now, std::optional<PreparedItem> prepared,
                          const WriteSet* extra, ItemResult* result) {
  const uint64_t read_errors = store_->ReadErrors();
  ItemResult& res = *result;
  res = prepared ? pipeline_->Process(item, *store_, now, std::move(*prepared))
                 : pipeline_->Process(item, *store_, now);
  for (auto& m : res.writes.outbox) m.created_ms = ToUnixMillis(now);
  if (extra) res.writes.ops.insert(res.writes.ops.end(), extra->ops.begin(), extra->ops.end());
  // A read that failed (corruption, an I/O error) answered "missing": the
  // writes built on it could overwrite what the store holds, so they are
  // not committed.
  Status s = store_->ReadErrors() != read_errors
                 ? Status::IOError("a store read failed while processing it (logged above)")
                 : store_->Commit(res.writes, Store::CommitMode::kGrouped);
  if (!s.ok()) {
    ++counters_.commit_errors;
    metrics_.GetCounter("newsd_commit_errors_total", "Items whose store commit failed.").Inc();
    last_error_ = "store: " + s.message();
    return s;
  }
  if (progress_) progress_();
  CountItem(res);
  switch (res.verdict) {
    case Verdict::kNew:
      ++counters_.items_new;
      break;
    case Verdict::kExactDuplicate:
      ++counters_.items_exact_duplicate;
      break;
    case Verdict::kNearDuplicate:
      ++counters_.items_near_duplicate;
      break;
    case Verdict::kUpdated:
      ++counters_.items_updated;
      break;
  }
  counters_.events_created += res.events_created.size();
  counters_.events_updated += res.events_updated.size();
  if (res.verdict == Verdict::kNearDuplicate) {
    NEWSD_LOG(kDebug) << "item " << res.item_id << " near-duplicate of " << res.duplicate_of
                      << " (similarity " << res.similarity << ")";
  }
  return Status::Ok();
}

namespace {

// What identifies an item's version as its feed gave it: its identity and
// the feed's own text (not the article page, which is fetched after).
uint64_t SentHash(const Item& item) {
  std::string key = item.guid.empty() ? item.link : item.guid;
  key += '\x1f';
  key += item.title;
  key += '\x1f';
  key += item.FeedText();
  return Hash64(key);
}

std::string OffsetKey(const std::string& topic, int32_t partition) {
  return "consumed/" + topic + "/" + std::to_string(partition);
}

}  // namespace

Engine::BodyOutcome Engine::PublishBody(Feed& feed, ParsedFeed& parsed, const std::string& how,
                                        ParsedFeed* out, std::vector<Timestamp>* entry_dates,
                                        std::string* error) {
  const std::unordered_set<uint64_t> sent(feed.state.sent_items.begin(),
                                          feed.state.sent_items.end());
  std::vector<uint64_t> now_sent;
  std::vector<Item> fresh;
  for (Item& item : parsed.items) {
    now_sent.push_back(SentHash(item));
    if (!sent.count(now_sent.back())) fresh.push_back(item);
  }
  if (full_text_ && !fresh.empty()) FetchArticles(feed, fresh);
  if (stop_()) return BodyOutcome::kStopped;
  if (Status s = items_out_(fresh); !s.ok()) {
    metrics_
        .GetCounter("newsd_cluster_items_publish_errors_total",
                    "Responses whose items the items topic did not take (fetched again).")
        .Inc();
    last_error_ = s.message();
    *error = s.message();
    NEWSD_LOG(kError) << "feed " << feed.config.name << ": cannot publish " << fresh.size()
                      << " items: " << s.message() << "; the feed will be fetched again";
    return BodyOutcome::kCommitFailed;
  }
  metrics_
      .GetCounter("newsd_cluster_items_published_total",
                  "Items published to the items topic for the processors.")
      .Inc(fresh.size());
  feed.state.sent_items = std::move(now_sent);
  counters_.items_parsed += parsed.items.size();
  metrics_.GetCounter("newsd_items_parsed_total", "Items parsed from feeds.")
      .Inc(parsed.items.size());
  feed.state.items_seen += static_cast<int64_t>(parsed.items.size());
  NEWSD_LOG(kInfo) << "feed " << feed.config.name << ": " << how << ", " << parsed.items.size()
                   << " items (" << fresh.size() << " new or changed, published)";
  for (const Item& item : parsed.items)
    if (!item.date_is_fetch_time && item.ReferenceTime())
      entry_dates->push_back(*item.ReferenceTime());
  parsed.items.clear();
  *out = std::move(parsed);
  return BodyOutcome::kDone;
}

int64_t Engine::StoredOffset(const std::string& topic, int32_t partition) const {
  auto v = store_->Get(Family::kMeta, OffsetKey(topic, partition));
  if (!v) return -1;
  int64_t next = -1;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), next);
  return ec == std::errc() && p == v->data() + v->size() ? next : -1;
}

size_t Engine::ProcessRecords(const std::string& topic, const std::vector<ItemRecord>& records) {
  size_t done = 0;
  for (const ItemRecord& r : records) {
    if (stop_()) break;
    WriteSet offset;
    offset.Put(Family::kMeta, OffsetKey(topic, r.partition), std::to_string(r.offset + 1));
    auto item = DecodeItemRecord(r.value);
    if (!item.ok()) {
      metrics_
          .GetCounter("newsd_cluster_items_undecodable_total",
                      "Records of the items topic that are no item (skipped).")
          .Inc();
      NEWSD_LOG(kWarning) << "items: record " << r.partition << "/" << r.offset
                          << " skipped: " << item.status().message();
      if (Status s = store_->Commit(offset, Store::CommitMode::kGrouped); !s.ok()) break;
      ++done;
      continue;
    }
    ItemResult res;
    if (Status s = CommitItem(*item, FromUnixMillis(r.timestamp_ms), std::nullopt, &offset, &res);
        !s.ok()) {
      NEWSD_LOG(kError) << "items: cannot commit record " << r.partition << "/" << r.offset << ": "
                        << s.message() << "; it is read again";
      break;
    }
    ++counters_.items_parsed;
    ++done;
  }
  metrics_
      .GetCounter("newsd_cluster_items_processed_total", "Records of the items topic processed.")
      .Inc(done);
  SyncGroup();
  return done;
}

void Engine::ServiceWebSub() {
  if (!websub_) return;
  websub_->Tick();
  const Timestamp now = clock_->Now();
  for (const std::string& url : websub_->TakeEnded()) {
    for (auto& f : feeds_) {
      if (f.config.url != url) continue;
      // Back to normal polling: no longer than the feed's own interval.
      f.state.next_poll = std::min(f.state.next_poll, now);
      CapNextPoll(f, now);
    }
  }
  ProcessPushes();
}

void Engine::ProcessPushes() {
  if (!websub_ || !websub_->HasPushed()) return;
  const Timestamp now = clock_->Now();
  std::vector<PushedContent> pushed = websub_->TakePushed();
  Histogram& latency =
      metrics_.GetHistogram("newsd_websub_push_processing_seconds",
                            "From a hub's push arriving to its items committed.", LatencyBuckets());
  bool stopped = false;
  for (PushedContent& p : pushed) {
    auto feed = std::find_if(feeds_.begin(), feeds_.end(),
                             [&](const Feed& f) { return f.config.url == p.feed_url; });
    if (feed == feeds_.end()) continue;  // removed since
    BodyOutcome o = BodyOutcome::kStopped;
    if (!stopped) {
      ParsedFeed parsed;
      std::vector<Timestamp> entry_dates;
      std::string error;
      o = ProcessBody(*feed, p.body, p.content_type, feed->state.PollUrl(), "pushed", now, &parsed,
                      &entry_dates, &error);
      if (o == BodyOutcome::kParseError || o == BodyOutcome::kCommitFailed) {
        metrics_
            .GetCounter("newsd_websub_push_errors_total",
                        "Pushed content that could not be parsed or committed.")
            .Inc();
        NEWSD_LOG(kWarning) << "feed " << feed->config.name << ": pushed content: " << error << " ("
                            << p.body.size() << " bytes)";
        if (o == BodyOutcome::kParseError) continue;
      }
    }
    stopped = stopped || o == BodyOutcome::kStopped;
    // Content acknowledged to the hub but not committed (a failed commit,
    // a stop request) is fetched by the feed's next poll, due at once.
    if (o != BodyOutcome::kDone) feed->state.next_poll = std::min(feed->state.next_poll, now);
    SaveFeedState(*feed);
    if (o == BodyOutcome::kDone)
      latency.Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - p.received).count());
  }
  SyncGroup();
}

void Engine::FetchArticles(const Feed& feed, std::vector<Item>& items) {
  FullTextOutcome o = full_text_->Fill(
      feed.config.full_text, items,
      [this](const Item& item) { return pipeline_->IsKnown(item, *store_); }, stop_);
  if (o.wanted == 0) return;
  if (progress_) progress_();
  std::ostringstream line;
  line << "feed " << feed.config.name << ": full text for " << o.fetched << " of " << o.wanted
       << " new items with short text";
  if (o.over_limit > 0)
    line << " (" << o.over_limit << " over [fetch] full_text_max_items keep their teaser)";
  if (!o.first_error.empty()) line << "; teaser kept for " << o.first_error;
  // A page that fails is worth a warning; one over the limit is by design.
  if (o.fetched + o.over_limit < o.wanted)
    NEWSD_LOG(kWarning) << line.str();
  else
    NEWSD_LOG(kInfo) << line.str();
}

void Engine::CountItem(const ItemResult& res) {
  metrics_
      .GetCounter("newsd_items_total", "Items processed by verdict.",
                  {{"verdict", VerdictName(res.verdict)}})
      .Inc();
  if (res.verdict == Verdict::kNew || res.verdict == Verdict::kNearDuplicate) {
    metrics_
        .GetCounter("newsd_stories_total", "Stories created or joined.",
                    {{"op", res.story_created ? "created" : "updated"}})
        .Inc();
  }
  const char* paragraphs =
      "Paragraphs by what they were: syndicated (seen in the story), "
      "repeated (inside the item), boilerplate (dropped).";
  metrics_.GetCounter("newsd_paragraphs_total", paragraphs, {{"kind", "syndicated"}})
      .Inc(res.paragraphs_syndicated);
  metrics_.GetCounter("newsd_paragraphs_total", paragraphs, {{"kind", "repeated"}})
      .Inc(res.paragraphs_collapsed);
  metrics_.GetCounter("newsd_paragraphs_total", paragraphs, {{"kind", "boilerplate"}})
      .Inc(res.paragraphs_boilerplate);
  const char* help = "Events created or updated, by CAMEO code.";
  for (const auto& ev : res.events_created)
    metrics_.GetCounter("newsd_events_total", help, {{"op", "created"}, {"code", ev.code}}).Inc();
  for (const auto& ev : res.events_updated)
    metrics_.GetCounter("newsd_events_total", help, {{"op", "updated"}, {"code", ev.code}}).Inc();
}

void Engine::SaveFeedState(const Feed& feed) {
  WriteSet ws;
  ws.Put(Family::kFeeds, feed.config.url, feed.state.Encode());
  // After the feed's items in the log: a lost group loses both.
  Status s = store_->Commit(ws, Store::CommitMode::kGrouped);
  if (!s.ok()) {
    NEWSD_LOG(kError) << "feed " << feed.config.name << ": cannot save state: " << s.message();
    return;
  }
  // Told once durable with the items before it (SyncGroup): a successor
  // that took these validators from a state whose items were lost would
  // be told 304 and never see them.
  if (state_saved_) unsynced_states_.push_back(feed.state);
}

void Engine::SampleRates(std::chrono::steady_clock::time_point now) {
  rate_samples_.push_back({now, counters_.items_parsed.load(),
                           counters_.events_created.load() + counters_.events_updated.load()});
  while (rate_samples_.size() > 2 && now - rate_samples_[1].at >= std::chrono::seconds(60))
    rate_samples_.pop_front();
}

std::string Engine::StatusLine() const {
  std::ostringstream o;
  o << "feeds=" << feeds_.size();
  if (rate_samples_.size() >= 2) {
    const RateSample& a = rate_samples_.front();
    const RateSample& b = rate_samples_.back();
    double minutes = std::chrono::duration<double>(b.at - a.at).count() / 60.0;
    if (minutes > 0) {
      o << " items/min=" << static_cast<uint64_t>(static_cast<double>(b.items - a.items) / minutes)
        << " events/min="
        << static_cast<uint64_t>(static_cast<double>(b.events - a.events) / minutes);
    }
  }
  o << " items=" << counters_.items_parsed.load() << " new=" << counters_.items_new.load()
    << " events=" << counters_.events_created.load()
    << " published=" << publisher_->stats().delivered.load() << " outbox=" << store_->OutboxDepth();
  if (!last_error_.empty()) o << " last_error=\"" << last_error_ << "\"";
  return EscapeControls(o.str());
}

}  // namespace newsd
