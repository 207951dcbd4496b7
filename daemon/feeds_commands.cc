// newsd feeds import / export / add / remove / discover: the feed list
// beyond the TOML lives in the config's feeds_file (OPML), which these
// commands edit and a running daemon reads again on reload (SIGHUP).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "common/ascii.h"
#include "common/file.h"
#include "common/json_text.h"
#include "daemon/cluster.h"
#include "daemon/command_util.h"
#include "daemon/commands.h"
#include "ingest/feed_discovery.h"
#include "ingest/feed_parser.h"
#include "ingest/fetcher.h"
#include "ingest/opml.h"
#include "ingest/url.h"

namespace newsd {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The feeds_file's entries; a file not yet written is an empty list.
Result<std::vector<OpmlFeed>> ReadFeedsFile(const std::string& path) {
  if (!fs::exists(path)) return std::vector<OpmlFeed>{};
  auto bytes = ReadFileToString(path);
  if (!bytes.ok()) return bytes.status();
  auto feeds = ParseOpml(*bytes);
  if (!feeds.ok()) return Status::InvalidArgument(path + ": " + feeds.status().message());
  return feeds;
}

// Replaces the file atomically: a reader (the daemon reloading) sees the
// old list or the new one, never half of one.
Status WriteFeedsFile(const std::string& path, const std::vector<OpmlFeed>& feeds) {
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError(tmp + ": cannot write");
    out << WriteOpml(feeds, "newsd feeds");
    out.flush();
    if (!out) return Status::IOError(tmp + ": write failed");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::IOError(path + ": cannot replace: " + ec.message());
  }
  return Status::Ok();
}

// The config, insisting on a feeds_file. Exit code in `*exit_code` on failure.
std::optional<Config> ManagedConfig(const std::string& path, int* exit_code) {
  auto config = LoadConfigOrReport(path);
  if (!config.ok()) {
    *exit_code = kExitUsage;
    return std::nullopt;
  }
  if (config->feeds_file.empty() && !config->cluster.enabled) {
    std::cerr << "newsd: " << path
              << " sets no feeds_file; add feeds_file = \"feeds.opml\" (or a [cluster] section) "
                 "to manage feeds from the command line\n";
    *exit_code = kExitUsage;
    return std::nullopt;
  }
  return std::move(config).value();
}

void ReportChange(const Config& c) {
  if (c.cluster.enabled) {
    std::cerr << "newsd: " << c.cluster.registry_topic
              << " updated; the instance that owns each feed's host picks it up at once\n";
    return;
  }
  std::cerr << "newsd: " << c.feeds_file
            << " updated; a running daemon picks it up on reload (systemctl reload newsd, or "
               "SIGHUP)\n";
}

// The feeds listed now: the feeds_file's, or in cluster mode the
// registry's.
Result<std::vector<OpmlFeed>> ReadManagedFeeds(const Config& c) {
  if (!c.cluster.enabled) return ReadFeedsFile(c.feeds_file);
  auto registry = ReadFeedRegistry(RegistryOptionsOf(c));
  if (!registry.ok()) return registry.status();
  std::vector<OpmlFeed> out;
  for (const auto& [url, value] : *registry) {
    auto f = FeedFromSettings(url, value);
    out.push_back(
        {url, f.ok() && f->name != RedactUrl(url) ? f->name : "", "", f.ok() ? f->category : ""});
  }
  return out;
}

// Writes what changed: the whole feeds_file, or in cluster mode records
// for `added` and tombstones for `removed` in the registry.
Status WriteManagedFeeds(const Config& c, const std::vector<OpmlFeed>& all,
                         const std::vector<OpmlFeed>& added,
                         const std::vector<std::string>& removed) {
  if (!c.cluster.enabled) return WriteFeedsFile(c.feeds_file, all);
  std::vector<RegistryRecord> records;
  for (const OpmlFeed& f : added) {
    FeedConfig fc;
    fc.url = f.url;
    fc.name = f.title.empty() ? RedactUrl(f.url) : f.title;
    fc.category = f.category;
    records.push_back({f.url, UrlHost(f.url), FeedSettingsJson(fc)});
  }
  for (const std::string& url : removed) records.push_back({url, UrlHost(url), std::nullopt});
  return WriteFeedRegistry(RegistryOptionsOf(c), records);
}

// In cluster mode, the config's feeds become the registry's and its own;
// false (reported on stderr) when the registry cannot be read.
bool WithRegistryFeeds(Config& c) {
  if (!c.cluster.enabled) return true;
  auto feeds = ClusterFeeds(c);
  if (!feeds.ok()) {
    std::cerr << "newsd: " << feeds.status().message() << "\n";
    return false;
  }
  c.feeds = std::move(feeds).value();
  return true;
}

// Adds `add` to the feeds_file (the registry in cluster mode), skipping
// URLs the config already lists.
int AddFeeds(const Config& c, const std::vector<OpmlFeed>& add) {
  auto current = ReadManagedFeeds(c);
  if (!current.ok()) {
    std::cerr << "newsd: " << current.status().message() << "\n";
    return kExitFailure;
  }
  std::vector<OpmlFeed> added;
  size_t present = 0, invalid = 0;
  std::set<std::string> listed;  // the config's feeds, those listed and those added here
  for (const auto& f : c.feeds) listed.insert(f.url);
  for (const auto& f : *current) listed.insert(f.url);
  for (const OpmlFeed& f : add) {
    if (Status v = ValidateFeedUrl(f.url); !v.ok()) {
      std::cerr << "newsd: skipped: " << v.message() << "\n";
      ++invalid;
      continue;
    }
    // With the SSRF guard on, local files are read only when the operator's
    // TOML names them, never from OPML, `feeds add` or a web page.
    if (c.fetch.block_private_addresses && f.url.starts_with("file:")) {
      std::cerr << "newsd: skipped: " << RedactUrl(f.url)
                << ": file:// feeds are accepted only in the TOML config while "
                   "fetch.block_private_addresses is on\n";
      ++invalid;
      continue;
    }
    if (!listed.insert(f.url).second) {
      ++present;
      continue;
    }
    // Titles come from web pages and other people's OPML: control
    // characters would reach logs and terminals, and are not even valid XML.
    OpmlFeed clean = f;
    for (std::string* text : {&clean.title, &clean.category})
      for (char& ch : *text)
        if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
    added.push_back(clean);
    current->push_back(std::move(clean));
  }
  if (!added.empty()) {
    if (Status s = WriteManagedFeeds(c, *current, added, {}); !s.ok()) {
      std::cerr << "newsd: " << s.message() << "\n";
      return kExitFailure;
    }
  }
  std::cout << "added " << added.size() << ", already present " << present << ", invalid "
            << invalid << "\n";
  if (!added.empty()) ReportChange(c);
  return invalid > 0 && added.empty() && present == 0 ? kExitFailure : kExitOk;
}

}  // namespace

int RunFeedsImport(const std::string& config_path, const std::string& opml_path) {
  int rc = kExitOk;
  auto c = ManagedConfig(config_path, &rc);
  if (!c) return rc;
  auto bytes = ReadFileToString(opml_path);
  if (!bytes.ok()) {
    std::cerr << "newsd: " << bytes.status().message() << "\n";
    return kExitFailure;
  }
  auto feeds = ParseOpml(*bytes);
  if (!feeds.ok()) {
    std::cerr << "newsd: " << opml_path << ": " << feeds.status().message() << "\n";
    return kExitFailure;
  }
  return AddFeeds(*c, *feeds);
}

int RunFeedsExport(const std::string& config_path) {
  auto c = LoadConfigOrReport(config_path);
  if (!c.ok()) return kExitUsage;
  if (!WithRegistryFeeds(*c)) return kExitFailure;
  std::vector<OpmlFeed> out;
  for (const auto& f : c->feeds)
    out.push_back(
        {RedactUrl(f.url), f.name == RedactUrl(f.url) ? std::string() : f.name, "", f.category});
  std::cout << WriteOpml(out, "newsd feeds");
  return kExitOk;
}

int RunFeedsAdd(const std::string& config_path, const std::string& url, const std::string& name) {
  int rc = kExitOk;
  auto c = ManagedConfig(config_path, &rc);
  if (!c) return rc;
  return AddFeeds(*c, {OpmlFeed{url, name, "", ""}});
}

int RunFeedsRemove(const std::string& config_path, const std::string& url) {
  int rc = kExitOk;
  auto c = ManagedConfig(config_path, &rc);
  if (!c) return rc;
  auto current = ReadManagedFeeds(*c);
  if (!current.ok()) {
    std::cerr << "newsd: " << current.status().message() << "\n";
    return kExitFailure;
  }
  size_t before = current->size();
  std::erase_if(*current, [&](const OpmlFeed& f) { return f.url == url; });
  if (current->size() == before) {
    bool in_toml = false;
    for (const auto& f : c->feeds) in_toml = in_toml || (f.url == url && !f.from_feeds_file);
    std::cerr << "newsd: " << url
              << (in_toml ? " is listed in " + config_path + " itself; remove its [[feeds]] there"
                          : " is not in " +
                                (c->cluster.enabled ? c->cluster.registry_topic : c->feeds_file))
              << "\n";
    return kExitFailure;
  }
  if (Status s = WriteManagedFeeds(*c, *current, {}, {url}); !s.ok()) {
    std::cerr << "newsd: " << s.message() << "\n";
    return kExitFailure;
  }
  std::cout << "removed " << url << "\n";
  ReportChange(*c);
  return kExitOk;
}

int RunFeedsDiscover(const DiscoverArgs& args) {
  FetchOptions fetch;
  std::optional<Config> config;
  if (!args.config.empty()) {
    auto c = LoadConfigOrReport(args.config);
    if (!c.ok()) return kExitUsage;
    fetch = c->fetch;
    config = std::move(c).value();
  }
  FetchResponse r = NewCurlFetcher(fetch)->FetchAll({FetchRequest{args.page_url, "", ""}}).front();
  if (!r.success()) {
    std::cerr << "newsd: " << args.page_url << ": "
              << (r.status.ok() ? "HTTP " + std::to_string(r.http_status) : r.status.ToString())
              << "\n";
    return kExitFailure;
  }
  std::string page = r.effective_url.empty() ? args.page_url : r.effective_url;
  std::vector<DiscoveredFeed> found;
  // The URL may be a feed already.
  if (auto feed = ParseFeed(r.body, ParseContext{page, "", r.content_type, {}}); feed.ok()) {
    found.push_back({page, feed->title, feed->format});
  } else {
    found = DiscoverFeeds(r.body, page);
  }
  if (found.empty()) {
    std::cerr << "newsd: " << args.page_url << ": the page announces no feed\n";
    return kExitFailure;
  }
  for (const auto& f : found) {
    std::cout << DumpJson(nlohmann::json{{"url", f.url}, {"title", f.title}, {"type", f.type}})
              << "\n";
  }
  if (!args.add) return kExitOk;
  if (!config || config->feeds_file.empty()) {
    std::cerr << "newsd: --add needs --config with a feeds_file\n";
    return kExitUsage;
  }
  // A site usually offers the same articles as RSS and Atom: add the first.
  return AddFeeds(*config, {OpmlFeed{found[0].url, found[0].title, page, ""}});
}

int RunFeedsList(const std::string& config_path, bool as_json) {
  auto config = LoadConfigOrReport(config_path);
  if (!config.ok()) return kExitUsage;
  if (!WithRegistryFeeds(*config)) return kExitFailure;
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

}  // namespace newsd
