// The items topic: the record codec, and a producer and a processor's
// reader against the embedded broker, resuming after the offset the
// caller's store holds; the processors' leadership and watermark.
#include "kafka/items_topic.h"

#include <catch2/catch.hpp>
#include <thread>

#include "kafka/embedded_broker.h"
#include "kafka/leadership.h"

using namespace newsd;

TEST_CASE("Items topic: a record carries every field of the item") {
  Item in;
  in.feed_url = "https://wire.example/rss";
  in.feed_name = "Wire";
  in.feed_title = "The Wire";
  in.guid = "urn:wire:1";
  in.link = "https://wire.example/a/1";
  in.title = "Harbour reopens";
  in.published = FromUnixMillis(1'700'000'000'000);
  in.date_is_fetch_time = true;
  in.authors = {"A. Writer"};
  in.categories = {"Ports", "Weather"};
  in.summary_text = "Short.";
  in.content_text = "Para one.\n\nPara two, \"quoted\" \xC3\xA9.";
  in.media = {{"https://wire.example/p.jpg", "image/jpeg", "image"}};
  in.article_text = "The whole article.";
  in.article_url = "https://wire.example/a/1?canonical";
  auto out = DecodeItemRecord(EncodeItemRecord(in));
  REQUIRE(out.ok());
  CHECK(out->feed_url == in.feed_url);
  CHECK(out->feed_name == in.feed_name);
  CHECK(out->feed_title == in.feed_title);
  CHECK(out->guid == in.guid);
  CHECK(out->link == in.link);
  CHECK(out->title == in.title);
  CHECK(out->published == in.published);
  CHECK_FALSE(out->updated);
  CHECK(out->date_is_fetch_time);
  CHECK(out->authors == in.authors);
  CHECK(out->categories == in.categories);
  CHECK(out->summary_text == in.summary_text);
  CHECK(out->content_text == in.content_text);
  REQUIRE(out->media.size() == 1);
  CHECK(out->media[0].url == in.media[0].url);
  CHECK(out->media[0].type == "image/jpeg");
  CHECK(out->media[0].medium == "image");
  CHECK(out->article_text == in.article_text);
  CHECK(out->article_url == in.article_url);

  CHECK(DecodeItemRecord("not json").status().code() == Status::Code::kParseError);
  CHECK(DecodeItemRecord("{\"title\":\"no feed\"}").status().code() == Status::Code::kParseError);
}

TEST_CASE("Items topic: published items are consumed in order, from the stored offset") {
  EmbeddedBrokerOptions bo;
  bo.topics = {"newsd.items"};
  bo.partitions = 2;
  auto broker = EmbeddedBroker::Start(bo);
  REQUIRE(broker.ok());
  ItemsTopicOptions to;
  to.brokers = (*broker)->bootstrap();
  auto producer = ItemsProducer::Create(to);
  REQUIRE(producer.ok());
  std::vector<Item> items(5);
  for (size_t i = 0; i < items.size(); ++i) {
    items[i].feed_url = "https://wire.example/rss";
    items[i].title = "Bulletin " + std::to_string(i);
  }
  REQUIRE((*producer)->Publish(items).ok());
  CHECK((*producer)->published() == 5);

  auto consume = [&](int64_t stored, const std::string& id) {
    ItemsConsumerOptions co;
    co.topic = to;
    co.client_id = id;
    auto c = ItemsConsumer::Open(co, [stored](int32_t) { return stored; });
    REQUIRE(c.ok());
    std::vector<std::string> titles;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline &&
           titles.size() < static_cast<size_t>(5 - std::max<int64_t>(0, stored))) {
      for (const ItemRecord& r : (*c)->Poll(100, std::chrono::milliseconds(100))) {
        auto item = DecodeItemRecord(r.value);
        REQUIRE(item.ok());
        CHECK(r.timestamp_ms > 0);
        titles.push_back(item->title);
      }
    }
    return titles;
  };
  // One dedup domain: one partition, in publishing order.
  CHECK(consume(-1, "a") == std::vector<std::string>{"Bulletin 0", "Bulletin 1", "Bulletin 2",
                                                     "Bulletin 3", "Bulletin 4"});
  CHECK(consume(3, "b") == std::vector<std::string>{"Bulletin 3", "Bulletin 4"});
}

TEST_CASE("Items topic: brokers that do not answer make Publish fail, not hang") {
  ItemsTopicOptions to;
  to.brokers = "127.0.0.1:1";
  to.timeout = std::chrono::milliseconds(1500);
  auto producer = ItemsProducer::Create(to);
  REQUIRE(producer.ok());
  Item item;
  item.feed_url = "https://wire.example/rss";
  Status s = (*producer)->Publish({item});
  CHECK(s.code() == Status::Code::kUnavailable);
}

TEST_CASE("Leadership: one of two processors leads; when it leaves, the other does") {
  EmbeddedBrokerOptions bo;
  bo.topics = {"newsd.leader"};
  bo.partitions = 1;
  auto broker = EmbeddedBroker::Start(bo);
  REQUIRE(broker.ok());
  auto member = [&](const std::string& id) {
    LeadershipOptions o;
    o.brokers = (*broker)->bootstrap();
    o.group_id = "test-process";
    o.instance_id = id;
    o.static_membership = false;
    o.session_timeout = std::chrono::milliseconds(3000);
    auto l = Leadership::Join(o);
    REQUIRE(l.ok());
    return std::move(l).value();
  };
  auto a = member("a");
  auto b = member("b");
  auto serve_until = [](std::vector<Leadership*> ls, auto done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      for (Leadership* l : ls) l->Serve();
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  };
  REQUIRE(serve_until({a.get(), b.get()}, [&] { return a->leader() || b->leader(); }));
  CHECK(a->leader() != b->leader());
  Leadership* leader = a->leader() ? a.get() : b.get();
  Leadership* standby = a->leader() ? b.get() : a.get();
  leader->PublishWatermark({{0, 42}, {2, 7}});
  REQUIRE(serve_until({a.get(), b.get()}, [&] { return standby->watermark().count(0) > 0; }));
  CHECK(standby->watermark() == Watermark{{0, 42}, {2, 7}});
  if (leader == a.get())
    a.reset();
  else
    b.reset();
  CHECK(serve_until({standby}, [&] { return standby->leader(); }));
  CHECK(DecodeWatermark(EncodeWatermark({{1, 5}, {3, 1000000}})) ==
        Watermark{{1, 5}, {3, 1000000}});
  CHECK(DecodeWatermark("garbage").empty());
}

TEST_CASE("Leadership: a leader topic with more than one partition is refused") {
  EmbeddedBrokerOptions bo;
  bo.topics = {"newsd.leader"};
  bo.partitions = 3;
  auto broker = EmbeddedBroker::Start(bo);
  REQUIRE(broker.ok());
  LeadershipOptions o;
  o.brokers = (*broker)->bootstrap();
  o.instance_id = "a";
  auto l = Leadership::Join(o);
  REQUIRE_FALSE(l.ok());
  CHECK(l.status().code() == Status::Code::kInvalidArgument);
}
