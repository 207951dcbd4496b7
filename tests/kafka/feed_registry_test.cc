// The feeds registry against the embedded broker (librdkafka's mock
// cluster: the real protocol on loopback).
#include "kafka/feed_registry.h"

#include <catch2/catch.hpp>
#include <set>

#include "kafka/embedded_broker.h"

using namespace newsd;

TEST_CASE("Feed registry: records, the latest per feed, tombstones, hosts to partitions") {
  EmbeddedBrokerOptions bo;
  bo.topics = {"newsd.feeds"};
  bo.partitions = 4;
  auto broker = EmbeddedBroker::Start(bo);
  REQUIRE(broker.ok());
  FeedRegistryOptions o;
  o.brokers = (*broker)->bootstrap();

  auto empty = ReadFeedRegistry(o);
  REQUIRE(empty.ok());
  CHECK(empty->empty());

  REQUIRE(WriteFeedRegistry(o, {{"https://a.example/1.xml", "a.example", "{\"name\":\"A1\"}"},
                                {"https://a.example/2.xml", "a.example", "{\"name\":\"A2\"}"},
                                {"https://b.example/f", "b.example", "{\"name\":\"B\"}"}})
              .ok());
  REQUIRE(WriteFeedRegistry(o, {{"https://a.example/1.xml", "a.example", "{\"name\":\"A1b\"}"},
                                {"https://b.example/f", "b.example", std::nullopt}})
              .ok());
  auto now = ReadFeedRegistry(o);
  REQUIRE(now.ok());
  CHECK(*now ==
        std::map<std::string, std::string>{{"https://a.example/1.xml", "{\"name\":\"A1b\"}"},
                                           {"https://a.example/2.xml", "{\"name\":\"A2\"}"}});

  // One host, one partition; the choice is stable and spreads hosts.
  CHECK(RegistryPartition("a.example", 4) == RegistryPartition("a.example", 4));
  std::set<int> used;
  for (int h = 0; h < 40; ++h) used.insert(RegistryPartition("host" + std::to_string(h), 4));
  CHECK(used.size() == 4);
}

TEST_CASE("Feed registry: brokers that do not answer are an error, not an empty list") {
  FeedRegistryOptions o;
  o.brokers = "127.0.0.1:1";  // nothing listens
  o.timeout = std::chrono::milliseconds(1500);
  auto r = ReadFeedRegistry(o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kUnavailable);
  Status w = WriteFeedRegistry(o, {{"https://a.example/", "a.example", "{}"}});
  CHECK(w.code() == Status::Code::kUnavailable);
}
