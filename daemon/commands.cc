#include "daemon/commands.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "common/ascii.h"
#include "common/file.h"
#include "common/json_text.h"
#include "common/keys.h"
#include "common/log.h"
#include "common/state.h"
#include "daemon/admin_http.h"
#include "daemon/api.h"
#include "daemon/command_util.h"
#include "daemon/config.h"
#include "daemon/engine.h"
#include "daemon/lifecycle.h"
#include "ingest/feed_parser.h"
#include "ingest/feed_state.h"
#include "ingest/fetcher.h"
#include "ingest/url.h"
#include "kafka/embedded_broker.h"
#include "pipeline/extractor.h"
#include "pipeline/json_codec.h"
#include "pipeline/pipeline.h"
#include "store/store.h"

namespace newsd {

Result<Config> LoadConfigOrReport(const std::string& path) {
  auto c = LoadConfig(path);
  if (!c.ok()) std::cerr << "newsd: " << c.status().message() << "\n";
  return c;
}

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json ItemJson(const Item& it) {
  json j = {{"feed_title", it.feed_title},
            {"guid", it.guid},
            {"link", it.link},
            {"title", it.title},
            {"authors", it.authors},
            {"categories", it.categories},
            {"summary_text", it.summary_text},
            {"content_text", it.content_text}};
  j["published"] = it.published ? json(FormatRfc3339(*it.published)) : json(nullptr);
  j["updated"] = it.updated ? json(FormatRfc3339(*it.updated)) : json(nullptr);
  if (it.date_is_fetch_time) j["date_is_fetch_time"] = true;
  if (!it.media.empty()) {
    for (const auto& m : it.media)
      j["media"].push_back({{"url", m.url}, {"type", m.type}, {"medium", m.medium}});
  }
  return j;
}

// The dictionaries for the commands that run without a config (process,
// analyze): `data_dir`, else the default. Reports errors on stderr.
struct OfflineDictionaries {
  std::unique_ptr<Gazetteer> gazetteer;
  std::unique_ptr<Lexicon> lexicon;
};
std::optional<OfflineDictionaries> LoadOfflineDictionaries(const std::string& data_dir) {
  Config config;
  config.data_dir = data_dir.empty() ? ParseConfig("", "(defaults)")->data_dir : data_dir;
  auto gaz = LoadGazetteer(config);
  if (!gaz.ok()) {
    std::cerr << "newsd: " << gaz.status().message() << "\n";
    return std::nullopt;
  }
  auto lex = LoadLexicon(config);
  if (!lex.ok()) {
    std::cerr << "newsd: " << lex.status().message() << "\n";
    return std::nullopt;
  }
  return OfflineDictionaries{std::move(gaz).value(), std::move(lex).value()};
}

std::string FileUrl(const std::string& path) {
  return "file://" + fs::absolute(path).lexically_normal().string();
}

}  // namespace

namespace {

// What a reload cannot change in a running daemon.
std::vector<std::string> RestartOnlyChanges(const Config& a, const Config& b) {
  std::vector<std::string> out;
  if (a.store.path != b.store.path || a.store.sync != b.store.sync) out.push_back("[store]");
  if (a.kafka_embedded != b.kafka_embedded || a.producer.brokers != b.producer.brokers ||
      a.producer.properties != b.producer.properties ||
      a.publisher.topic_events != b.publisher.topic_events ||
      a.publisher.topic_stories != b.publisher.topic_stories)
    out.push_back("[kafka]");
  if (a.http_listen != b.http_listen) out.push_back("[http] listen");
  if (a.api_listen != b.api_listen) out.push_back("[api] listen");
  if (a.fetch.user_agent != b.fetch.user_agent || a.fetch.total_timeout != b.fetch.total_timeout ||
      a.fetch.max_body_bytes != b.fetch.max_body_bytes ||
      a.fetch.max_concurrent != b.fetch.max_concurrent || a.fetch.ca_file != b.fetch.ca_file)
    out.push_back("[fetch]");
  if (a.pipeline.near_duplicate_threshold != b.pipeline.near_duplicate_threshold ||
      a.pipeline.paragraph_duplicate_threshold != b.pipeline.paragraph_duplicate_threshold ||
      a.data_dir != b.data_dir)
    out.push_back("[pipeline]");
  return out;
}

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string MonotonicUsec() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::to_string(static_cast<int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000);
}

}  // namespace

int RunDaemon(const RunArgs& args) {
  auto config = LoadConfigOrReport(args.config);
  if (!config.ok()) return kExitUsage;
  LogLevel level = config->log_level;
  if (!args.log_level.empty() && !ParseLogLevel(args.log_level, &level)) {
    std::cerr << "newsd: --log-level: must be one of error, warning, notice, info, debug\n";
    return kExitUsage;
  }
  SetLogLevel(level);
  InstallSignalHandlers();
  NEWSD_LOG(kNotice) << "newsd " << NEWSD_VERSION << " starting with " << args.config
                     << (args.once ? " (once)" : "");
  auto engine_or = Engine::Create(*config, &SystemClock::Instance());
  if (!engine_or.ok()) {
    NEWSD_LOG(kError) << "cannot start: " << engine_or.status().ToString();
    return kExitFailure;
  }
  std::unique_ptr<Engine> engine = std::move(engine_or).value();
  engine->SetStopCheck([] { return StopRequested(); });
  engine->StartPublisher();

  if (args.once) {
    engine->PollDue(/*all=*/true);
    bool drained = engine->WaitPublished(config->flush_timeout);
    engine->StopPublisher();
    engine->store().Flush();
    const auto& p = engine->publisher_stats();
    if (!drained) {
      NEWSD_LOG(kError) << "kafka did not acknowledge everything within the flush timeout: "
                        << engine->store().OutboxDepth()
                        << " messages stay in the outbox for the next run (" << p.failed.load()
                        << " delivery failures)";
      return kExitFailure;
    }
    NEWSD_LOG(kNotice) << "once: " << engine->StatusLine() << "; " << p.delivered.load()
                       << " messages published";
    return kExitOk;
  }

  // The admin listener: liveness from the main loop's heartbeat, readiness
  // from the outbox.
  std::atomic<int64_t> heartbeat_ms{SteadyMs()};
  std::atomic<bool> ready{false};
  std::atomic<uint64_t> ready_max_outbox{config->ready_max_outbox};
  std::unique_ptr<HttpServer> admin;
  if (!config->http_listen.empty()) {
    Engine* e = engine.get();
    AdminHandlers h;
    h.metrics = [e] { return e->metrics().RenderPrometheus(); };
    h.healthy = [&heartbeat_ms] {
      int64_t age = SteadyMs() - heartbeat_ms.load();
      return std::make_pair(age < 120'000, "main loop last ran " + std::to_string(age) + " ms ago");
    };
    h.ready = [e, &ready, &ready_max_outbox] {
      if (!ready) return std::make_pair(false, std::string("starting or stopping"));
      uint64_t depth = e->store().OutboxDepth();
      if (e->store().WriteStopped())
        return std::make_pair(false, std::string("store not taking writes (stall or full disk)"));
      if (depth > ready_max_outbox)
        return std::make_pair(false, "outbox depth " + std::to_string(depth) + " (Kafka behind)");
      return std::make_pair(true, "outbox depth " + std::to_string(depth));
    };
    if (WebSub* websub = e->websub()) {
      h.websub = [websub](const HttpRequest& req, HttpResponse* out) {
        return websub->Handle(req, out);
      };
      h.max_body_bytes = config->fetch.max_body_bytes;
    }
    auto server = StartAdminServer(config->http_listen, std::move(h));
    if (!server.ok()) {
      NEWSD_LOG(kError) << "cannot start: " << server.status().message();
      return kExitFailure;
    }
    admin = std::move(server).value();
    if (!IsLoopbackListen(config->http_listen))
      NEWSD_LOG(kWarning) << "admin listener on " << admin->address()
                          << " is reachable from other hosts: /metrics shows feed names and "
                             "errors; bind 127.0.0.1 unless a firewall guards it";
    NEWSD_LOG(kNotice) << "admin listener on http://" << admin->address()
                       << " (/metrics, /healthz, /readyz)";
  }

  // The API and the web page, read-only over the same store.
  std::unique_ptr<Api> api;
  std::unique_ptr<HttpServer> api_server;
  if (!config->api_listen.empty()) {
    Store* store = &engine->store();
    api = std::make_unique<Api>(
        *store, &engine->gazetteer(),
        ChangeSource{[store](uint64_t after, size_t max) { return store->ReadChanges(after, max); },
                     [store] { return store->LastChange(); }});
    Api* a = api.get();
    auto server =
        HttpServer::Start(config->api_listen, [a](const HttpRequest& r) { return a->Handle(r); },
                          {.name = "api.listen", .max_connections = 256, .max_streams = 64});
    if (!server.ok()) {
      NEWSD_LOG(kError) << "cannot start: " << server.status().message();
      return kExitFailure;
    }
    api_server = std::move(server).value();
    if (!IsLoopbackListen(config->api_listen))
      NEWSD_LOG(kWarning) << "API listener on " << api_server->address()
                          << " is reachable from other hosts and has no authentication: bind "
                             "127.0.0.1 unless a proxy in front of it authenticates";
    NEWSD_LOG(kNotice) << "web timeline and API on http://" << api_server->address() << "/";
  }

  Notify("READY=1");
  ready = true;
  engine->SampleRates(std::chrono::steady_clock::now());
  Notify("STATUS=" + engine->StatusLine());
  NEWSD_LOG(kNotice) << "ready: polling " << config->feeds.size() << " feeds, publishing to "
                     << engine->kafka_bootstrap();
  auto watchdog = WatchdogInterval();
  // Fed from the work as it progresses (each item, each feed), so a long
  // cycle is not taken for a hung one; an item that never ends still
  // starves it.
  // At most every third of the interval (the loop wakes at least every
  // half): each ping is a datagram, and one that finds the reader's queue
  // full is dropped (Notify never blocks).
  int64_t last_ping_ms = 0;
  auto ping_watchdog = [&] {
    const int64_t now = SteadyMs();
    heartbeat_ms = now;
    if (watchdog && (now - last_ping_ms) * 3000 >= watchdog->count()) {
      Notify("WATCHDOG=1");
      last_ping_ms = now;
    }
  };
  engine->SetProgress(ping_watchdog);
  auto last_status = std::chrono::steady_clock::now();
  uint64_t logged_delivered = 0, logged_failed = 0;
  Config running = *config;
  while (!StopRequested()) {
    heartbeat_ms = SteadyMs();
    if (TakeReloadRequest()) {
      Notify("RELOADING=1\nMONOTONIC_USEC=" + MonotonicUsec());
      auto next = LoadConfig(args.config);
      if (!next.ok()) {
        NEWSD_LOG(kError) << "reload rejected, the running configuration stays: "
                          << next.status().message();
      } else {
        if (args.log_level.empty()) SetLogLevel(next->log_level);
        engine->UpdateFeeds(next->feeds);
        ready_max_outbox = next->ready_max_outbox;
        for (const auto& section : RestartOnlyChanges(running, *next))
          NEWSD_LOG(kWarning) << "reload: changes to " << section << " take effect after a restart";
        running.feeds = next->feeds;
        running.log_level = next->log_level;
        NEWSD_LOG(kNotice) << "reloaded " << args.config;
      }
      Notify("READY=1");
    }
    engine->ServiceWebSub();
    engine->PollDue(/*all=*/false);
    // The watchdog is fed from the loop that does the work: a stuck poll
    // cycle stops the pings and systemd restarts us.
    ping_watchdog();
    if (std::chrono::steady_clock::now() - last_status > std::chrono::seconds(2)) {
      engine->SampleRates(std::chrono::steady_clock::now());
      Notify("STATUS=" + engine->StatusLine());
      last_status = std::chrono::steady_clock::now();
      const auto& p = engine->publisher_stats();
      if (p.delivered != logged_delivered || p.failed != logged_failed) {
        NEWSD_LOG(kInfo) << "kafka: " << p.delivered - logged_delivered << " messages delivered, "
                         << p.failed - logged_failed << " failed; outbox "
                         << engine->store().OutboxDepth();
        logged_delivered = p.delivered;
        logged_failed = p.failed;
      }
    }
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        engine->NextDue() - SystemClock::Instance().Now());
    // Pushed content waits for the loop at most this long.
    auto cap = std::chrono::milliseconds(engine->websub() ? 50 : 1000);
    if (watchdog)
      cap = std::min(cap, std::chrono::duration_cast<std::chrono::milliseconds>(*watchdog / 2));
    SleepUnlessStopped(std::clamp(wait, std::chrono::milliseconds(10), cap));
  }
  engine->SetProgress(nullptr);
  ready = false;
  Notify("STOPPING=1");
  NEWSD_LOG(kNotice) << "stopping: flushing " << engine->store().OutboxDepth()
                     << " outbox messages to Kafka";
  bool drained = engine->WaitPublished(config->flush_timeout);
  engine->StopPublisher();
  engine->store().Flush();
  if (!drained)
    NEWSD_LOG(kWarning) << engine->store().OutboxDepth()
                        << " messages stay in the outbox; they are published on the next start";
  admin.reset();
  NEWSD_LOG(kNotice) << "stopped: " << engine->StatusLine();
  return kExitOk;
}

int RunProcess(const ProcessArgs& args) {
  auto dicts = LoadOfflineDictionaries(args.data_dir);
  if (!dicts) return kExitFailure;
  Extractor extractor(dicts->gazetteer.get(), dicts->lexicon.get());
  Pipeline pipeline(PipelineOptions{}, &extractor);
  MemoryState state;
  Timestamp now = args.now.value_or(SystemClock::Instance().Now());
  int rc = kExitOk;
  for (const auto& file : args.files) {
    auto bytes = ReadFileToString(file);
    if (!bytes.ok()) {
      std::cerr << "newsd: " << bytes.status().message() << "\n";
      rc = kExitFailure;
      continue;
    }
    ParseContext ctx{FileUrl(file), fs::path(file).filename().string(), "", now, args.max_items};
    auto feed = ParseFeed(*bytes, ctx);
    if (!feed.ok()) {
      std::cerr << "newsd: " << file << ": " << feed.status().ToString() << "\n";
      rc = kExitFailure;
      continue;
    }
    if (feed->recovered)
      std::cerr << "newsd: " << file << ": recovered broken XML: " << feed->recovery_note << "\n";
    if (feed->items_cut > 0)
      std::cerr << "newsd: " << file << ": kept the first " << feed->items.size() << " of "
                << feed->items.size() + feed->items_cut << " entries (--max-items)\n";
    for (const Item& item : feed->items) {
      ItemResult r = pipeline.Process(item, state, now);
      state.Apply(r.writes);
      if (args.items) {
        json j = {{"item_id", r.item_id},
                  {"feed", item.feed_name},
                  {"title", item.title},
                  {"link", item.link},
                  {"verdict", VerdictName(r.verdict)},
                  {"story_id", r.story_id},
                  {"paragraphs", r.paragraphs},
                  {"paragraphs_collapsed", r.paragraphs_collapsed},
                  {"paragraphs_syndicated", r.paragraphs_syndicated},
                  {"events_created", r.events_created.size()},
                  {"events_updated", r.events_updated.size()}};
        j["duplicate_of"] = r.duplicate_of.empty() ? json(nullptr) : json(r.duplicate_of);
        j["joined_by_event"] = r.joined_by_event.empty() ? json(nullptr) : json(r.joined_by_event);
        j["joined_by_entities"] =
            r.joined_by_entities == 0 ? json(nullptr) : json(r.joined_by_entities);
        j["similarity"] = r.duplicate_of.empty() ? json(nullptr) : json(r.similarity);
        std::cout << DumpJson(j) << "\n";
      }
    }
  }
  if (!args.items) {
    // The latest message of each key, in order of first appearance: what a
    // compacted topic holds after the run.
    const std::string topic = args.stories ? "stories" : "events";
    std::vector<std::string> order;
    std::map<std::string, std::string> latest;
    for (const auto& m : state.outbox()) {
      if (m.topic != topic) continue;
      if (!latest.count(m.key)) order.push_back(m.key);
      latest[m.key] = m.value;
    }
    for (const auto& k : order) std::cout << latest[k] << "\n";
  }
  return rc;
}

namespace {

json SpanJson(std::string_view text, Span s) {
  return {{"begin", s.begin},
          {"end", s.end},
          {"text", std::string(text.substr(s.begin, s.end - s.begin))}};
}

}  // namespace

int RunAnalyze(const AnalyzeArgs& args) {
  auto dicts = LoadOfflineDictionaries(args.data_dir);
  if (!dicts) return kExitFailure;
  std::stringstream in;
  in << std::cin.rdbuf();
  const std::string text = in.str();
  Timestamp ref = args.published.value_or(SystemClock::Instance().Now());
  Extractor extractor(dicts->gazetteer.get(), dicts->lexicon.get());
  Analysis a = extractor.Analyze(text, ref);

  json out = {{"published", FormatRfc3339(ref)}};
  json sentences = json::array(), entities = json::array(), times = json::array(),
       events = json::array();
  for (size_t i = 0; i < a.sentences.size(); ++i) {
    json s = SpanJson(text, a.sentences[i]);
    s["index"] = i;
    sentences.push_back(s);
  }
  for (const auto& e : a.entities) {
    json j = SpanJson(text, e.span);
    j["sentence"] = e.sentence;
    j["entity"] = EntityToJson(e.entity);
    entities.push_back(j);
  }
  for (const auto& t : a.times) {
    json j = SpanJson(text, t.span);
    j["sentence"] = t.sentence;
    j["value"] = FormatDate(t.value);
    j["granularity"] = GranularityName(t.granularity);
    j["timeml"] = t.timeml;
    j["dates_the_clause"] = !t.attributive;
    times.push_back(j);
  }
  for (const auto& m : a.events) {
    events.push_back({{"sentence", m.sentence_index},
                      {"trigger", SpanJson(text, m.trigger_span)},
                      {"code", m.code},
                      {"type", m.type},
                      {"source", EntityToJson(m.source)},
                      {"target", EntityToJson(m.target)},
                      {"location", EntityToJson(m.location)},
                      {"time",
                       {{"value", FormatDate(m.time)},
                        {"granularity", GranularityName(m.time_granularity)},
                        {"basis", TimeBasisName(m.time_basis)}}},
                      {"modality", ModalityName(m.modality)},
                      {"negated", m.negated}});
  }
  out["sentences"] = sentences;
  out["entities"] = entities;
  out["times"] = times;
  out["events"] = events;
  std::cout << DumpJson(out, 2) << "\n";
  return kExitOk;
}

int RunParse(const std::string& target, size_t max_items) {
  std::string bytes, url = target, content_type;
  Timestamp now = SystemClock::Instance().Now();
  if (target.find("://") != std::string::npos) {
    auto fetcher = NewCurlFetcher(FetchOptions{});
    FetchResponse r = fetcher->FetchAll({FetchRequest{target, "", ""}}).front();
    if (!r.success()) {
      std::cerr << "newsd: " << target << ": "
                << (r.status.ok() ? "HTTP " + std::to_string(r.http_status) : r.status.ToString())
                << "\n";
      return kExitFailure;
    }
    bytes = std::move(r.body);
    content_type = r.content_type;
    if (!r.effective_url.empty()) url = r.effective_url;
  } else {
    auto b = ReadFileToString(target);
    if (!b.ok()) {
      std::cerr << "newsd: " << b.status().message() << "\n";
      return kExitFailure;
    }
    bytes = std::move(b).value();
    url = FileUrl(target);
  }
  // Each item is written out as soon as it is parsed.
  size_t kept = 0;
  auto feed =
      ParseFeed(bytes, ParseContext{url, url, content_type, now, max_items}, [&kept](Item&& it) {
        ++kept;
        std::cout << DumpJson(ItemJson(it)) << '\n';
      });
  if (!feed.ok()) {
    std::cerr << "newsd: " << target << ": " << feed.status().ToString() << "\n";
    return kExitFailure;
  }
  if (feed->recovered)
    std::cerr << "newsd: " << target << ": recovered broken XML: " << feed->recovery_note << "\n";
  if (feed->items_cut > 0)
    std::cerr << "newsd: " << target << ": kept the first " << kept << " of "
              << kept + feed->items_cut << " entries (--max-items)\n";
  return kExitOk;
}

int RunBroker(const BrokerArgs& args) {
  InstallSignalHandlers();
  EmbeddedBrokerOptions o;
  o.partitions = args.partitions;
  auto broker = EmbeddedBroker::Start(o);
  if (!broker.ok()) {
    std::cerr << "newsd: " << broker.status().message() << "\n";
    return kExitFailure;
  }
  const std::string& bs = (*broker)->bootstrap();
  if (!args.bootstrap_file.empty()) {
    std::string tmp = args.bootstrap_file + ".tmp";
    {
      std::ofstream out(tmp);
      out << bs << "\n";
      if (!out) {
        std::cerr << "newsd: cannot write " << args.bootstrap_file << "\n";
        return kExitFailure;
      }
    }
    fs::rename(tmp, args.bootstrap_file);
  }
  std::cout << bs << std::endl;
  NEWSD_LOG(kNotice) << "development Kafka broker (in memory) at " << bs << ", " << args.partitions
                     << " partitions per topic; stop with Ctrl-C";
  Notify("READY=1");
  while (!StopRequested()) SleepUnlessStopped(std::chrono::seconds(1));
  NEWSD_LOG(kNotice) << "broker stopped";
  return kExitOk;
}

int RunFeedsList(const std::string& config_path, bool as_json) {
  auto config = LoadConfigOrReport(config_path);
  if (!config.ok()) return kExitUsage;
  std::unique_ptr<Store> store;
  if (fs::exists(config->store.path)) {
    StoreOptions so = config->store;
    so.read_only = true;
    auto s = Store::Open(so);
    if (!s.ok()) {
      std::cerr << "newsd: " << s.status().message() << "\n";
      return kExitFailure;
    }
    store = std::move(s).value();
  }
  auto when = [](const std::optional<Timestamp>& t) {
    return t ? FormatRfc3339(*t) : std::string("-");
  };
  if (!as_json)
    std::printf("%-28s %-9s %-20s %-20s %8s  %s\n", "NAME", "STATUS", "LAST SUCCESS", "NEXT POLL",
                "ITEMS", "LAST ERROR");
  for (const auto& feed : config->feeds) {
    FeedState st;
    st.url = feed.url;
    if (store) {
      if (auto v = store->Get(Family::kFeeds, feed.url))
        if (auto d = FeedState::Decode(*v); d.ok()) st = std::move(d).value();
    }
    const char* status = st.polls == 0                      ? "pending"
                         : st.next_poll == Timestamp::max() ? "disabled"
                         : st.consecutive_failures > 0      ? "failing"
                                                            : "ok";
    std::optional<Timestamp> next;
    if (st.polls > 0 && st.next_poll != Timestamp::max()) next = st.next_poll;
    if (as_json) {
      json j = {
          {"name", feed.name},
          {"url", RedactUrl(feed.url)},
          {"status", status},
          {"last_status", st.last_status},
          {"last_success", st.last_success ? json(FormatRfc3339(*st.last_success)) : json(nullptr)},
          {"last_error", st.last_error.empty() ? json(nullptr) : json(st.last_error)},
          {"next_poll", next ? json(FormatRfc3339(*next)) : json(nullptr)},
          {"consecutive_failures", st.consecutive_failures},
          {"items_seen", st.items_seen},
          {"polls", st.polls},
          {"entries_per_week", st.entries_per_week < 0 ? json(nullptr) : json(st.entries_per_week)},
          {"interval_s", BaseInterval(config->schedule, feed.interval, st).count()}};
      if (!st.moved_to.empty()) j["moved_to"] = RedactUrl(st.moved_to);
      for (const auto& m : st.url_history)
        j["url_history"].push_back(
            {{"from", RedactUrl(m.from)}, {"to", RedactUrl(m.to)}, {"at", FormatRfc3339(m.at)}});
      std::cout << DumpJson(j) << "\n";
    } else {
      const std::string note = st.moved_to.empty()
                                   ? st.last_error
                                   : "moved to " + RedactUrl(st.moved_to) +
                                         (st.last_error.empty() ? "" : "; ") + st.last_error;
      std::printf("%-28.28s %-9s %-20s %-20s %8lld  %s\n", EscapeControls(feed.name).c_str(),
                  status, when(st.last_success).c_str(), when(next).c_str(),
                  static_cast<long long>(st.items_seen), EscapeControls(note).c_str());
    }
  }
  return kExitOk;
}

int RunCheckConfig(const std::string& path) {
  auto config = LoadConfigOrReport(path);
  if (!config.ok()) return kExitUsage;
  auto gaz = LoadGazetteer(*config);
  if (!gaz.ok()) {
    std::cerr << "newsd: " << gaz.status().message() << "\n";
    return kExitFailure;
  }
  auto lexicon = LoadLexicon(*config);
  if (!lexicon.ok()) {
    std::cerr << "newsd: " << lexicon.status().message() << "\n";
    return kExitFailure;
  }
  ProducerOptions producer = config->producer;
  if (producer.brokers.empty()) producer.brokers = "127.0.0.1:9092";  // embedded: checked alike
  if (Status s = ValidateProducerOptions(producer); !s.ok()) {
    std::cerr << "newsd: " << path << ": " << s.message() << "\n";
    return kExitUsage;
  }
  std::cout << path << ": ok (" << config->feeds.size() << " feeds, store " << config->store.path
            << ", kafka " << (config->kafka_embedded ? "embedded" : config->producer.brokers)
            << ")\n";
  return kExitOk;
}

}  // namespace newsd
