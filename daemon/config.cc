#include "daemon/config.h"

#include <toml++/toml.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_set>

#include "common/file.h"
#include "ingest/opml.h"
#include "ingest/url.h"
#include "kafka/cloudevents.h"

namespace newsd {
namespace {

namespace fs = std::filesystem;

class Reader {
 public:
  Reader(const std::string& file) : file_(file) {}

  Status Error(const std::string& key, const std::string& what) const {
    return Status::InvalidArgument(file_ + ": " + key + ": " + what);
  }

  // Rejects keys not in `known`.
  Status CheckKeys(const toml::table& t, const std::string& where,
                   std::initializer_list<const char*> known) const {
    std::set<std::string> k(known.begin(), known.end());
    for (const auto& [key, node] : t) {
      if (!k.count(std::string(key.str())))
        return Error(where.empty() ? std::string(key.str()) : where + "." + std::string(key.str()),
                     "unknown key");
    }
    return Status::Ok();
  }

  Status String(const toml::table& t, const std::string& where, const char* key,
                std::string* out) const {
    const toml::node* n = t.get(key);
    if (!n) return Status::Ok();
    if (!n->is_string()) return Error(where + "." + key, "must be a string");
    *out = n->as_string()->get();
    return Status::Ok();
  }

  Status Int(const toml::table& t, const std::string& where, const char* key, int64_t* out,
             int64_t min, int64_t max) const {
    const toml::node* n = t.get(key);
    if (!n) return Status::Ok();
    if (!n->is_integer()) return Error(where + "." + key, "must be an integer");
    int64_t v = n->as_integer()->get();
    if (v < min || v > max)
      return Error(where + "." + key,
                   "must be between " + std::to_string(min) + " and " + std::to_string(max));
    *out = v;
    return Status::Ok();
  }

  Status Double(const toml::table& t, const std::string& where, const char* key, double* out,
                double min, double max) const {
    const toml::node* n = t.get(key);
    if (!n) return Status::Ok();
    double v;
    if (n->is_floating_point())
      v = n->as_floating_point()->get();
    else if (n->is_integer())
      v = static_cast<double>(n->as_integer()->get());
    else
      return Error(where + "." + key, "must be a number");
    if (v < min || v > max) return Error(where + "." + key, "out of range");
    *out = v;
    return Status::Ok();
  }

  Status Bool(const toml::table& t, const std::string& where, const char* key, bool* out) const {
    const toml::node* n = t.get(key);
    if (!n) return Status::Ok();
    if (!n->is_boolean()) return Error(where + "." + key, "must be true or false");
    *out = n->as_boolean()->get();
    return Status::Ok();
  }

  // Durations: an integer number of seconds, or a string "30s", "15m", "2h", "500ms".
  template <typename D>
  Status Duration(const toml::table& t, const std::string& where, const char* key, D* out) const {
    const toml::node* n = t.get(key);
    if (!n) return Status::Ok();
    // Bounded so the conversion to milliseconds cannot overflow (a fuzzer
    // found "1.2e106s"): a century is longer than any interval means.
    constexpr int64_t kMaxSeconds = int64_t{100} * 365 * 86400;
    int64_t ms;
    if (n->is_integer()) {
      const int64_t seconds = n->as_integer()->get();
      if (seconds > kMaxSeconds || seconds < -kMaxSeconds)
        return Error(where + "." + key, "too long (at most 100 years)");
      ms = seconds * 1000;
    } else if (n->is_string()) {
      std::string s = n->as_string()->get();
      size_t pos = 0;
      double v;
      try {
        v = std::stod(s, &pos);
      } catch (...) {
        return Error(where + "." + key,
                     "not a duration: \"" + s + "\" (use e.g. \"30s\", \"15m\")");
      }
      std::string unit = s.substr(pos);
      double mult = unit == "ms"                  ? 1
                    : unit == "s" || unit.empty() ? 1000
                    : unit == "m"                 ? 60000
                    : unit == "h"                 ? 3600000
                    : unit == "d"                 ? 86400000
                                                  : -1;
      if (mult < 0)
        return Error(where + "." + key, "unknown unit \"" + unit + "\" (ms, s, m, h, d)");
      const double total = v * mult;
      if (!std::isfinite(total) || std::abs(total) > static_cast<double>(kMaxSeconds) * 1000)
        return Error(where + "." + key, "too long (at most 100 years)");
      ms = static_cast<int64_t>(total);
    } else {
      return Error(where + "." + key, "must be a duration (\"30s\") or seconds");
    }
    if (ms < 0) return Error(where + "." + key, "must not be negative");
    *out = std::chrono::duration_cast<D>(std::chrono::milliseconds(ms));
    return Status::Ok();
  }

 private:
  std::string file_;
};

const toml::table* Table(const toml::table& root, const char* name, Status* err, const Reader& r) {
  const toml::node* n = root.get(name);
  if (!n) return nullptr;
  if (!n->is_table()) *err = r.Error(name, "must be a table");
  return n->as_table();
}

std::string DefaultDataDir() {
  if (const char* env = std::getenv("NEWSD_DATA_DIR"); env && *env) return env;
  if (fs::exists(NEWSD_INSTALL_DATA_DIR "/gazetteer.json")) return NEWSD_INSTALL_DATA_DIR;
  return NEWSD_SOURCE_DATA_DIR;
}

}  // namespace

Result<Config> ParseConfig(std::string_view text, const std::string& path) {
  Reader r(path);
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << path << ":" << e.source().begin.line << ":" << e.source().begin.column << ": "
        << e.description();
    return Status::InvalidArgument(msg.str());
  }
  Config c;
  c.path = path;
  c.data_dir = DefaultDataDir();
  fs::path base = fs::absolute(fs::path(path)).parent_path();
  auto resolve = [&](const std::string& p) {
    return fs::path(p).is_absolute() ? p : (base / p).lexically_normal().string();
  };
  c.store.path = resolve("var/newsd");
  c.publisher.cloudevents_source = DefaultCloudEventsSource();

  NEWSD_RETURN_IF_ERROR(r.CheckKeys(
      root, "",
      {"log_level", "data_dir", "iso_codes", "wordnet", "store", "kafka", "feeds", "feeds_file",
       "http", "api", "fetch", "schedule", "pipeline", "websub", "cluster"}));
  std::string level;
  NEWSD_RETURN_IF_ERROR(r.String(root, "", "log_level", &level));
  if (!level.empty() && !ParseLogLevel(level, &c.log_level))
    return r.Error("log_level", "must be one of error, warning, notice, info, debug");
  std::string data_dir;
  NEWSD_RETURN_IF_ERROR(r.String(root, "", "data_dir", &data_dir));
  if (!data_dir.empty()) c.data_dir = resolve(data_dir);
  NEWSD_RETURN_IF_ERROR(r.String(root, "", "iso_codes", &c.iso_codes_path));
  NEWSD_RETURN_IF_ERROR(r.String(root, "", "wordnet", &c.wordnet_dir));
  std::string feeds_file;
  NEWSD_RETURN_IF_ERROR(r.String(root, "", "feeds_file", &feeds_file));
  if (!feeds_file.empty()) c.feeds_file = resolve(feeds_file);

  Status err;
  if (const toml::table* t = Table(root, "store", &err, r)) {
    NEWSD_RETURN_IF_ERROR(
        r.CheckKeys(*t, "store", {"path", "sync", "block_cache_mb", "memtable_mb"}));
    std::string p;
    NEWSD_RETURN_IF_ERROR(r.String(*t, "store", "path", &p));
    if (!p.empty()) c.store.path = resolve(p);
    NEWSD_RETURN_IF_ERROR(r.Bool(*t, "store", "sync", &c.store.sync));
    int64_t mb = static_cast<int64_t>(c.store.block_cache_bytes >> 20);
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "store", "block_cache_mb", &mb, 1, 1 << 20));
    c.store.block_cache_bytes = static_cast<size_t>(mb) << 20;
    mb = static_cast<int64_t>(c.store.memtable_bytes >> 20);
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "store", "memtable_mb", &mb, 4, 1 << 16));
    c.store.memtable_bytes = static_cast<size_t>(mb) << 20;
  }
  NEWSD_RETURN_IF_ERROR(err);

  if (const toml::table* t = Table(root, "kafka", &err, r)) {
    NEWSD_RETURN_IF_ERROR(
        r.CheckKeys(*t, "kafka",
                    {"brokers", "topic_events", "topic_stories", "cloudevents_source",
                     "embedded_partitions", "flush_timeout", "message_timeout", "properties"}));
    std::string brokers = "embedded";
    NEWSD_RETURN_IF_ERROR(r.String(*t, "kafka", "brokers", &brokers));
    if (brokers.empty())
      return r.Error("kafka.brokers", "must be \"embedded\" or \"host:port,...\"");
    c.kafka_embedded = brokers == "embedded";
    if (!c.kafka_embedded) c.producer.brokers = brokers;
    NEWSD_RETURN_IF_ERROR(r.String(*t, "kafka", "topic_events", &c.publisher.topic_events));
    NEWSD_RETURN_IF_ERROR(r.String(*t, "kafka", "topic_stories", &c.publisher.topic_stories));
    NEWSD_RETURN_IF_ERROR(
        r.String(*t, "kafka", "cloudevents_source", &c.publisher.cloudevents_source));
    if (c.publisher.cloudevents_source.empty() ||
        c.publisher.cloudevents_source.find_first_of(" \t\r\n") != std::string::npos)
      return r.Error("kafka.cloudevents_source", "must be a URI reference without spaces");
    if (c.publisher.topic_events.empty() || c.publisher.topic_stories.empty())
      return r.Error("kafka.topic_events", "topic names must not be empty");
    int64_t parts = c.embedded.partitions;
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "kafka", "embedded_partitions", &parts, 1, 1000));
    c.embedded.partitions = static_cast<int>(parts);
    NEWSD_RETURN_IF_ERROR(r.Duration(*t, "kafka", "flush_timeout", &c.flush_timeout));
    NEWSD_RETURN_IF_ERROR(r.Duration(*t, "kafka", "message_timeout", &c.producer.message_timeout));
    if (const toml::node* p = t->get("properties")) {
      if (!p->is_table())
        return r.Error("kafka.properties", "must be a table of librdkafka properties");
      for (const auto& [k, v] : *p->as_table()) {
        std::string key(k.str());
        if (key.ends_with("_file") && v.is_string()) {
          // "sasl.password_file": the value is read from a file, so that the
          // secret stays out of the config; a relative path is a systemd
          // credential ($CREDENTIALS_DIRECTORY, LoadCredential=).
          std::string file = v.as_string()->get();
          const char* creds = std::getenv("CREDENTIALS_DIRECTORY");
          if (!file.empty() && file[0] != '/')
            file = creds ? std::string(creds) + "/" + file : resolve(file);
          auto secret = ReadFileToString(file);
          if (!secret.ok()) return r.Error("kafka.properties." + key, secret.status().message());
          std::string value = std::move(secret).value();
          while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
          c.producer.properties[key.substr(0, key.size() - 5)] = value;
        } else if (v.is_string())
          c.producer.properties[key] = v.as_string()->get();
        else if (v.is_integer())
          c.producer.properties[key] = std::to_string(v.as_integer()->get());
        else if (v.is_boolean())
          c.producer.properties[key] = v.as_boolean()->get() ? "true" : "false";
        else
          return r.Error("kafka.properties." + key, "must be a string, integer or boolean");
      }
    }
  }
  NEWSD_RETURN_IF_ERROR(err);
  c.embedded.topics = {c.publisher.topic_events, c.publisher.topic_stories};

  if (const toml::table* t = Table(root, "http", &err, r)) {
    NEWSD_RETURN_IF_ERROR(r.CheckKeys(*t, "http", {"listen", "ready_max_outbox"}));
    NEWSD_RETURN_IF_ERROR(r.String(*t, "http", "listen", &c.http_listen));
    int64_t v = static_cast<int64_t>(c.ready_max_outbox);
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "http", "ready_max_outbox", &v, 0, int64_t{1} << 40));
    c.ready_max_outbox = static_cast<uint64_t>(v);
  }
  NEWSD_RETURN_IF_ERROR(err);

  if (const toml::table* t = Table(root, "api", &err, r)) {
    NEWSD_RETURN_IF_ERROR(r.CheckKeys(*t, "api", {"listen"}));
    NEWSD_RETURN_IF_ERROR(r.String(*t, "api", "listen", &c.api_listen));
  }
  NEWSD_RETURN_IF_ERROR(err);

  if (const toml::table* t = Table(root, "cluster", &err, r)) {
    NEWSD_RETURN_IF_ERROR(
        r.CheckKeys(*t, "cluster",
                    {"role", "instance_id", "group", "registry_topic", "state_topic", "items_topic",
                     "leader_topic", "session_timeout"}));
    ClusterOptions& k = c.cluster;
    k.enabled = true;
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0 && host[0] != '\0') k.instance_id = host;
    std::string role = "all";
    NEWSD_RETURN_IF_ERROR(r.String(*t, "cluster", "role", &role));
    if (role == "all")
      k.role = ClusterRole::kAll;
    else if (role == "fetch")
      k.role = ClusterRole::kFetch;
    else if (role == "process")
      k.role = ClusterRole::kProcess;
    else
      return r.Error("cluster.role", "must be \"all\", \"fetch\" or \"process\"");
    NEWSD_RETURN_IF_ERROR(r.String(*t, "cluster", "instance_id", &k.instance_id));
    NEWSD_RETURN_IF_ERROR(r.String(*t, "cluster", "group", &k.group));
    NEWSD_RETURN_IF_ERROR(r.String(*t, "cluster", "registry_topic", &k.registry_topic));
    NEWSD_RETURN_IF_ERROR(r.String(*t, "cluster", "state_topic", &k.state_topic));
    NEWSD_RETURN_IF_ERROR(r.String(*t, "cluster", "items_topic", &k.items_topic));
    NEWSD_RETURN_IF_ERROR(r.String(*t, "cluster", "leader_topic", &k.leader_topic));
    NEWSD_RETURN_IF_ERROR(r.Duration(*t, "cluster", "session_timeout", &k.session_timeout));
    if (k.instance_id.empty()) return r.Error("cluster.instance_id", "must not be empty");
    if (k.group.empty()) return r.Error("cluster.group", "must not be empty");
    if (k.registry_topic.empty()) return r.Error("cluster.registry_topic", "must not be empty");
    if (k.state_topic.empty() || k.state_topic == k.registry_topic)
      return r.Error("cluster.state_topic", "must be a topic of its own");
    if (k.items_topic.empty() || k.items_topic == k.registry_topic ||
        k.items_topic == k.state_topic)
      return r.Error("cluster.items_topic", "must be a topic of its own");
    if (k.leader_topic.empty() || k.leader_topic == k.registry_topic ||
        k.leader_topic == k.state_topic || k.leader_topic == k.items_topic)
      return r.Error("cluster.leader_topic", "must be a topic of its own");
    if (k.session_timeout < std::chrono::seconds(1) || k.session_timeout > std::chrono::hours(1))
      return r.Error("cluster.session_timeout", "must be between 1 second and 1 hour");
    if (c.kafka_embedded)
      return r.Error("cluster",
                     "needs real brokers ([kafka] brokers = \"host:port,...\", or a "
                     "`newsd broker` for tests): the embedded one lives inside one "
                     "process");
    if (!c.feeds_file.empty())
      return r.Error("cluster",
                     "and feeds_file exclude each other: in cluster mode the feed list "
                     "is the registry topic (newsd feeds add/remove/import write it)");
  }
  NEWSD_RETURN_IF_ERROR(err);

  if (const toml::table* t = Table(root, "websub", &err, r)) {
    NEWSD_RETURN_IF_ERROR(r.CheckKeys(*t, "websub", {"callback_url", "lease"}));
    NEWSD_RETURN_IF_ERROR(r.String(*t, "websub", "callback_url", &c.websub.callback_url));
    NEWSD_RETURN_IF_ERROR(r.Duration(*t, "websub", "lease", &c.websub.lease));
    const std::string& cb = c.websub.callback_url;
    if (!cb.empty() && !cb.starts_with("http://") && !cb.starts_with("https://"))
      return r.Error("websub.callback_url", "must be an http:// or https:// URL");
    if (!cb.empty() && c.http_listen.empty())
      return r.Error("websub.callback_url",
                     "needs the admin listener ([http] listen), which serves the callbacks");
    if (c.websub.lease < std::chrono::seconds(60))
      return r.Error("websub.lease", "must be at least 60 seconds");
  }
  NEWSD_RETURN_IF_ERROR(err);

  if (const toml::table* t = Table(root, "fetch", &err, r)) {
    NEWSD_RETURN_IF_ERROR(
        r.CheckKeys(*t, "fetch",
                    {"connect_timeout", "timeout", "max_body_mb", "max_redirects", "max_concurrent",
                     "max_per_host", "user_agent", "block_private_addresses", "ca_file",
                     "max_items", "full_text_min_words", "full_text_max_items"}));
    NEWSD_RETURN_IF_ERROR(
        r.Bool(*t, "fetch", "block_private_addresses", &c.fetch.block_private_addresses));
    NEWSD_RETURN_IF_ERROR(r.Duration(*t, "fetch", "connect_timeout", &c.fetch.connect_timeout));
    NEWSD_RETURN_IF_ERROR(r.Duration(*t, "fetch", "timeout", &c.fetch.total_timeout));
    c.full_text.budget = c.fetch.total_timeout;
    int64_t mb = static_cast<int64_t>(c.fetch.max_body_bytes >> 20);
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "fetch", "max_body_mb", &mb, 1, 1024));
    c.fetch.max_body_bytes = static_cast<size_t>(mb) << 20;
    int64_t v = c.fetch.max_redirects;
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "fetch", "max_redirects", &v, 0, 50));
    c.fetch.max_redirects = v;
    v = c.fetch.max_concurrent;
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "fetch", "max_concurrent", &v, 1, 10000));
    c.fetch.max_concurrent = v;
    v = c.fetch.max_per_host;
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "fetch", "max_per_host", &v, 1, 1000));
    c.fetch.max_per_host = v;
    v = static_cast<int64_t>(c.max_items_per_feed);
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "fetch", "max_items", &v, 1, 1'000'000));
    c.max_items_per_feed = static_cast<size_t>(v);
    v = static_cast<int64_t>(c.full_text.min_words);
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "fetch", "full_text_min_words", &v, 0, 100'000));
    c.full_text.min_words = static_cast<size_t>(v);
    v = static_cast<int64_t>(c.full_text.max_per_response);
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "fetch", "full_text_max_items", &v, 0, 100'000));
    c.full_text.max_per_response = static_cast<size_t>(v);
    NEWSD_RETURN_IF_ERROR(r.String(*t, "fetch", "user_agent", &c.fetch.user_agent));
    NEWSD_RETURN_IF_ERROR(r.String(*t, "fetch", "ca_file", &c.fetch.ca_file));
    if (!c.fetch.ca_file.empty()) c.fetch.ca_file = resolve(c.fetch.ca_file);
  }
  NEWSD_RETURN_IF_ERROR(err);

  if (const toml::table* t = Table(root, "schedule", &err, r)) {
    NEWSD_RETURN_IF_ERROR(
        r.CheckKeys(*t, "schedule",
                    {"default_interval", "min_interval", "max_interval", "max_backoff", "jitter",
                     "adaptive", "adaptive_min_interval", "adaptive_max_interval"}));
    NEWSD_RETURN_IF_ERROR(
        r.Duration(*t, "schedule", "default_interval", &c.schedule.default_interval));
    NEWSD_RETURN_IF_ERROR(r.Duration(*t, "schedule", "min_interval", &c.schedule.min_interval));
    NEWSD_RETURN_IF_ERROR(r.Duration(*t, "schedule", "max_interval", &c.schedule.max_interval));
    NEWSD_RETURN_IF_ERROR(r.Duration(*t, "schedule", "max_backoff", &c.schedule.max_backoff));
    NEWSD_RETURN_IF_ERROR(r.Double(*t, "schedule", "jitter", &c.schedule.jitter, 0, 1));
    NEWSD_RETURN_IF_ERROR(r.Bool(*t, "schedule", "adaptive", &c.schedule.adaptive));
    NEWSD_RETURN_IF_ERROR(
        r.Duration(*t, "schedule", "adaptive_min_interval", &c.schedule.adaptive_min_interval));
    NEWSD_RETURN_IF_ERROR(
        r.Duration(*t, "schedule", "adaptive_max_interval", &c.schedule.adaptive_max_interval));
    if (c.schedule.adaptive_min_interval > c.schedule.adaptive_max_interval)
      return r.Error("schedule.adaptive_min_interval",
                     "is larger than schedule.adaptive_max_interval");
    if (c.schedule.min_interval > c.schedule.max_interval)
      return r.Error("schedule.min_interval", "is larger than schedule.max_interval");
  }
  NEWSD_RETURN_IF_ERROR(err);

  if (const toml::table* t = Table(root, "pipeline", &err, r)) {
    NEWSD_RETURN_IF_ERROR(
        r.CheckKeys(*t, "pipeline",
                    {"near_duplicate_threshold", "paragraph_duplicate_threshold",
                     "min_words_for_near_duplicate", "max_text_kb", "near_duplicate_window"}));
    NEWSD_RETURN_IF_ERROR(
        r.Duration(*t, "pipeline", "near_duplicate_window", &c.pipeline.near_duplicate_window));
    c.store.near_duplicate_window = c.pipeline.near_duplicate_window;
    NEWSD_RETURN_IF_ERROR(r.Double(*t, "pipeline", "near_duplicate_threshold",
                                   &c.pipeline.near_duplicate_threshold, 0.05, 1.0));
    NEWSD_RETURN_IF_ERROR(r.Double(*t, "pipeline", "paragraph_duplicate_threshold",
                                   &c.pipeline.paragraph_duplicate_threshold, 0.05, 1.0));
    int64_t v = static_cast<int64_t>(c.pipeline.min_words_for_near_duplicate);
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "pipeline", "min_words_for_near_duplicate", &v, 3, 10000));
    c.pipeline.min_words_for_near_duplicate = static_cast<size_t>(v);
    v = static_cast<int64_t>(c.pipeline.max_text_bytes >> 10);
    NEWSD_RETURN_IF_ERROR(r.Int(*t, "pipeline", "max_text_kb", &v, 1, 1 << 20));
    c.pipeline.max_text_bytes = static_cast<size_t>(v) << 10;
  }
  NEWSD_RETURN_IF_ERROR(err);

  if (const toml::node* feeds = root.get("feeds")) {
    if (!feeds->is_array_of_tables())
      return r.Error("feeds", "must be an array of tables ([[feeds]])");
    size_t i = 0;
    std::unordered_set<std::string> urls;
    for (const auto& node : *feeds->as_array()) {
      const toml::table& t = *node.as_table();
      std::string where = "feeds[" + std::to_string(i++) + "]";
      NEWSD_RETURN_IF_ERROR(r.CheckKeys(t, where, {"url", "name", "interval", "full_text"}));
      FeedConfig f;
      NEWSD_RETURN_IF_ERROR(r.String(t, where, "url", &f.url));
      if (f.url.empty()) return r.Error(where + ".url", "is required");
      if (f.url.find("://") == std::string::npos) f.url = "file://" + resolve(f.url);
      if (Status v = ValidateFeedUrl(f.url); !v.ok()) return r.Error(where + ".url", v.message());
      NEWSD_RETURN_IF_ERROR(r.String(t, where, "name", &f.name));
      if (f.name.empty()) f.name = RedactUrl(f.url);
      NEWSD_RETURN_IF_ERROR(r.Duration(t, where, "interval", &f.interval));
      std::string full_text = FullTextModeName(f.full_text);
      NEWSD_RETURN_IF_ERROR(r.String(t, where, "full_text", &full_text));
      auto mode = ParseFullTextMode(full_text);
      if (!mode.ok()) return r.Error(where + ".full_text", mode.status().message());
      f.full_text = *mode;
      if (!urls.insert(f.url).second)
        return r.Error(where + ".url", "listed twice: " + RedactUrl(f.url));
      c.feeds.push_back(std::move(f));
    }
  }
  return c;
}

Status ValidateFeedUrl(const std::string& url) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0 && url.rfind("file://", 0) != 0)
    return Status::InvalidArgument("scheme must be http, https or file: " + url);
  return Status::Ok();
}

Result<Config> LoadConfig(const std::string& path) {
  // (A directory named by mistake is an error, not an empty config.)
  auto text = ReadFileToString(path);
  if (!text.ok())
    return Status::IOError(path + ": cannot read config file: " + text.status().message());
  auto c = ParseConfig(*text, path);
  std::error_code ec;
  if (c.ok() && !c->fetch.ca_file.empty() && !fs::is_regular_file(c->fetch.ca_file, ec))
    return Status::InvalidArgument(path + ": fetch.ca_file: no such file: " + c->fetch.ca_file);
  if (!c.ok() || c->feeds_file.empty() || !fs::exists(c->feeds_file)) return c;
  auto bytes = ReadFileToString(c->feeds_file);
  if (!bytes.ok()) return bytes.status();
  auto opml = ParseOpml(*bytes);
  if (!opml.ok())
    return Status::InvalidArgument(c->feeds_file + " (feeds_file): " + opml.status().message());
  // The TOML's feeds win over the same URL in the list (linear in both).
  std::unordered_set<std::string> listed;
  for (const auto& f : c->feeds) listed.insert(f.url);
  for (const OpmlFeed& o : *opml) {
    if (Status v = ValidateFeedUrl(o.url); !v.ok())
      return Status::InvalidArgument(c->feeds_file + " (feeds_file): " + v.message());
    if (c->fetch.block_private_addresses && o.url.starts_with("file:"))
      return Status::InvalidArgument(c->feeds_file + " (feeds_file): " + RedactUrl(o.url) +
                                     ": file:// feeds are accepted only in the TOML config while "
                                     "fetch.block_private_addresses is on");
    if (!listed.insert(o.url).second) continue;
    c->feeds.push_back({o.url, o.title.empty() ? RedactUrl(o.url) : o.title,
                        std::chrono::seconds(0), o.category, true});
  }
  return c;
}

}  // namespace newsd
