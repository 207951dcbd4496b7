// The real producer against the embedded broker (librdkafka's mock cluster,
// real Kafka protocol on 127.0.0.1), read back with a real consumer.
#include "kafka/producer.h"

#include <librdkafka/rdkafka.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "kafka/embedded_broker.h"
#include "kafka/publisher.h"
#include "store/store.h"
#include "tests/test_util.h"

using namespace newsd;
using namespace std::chrono_literals;

namespace {

// Reads every message of `topic` (all partitions) from the beginning.
std::vector<std::pair<std::string, std::string>> Consume(const std::string& brokers,
                                                         const std::string& topic, size_t want) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), err, sizeof err);
  static int n = 0;
  std::string group = "newsd-test-" + std::to_string(++n);
  rd_kafka_conf_set(conf, "group.id", group.c_str(), err, sizeof err);
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  REQUIRE(rk);
  rd_kafka_poll_set_consumer(rk);
  // Assign every partition from the start: no consumer group needed.
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(3);
  for (int p = 0; p < EmbeddedBrokerOptions{}.partitions; ++p)
    rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  std::vector<std::pair<std::string, std::string>> out;
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (out.size() < want && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 200);
    if (!m) continue;
    if (m->err && m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
      WARN("consume: " << rd_kafka_message_errstr(m));
    if (!m->err)
      out.emplace_back(std::string(static_cast<char*>(m->key), m->key_len),
                       std::string(static_cast<char*>(m->payload), m->len));
    rd_kafka_message_destroy(m);
  }
  rd_kafka_assign(rk, nullptr);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return out;
}

}  // namespace

TEST_CASE("Outbox rows reach a real Kafka protocol endpoint and leave the outbox") {
  auto broker = EmbeddedBroker::Start(EmbeddedBrokerOptions{});
  REQUIRE(broker.ok());
  CHECK((*broker)->bootstrap().rfind("127.0.0.1:", 0) == 0);

  test::TempDir dir;
  auto store = Store::Open(StoreOptions{dir.file("db")});
  REQUIRE(store.ok());
  WriteSet ws;
  for (int i = 0; i < 20; ++i)
    ws.outbox.push_back({"events", "ev-" + std::to_string(i), "{\"n\":" + std::to_string(i) + "}"});
  ws.outbox.push_back({"stories", "st-1", "{}"});
  REQUIRE((*store)->Commit(ws).ok());

  Publisher publisher(store->get(), PublisherOptions{});
  ProducerOptions po;
  po.brokers = (*broker)->bootstrap();
  auto producer = KafkaProducer::Create(po, publisher.Callback());
  REQUIRE(producer.ok());
  publisher.SetSink(producer->get());
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!publisher.Idle() && std::chrono::steady_clock::now() < deadline) publisher.Pump(50);
  CHECK(publisher.Idle());
  CHECK((*store)->OutboxDepth() == 0);

  auto events = Consume((*broker)->bootstrap(), "news.events", 20);
  REQUIRE(events.size() == 20);
  std::set<std::string> keys;
  for (auto& [k, v] : events) keys.insert(k);
  CHECK(keys.size() == 20);
  CHECK(Consume((*broker)->bootstrap(), "news.stories", 1).size() == 1);
}

TEST_CASE("With no broker reachable, delivery fails and every row stays") {
  test::TempDir dir;
  auto store = Store::Open(StoreOptions{dir.file("db")});
  REQUIRE(store.ok());
  WriteSet ws;
  ws.outbox.push_back({"events", "ev-1", "{}"});
  REQUIRE((*store)->Commit(ws).ok());
  Publisher publisher(store->get(), PublisherOptions{});
  ProducerOptions po;
  po.brokers = "127.0.0.1:1";  // nothing listens there
  po.message_timeout = 1500ms;
  auto producer = KafkaProducer::Create(po, publisher.Callback());
  REQUIRE(producer.ok());
  publisher.SetSink(producer->get());
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (publisher.stats().failed == 0 && std::chrono::steady_clock::now() < deadline)
    publisher.Pump(100);
  CHECK(publisher.stats().failed >= 1);
  CHECK((*store)->OutboxDepth() == 1);
}

TEST_CASE("A bad librdkafka property is a clear error") {
  ProducerOptions po;
  po.brokers = "127.0.0.1:9092";
  po.properties["no.such.property"] = "1";
  auto p = KafkaProducer::Create(po, nullptr);
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().message().find("no.such.property") != std::string::npos);
}
