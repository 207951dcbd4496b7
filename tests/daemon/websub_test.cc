// The WebSub subscriber against a scripted hub: what it asks, what it
// verifies, what pushed content it accepts, when it renews and gives up.
// (The end-to-end test runs a real hub on loopback: tests/e2e/e2e_websub.py.)
#include "daemon/websub.h"

#include <catch2/catch.hpp>

#include "daemon/api.h"

using namespace newsd;

namespace {

const Timestamp kStart = *ParseRfc3339("2026-03-01T12:00:00Z");

// Records the requests; answers every one with `status`.
class HubFetcher final : public Fetcher {
 public:
  std::vector<FetchResponse> FetchAll(const std::vector<FetchRequest>& requests,
                                      const std::function<bool()>&) override {
    std::vector<FetchResponse> out;
    for (const auto& r : requests) {
      sent.push_back(r);
      FetchResponse resp;
      resp.url = r.url;
      resp.http_status = status;
      out.push_back(resp);
    }
    return out;
  }
  std::map<std::string, std::string> Form(size_t i) const {
    auto f = ParseQuery(sent.at(i).form);
    REQUIRE(f.ok());
    return *f;
  }
  long status = 202;
  std::vector<FetchRequest> sent;
};

HttpRequest Get(const std::string& path, const std::string& query) {
  HttpRequest r;
  r.method = "GET";
  r.path = path;
  r.query = query;
  return r;
}

HttpRequest Post(const std::string& path, const std::string& body, const std::string& signature) {
  HttpRequest r;
  r.method = "POST";
  r.path = path;
  r.body = body;
  r.head = "POST " + path + " HTTP/1.1\r\nContent-Type: application/rss+xml\r\n";
  if (!signature.empty()) r.head += "X-Hub-Signature: " + signature + "\r\n";
  return r;
}

struct Rig {
  Rig()
      : websub(WebSubOptions{"http://newsd.example:9180/", std::chrono::seconds(3600), 2}, &hub,
               &metrics, &clock) {}
  HubFetcher hub;
  MetricsRegistry metrics;
  FakeClock clock{kStart};
  WebSub websub;

  uint64_t Pushes(const char* result) {
    return metrics
        .GetCounter("newsd_websub_pushes_total", "Content pushed by hubs, by result.",
                    {{"result", result}})
        .value();
  }
  // Subscribes and answers the hub's verification: the callback path and
  // the secret the subscriber chose.
  std::pair<std::string, std::string> Subscribe(const std::string& lease = "600") {
    websub.Discovered("https://feeds.example/world.xml", "https://hub.example/",
                      "https://feeds.example/world.xml");
    websub.Tick();
    auto form = hub.Form(hub.sent.size() - 1);
    std::string callback = form["hub.callback"];
    std::string path = callback.substr(callback.find("/websub/"));
    HttpResponse r;
    REQUIRE(websub.Handle(Get(path,
                              "hub.mode=subscribe&hub.topic=https%3A%2F%2Ffeeds.example%2F"
                              "world.xml&hub.challenge=c4ll&hub.lease_seconds=" +
                                  lease),
                          &r));
    CHECK(r.status == 200);
    CHECK(r.body == "c4ll");
    return {path, form["hub.secret"]};
  }
};

}  // namespace

TEST_CASE("WebSub: Link headers, signatures, form encoding") {
  HubLinks l = ParseLinkHeader(
      "<https://hub.example/>; rel=\"hub\", </feeds/world.xml>; rel=\"self\"; type=x",
      "https://feeds.example/a/b");
  CHECK(l.hub == "https://hub.example/");
  CHECK(l.self == "https://feeds.example/feeds/world.xml");
  CHECK(ParseLinkHeader("<https://h/>; rel=\"alternate hub\"", "https://x/").hub == "https://h/");
  CHECK(ParseLinkHeader("<https://h/>; rel=alternate", "https://x/").hub.empty());

  // RFC 4231 test case 2 (HMAC-SHA-256).
  CHECK(HubSignature("Jefe", "what do ya want for nothing?") ==
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(
      VerifyHubSignature("sha256=5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843",
                         "Jefe", "what do ya want for nothing?"));
  // RFC 2202 test case 2 (HMAC-SHA-1).
  CHECK(VerifyHubSignature("sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", "Jefe",
                           "what do ya want for nothing?"));
  CHECK_FALSE(VerifyHubSignature("sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", "Jefe",
                                 "what do ya want for nothing!"));
  CHECK_FALSE(VerifyHubSignature("md5=750c783e6ab0b503eaa86e310a5db738", "Jefe", "x"));
  CHECK_FALSE(VerifyHubSignature("", "Jefe", "x"));
  CHECK_FALSE(VerifyHubSignature("sha256=", "Jefe", "x"));

  CHECK(FormEncode({{"hub.mode", "subscribe"}, {"hub.topic", "https://a.example/x?y=1&z= 2"}}) ==
        "hub.mode=subscribe&hub.topic=https%3A%2F%2Fa.example%2Fx%3Fy%3D1%26z%3D%202");
}

TEST_CASE("WebSub: subscribe, verify only what was asked, accept only signed content") {
  Rig rig;
  auto [path, secret] = rig.Subscribe();
  REQUIRE(rig.hub.sent.size() == 1);
  auto form = rig.hub.Form(0);
  CHECK(rig.hub.sent[0].url == "https://hub.example/");
  CHECK(form["hub.mode"] == "subscribe");
  CHECK(form["hub.topic"] == "https://feeds.example/world.xml");
  CHECK(form["hub.callback"].starts_with("http://newsd.example:9180/websub/"));
  CHECK(form["hub.lease_seconds"] == "3600");
  CHECK(secret.size() >= 32);
  CHECK(rig.websub.Active("https://feeds.example/world.xml"));

  HttpResponse r;
  // A topic nobody asked for, a made-up subscription, an unsubscribe not asked for.
  CHECK(rig.websub.Handle(Get(path,
                              "hub.mode=subscribe&hub.topic=https%3A%2F%2Fother.example%2F"
                              "&hub.challenge=x"),
                          &r));
  CHECK(r.status == 404);
  CHECK(
      rig.websub.Handle(Get("/websub/0000000000000000", "hub.mode=subscribe&hub.challenge=x"), &r));
  CHECK(r.status == 404);
  CHECK(rig.websub.Handle(Get(path,
                              "hub.mode=unsubscribe&hub.topic=https%3A%2F%2Ffeeds.example%"
                              "2Fworld.xml&hub.challenge=x"),
                          &r));
  CHECK(r.status == 404);
  CHECK(rig.websub.Active("https://feeds.example/world.xml"));
  CHECK_FALSE(rig.websub.Handle(Get("/metrics", ""), &r));

  // Distribution: signed with the secret, queued; forged, acknowledged and dropped.
  const std::string body = "<rss version=\"2.0\"><channel><title>W</title></channel></rss>";
  CHECK(rig.websub.Handle(Post(path, body, HubSignature(secret, body)), &r));
  CHECK(r.status == 202);
  CHECK(rig.websub.Handle(Post(path, body, HubSignature("guess", body)), &r));
  CHECK(r.status == 202);
  CHECK(rig.websub.Handle(Post(path, body, ""), &r));
  CHECK(r.status == 202);
  CHECK(rig.websub.Handle(Post("/websub/0000000000000000", body, HubSignature(secret, body)), &r));
  CHECK(r.status == 404);
  auto pushed = rig.websub.TakePushed();
  REQUIRE(pushed.size() == 1);
  CHECK(pushed[0].feed_url == "https://feeds.example/world.xml");
  CHECK(pushed[0].body == body);
  CHECK(pushed[0].content_type == "application/rss+xml");
  CHECK(rig.Pushes("accepted") == 1);
  CHECK(rig.Pushes("bad_signature") == 2);
  CHECK(rig.Pushes("unknown_subscription") == 1);

  // A full queue (2 here) makes the hub deliver again later.
  for (int i = 0; i < 3; ++i) rig.websub.Handle(Post(path, body, HubSignature(secret, body)), &r);
  CHECK(r.status == 503);
  CHECK(rig.websub.TakePushed().size() == 2);
}

TEST_CASE("WebSub: renewal before the lease ends; expiry and denial return to polling") {
  Rig rig;
  auto [path, secret] = rig.Subscribe("600");
  rig.clock.Advance(std::chrono::seconds(400));  // 200 s left: more than a fifth
  rig.websub.Tick();
  CHECK(rig.hub.sent.size() == 1);
  rig.clock.Advance(std::chrono::seconds(100));  // 100 s left: renew, once
  rig.websub.Tick();
  rig.websub.Tick();
  REQUIRE(rig.hub.sent.size() == 2);
  CHECK(rig.hub.Form(1)["hub.mode"] == "subscribe");
  CHECK(rig.hub.Form(1)["hub.callback"].ends_with(path));
  CHECK(rig.websub.Active("https://feeds.example/world.xml"));
  // The hub never confirms the renewal: the lease runs out.
  rig.clock.Advance(std::chrono::seconds(101));
  CHECK_FALSE(rig.websub.Active("https://feeds.example/world.xml"));
  rig.websub.Tick();
  CHECK(rig.websub.TakeEnded() == std::vector<std::string>{"https://feeds.example/world.xml"});
  // Retried after a minute.
  rig.websub.Tick();
  CHECK(rig.hub.sent.size() == 2);
  rig.clock.Advance(std::chrono::seconds(61));
  rig.websub.Tick();
  CHECK(rig.hub.sent.size() == 3);

  // The hub denies: back to polling.
  HttpResponse r;
  CHECK(rig.websub.Handle(Get(path,
                              "hub.mode=denied&hub.topic=https%3A%2F%2Ffeeds.example%2F"
                              "world.xml&hub.reason=quota"),
                          &r));
  CHECK(r.status == 200);
  CHECK(rig.websub.TakeEnded().size() == 1);
  CHECK_FALSE(rig.websub.Active("https://feeds.example/world.xml"));
}

TEST_CASE("WebSub: a hub that is not a web URL gets no request") {
  Rig rig;
  rig.websub.Discovered("https://feeds.example/world.xml", "file:///etc/passwd",
                        "https://feeds.example/world.xml");
  rig.websub.Discovered("https://feeds.example/b.xml", "gopher://hub.example/",
                        "https://feeds.example/b.xml");
  rig.websub.Tick();
  CHECK(rig.hub.sent.empty());
}

TEST_CASE("WebSub: a hub that refuses; a removed feed is unsubscribed") {
  Rig rig;
  rig.hub.status = 500;
  rig.websub.Discovered("https://feeds.example/world.xml", "https://hub.example/",
                        "https://feeds.example/world.xml");
  rig.websub.Tick();
  CHECK(rig.websub.TakeEnded().size() == 1);
  CHECK(rig.metrics
            .GetCounter("newsd_websub_requests_total",
                        "Subscription requests sent to hubs, by result.", {{"result", "failed"}})
            .value() == 1);

  Rig ok;
  auto [path, secret] = ok.Subscribe();
  ok.websub.Retain({"https://feeds.example/other.xml"});
  ok.websub.Tick();
  REQUIRE(ok.hub.sent.size() == 2);
  CHECK(ok.hub.Form(1)["hub.mode"] == "unsubscribe");
  HttpResponse r;
  CHECK(ok.websub.Handle(Get(path,
                             "hub.mode=unsubscribe&hub.topic=https%3A%2F%2Ffeeds.example%2F"
                             "world.xml&hub.challenge=bye"),
                         &r));
  CHECK(r.status == 200);
  CHECK(r.body == "bye");
  // Gone: its pushes are unknown now.
  CHECK(ok.websub.Handle(Post(path, "x", HubSignature(secret, "x")), &r));
  CHECK(r.status == 404);
}
