// Story: the items (across feeds) that report one happening. Its JSON form
// is the Kafka message on `news.stories` (docs/kafka-schema.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/time.h"

namespace newsd {

struct Story {
  std::string id;        // "st-" + 16 hex digits, stable
  std::string headline;  // title of the first item
  Timestamp first_seen{};
  Timestamp last_updated{};
  int64_t items = 0;               // items joined, duplicates included
  int64_t sources = 0;             // distinct feeds
  std::vector<std::string> feeds;  // the first kMaxFeedsListed of them
  int64_t version = 0;

  // `sources` counts every feed (keys::StoryFeed), `feeds` names the first.
  static constexpr size_t kMaxFeedsListed = 16;
};

}  // namespace newsd
