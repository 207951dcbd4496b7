// `newsd run`: the daemon's life (start, listeners, the polling loop,
// reload, stop) and `run --once`.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/log.h"
#include "common/time.h"
#include "daemon/admin_http.h"
#include "daemon/api.h"
#include "daemon/cluster.h"
#include "daemon/command_util.h"
#include "daemon/commands.h"
#include "daemon/config.h"
#include "daemon/engine.h"
#include "daemon/http_server.h"
#include "daemon/lifecycle.h"

namespace newsd {

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
      a.fetch.max_concurrent != b.fetch.max_concurrent || a.fetch.ca_file != b.fetch.ca_file ||
      a.full_text.min_words != b.full_text.min_words ||
      a.full_text.max_per_response != b.full_text.max_per_response)
    out.push_back("[fetch]");
  if (a.websub.callback_url != b.websub.callback_url || a.websub.lease != b.websub.lease)
    out.push_back("[websub]");
  if (a.cluster.enabled != b.cluster.enabled || a.cluster.group != b.cluster.group ||
      a.cluster.instance_id != b.cluster.instance_id ||
      a.cluster.registry_topic != b.cluster.registry_topic ||
      a.cluster.state_topic != b.cluster.state_topic ||
      a.cluster.session_timeout != b.cluster.session_timeout)
    out.push_back("[cluster]");
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

namespace {

// `run --once`: one cycle over every feed, then Kafka acknowledges the
// outbox or the exit code says it did not.
int RunOnce(Engine& engine, const Config& config, bool poll = true) {
  if (poll) engine.PollDue(/*all=*/true);
  bool drained = engine.WaitPublished(config.flush_timeout);
  engine.StopPublisher();
  engine.store().Flush();
  const auto& p = engine.publisher_stats();
  if (!drained) {
    NEWSD_LOG(kError) << "kafka did not acknowledge everything within the flush timeout: "
                      << engine.store().OutboxDepth()
                      << " messages stay in the outbox for the next run (" << p.failed.load()
                      << " delivery failures)";
    return kExitFailure;
  }
  NEWSD_LOG(kNotice) << "once: " << engine.StatusLine() << "; " << p.delivered.load()
                     << " messages published";
  return kExitOk;
}

// What /healthz and /readyz report, written by the main loop.
struct Health {
  std::atomic<int64_t> heartbeat_ms{SteadyMs()};
  std::atomic<bool> ready{false};
  std::atomic<uint64_t> ready_max_outbox{0};
};

// The admin listener: liveness from the main loop's heartbeat, readiness
// from the outbox and the store, WebSub's callbacks when it is on.
Result<std::unique_ptr<HttpServer>> StartAdmin(Engine& engine, const Config& config,
                                               Health& health) {
  Engine* e = &engine;
  AdminHandlers h;
  h.metrics = [e] { return e->metrics().RenderPrometheus(); };
  h.healthy = [&health] {
    int64_t age = SteadyMs() - health.heartbeat_ms.load();
    return std::make_pair(age < 120'000, "main loop last ran " + std::to_string(age) + " ms ago");
  };
  h.ready = [e, &health] {
    if (!health.ready) return std::make_pair(false, std::string("starting or stopping"));
    uint64_t depth = e->store().OutboxDepth();
    if (e->store().WriteStopped())
      return std::make_pair(false, std::string("store not taking writes (stall or full disk)"));
    if (depth > health.ready_max_outbox)
      return std::make_pair(false, "outbox depth " + std::to_string(depth) + " (Kafka behind)");
    return std::make_pair(true, "outbox depth " + std::to_string(depth));
  };
  if (WebSub* websub = e->websub()) {
    h.websub = [websub](const HttpRequest& req, HttpResponse* out) {
      return websub->Handle(req, out);
    };
    h.max_body_bytes = config.fetch.max_body_bytes;
  }
  auto server = StartAdminServer(config.http_listen, std::move(h));
  if (!server.ok()) return server.status();
  const std::string& address = (*server)->address();
  if (!IsLoopbackListen(config.http_listen))
    NEWSD_LOG(kWarning) << "admin listener on " << address
                        << " is reachable from other hosts: /metrics shows feed names and "
                           "errors; bind 127.0.0.1 unless a firewall guards it";
  NEWSD_LOG(kNotice) << "admin listener on http://" << address << " (/metrics, /healthz, /readyz"
                     << (e->websub() ? ", /websub/ for hubs at " + config.websub.callback_url : "")
                     << ")";
  return server;
}

// The API and the web page, read-only over the engine's store.
struct ApiListener {
  std::unique_ptr<Api> api;
  std::unique_ptr<HttpServer> server;
};

Result<ApiListener> StartApi(Engine& engine, const Config& config) {
  ApiListener out;
  Store* store = &engine.store();
  out.api = std::make_unique<Api>(
      *store, &engine.gazetteer(),
      ChangeSource{[store](uint64_t after, size_t max) { return store->ReadChanges(after, max); },
                   [store] { return store->LastChange(); }});
  Api* a = out.api.get();
  auto server =
      HttpServer::Start(config.api_listen, [a](const HttpRequest& r) { return a->Handle(r); },
                        {.name = "api.listen", .max_connections = 256, .max_streams = 64});
  if (!server.ok()) return server.status();
  out.server = std::move(server).value();
  if (!IsLoopbackListen(config.api_listen))
    NEWSD_LOG(kWarning) << "API listener on " << out.server->address()
                        << " is reachable from other hosts and has no authentication: bind "
                           "127.0.0.1 unless a proxy in front of it authenticates";
  NEWSD_LOG(kNotice) << "web timeline and API on http://" << out.server->address() << "/";
  return out;
}

// SIGHUP: the config is read again; feeds and the log level apply at once,
// other sections are named as needing a restart. A bad config leaves the
// running one.
void Reload(const RunArgs& args, Engine& engine, ClusterMember* cluster, Config& running,
            Health& health) {
  Notify("RELOADING=1\nMONOTONIC_USEC=" + MonotonicUsec());
  auto next = LoadConfig(args.config);
  if (!next.ok()) {
    NEWSD_LOG(kError) << "reload rejected, the running configuration stays: "
                      << next.status().message();
  } else {
    if (args.log_level.empty()) SetLogLevel(next->log_level);
    if (cluster)
      cluster->Reconfigure(*next);
    else
      engine.UpdateFeeds(next->feeds);
    health.ready_max_outbox = next->ready_max_outbox;
    for (const auto& section : RestartOnlyChanges(running, *next))
      NEWSD_LOG(kWarning) << "reload: changes to " << section << " take effect after a restart";
    running.feeds = next->feeds;
    running.log_level = next->log_level;
    NEWSD_LOG(kNotice) << "reloaded " << args.config;
  }
  Notify("READY=1");
}

// Cluster mode: this instance's parts by its role, the fetch group's
// member and the processors' one. False (logged) when one cannot join.
bool JoinCluster(const Config& config, Engine& engine, bool once,
                 std::unique_ptr<ClusterMember>* cluster,
                 std::unique_ptr<ClusterProcessor>* processor) {
  const ClusterRole role = config.cluster.role;
  if (role != ClusterRole::kProcess) {
    auto member = ClusterMember::Join(config, engine, /*transient=*/once);
    if (!member.ok()) {
      NEWSD_LOG(kError) << "cannot start: cluster " << config.cluster.group << ": "
                        << member.status().message();
      return false;
    }
    *cluster = std::move(member).value();
  } else if (!config.feeds.empty()) {
    if (Status s = PublishConfigFeeds(config); !s.ok())
      NEWSD_LOG(kWarning) << "cluster: cannot publish the config's feeds: " << s.message();
  }
  if (role != ClusterRole::kFetch) {
    auto p = ClusterProcessor::Join(config, engine, /*transient=*/once);
    if (!p.ok()) {
      NEWSD_LOG(kError) << "cannot start: cluster " << config.cluster.group << ": "
                        << p.status().message();
      return false;
    }
    *processor = std::move(p).value();
  }
  NEWSD_LOG(kNotice) << "cluster: instance " << config.cluster.instance_id << " joined group "
                     << config.cluster.group << " as " << ClusterRoleName(role) << " ("
                     << (*cluster ? "polls the feeds of its partitions of " +
                                        config.cluster.registry_topic
                                  : std::string("polls no feeds"))
                     << (*processor ? ", processes " + config.cluster.items_topic : "") << ")";
  return true;
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
  // In cluster mode the engine starts with no feeds: the group gives it
  // those of the partitions this instance owns.
  Config engine_config = *config;
  if (config->cluster.enabled) engine_config.feeds.clear();
  auto engine_or = Engine::Create(engine_config, &SystemClock::Instance());
  if (!engine_or.ok()) {
    NEWSD_LOG(kError) << "cannot start: " << engine_or.status().ToString();
    return kExitFailure;
  }
  std::unique_ptr<Engine> engine = std::move(engine_or).value();
  engine->SetStopCheck([] { return StopRequested(); });
  std::unique_ptr<ClusterMember> cluster;
  std::unique_ptr<ClusterProcessor> processor;
  if (config->cluster.enabled && !JoinCluster(*config, *engine, args.once, &cluster, &processor))
    return kExitFailure;
  // A processor of a cluster publishes only while it leads.
  if (!processor) engine->StartPublisher();
  if (args.once) {
    // One cycle over what this instance owns once the group has settled,
    // then what the processors' partitions hold.
    if (cluster && !cluster->WaitOwned(config->cluster.session_timeout + std::chrono::seconds(15),
                                       [] { return StopRequested(); })) {
      NEWSD_LOG(kError) << "cluster: no partition of " << config->cluster.registry_topic
                        << " was assigned to this instance in time";
      return kExitFailure;
    }
    if (!processor) return RunOnce(*engine, *config);
    if (cluster) engine->PollDue(/*all=*/true);
    processor->Drain(std::chrono::seconds(2), config->flush_timeout,
                     [] { return StopRequested(); });
    return RunOnce(*engine, *config, /*poll=*/false);
  }

  Health health;
  health.ready_max_outbox = config->ready_max_outbox;
  std::unique_ptr<HttpServer> admin;
  if (!config->http_listen.empty()) {
    auto server = StartAdmin(*engine, *config, health);
    if (!server.ok()) {
      NEWSD_LOG(kError) << "cannot start: " << server.status().message();
      return kExitFailure;
    }
    admin = std::move(server).value();
  }
  ApiListener api;
  if (!config->api_listen.empty()) {
    auto listener = StartApi(*engine, *config);
    if (!listener.ok()) {
      NEWSD_LOG(kError) << "cannot start: " << listener.status().message();
      return kExitFailure;
    }
    api = std::move(listener).value();
  }

  Notify("READY=1");
  health.ready = true;
  engine->SampleRates(std::chrono::steady_clock::now());
  Notify("STATUS=" + engine->StatusLine());
  NEWSD_LOG(kNotice) << "ready: polling " << engine->FeedConfigs().size()
                     << (cluster ? " feeds (more as the group assigns partitions)" : " feeds")
                     << ", publishing to " << engine->kafka_bootstrap();
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
    health.heartbeat_ms = now;
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
    health.heartbeat_ms = SteadyMs();
    if (TakeReloadRequest()) Reload(args, *engine, cluster.get(), running, health);
    // Cluster mode: partitions gained and lost, feeds added anywhere, items
    // the fetchers published.
    if (cluster) cluster->Serve();
    // A backlog is worked off in slices, so due feeds are still polled.
    for (int slice = 0; processor && slice < 20 && !StopRequested(); ++slice) {
      if (processor->Serve(std::chrono::milliseconds(0)) == 0) break;
      ping_watchdog();
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
    // Pushed content and published items wait for the loop at most this long.
    auto cap = std::chrono::milliseconds(engine->websub() || processor ? 50 : 1000);
    if (watchdog)
      cap = std::min(cap, std::chrono::duration_cast<std::chrono::milliseconds>(*watchdog / 2));
    SleepUnlessStopped(std::clamp(wait, std::chrono::milliseconds(10), cap));
  }
  engine->SetProgress(nullptr);
  health.ready = false;
  Notify("STOPPING=1");
  const bool publishes = !processor || processor->leader();
  if (publishes)
    NEWSD_LOG(kNotice) << "stopping: flushing " << engine->store().OutboxDepth()
                       << " outbox messages to Kafka";
  bool drained = !publishes || engine->WaitPublished(config->flush_timeout);
  engine->StopPublisher();
  engine->store().Flush();
  if (!drained)
    NEWSD_LOG(kWarning) << engine->store().OutboxDepth()
                        << " messages stay in the outbox; they are published on the next start";
  processor.reset();
  cluster.reset();  // the feed states written go out; the group is left
  admin.reset();
  NEWSD_LOG(kNotice) << "stopped: " << engine->StatusLine();
  return kExitOk;
}

}  // namespace newsd
