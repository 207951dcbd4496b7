#include "daemon/config.h"

#include <catch2/catch.hpp>

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
[schedule]
default_interval = "10m"
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
  CHECK(c->schedule.default_interval == std::chrono::minutes(10));
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
  CHECK(
      msg("[[feeds]]\nurl = \"http://a/\"\n[[feeds]]\nurl = \"http://a/\"").find("listed twice") !=
      std::string::npos);
  CHECK(msg("log_level = \"loud\"").find("log_level") != std::string::npos);
  CHECK(msg("[store\npath=1").find("x.toml:") == 0);  // TOML syntax error with position
  CHECK(msg("[pipeline]\nnear_duplicate_threshold = 7").find("out of range") != std::string::npos);
}
