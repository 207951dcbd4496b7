// The fetch group against the embedded broker (librdkafka's mock cluster:
// real consumer groups on loopback): members split the registry's
// partitions, a member's feeds and their states go to the others when it
// leaves, records written later reach the owner.
#include "kafka/fetch_group.h"

#include <catch2/catch.hpp>
#include <thread>

#include "kafka/embedded_broker.h"

using namespace newsd;

namespace {

using std::chrono::milliseconds;

// Serves the members until `done` holds (true) or 30 s pass (false),
// collecting what each one's Serve reported.
template <typename Pred>
bool ServeUntil(std::vector<FetchGroup*> members, std::vector<FetchGroupChanges>* seen, Pred done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    for (size_t i = 0; i < members.size(); ++i) {
      FetchGroupChanges c = members[i]->Serve();
      if (seen) {
        (*seen)[i].feeds_changed |= c.feeds_changed;
        (*seen)[i].assigned += c.assigned;
        (*seen)[i].revoked += c.revoked;
        (*seen)[i].states.merge(c.states);
      }
    }
    if (done()) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return false;
}

FetchGroupOptions Member(const std::string& bootstrap, const std::string& id) {
  FetchGroupOptions o;
  o.registry.brokers = bootstrap;
  o.group_id = "test-fetch";
  o.instance_id = id;
  o.session_timeout = milliseconds(3000);
  return o;
}

}  // namespace

TEST_CASE("Fetch group: members share the partitions; a leaver's feeds and states move") {
  EmbeddedBrokerOptions bo;
  bo.topics = {"newsd.feeds", "newsd.feed-state"};
  bo.partitions = 4;
  auto broker = EmbeddedBroker::Start(bo);
  REQUIRE(broker.ok());
  const std::string bs = (*broker)->bootstrap();
  FeedRegistryOptions ro;
  ro.brokers = bs;
  std::vector<RegistryRecord> records;
  for (int h = 0; h < 16; ++h) {
    std::string host = "host" + std::to_string(h) + ".example";
    records.push_back({"https://" + host + "/feed.xml", host, "{\"name\":\"" + host + "\"}"});
  }
  REQUIRE(WriteFeedRegistry(ro, records).ok());

  auto a = FetchGroup::Join(Member(bs, "a"));
  REQUIRE(a.ok());
  auto b = FetchGroup::Join(Member(bs, "b"));
  REQUIRE(b.ok());
  std::vector<FetchGroupChanges> seen(2);
  REQUIRE(ServeUntil({a->get(), b->get()}, &seen, [&] {
    return (*a)->Owned().size() + (*b)->Owned().size() == 4 && !(*a)->Owned().empty() &&
           !(*b)->Owned().empty();
  }));
  // Every feed has exactly one owner.
  auto fa = (*a)->Feeds(), fb = (*b)->Feeds();
  CHECK(fa.size() + fb.size() == 16);
  for (const auto& [url, settings] : fa) CHECK(fb.count(url) == 0);
  CHECK(seen[0].feeds_changed);
  CHECK(seen[1].feeds_changed);
  // Heartbeats every 500 ms at a 3 s session: a new owner waits two and a
  // second before polling a feed another member polled.
  CHECK((*a)->takeover_grace() == milliseconds(2000));

  // A's feeds' states, written while it owns them.
  for (const auto& [url, settings] : fa) {
    std::string host = url.substr(8, url.find('/', 8) - 8);
    (*a)->PublishState(url, host, "{\"url\":\"" + url + "\",\"etag\":\"v1\"}");
  }
  // A record added later reaches its owner.
  REQUIRE(
      WriteFeedRegistry(ro, {{"https://host0.example/second.xml", "host0.example", "{}"}}).ok());
  REQUIRE(ServeUntil({a->get(), b->get()}, nullptr, [&] {
    return (*a)->Feeds().count("https://host0.example/second.xml") +
               (*b)->Feeds().count("https://host0.example/second.xml") ==
           1;
  }));

  // A leaves: B owns everything after the session timeout, with A's states.
  const size_t a_feeds = (*a)->Feeds().size();
  a->reset();
  seen.assign(1, {});
  REQUIRE(ServeUntil({b->get()}, &seen, [&] { return (*b)->Owned().size() == 4; }));
  CHECK((*b)->Feeds().size() == 17);
  CHECK(seen[0].assigned >= 1);
  size_t carried = 0;
  for (const auto& [url, state] : seen[0].states)
    carried += state.find("\"etag\":\"v1\"") != std::string::npos;
  CHECK(carried == fa.size());
  CHECK(a_feeds >= fa.size());
}

TEST_CASE("Fetch group: a feed-state topic with other partitions than the registry is refused") {
  EmbeddedBrokerOptions bo;
  bo.topics = {"newsd.feeds"};
  bo.partitions = 5;  // the auto-created state topic gets the broker default
  auto broker = EmbeddedBroker::Start(bo);
  REQUIRE(broker.ok());
  FetchGroupOptions o = Member((*broker)->bootstrap(), "a");
  o.state_topic = "other.state";  // auto-created with the broker's default count
  auto g = FetchGroup::Join(o);
  REQUIRE_FALSE(g.ok());
  CHECK(g.status().code() == Status::Code::kInvalidArgument);
  CHECK(g.status().message().find("partitions") != std::string::npos);
}
