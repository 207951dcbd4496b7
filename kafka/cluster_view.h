// What `newsd cluster status` shows, read from the cluster's own topics
// (docs/scaling.md): the registry's feeds per partition, the latest fetch
// state of each feed with the instance that wrote it (so the instance that
// fetches each partition now), the items topic's size and the processors'
// leader with its delivery watermark. Nothing but reads; no group is
// joined, so it disturbs no assignment.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "kafka/leadership.h"

namespace newsd {

struct ClusterViewOptions {
  std::string brokers;
  std::map<std::string, std::string> properties;
  std::string registry_topic = "newsd.feeds";
  std::string state_topic = "newsd.feed-state";
  std::string items_topic = "newsd.items";
  std::string leader_topic = "newsd.leader";
  std::chrono::milliseconds timeout{15'000};
};

struct ClusterView {
  struct FeedState {
    std::string url;
    std::string state;     // the record's value (FeedState JSON)
    std::string instance;  // who wrote it
    int64_t written_ms = 0;
  };
  struct Partition {
    std::vector<std::string> feeds;  // the registry's URLs
    std::vector<FeedState> states;   // the latest state of each feed with one
  };
  std::map<int32_t, Partition> partitions;  // the registry's partitions
  std::map<int32_t, int64_t> items_end;     // the items topic's end offsets
  std::string leader;                       // who wrote the last watermark
  int64_t watermark_ms = 0;
  Watermark watermark;
};

// Errors: kUnavailable (the brokers, the timeout).
Result<ClusterView> ReadClusterView(const ClusterViewOptions& options);

}  // namespace newsd
