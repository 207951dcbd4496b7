#include "kafka/cluster_view.h"

#include "kafka/client.h"
#include "kafka/feed_registry.h"

namespace newsd {

Result<ClusterView> ReadClusterView(const ClusterViewOptions& o) {
  const auto deadline = std::chrono::steady_clock::now() + o.timeout;
  ClusterView view;
  std::map<std::string, std::string> registry;
  std::map<std::string, int32_t> partition_of;
  Status s = kafka_client::ReadToEnd(o.brokers, o.properties, o.registry_topic, deadline,
                                     "feeds registry", [&](const kafka_client::TopicRecord& r) {
                                       std::string url(r.key);
                                       if (r.value) {
                                         registry[url] = std::string(*r.value);
                                         partition_of[url] = r.partition;
                                       } else {
                                         registry.erase(url);
                                       }
                                     });
  if (!s.ok()) return s;
  auto partitions = kafka_client::EndOffsets(o.brokers, o.properties, o.registry_topic, deadline);
  if (!partitions.ok()) return partitions.status();
  for (const auto& [p, end] : *partitions) view.partitions[p];
  for (const auto& [url, settings] : registry)
    view.partitions[partition_of[url]].feeds.push_back(url);

  std::map<std::string, ClusterView::FeedState> states;
  std::map<std::string, int32_t> state_partition;
  s = kafka_client::ReadToEnd(
      o.brokers, o.properties, o.state_topic, deadline, "feed states",
      [&](const kafka_client::TopicRecord& r) {
        std::string url(r.key);
        if (!r.value) {
          states.erase(url);
          return;
        }
        states[url] = {url, std::string(*r.value), std::string(r.instance), r.timestamp_ms};
        state_partition[url] = r.partition;
      });
  if (!s.ok()) return s;
  for (auto& [url, st] : states) {
    if (!registry.count(url)) continue;  // a feed removed since
    view.partitions[state_partition[url]].states.push_back(std::move(st));
  }

  auto items = kafka_client::EndOffsets(o.brokers, o.properties, o.items_topic, deadline);
  if (!items.ok()) return items.status();
  view.items_end = std::move(items).value();

  s = kafka_client::ReadToEnd(o.brokers, o.properties, o.leader_topic, deadline, "leadership",
                              [&](const kafka_client::TopicRecord& r) {
                                if (!r.value || r.key != kWatermarkKey) return;
                                view.watermark = DecodeWatermark(*r.value);
                                view.leader = std::string(r.instance);
                                view.watermark_ms = r.timestamp_ms;
                              });
  if (!s.ok()) return s;
  return view;
}

}  // namespace newsd
