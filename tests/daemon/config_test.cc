#include "daemon/config.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "daemon/cluster.h"

using namespace newsd;

TEST_CASE("An empty config gives working defaults") {
  auto c = ParseConfig("", "/etc/newsd/newsd.toml");
  REQUIRE(c.ok());
  CHECK(c->kafka_embedded);
  CHECK(c->publisher.topic_events == "news.events");
  CHECK(c->publisher.topic_stories == "news.stories");
  CHECK(c->store.path == "/etc/newsd/var/newsd");
  CHECK(c->feeds.empty());
  CHECK(c->http_listen == "127.0.0.1:9180");
}

TEST_CASE("Keys map onto the options structs") {
  auto c = ParseConfig(R"(
log_level = "debug"
[store]
path = "/var/lib/newsd"
sync = false
memtable_mb = 32
[kafka]
brokers = "k1:9092,k2:9092"
topic_events = "ev"
flush_timeout = "5s"
[kafka.properties]
"compression.type" = "zstd"
"batch.num.messages" = 1000
[fetch]
timeout = "45s"
max_body_mb = 4
user_agent = "test-agent"
block_private_addresses = true
ca_file = "certs/ca.pem"
[schedule]
default_interval = "10m"
adaptive = false
adaptive_min_interval = "2m"
adaptive_max_interval = "12h"
[pipeline]
near_duplicate_threshold = 0.7
[[feeds]]
url = "https://a.example/rss"
name = "A"
interval = 300
[[feeds]]
url = "feeds/local.xml"
)",
                       "/srv/conf/newsd.toml");
  REQUIRE(c.ok());
  CHECK(c->log_level == LogLevel::kDebug);
  CHECK(c->store.path == "/var/lib/newsd");
  CHECK_FALSE(c->store.sync);
  CHECK_FALSE(c->kafka_embedded);
  CHECK(c->producer.brokers == "k1:9092,k2:9092");
  CHECK(c->publisher.topic_events == "ev");
  CHECK(c->flush_timeout == std::chrono::seconds(5));
  CHECK(c->producer.properties.at("compression.type") == "zstd");
  CHECK(c->producer.properties.at("batch.num.messages") == "1000");
  CHECK(c->fetch.total_timeout == std::chrono::seconds(45));
  CHECK(c->fetch.max_body_bytes == 4u << 20);
  CHECK(c->fetch.user_agent == "test-agent");
  CHECK(c->fetch.block_private_addresses);
  CHECK(c->fetch.ca_file == "/srv/conf/certs/ca.pem");  // relative to the config file
  CHECK(c->schedule.default_interval == std::chrono::minutes(10));
  CHECK_FALSE(c->schedule.adaptive);
  CHECK(c->schedule.adaptive_min_interval == std::chrono::minutes(2));
  CHECK(c->schedule.adaptive_max_interval == std::chrono::hours(12));
  CHECK(c->store.memtable_bytes == 32u << 20);
  CHECK(c->pipeline.near_duplicate_threshold == Approx(0.7));
  REQUIRE(c->feeds.size() == 2);
  CHECK(c->feeds[0].interval == std::chrono::seconds(300));
  CHECK(c->feeds[1].url == "file:///srv/conf/feeds/local.xml");
  CHECK(c->feeds[1].name == c->feeds[1].url);
}

TEST_CASE("Bad configs name the key and what is wrong") {
  auto msg = [](const char* toml) {
    auto c = ParseConfig(toml, "x.toml");
    REQUIRE_FALSE(c.ok());
    CHECK(c.status().code() == Status::Code::kInvalidArgument);
    return c.status().message();
  };
  CHECK(msg("[kafka]\nbrokerz = \"x\"") == "x.toml: kafka.brokerz: unknown key");
  CHECK(msg("[fetch]\ntimeout = \"ten seconds\"").find("fetch.timeout") != std::string::npos);
  CHECK(msg("[fetch]\ntimeout = \"10 parsecs\"").find("unknown unit") != std::string::npos);
  CHECK(msg("[fetch]\nmax_redirects = 500").find("fetch.max_redirects: must be between") !=
        std::string::npos);
  CHECK(msg("[[feeds]]\nname = \"no url\"").find("feeds[0].url: is required") != std::string::npos);
  CHECK(msg("[[feeds]]\nurl = \"gopher://x\"").find("scheme") != std::string::npos);
  CHECK(msg("[[feeds]]\nurl = \"http://a/\"\nfull_text = \"sometimes\"") ==
        "x.toml: feeds[0].full_text: must be \"auto\", \"always\" or \"never\"");
  CHECK(msg("[fetch]\nfull_text_min_words = -1").find("fetch.full_text_min_words: must be") !=
        std::string::npos);
  CHECK(
      msg("[[feeds]]\nurl = \"http://a/\"\n[[feeds]]\nurl = \"http://a/\"").find("listed twice") !=
      std::string::npos);
  CHECK(msg("log_level = \"loud\"").find("log_level") != std::string::npos);
  CHECK(msg("[store\npath=1").find("x.toml:") == 0);  // TOML syntax error with position
  CHECK(msg("[pipeline]\nnear_duplicate_threshold = 7").find("out of range") != std::string::npos);
  // Durations too long for milliseconds are errors, not overflows (found by
  // the config fuzz target under UBSan).
  CHECK(msg("[fetch]\ntimeout = \"1.2e106s\"").find("fetch.timeout: too long") !=
        std::string::npos);
  CHECK(msg("[fetch]\ntimeout = \"inf\"").find("too long") != std::string::npos);
  CHECK(msg("[fetch]\ntimeout = 9223372036854775807").find("too long") != std::string::npos);
}

TEST_CASE("feeds_file: OPML feeds join the TOML's; the TOML wins; errors name the file") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("newsd_cfg_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const char* name, const std::string& text) {
    std::ofstream(dir / name) << text;
  };
  write("newsd.toml",
        "feeds_file = \"feeds.opml\"\n[schedule]\nadaptive = false\n"
        "[[feeds]]\nurl = \"https://a.example/rss\"\nname = \"A (toml)\"\n");
  // Not written yet: an empty list.
  auto c = LoadConfig((dir / "newsd.toml").string());
  REQUIRE(c.ok());
  CHECK(c->feeds_file == (dir / "feeds.opml").string());
  CHECK(c->feeds.size() == 1);
  CHECK_FALSE(c->schedule.adaptive);

  write("feeds.opml",
        "<opml version='2.0'><body><outline text='World'>"
        "<outline text='A (opml)' xmlUrl='https://a.example/rss'/>"
        "<outline text='B' xmlUrl='https://b.example/atom'/></outline></body></opml>");
  c = LoadConfig((dir / "newsd.toml").string());
  REQUIRE(c.ok());
  REQUIRE(c->feeds.size() == 2);
  CHECK(c->feeds[0].name == "A (toml)");
  CHECK_FALSE(c->feeds[0].from_feeds_file);
  CHECK(c->feeds[1].url == "https://b.example/atom");
  CHECK(c->feeds[1].category == "World");
  CHECK(c->feeds[1].from_feeds_file);

  write("feeds.opml", "<opml><body><outline xmlUrl='gopher://c.example/'/></body></opml>");
  c = LoadConfig((dir / "newsd.toml").string());
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message().find("feeds.opml") != std::string::npos);
  CHECK(c.status().message().find("gopher://") != std::string::npos);
  write("feeds.opml", "this is not xml");
  CHECK_FALSE(LoadConfig((dir / "newsd.toml").string()).ok());
  fs::remove_all(dir);
}

TEST_CASE("fetch.ca_file must name a file when the config is loaded") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("newsd_ca_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "newsd.toml") << "[fetch]\nca_file = \"private-ca.pem\"\n";
  auto c = LoadConfig((dir / "newsd.toml").string());
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message().find("fetch.ca_file: no such file") != std::string::npos);
  CHECK(c.status().message().find("private-ca.pem") != std::string::npos);
  std::ofstream(dir / "private-ca.pem") << "-----BEGIN CERTIFICATE-----\n";
  c = LoadConfig((dir / "newsd.toml").string());
  REQUIRE(c.ok());
  CHECK(c->fetch.ca_file == (dir / "private-ca.pem").string());
  fs::remove_all(dir);
}

TEST_CASE("Config: [cluster] and the registry's feed settings") {
  auto c = ParseConfig("[kafka]\nbrokers = \"k1:9092\"\n[cluster]\ngroup = \"wire\"\n", "x.toml");
  REQUIRE(c.ok());
  CHECK(c->cluster.enabled);
  CHECK(c->cluster.role == ClusterRole::kAll);
  CHECK(c->cluster.group == "wire");
  CHECK_FALSE(c->cluster.instance_id.empty());  // the host name
  CHECK(c->cluster.registry_topic == "newsd.feeds");
  CHECK_FALSE(ParseConfig("[kafka]\nbrokers = \"k1:9092\"\n", "x.toml")->cluster.enabled);
  auto bad = [](const char* toml) {
    auto r = ParseConfig(toml, "x.toml");
    REQUIRE_FALSE(r.ok());
    return r.status().message();
  };
  CHECK(bad("[cluster]\n").find("needs real brokers") != std::string::npos);
  CHECK(ParseConfig("[kafka]\nbrokers = \"k:1\"\n[cluster]\nrole = \"process\"\n", "x.toml")
            ->cluster.role == ClusterRole::kProcess);
  CHECK(ParseConfig("[kafka]\nbrokers = \"k:1\"\n[cluster]\nrole = \"fetch\"\n", "x.toml")
            ->cluster.role == ClusterRole::kFetch);
  CHECK(bad("[kafka]\nbrokers = \"k:1\"\n[cluster]\nrole = \"sideways\"\n").find("must be") !=
        std::string::npos);
  CHECK(bad("[kafka]\nbrokers = \"k:1\"\n[cluster]\nitems_topic = \"newsd.feeds\"\n")
            .find("of its own") != std::string::npos);
  CHECK(bad("feeds_file = \"f.opml\"\n[kafka]\nbrokers = \"k:1\"\n[cluster]\n")
            .find("exclude each other") != std::string::npos);

  FeedConfig f;
  f.url = "https://news.example/rss";
  f.name = "News";
  f.interval = std::chrono::seconds(600);
  f.full_text = FullTextMode::kNever;
  f.category = "World";
  auto back = FeedFromSettings(f.url, FeedSettingsJson(f));
  REQUIRE(back.ok());
  CHECK(back->name == "News");
  CHECK(back->interval == std::chrono::seconds(600));
  CHECK(back->full_text == FullTextMode::kNever);
  CHECK(back->category == "World");
  // Fields a later version may add are ignored; what is not an object is refused.
  auto later = FeedFromSettings(f.url, "{\"name\":\"N\",\"priority\":3}");
  REQUIRE(later.ok());
  CHECK(later->full_text == FullTextMode::kAuto);
  CHECK_FALSE(FeedFromSettings(f.url, "[1,2]").ok());
  CHECK_FALSE(FeedFromSettings("gopher://x/", "{}").ok());
}

TEST_CASE("A config path that names a directory is an error, not an empty config") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("newsd_cfgdir_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto c = LoadConfig(dir.string());
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message().find("directory") != std::string::npos);
  fs::remove_all(dir);
}
