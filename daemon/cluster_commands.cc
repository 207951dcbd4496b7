// `newsd cluster status`: what the cluster's topics say about it.
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "common/time.h"
#include "daemon/command_util.h"
#include "daemon/commands.h"
#include "ingest/feed_state.h"
#include "kafka/cluster_view.h"

namespace newsd {

namespace {

std::string TimeOrDash(int64_t ms) { return ms > 0 ? FormatRfc3339(FromUnixMillis(ms)) : "-"; }

// One registry partition as the status shows it.
struct PartitionStatus {
  int32_t partition = 0;
  size_t feeds = 0, with_state = 0, failing = 0;
  std::string fetcher;  // who wrote its newest state
  int64_t last_state_ms = 0;
};

PartitionStatus Summarize(int32_t p, const ClusterView::Partition& part) {
  PartitionStatus out;
  out.partition = p;
  out.feeds = part.feeds.size();
  out.with_state = part.states.size();
  for (const auto& st : part.states) {
    if (st.written_ms >= out.last_state_ms) {
      out.last_state_ms = st.written_ms;
      out.fetcher = st.instance;
    }
    auto decoded = FeedState::Decode(st.state);
    if (decoded.ok() && decoded->consecutive_failures > 0) ++out.failing;
  }
  return out;
}

}  // namespace

int RunClusterStatus(const std::string& config_path, bool as_json) {
  auto c = LoadConfigOrReport(config_path);
  if (!c.ok()) return kExitUsage;
  if (!c->cluster.enabled) {
    std::cerr << "newsd: " << config_path << " has no [cluster] section\n";
    return kExitUsage;
  }
  ClusterViewOptions o;
  o.brokers = c->producer.brokers;
  o.properties = c->producer.properties;
  o.registry_topic = c->cluster.registry_topic;
  o.state_topic = c->cluster.state_topic;
  o.items_topic = c->cluster.items_topic;
  o.leader_topic = c->cluster.leader_topic;
  auto view = ReadClusterView(o);
  if (!view.ok()) {
    std::cerr << "newsd: " << view.status().message() << "\n";
    return kExitFailure;
  }
  std::vector<PartitionStatus> parts;
  size_t feeds = 0;
  for (const auto& [p, part] : view->partitions) {
    parts.push_back(Summarize(p, part));
    feeds += part.feeds.size();
  }
  int64_t items = 0, delivered = 0;
  for (const auto& [p, end] : view->items_end) {
    items += end;
    auto it = view->watermark.find(p);
    delivered += it != view->watermark.end() ? std::min(it->second, end) : 0;
  }
  if (as_json) {
    nlohmann::json j = {
        {"group", c->cluster.group},
        {"feeds", feeds},
        {"items_records", items},
        {"items_delivered_through", delivered},
        {"leader", view->leader.empty() ? nlohmann::json(nullptr) : nlohmann::json(view->leader)},
        {"watermark_written", TimeOrDash(view->watermark_ms)}};
    j["partitions"] = nlohmann::json::array();
    for (const auto& s : parts)
      j["partitions"].push_back({{"partition", s.partition},
                                 {"feeds", s.feeds},
                                 {"feeds_with_state", s.with_state},
                                 {"failing", s.failing},
                                 {"fetcher", s.fetcher},
                                 {"last_state", TimeOrDash(s.last_state_ms)}});
    std::cout << DumpJson(j) << "\n";
    return kExitOk;
  }
  std::cout << "group " << c->cluster.group << ": " << feeds << " feeds in "
            << c->cluster.registry_topic << ", " << parts.size() << " partitions\n\n";
  std::cout << std::left << std::setw(10) << "PARTITION" << std::setw(7) << "FEEDS" << std::setw(9)
            << "FAILING" << std::setw(22) << "FETCHED BY"
            << "LAST STATE\n";
  for (const auto& s : parts)
    std::cout << std::left << std::setw(10) << s.partition << std::setw(7) << s.feeds
              << std::setw(9) << s.failing << std::setw(22) << (s.fetcher.empty() ? "-" : s.fetcher)
              << TimeOrDash(s.last_state_ms) << "\n";
  std::cout << "\n" << c->cluster.items_topic << ": " << items << " records; ";
  if (view->leader.empty())
    std::cout << "no processor has reported deliveries yet\n";
  else
    std::cout << "leader " << view->leader << " reported the messages of " << delivered
              << " delivered (" << TimeOrDash(view->watermark_ms) << ")\n";
  return kExitOk;
}

}  // namespace newsd
