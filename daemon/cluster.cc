#include "daemon/cluster.h"

#include <nlohmann/json.hpp>

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

Result<std::vector<FeedConfig>> ClusterFeeds(const Config& c, bool publish) {
  const FeedRegistryOptions o = RegistryOptionsOf(c);
  auto registry = ReadFeedRegistry(o);
  if (!registry.ok()) return registry.status();
  if (publish) {
    std::vector<RegistryRecord> records;
    for (const FeedConfig& f : c.feeds) {
      std::string value = FeedSettingsJson(f);
      auto it = registry->find(f.url);
      if (it != registry->end() && it->second == value) continue;
      records.push_back({f.url, UrlHost(f.url), value});
      (*registry)[f.url] = value;
    }
    if (Status s = WriteFeedRegistry(o, records); !s.ok()) return s;
    if (!records.empty())
      NEWSD_LOG(kNotice) << "cluster: published " << records.size() << " feeds of the config to "
                         << o.topic;
  }
  std::vector<FeedConfig> out = c.feeds;
  for (const auto& [url, value] : *registry) {
    bool in_toml = false;
    for (const FeedConfig& f : c.feeds) in_toml = in_toml || f.url == url;
    if (in_toml) continue;
    // As from an OPML file: with the SSRF guard on, local files are read
    // only when an operator's TOML names them.
    if (c.fetch.block_private_addresses && url.starts_with("file:")) {
      NEWSD_LOG(kWarning) << "cluster: " << RedactUrl(url)
                          << ": file:// feeds are accepted only in the TOML config while "
                             "fetch.block_private_addresses is on; skipped";
      continue;
    }
    auto f = FeedFromSettings(url, value);
    if (!f.ok()) {
      NEWSD_LOG(kWarning) << "cluster: " << f.status().message() << "; skipped";
      continue;
    }
    f->from_feeds_file = true;  // not the TOML's
    out.push_back(std::move(f).value());
  }
  return out;
}

}  // namespace newsd
