// The feeds registry of cluster mode (docs/scaling.md): a compacted Kafka
// topic whose key is a feed URL and whose value is the feed's settings
// (JSON, written by the daemon); an empty value (a tombstone) removes the
// feed. Every feed of one host goes to one partition, chosen by the writer
// (xxh64 of the host modulo the partitions), so that one fetcher will own
// a host's politeness limits.
//
// Reads see the whole topic: every partition from its beginning to its end
// offset at the time of the call, the latest record of each key, with
// tombstones applied (what compaction keeps).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace newsd {

struct FeedRegistryOptions {
  std::string brokers;  // bootstrap.servers
  // Further librdkafka properties (security, ...), as [kafka.properties].
  std::map<std::string, std::string> properties;
  std::string topic = "newsd.feeds";
  // How long a read or write may wait for the brokers.
  std::chrono::milliseconds timeout{10'000};
};

// The partition of a feed's host (lower case, as ingest's UrlHost gives
// it) among `partitions`.
int RegistryPartition(std::string_view host, int partitions);

struct RegistryRecord {
  std::string url;
  std::string host;                     // the URL's host: picks the partition
  std::optional<std::string> settings;  // nullopt: a tombstone
};

// URL -> settings, as the topic holds them now. Errors: kUnavailable when
// the brokers do not answer within the timeout. A topic that does not
// exist yet is an empty registry.
Result<std::map<std::string, std::string>> ReadFeedRegistry(const FeedRegistryOptions& options);

// Writes the records, each to its host's partition, and waits until the
// brokers acknowledge all. A topic that does not exist yet is created by
// the brokers if they allow it (create it compacted in production:
// docs/scaling.md). Errors: kUnavailable (brokers, timeout),
// kInvalidArgument (a property).
Status WriteFeedRegistry(const FeedRegistryOptions& options,
                         const std::vector<RegistryRecord>& records);

}  // namespace newsd
