#include "daemon/engine.h"

#include <fstream>
#include <sstream>

#include "common/log.h"
#include "ingest/feed_parser.h"
#include "ingest/scheduler.h"

namespace newsd {
namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Result<std::unique_ptr<Gazetteer>> LoadGazetteer(const Config& config) {
  std::string gaz_path = config.data_dir + "/gazetteer.json";
  auto gaz = ReadFile(gaz_path);
  if (!gaz.ok()) return gaz.status();
  std::string iso;
  if (!config.iso_codes_path.empty()) {
    auto r = ReadFile(config.iso_codes_path);
    if (!r.ok())
      return Status::IOError(r.status().message() +
                             " (install the iso-codes package, or set iso_codes)");
    iso = std::move(r).value();
  }
  auto g = Gazetteer::FromJson(*gaz, iso);
  if (!g.ok()) return Status::ParseError(gaz_path + ": " + g.status().message());
  return std::make_unique<Gazetteer>(std::move(g).value());
}

Result<std::unique_ptr<Engine>> Engine::Create(const Config& config, Clock* clock) {
  std::unique_ptr<Engine> e(new Engine());
  e->config_ = config;
  e->clock_ = clock;

  auto gaz = LoadGazetteer(config);
  if (!gaz.ok()) return gaz.status();
  e->gazetteer_ = std::move(gaz).value();
  e->extractor_ = std::make_unique<Extractor>(e->gazetteer_.get());
  e->pipeline_ = std::make_unique<Pipeline>(config.pipeline, e->extractor_.get());
  NEWSD_LOG(kInfo) << "dictionaries loaded: " << e->gazetteer_->size() << " names";

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
  e->publisher_ = std::make_unique<Publisher>(e->store_.get(), config.publisher);
  auto prod = KafkaProducer::Create(producer, e->publisher_->Callback());
  if (!prod.ok()) return prod.status();
  e->producer_ = std::move(prod).value();
  e->publisher_->SetSink(e->producer_.get());
  NEWSD_LOG(kInfo) << "kafka producer for " << producer.brokers << " (topics "
                   << config.publisher.topic_events << ", " << config.publisher.topic_stories
                   << ")";

  e->fetcher_ = NewCurlFetcher(config.fetch);
  Timestamp now = clock->Now();
  for (const auto& fc : config.feeds) {
    Feed f{fc, {}};
    f.state.url = fc.url;
    if (auto saved = e->store_->Get(Family::kFeeds, fc.url)) {
      if (auto st = FeedState::Decode(*saved); st.ok()) f.state = std::move(st).value();
    }
    if (f.state.next_poll == Timestamp{}) f.state.next_poll = now;
    e->feeds_.push_back(std::move(f));
  }
  NEWSD_LOG(kInfo) << e->feeds_.size() << " feeds configured";
  return e;
}

Engine::~Engine() { StopPublisher(); }

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

Timestamp Engine::NextDue() const {
  Timestamp next = Timestamp::max();
  for (const auto& f : feeds_) next = std::min(next, f.state.next_poll);
  return next;
}

size_t Engine::PollDue(bool all) {
  Timestamp now = clock_->Now();
  std::vector<Feed*> due;
  std::vector<FetchRequest> requests;
  for (auto& f : feeds_) {
    if (!all && f.state.next_poll > now) continue;
    if (f.state.next_poll == Timestamp::max() && !all) continue;  // gone (410)
    due.push_back(&f);
    requests.push_back({f.config.url, f.state.etag, f.state.last_modified});
  }
  if (due.empty()) return 0;
  NEWSD_LOG(kDebug) << "polling " << due.size() << " feeds";
  std::vector<FetchResponse> responses = fetcher_->FetchAll(requests);
  now = clock_->Now();
  for (size_t i = 0; i < due.size(); ++i) HandleResponse(*due[i], responses[i], now);
  return due.size();
}

void Engine::HandleResponse(Feed& feed, const FetchResponse& r, Timestamp now) {
  ++counters_.polls;
  rng_ ^= rng_ << 13;
  rng_ ^= rng_ >> 7;
  rng_ ^= rng_ << 17;
  double random01 = static_cast<double>(rng_ >> 11) / 9007199254740992.0;
  auto interval =
      feed.config.interval.count() > 0 ? feed.config.interval : config_.schedule.default_interval;
  // Validators are only kept once the body's items are committed, so a
  // failed commit refetches the body next time.
  FeedState before = feed.state;
  RecordPoll(feed.state, r, config_.schedule, interval, now, random01);
  const std::string& name = feed.config.name;
  switch (Classify(r)) {
    case PollOutcome::kNotModified:
      ++counters_.polls_not_modified;
      NEWSD_LOG(kInfo) << "feed " << name << ": not modified";
      SaveFeedState(feed);
      return;
    case PollOutcome::kTransportError:
    case PollOutcome::kHttpError:
    case PollOutcome::kGone:
      ++counters_.polls_failed;
      last_error_ = name + ": " + feed.state.last_error;
      NEWSD_LOG(kWarning) << "feed " << name << ": " << feed.state.last_error << " (failure "
                          << feed.state.consecutive_failures << ", next poll "
                          << (feed.state.next_poll == Timestamp::max()
                                  ? std::string("never")
                                  : FormatRfc3339(feed.state.next_poll))
                          << ")";
      SaveFeedState(feed);
      return;
    case PollOutcome::kNewContent:
      break;
  }
  ParseContext ctx{r.effective_url.empty() ? feed.config.url : r.effective_url, name,
                   r.content_type, now};
  auto parsed = ParseFeed(r.body, ctx);
  if (!parsed.ok()) {
    ++counters_.parse_errors;
    feed.state.etag = before.etag;
    feed.state.last_modified = before.last_modified;
    RecordFailure(feed.state, parsed.status().ToString(), config_.schedule, interval, now,
                  random01);
    last_error_ = name + ": " + parsed.status().ToString();
    NEWSD_LOG(kWarning) << "feed " << name << ": " << parsed.status().ToString() << " ("
                        << r.body.size() << " bytes)";
    SaveFeedState(feed);
    return;
  }
  if (parsed->recovered) {
    ++counters_.parse_recoveries;
    NEWSD_LOG(kWarning) << "feed " << name << ": broken XML (" << parsed->recovery_note
                        << "); kept " << parsed->items.size() << " complete items";
  }
  size_t counts[4] = {0, 0, 0, 0};
  size_t created = 0, updated = 0;
  for (auto& item : parsed->items) {
    // The feed URL identifies the feed, even after redirects.
    item.feed_url = feed.config.url;
    ItemResult res = pipeline_->Process(item, *store_, now);
    Status s = store_->Commit(res.writes);
    if (!s.ok()) {
      ++counters_.commit_errors;
      last_error_ = "store: " + s.message();
      NEWSD_LOG(kError) << "feed " << name << ": cannot commit item " << res.item_id << ": "
                        << s.message() << "; the feed will be fetched again";
      feed.state.etag = before.etag;
      feed.state.last_modified = before.last_modified;
      SaveFeedState(feed);
      return;
    }
    ++counts[static_cast<int>(res.verdict)];
    created += res.events_created.size();
    updated += res.events_updated.size();
    if (res.verdict == Verdict::kNearDuplicate)
      NEWSD_LOG(kDebug) << "item " << res.item_id << " near-duplicate of " << res.duplicate_of
                        << " (similarity " << res.similarity << ")";
  }
  counters_.items_parsed += parsed->items.size();
  counters_.items_new += counts[static_cast<int>(Verdict::kNew)];
  counters_.items_exact_duplicate += counts[static_cast<int>(Verdict::kExactDuplicate)];
  counters_.items_near_duplicate += counts[static_cast<int>(Verdict::kNearDuplicate)];
  counters_.items_updated += counts[static_cast<int>(Verdict::kUpdated)];
  counters_.events_created += created;
  counters_.events_updated += updated;
  feed.state.items_seen += static_cast<int64_t>(parsed->items.size());
  NEWSD_LOG(kInfo) << "feed " << name << ": " << r.http_status << ", " << parsed->items.size()
                   << " items (" << counts[static_cast<int>(Verdict::kNew)] << " new, "
                   << counts[static_cast<int>(Verdict::kExactDuplicate)] << " exact duplicates, "
                   << counts[static_cast<int>(Verdict::kNearDuplicate)] << " near duplicates, "
                   << counts[static_cast<int>(Verdict::kUpdated)] << " updated), events " << created
                   << " new / " << updated << " updated, outbox " << store_->OutboxDepth();
  SaveFeedState(feed);
}

void Engine::SaveFeedState(const Feed& feed) {
  WriteSet ws;
  ws.Put(Family::kFeeds, feed.config.url, feed.state.Encode());
  Status s = store_->Commit(ws);
  if (!s.ok())
    NEWSD_LOG(kError) << "feed " << feed.config.name << ": cannot save state: " << s.message();
}

std::string Engine::StatusLine() const {
  std::ostringstream o;
  o << "feeds=" << feeds_.size() << " items=" << counters_.items_parsed.load()
    << " new=" << counters_.items_new.load() << " events=" << counters_.events_created.load()
    << " published=" << publisher_->stats().delivered.load() << " outbox=" << store_->OutboxDepth();
  if (!last_error_.empty()) o << " last_error=\"" << last_error_ << "\"";
  return o.str();
}

}  // namespace newsd
