// API latency benchmark: a RocksDB store of N synthetic events (default
// 1,000,000; the records are the pipeline's own JSON, timeline rows,
// catalogue and all-events index as the merge stage writes them), served
// by the API's HttpServer on loopback; a client in the same process asks,
// one fresh TCP connection per request as a browser's fetch would, for:
//   - the newest 50 events of a busy entity (the measure),
//   - the newest 50 of a rare entity, a search of entity names, the
//     newest 50 events with a code prefix;
// and, as the baseline of the same run, the same timeline answered by
// Api::Handle without HTTP.
//
// usage: api_bench [--events N] [--requests R] [--dir PATH] [--keep]
// A store already at PATH with N events is reused (--keep leaves it).
// Prints a JSON report: p50, p99 and max per request kind in ms, the store
// size, and how long the store took to build.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "common/catalog.h"
#include "common/keys.h"
#include "daemon/api.h"
#include "daemon/http_server.h"
#include "pipeline/extractor.h"
#include "pipeline/json_codec.h"
#include "pipeline/records.h"
#include "store/store.h"

using namespace newsd;
using Steady = std::chrono::steady_clock;

namespace {

constexpr size_t kEntities = 20'000;
constexpr const char* kCodes[] = {"010", "020", "036", "040", "042", "043", "046", "051", "057",
                                  "061", "071", "112", "120", "130", "141", "173", "190", "193"};

// Entity i in Zipf order: entity 0 is in about 1 event in 12.
Entity MakeEntityNumber(size_t i) {
  Entity e;
  e.canonical = "Person" + std::to_string(i) + " Surname" + std::to_string(i % 997);
  e.text = e.canonical;
  e.type = EntityType::kPerson;
  e.country = i % 3 == 0 ? "USA" : i % 3 == 1 ? "DEU" : "JPN";
  e.role = "government";
  e.code = e.country + "GOV";
  return e;
}

class Zipf {
 public:
  explicit Zipf(size_t n) {
    double sum = 0;
    for (size_t i = 0; i < n; ++i) cdf_.push_back(sum += 1.0 / static_cast<double>(i + 1));
    for (double& c : cdf_) c /= sum;
  }
  size_t operator()(std::mt19937_64& rng) {
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

void Build(Store& store, size_t n) {
  std::mt19937_64 rng(42);
  Zipf zipf(kEntities);
  std::vector<EntitySummary> summaries(kEntities);
  const Timestamp start = *ParseRfc3339("2024-01-01T00:00:00Z");
  WriteSet ws;
  for (size_t i = 0; i < n; ++i) {
    Event e;
    char id[32];
    std::snprintf(id, sizeof id, "ev-%016llx", static_cast<unsigned long long>(rng()));
    e.id = id;
    e.code = kCodes[rng() % std::size(kCodes)];
    e.type = "consult";
    e.trigger = "met";
    const size_t s = zipf(rng), t = zipf(rng);
    e.source = MakeEntityNumber(s);
    e.target = MakeEntityNumber(t == s ? (t + 1) % kEntities : t);
    // A year of news, 1M events: about 2,700 a day.
    e.time = start + std::chrono::milliseconds(static_cast<int64_t>(i) * 31'536'000'000 /
                                               static_cast<int64_t>(n));
    e.first_seen = e.last_seen = e.time;
    e.story_id = "st-" + std::string(id + 3);
    e.mentions = 1 + static_cast<int64_t>(rng() % 5);
    e.items = e.sources = 1;
    e.version = 1;
    e.evidence.push_back({e.source.canonical + " met " + e.target.canonical +
                              " on Tuesday to discuss trade, security and the talks planned "
                              "for next month, officials said.",
                          "https://news.example/" + e.id, "Example Wire", ""});
    ws.Put(Family::kEvents, e.id, EncodeEventRecord(e));
    for (const Entity* ent : {&e.source, &e.target}) {
      const std::string key = EntityKey(*ent);
      ws.Put(Family::kTimeline, keys::TimelineEntry(key, e.time, e.id), e.code);
      EntitySummary& sum = summaries[ent == &e.source ? s : (t == s ? (t + 1) % kEntities : t)];
      if (sum.canonical.empty()) {
        sum = EntitySummary{ent->canonical, ent->type, ent->country, ent->code, 0, 0};
        std::string lower = key;
        ws.Put(Family::kEntities, keys::EntityName(lower, key), "");
        ws.Put(Family::kEntities, keys::EntityName(lower.substr(lower.find(' ') + 1), key), "");
      }
      ++sum.events;
      sum.last_seen_ms = ToUnixMillis(e.time);
    }
    ws.Put(Family::kTimeline, keys::TimelineEntry(keys::kAllEvents, e.time, e.id),
           keys::AllEventsValue(e.code, e.source.country, e.target.country));
    if (ws.ops.size() >= 5000 || i + 1 == n) {
      if (Status st = store.Commit(ws); !st.ok()) {
        std::cerr << "api_bench: " << st.message() << "\n";
        std::exit(1);
      }
      ws = WriteSet();
    }
  }
  for (size_t i = 0; i < kEntities; ++i)
    if (!summaries[i].canonical.empty())
      ws.Put(Family::kEntities, keys::EntitySummaryKey(EntityKey(MakeEntityNumber(i))),
             EncodeEntitySummary(summaries[i]));
  ws.Put(Family::kMeta, "api_bench_events", std::to_string(n) + "/3");
  (void)store.Commit(ws);
  (void)store.Flush();
  (void)store.CompactAll();
}

// One GET on a fresh connection; the status code, or -1.
int HttpGet(uint16_t port, const std::string& target, size_t* bytes) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  if (send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) {
    close(fd);
    return -1;
  }
  std::string resp;
  char buf[65536];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) resp.append(buf, static_cast<size_t>(n));
  close(fd);
  *bytes = resp.size();
  if (resp.size() < 12) return -1;
  return std::atoi(resp.c_str() + 9);
}

nlohmann::json Percentiles(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
  };
  return {
      {"requests", ms.size()}, {"p50_ms", at(0.50)}, {"p99_ms", at(0.99)}, {"max_ms", ms.back()}};
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 1'000'000, requests = 2000;
  std::string dir = "/tmp/newsd-api-bench";
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--events" && i + 1 < argc) {
      n = std::stoul(argv[++i]);
    } else if (a == "--requests" && i + 1 < argc) {
      requests = std::stoul(argv[++i]);
    } else if (a == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (a == "--keep") {
      keep = true;
    } else {
      std::cerr << "usage: api_bench [--events N] [--requests R] [--dir PATH] [--keep]\n";
      return 2;
    }
  }
  StoreOptions so;
  so.path = dir;
  so.sync = false;
  double build_s = 0;
  {
    auto probe = Store::Open(so);
    if (!probe.ok()) {
      std::cerr << "api_bench: " << probe.status().message() << "\n";
      return 1;
    }
    auto have = (*probe)->Get(Family::kMeta, "api_bench_events");
    if (!have || *have != std::to_string(n) + "/3") {
      probe->reset();
      std::filesystem::remove_all(dir);
      auto store = Store::Open(so);
      const auto t0 = Steady::now();
      Build(**store, n);
      build_s = std::chrono::duration<double>(Steady::now() - t0).count();
    }
  }
  auto store = Store::Open(so);
  if (!store.ok()) return 1;
  Api api(**store, nullptr, {});
  auto server = HttpServer::Start(
      "127.0.0.1:0", [&](const HttpRequest& r) { return api.Handle(r); }, {.name = "bench"});
  if (!server.ok()) return 1;
  const uint16_t port = static_cast<uint16_t>(
      std::stoi((*server)->address().substr((*server)->address().rfind(':') + 1)));

  // The busy entity is the most named; the rare one has a handful of events.
  const std::string busy = "Person0%20Surname0";
  std::string rare;
  (*store)->ScanPrefix(Family::kEntities, "s", [&](std::string_view, std::string_view v) {
    auto sum = DecodeEntitySummary(v);
    if (sum && sum->events >= 3 && sum->events <= 10) {
      rare = sum->canonical;
      rare.replace(rare.find(' '), 1, "%20");
      return false;
    }
    return true;
  });
  struct Kind {
    std::string name, target;
  };
  const std::vector<Kind> kinds = {
      {"timeline_busy_newest50", "/api/v1/timeline/" + busy + "?limit=50"},
      {"timeline_rare_newest50", "/api/v1/timeline/" + rare + "?limit=50"},
      {"entities_search", "/api/v1/entities?q=person1&limit=10"},
      {"events_code_newest50", "/api/v1/events?code=19&limit=50"},
      {"histogram_busy_120days", "/api/v1/histogram/" + busy},
  };
  nlohmann::json report;
  report["events"] = n;
  report["store_bytes"] = (*store)->ApproximateSizeBytes();
  report["build_seconds"] = build_s;
  {
    size_t busy_events = 0;
    (*store)->ScanPrefix(Family::kTimeline, keys::TimelinePrefix("person0 surname0"),
                         [&](std::string_view, std::string_view) { return ++busy_events; });
    report["busy_entity_events"] = busy_events;
  }
  for (const Kind& k : kinds) {
    std::vector<double> ms;
    size_t bytes = 0;
    for (size_t i = 0; i < requests / 10; ++i) HttpGet(port, k.target, &bytes);  // warm up
    for (size_t i = 0; i < requests; ++i) {
      const auto t0 = Steady::now();
      const int status = HttpGet(port, k.target, &bytes);
      ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
      if (status != 200) {
        std::cerr << "api_bench: " << k.target << " answered " << status << "\n";
        return 1;
      }
    }
    report["http"][k.name] = Percentiles(ms);
    report["http"][k.name]["response_bytes"] = bytes;
  }
  {
    // Baseline: the same busy timeline without HTTP (the store reads and
    // the JSON body alone).
    HttpRequest r;
    r.method = "GET";
    r.path = "/api/v1/timeline/Person0%20Surname0";
    r.query = "limit=50";
    std::vector<double> ms;
    for (size_t i = 0; i < requests; ++i) {
      const auto t0 = Steady::now();
      HttpResponse resp = api.Handle(r);
      ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
      if (resp.status != 200) return 1;
    }
    report["direct"]["timeline_busy_newest50"] = Percentiles(ms);
  }
  server->reset();
  store->reset();
  if (!keep) std::filesystem::remove_all(dir);
  std::cout << report.dump(2) << "\n";
  return 0;
}
