#include "daemon/cluster.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "common/json_text.h"
#include "common/log.h"
#include "ingest/url.h"

namespace newsd {

FeedRegistryOptions RegistryOptionsOf(const Config& c) {
  FeedRegistryOptions o;
  o.brokers = c.producer.brokers;
  o.properties = c.producer.properties;
  o.topic = c.cluster.registry_topic;
  return o;
}

std::string FeedSettingsJson(const FeedConfig& f) {
  nlohmann::json j = {{"name", f.name},
                      {"interval", f.interval.count()},
                      {"full_text", FullTextModeName(f.full_text)}};
  if (!f.category.empty()) j["category"] = f.category;
  return DumpJson(j);
}

Result<FeedConfig> FeedFromSettings(const std::string& url, const std::string& json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object())
    return Status::ParseError("registry value of " + RedactUrl(url) + " is not a JSON object");
  FeedConfig f;
  f.url = url;
  if (Status v = ValidateFeedUrl(url); !v.ok()) return v;
  auto str = [&](const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  f.name = str("name");
  if (f.name.empty()) f.name = RedactUrl(url);
  if (auto it = j.find("interval"); it != j.end() && it->is_number_integer() && *it >= 0)
    f.interval = std::chrono::seconds(it->get<int64_t>());
  if (auto mode = ParseFullTextMode(str("full_text")); mode.ok()) f.full_text = *mode;
  f.category = str("category");
  return f;
}

ItemsTopicOptions ItemsTopicOf(const Config& c) {
  ItemsTopicOptions o;
  o.brokers = c.producer.brokers;
  o.properties = c.producer.properties;
  o.topic = c.cluster.items_topic;
  return o;
}

FetchGroupOptions FetchGroupOptionsOf(const Config& c) {
  FetchGroupOptions o;
  o.registry = RegistryOptionsOf(c);
  o.state_topic = c.cluster.state_topic;
  o.group_id = c.cluster.group + "-fetch";
  o.instance_id = c.cluster.instance_id;
  o.session_timeout = c.cluster.session_timeout;
  return o;
}

namespace {

const FeedConfig* TomlFeed(const Config& c, const std::string& url) {
  for (const FeedConfig& f : c.feeds)
    if (f.url == url) return &f;
  return nullptr;
}

// A registry record as a feed to poll; nullopt (logged) when it is none.
std::optional<FeedConfig> RegistryFeed(const Config& c, const std::string& url,
                                       const std::string& value) {
  // As from an OPML file: with the SSRF guard on, local files are read
  // only when an operator's TOML names them.
  if (c.fetch.block_private_addresses && url.starts_with("file:")) {
    NEWSD_LOG(kWarning) << "cluster: " << RedactUrl(url)
                        << ": file:// feeds are accepted only in the TOML config while "
                           "fetch.block_private_addresses is on; skipped";
    return std::nullopt;
  }
  auto f = FeedFromSettings(url, value);
  if (!f.ok()) {
    NEWSD_LOG(kWarning) << "cluster: " << f.status().message() << "; skipped";
    return std::nullopt;
  }
  f->from_feeds_file = true;  // not the TOML's
  return std::move(f).value();
}

// The records that publish the config's feeds over `registry` (which is
// updated to hold them).
std::vector<RegistryRecord> ConfigRecords(const Config& c,
                                          std::map<std::string, std::string>& registry) {
  std::vector<RegistryRecord> records;
  for (const FeedConfig& f : c.feeds) {
    std::string value = FeedSettingsJson(f);
    auto it = registry.find(f.url);
    if (it != registry.end() && it->second == value) continue;
    records.push_back({f.url, UrlHost(f.url), value});
    registry[f.url] = value;
  }
  return records;
}

}  // namespace

Status PublishConfigFeeds(const Config& c) {
  auto registry = ReadFeedRegistry(RegistryOptionsOf(c));
  if (!registry.ok()) return registry.status();
  const FeedRegistryOptions o = RegistryOptionsOf(c);
  std::vector<RegistryRecord> records = ConfigRecords(c, *registry);
  if (Status s = WriteFeedRegistry(o, records); !s.ok()) return s;
  if (!records.empty())
    NEWSD_LOG(kNotice) << "cluster: published " << records.size() << " feeds of the config to "
                       << o.topic;
  return Status::Ok();
}

std::vector<FeedConfig> FeedsOfRegistry(const Config& c,
                                        const std::map<std::string, std::string>& registry) {
  std::vector<FeedConfig> out;
  for (const auto& [url, value] : registry) {
    if (const FeedConfig* toml = TomlFeed(c, url)) {
      out.push_back(*toml);
    } else if (auto f = RegistryFeed(c, url, value)) {
      out.push_back(std::move(*f));
    }
  }
  return out;
}

Result<std::vector<FeedConfig>> ClusterFeeds(const Config& c) {
  auto registry = ReadFeedRegistry(RegistryOptionsOf(c));
  if (!registry.ok()) return registry.status();
  std::vector<FeedConfig> out = c.feeds;
  for (const auto& [url, value] : *registry) {
    if (TomlFeed(c, url)) continue;
    if (auto f = RegistryFeed(c, url, value)) out.push_back(std::move(*f));
  }
  return out;
}

Result<std::unique_ptr<ClusterMember>> ClusterMember::Join(const Config& config, Engine& engine,
                                                           bool transient) {
  if (Status s = PublishConfigFeeds(config); !s.ok()) return s;
  std::unique_ptr<ClusterMember> m(new ClusterMember(config, engine));
  FetchGroupOptions o = FetchGroupOptionsOf(config);
  o.static_membership = !transient;
  auto group = FetchGroup::Join(o);
  if (!group.ok()) return group.status();
  m->group_ = std::move(group).value();
  FetchGroup* g = m->group_.get();
  engine.SetStateSaved(
      [g](const FeedState& s) { g->PublishState(s.url, UrlHost(s.url), s.Encode()); });
  auto items = ItemsProducer::Create(ItemsTopicOf(config));
  if (!items.ok()) return items.status();
  m->items_ = std::move(items).value();
  ItemsProducer* p = m->items_.get();
  engine.SetItemsOut([p](const std::vector<Item>& batch) { return p->Publish(batch); });
  return m;
}

ClusterMember::~ClusterMember() {
  engine_.SetStateSaved(nullptr);
  engine_.SetItemsOut(nullptr);
  group_.reset();  // flushes the states written, leaves the group
}

void ClusterMember::Serve() {
  MetricsRegistry& m = engine_.metrics();
  const uint64_t published = group_->states_published(), failed = group_->states_failed();
  FetchGroupChanges changes = group_->Serve();
  size_t adopted = 0;
  for (const auto& [url, record] : changes.states) {
    auto state = FeedState::Decode(record);
    if (!state.ok() || state->url != url) {
      NEWSD_LOG(kWarning) << "cluster: the feed-state record of " << RedactUrl(url)
                          << " is not one; the feed starts afresh";
      continue;
    }
    adopted += engine_.AdoptFeedState(*state);
  }
  m.GetCounter("newsd_cluster_feed_states_adopted_total",
               "Feed states taken from the feed-state topic (newer than this store's).")
      .Inc(adopted);
  m.GetCounter("newsd_cluster_feed_states_written_total",
               "Feed states written to the feed-state topic.")
      .Inc(group_->states_published() - published);
  m.GetCounter("newsd_cluster_feed_state_errors_total",
               "Feed states the feed-state topic did not take.")
      .Inc(group_->states_failed() - failed);
  m.GetCounter("newsd_cluster_rebalances_total",
               "Partitions of the feeds registry assigned to or taken from this instance.",
               {{"change", "assigned"}})
      .Inc(static_cast<uint64_t>(changes.assigned));
  m.GetCounter("newsd_cluster_rebalances_total",
               "Partitions of the feeds registry assigned to or taken from this instance.",
               {{"change", "revoked"}})
      .Inc(static_cast<uint64_t>(changes.revoked));
  m.GetGauge("newsd_cluster_partitions_owned",
             "Partitions of the feeds registry this instance polls the feeds of.")
      .Set(static_cast<double>(group_->Owned().size()));
  if (changes.assigned || changes.revoked)
    NEWSD_LOG(kNotice) << "cluster: " << changes.assigned << " partitions gained, "
                       << changes.revoked << " given up; owning " << group_->Owned().size()
                       << " of " << group_->partitions() << " (" << adopted
                       << " feed states taken over)";
  if (changes.feeds_changed) ApplyFeeds();
  if (!changes.states.empty()) {
    // Feeds another member polled wait out the takeover grace: that member
    // may not know yet that it lost them.
    std::vector<std::string> urls;
    urls.reserve(changes.states.size());
    for (const auto& [url, record] : changes.states) urls.push_back(url);
    const auto grace = group_->takeover_grace();
    engine_.HoldPolls(urls, grace);
    NEWSD_LOG(kInfo) << "cluster: " << urls.size() << " feeds taken over are first polled after "
                     << grace.count() << " ms (the last owner may not know yet)";
  }
}

void ClusterMember::ApplyFeeds() {
  engine_.UpdateFeeds(FeedsOfRegistry(config_, group_->Feeds()), "cluster");
}

void ClusterMember::Reconfigure(const Config& config) {
  config_ = config;
  if (Status s = PublishConfigFeeds(config_); !s.ok())
    NEWSD_LOG(kWarning) << "cluster: cannot publish the config's feeds: " << s.message();
  ApplyFeeds();
}

bool ClusterMember::WaitOwned(std::chrono::milliseconds timeout,
                              const std::function<bool()>& stop) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!stop() && std::chrono::steady_clock::now() < deadline) {
    Serve();
    if (!group_->Owned().empty() && group_->Reading() == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

Result<std::unique_ptr<ClusterProcessor>> ClusterProcessor::Join(const Config& config,
                                                                 Engine& engine, bool transient) {
  std::unique_ptr<ClusterProcessor> p(new ClusterProcessor(config, engine));
  ItemsConsumerOptions co;
  co.topic = ItemsTopicOf(config);
  co.client_id = "newsd-" + config.cluster.instance_id;
  const std::string topic = co.topic.topic;
  Engine* e = &engine;
  auto consumer = ItemsConsumer::Open(
      co, [e, topic](int32_t partition) { return e->StoredOffset(topic, partition); });
  if (!consumer.ok()) return consumer.status();
  p->consumer_ = std::move(consumer).value();
  for (int32_t part = 0; part < p->consumer_->partitions(); ++part) {
    const int64_t next = engine.StoredOffset(topic, part);
    if (next >= 0) p->through_[part] = next;
  }
  LeadershipOptions lo;
  lo.brokers = config.producer.brokers;
  lo.properties = config.producer.properties;
  lo.topic = config.cluster.leader_topic;
  lo.group_id = config.cluster.group + "-process";
  lo.instance_id = config.cluster.instance_id;
  lo.static_membership = !transient;
  lo.session_timeout = config.cluster.session_timeout;
  auto leadership = Leadership::Join(lo);
  if (!leadership.ok()) return leadership.status();
  p->leadership_ = std::move(leadership).value();
  return p;
}

ClusterProcessor::~ClusterProcessor() {
  leadership_.reset();  // leaves the group: a standby leads at once
}

void ClusterProcessor::OnLeadershipChange() {
  MetricsRegistry& m = engine_.metrics();
  m.GetGauge("newsd_cluster_leader", "1 while this processor publishes, 0 while it stands by.")
      .Set(leader() ? 1 : 0);
  if (leader()) {
    NEWSD_LOG(kNotice) << "cluster: this processor leads: publishing its "
                       << engine_.store().OutboxDepth()
                       << " outbox rows the last leader did not report delivered, and what follows";
    engine_.StartPublisher();
  } else {
    NEWSD_LOG(kNotice) << "cluster: this processor stands by (another one publishes)";
    engine_.StopPublisher();
  }
}

size_t ClusterProcessor::Serve(std::chrono::milliseconds wait) {
  if (leadership_->Serve()) OnLeadershipChange();
  if (!announced_ && leadership_->settled()) {
    announced_ = true;
    if (!leader()) OnLeadershipChange();  // "stands by", once
  }
  constexpr size_t kBatch = 500;
  std::vector<ItemRecord> records = consumer_->Poll(kBatch, wait);
  size_t done = 0;
  if (!records.empty()) {
    done = engine_.ProcessRecords(config_.cluster.items_topic, records);
    for (size_t i = 0; i < done; ++i) through_[records[i].partition] = records[i].offset + 1;
    if (done > 0) marks_.push_back({engine_.store().LastChange(), through_});
    if (done < records.size()) {
      // A commit failed or a stop came: what was not committed is read again
      // from the offsets the store holds.
      consumer_->Rewind([this](int32_t partition) {
        return engine_.StoredOffset(config_.cluster.items_topic, partition);
      });
    }
  }
  if (leader())
    PublishDelivered();
  else
    DropDelivered();
  engine_.metrics()
      .GetGauge("newsd_cluster_items_lag", "Records of the items topic not processed yet.")
      .Set(static_cast<double>(consumer_->Lag()));
  return done;
}

void ClusterProcessor::PublishDelivered() {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_published_ < std::chrono::milliseconds(250)) return;
  Store& store = engine_.store();
  // Rows below the first still in the outbox, and durable, are delivered.
  uint64_t undelivered = store.LastChange() + 1;
  if (auto rows = store.ReadOutbox(0, 1); !rows.empty())
    undelivered = std::min(undelivered, rows.front().seq);
  size_t covered = 0;
  while (covered < marks_.size() && marks_[covered].seq < undelivered) ++covered;
  if (covered == 0) return;
  const Mark& mark = marks_[covered - 1];
  if (mark.through != published_) {
    leadership_->PublishWatermark(mark.through);
    published_ = mark.through;
    last_published_ = now;
  }
  marks_.erase(marks_.begin(), marks_.begin() + static_cast<ptrdiff_t>(covered - 1));
}

void ClusterProcessor::DropDelivered() {
  const Watermark& w = leadership_->watermark();
  if (w.empty() || marks_.empty()) return;
  auto delivered = [&w](const Mark& m) {
    for (const auto& [p, next] : m.through) {
      auto it = w.find(p);
      if (it == w.end() || it->second < next) return false;
    }
    return true;
  };
  size_t covered = 0;
  while (covered < marks_.size() && delivered(marks_[covered])) ++covered;
  if (covered == 0) return;
  const uint64_t upto = marks_[covered - 1].seq;
  marks_.erase(marks_.begin(), marks_.begin() + static_cast<ptrdiff_t>(covered));
  // The leader delivered the messages of these records; this processor's
  // rows for them are the same messages.
  Store& store = engine_.store();
  uint64_t dropped = 0;
  for (;;) {
    std::vector<uint64_t> seqs;
    for (const OutboxRow& row : store.ReadOutbox(0, 1000))
      if (row.seq <= upto) seqs.push_back(row.seq);
    if (seqs.empty() || !store.DeleteOutbox(seqs).ok()) break;
    dropped += seqs.size();
  }
  engine_.metrics()
      .GetCounter("newsd_cluster_outbox_dropped_total",
                  "Outbox rows a standby processor dropped because the leader delivered them.")
      .Inc(dropped);
}

void ClusterProcessor::Drain(std::chrono::milliseconds idle, std::chrono::milliseconds timeout,
                             const std::function<bool()>& stop) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto last = std::chrono::steady_clock::now();
  bool was_settled = false;
  while (!stop() && std::chrono::steady_clock::now() < deadline) {
    if (Serve(std::chrono::milliseconds(100)) > 0) last = std::chrono::steady_clock::now();
    // Idle counts from the group's first answer: the fetchers of the same
    // run publish meanwhile.
    if (leadership_->settled() && !was_settled) last = std::chrono::steady_clock::now();
    was_settled = leadership_->settled();
    if (was_settled && consumer_->Lag() == 0 && std::chrono::steady_clock::now() - last >= idle)
      return;
  }
}

}  // namespace newsd
