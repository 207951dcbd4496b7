// Cluster mode's feed list (docs/scaling.md): the feeds registry topic
// (kafka/feed_registry.h) holds every feed of the group with its settings;
// an instance's TOML [[feeds]] are published to it at start and win over
// the registry's record for their URLs, as they win over a feeds_file.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "daemon/config.h"
#include "kafka/feed_registry.h"

namespace newsd {

FeedRegistryOptions RegistryOptionsOf(const Config& c);

// A feed's settings as its registry value (JSON: name, interval in
// seconds, full_text, category), and back. Unknown fields are ignored, so
// later versions may add some; a value that is not an object is an error.
std::string FeedSettingsJson(const FeedConfig& f);
Result<FeedConfig> FeedFromSettings(const std::string& url, const std::string& json);

// The feeds this instance polls: the registry's, with the config's TOML
// feeds in their place (and first). With `publish`, TOML feeds the
// registry lacks or holds with other settings are written to it first.
// Errors: the registry's (kUnavailable when the brokers do not answer).
Result<std::vector<FeedConfig>> ClusterFeeds(const Config& c, bool publish);

}  // namespace newsd
