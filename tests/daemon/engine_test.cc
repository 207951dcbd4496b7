// The engine with a fake fetcher and a fake clock: batching, stopping,
// what a failed parse leaves of a feed's validators, 410 and Retry-After.
// (The embedded broker and the store are real; the network is not.)
#include "daemon/engine.h"

#include <catch2/catch.hpp>
#include <map>
#include <mutex>
#include <thread>

#include "common/state.h"
#include "daemon/batch_preparer.h"
#include "daemon/item_preparer.h"
#include "pipeline/dictionaries.h"
#include "tests/test_util.h"

using namespace newsd;

namespace {

const Timestamp kStart = *ParseRfc3339("2024-06-01T12:00:00Z");

std::string Rss(const std::string& feed, int items) {
  std::string body = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>" + feed +
                     "</title><link>https://" + feed + ".example/</link>";
  for (int i = 0; i < items; ++i)
    body += "<item><title>Bulletin " + std::to_string(i) + " of " + feed +
            "</title><link>https://" + feed + ".example/" + std::to_string(i) +
            "</link><description>harbour council river " + feed + " " + std::to_string(i) +
            " bridge budget</description></item>";
  return body + "</channel></rss>";
}

// Answers from a table by URL; records every request and every batch.
class FakeFetcher final : public Fetcher {
 public:
  struct Answer {
    long status = 200;
    std::string body, etag;
    std::optional<std::chrono::seconds> retry_after;
    std::string type = "application/rss+xml";
  };
  std::vector<FetchResponse> FetchAll(const std::vector<FetchRequest>& requests,
                                      const std::function<bool()>&) override {
    std::lock_guard<std::mutex> lock(mu);
    batches.push_back(requests.size());
    std::vector<FetchResponse> out;
    for (const auto& r : requests) {
      requested.push_back(r);
      FetchResponse resp;
      resp.url = r.url;
      auto it = answers.find(r.url);
      const Answer a = it != answers.end() ? it->second : Answer{404, "", "", {}};
      if (!r.etag.empty() && r.etag == a.etag) {
        resp.http_status = 304;
      } else {
        resp.http_status = a.status;
        resp.body = a.body;
        resp.etag = a.etag;
        resp.content_type = a.type;
      }
      resp.retry_after = a.retry_after;
      out.push_back(std::move(resp));
    }
    return out;
  }
  size_t Requests(const std::string& url) const {
    std::lock_guard<std::mutex> lock(mu);
    size_t n = 0;
    for (const auto& r : requested) n += r.url == url;
    return n;
  }
  std::map<std::string, Answer> answers;
  std::vector<FetchRequest> requested;
  std::vector<size_t> batches;
  mutable std::mutex mu;
};

struct Rig {
  explicit Rig(const std::vector<std::string>& urls, const std::string& extra = "",
               bool sync = false, bool full_text = false, const std::string& feed_extra = "") {
    std::string toml = "data_dir = \"" NEWSD_TEST_DATA_DIR "\"\n" + extra + "[store]\npath = \"" +
                       dir.file("store") + "\"\nsync = " + (sync ? "true" : "false") +
                       "\n[kafka]\nbrokers = \"embedded\"\n[http]\nlisten = \"\"\n"
                       "[schedule]\nadaptive = false\njitter = 0.0\ndefault_interval = \"60s\"\n"
                       "min_interval = \"60s\"\n";
    for (size_t i = 0; i < urls.size(); ++i)
      toml += "[[feeds]]\nurl = \"" + urls[i] + "\"\nname = \"feed" + std::to_string(i) + "\"\n" +
              feed_extra;
    auto parsed = ParseConfig(toml, "test.toml");
    REQUIRE(parsed.ok());
    config = std::move(parsed).value();
    Start(full_text);
  }
  // A new engine on the same store and feeds (the fetchers' answers are lost).
  void Restart() {
    engine.reset();
    Start(articles != nullptr);
  }
  void Start(bool full_text) {
    auto f = std::make_unique<FakeFetcher>();
    fetcher = f.get();
    std::unique_ptr<FakeFetcher> a;
    if (full_text) {
      a = std::make_unique<FakeFetcher>();
      articles = a.get();
    }
    auto e = Engine::Create(config, &clock, std::move(f), std::move(a));
    REQUIRE(e.ok());
    engine = std::move(e).value();
  }
  test::TempDir dir;
  Config config;
  FakeClock clock{kStart};
  FakeFetcher* fetcher = nullptr;
  FakeFetcher* articles = nullptr;  // article pages, with full_text
  std::unique_ptr<Engine> engine;
};

std::string Url(int n, const std::string& host = "news") {
  return "https://" + host + ".example/feed" + std::to_string(n) + ".xml";
}

}  // namespace

TEST_CASE("Engine: more feeds than one batch are all polled, in batches") {
  std::vector<std::string> urls;
  for (int i = 0; i < 150; ++i) urls.push_back(Url(i, "host" + std::to_string(i % 7)));
  Rig rig(urls);
  for (const auto& u : urls) rig.fetcher->answers[u] = {200, Rss("f" + u.substr(8, 5), 2), "", {}};
  CHECK(rig.engine->PollDue(true) == 150);
  REQUIRE(rig.fetcher->batches.size() >= 2);  // more than one batch of at most 128
  size_t total = 0;
  for (size_t b : rig.fetcher->batches) {
    CHECK(b <= 128);
    total += b;
  }
  CHECK(total == 150);
  for (const auto& u : urls) CHECK(rig.fetcher->Requests(u) == 1);
  CHECK(rig.engine->counters().items_parsed.load() == 300);  // every response handled
}

TEST_CASE("Engine: a stop request ends the cycle between feeds; the rest wait for next time") {
  std::vector<std::string> urls;
  for (int i = 0; i < 10; ++i) urls.push_back(Url(i));
  Rig rig(urls);
  for (const auto& u : urls) rig.fetcher->answers[u] = {200, Rss("s" + u.substr(24, 2), 1), "", {}};
  int handled = 0;
  rig.engine->SetProgress([&] { ++handled; });
  rig.engine->SetStopCheck([&] { return handled >= 6; });
  rig.engine->PollDue(true);
  const uint64_t committed = rig.engine->counters().items_new.load();
  CHECK(committed >= 3);
  CHECK(committed < 10);  // stopped before the last feeds were handled
}

TEST_CASE("Engine: a body that does not parse leaves the feed's validators as they were") {
  Rig rig({Url(1)});
  rig.fetcher->answers[Url(1)] = {200, "<rss><channel><item>broken", "\"v2\"", {}};
  rig.engine->PollDue(true);
  CHECK(rig.engine->counters().parse_errors.load() == 1);
  // The next poll must not send the broken response's ETag back: a 304
  // would hide the feed's content for good.
  rig.fetcher->answers[Url(1)] = {200, Rss("fixed", 3), "\"v2\"", {}};
  rig.engine->PollDue(true);
  REQUIRE(rig.fetcher->requested.size() == 2);
  CHECK(rig.fetcher->requested[1].etag.empty());
  CHECK(rig.engine->counters().items_new.load() == 3);
  // Once parsed, the validator is kept and sent.
  rig.engine->PollDue(true);
  CHECK(rig.fetcher->requested[2].etag == "\"v2\"");
  CHECK(rig.engine->counters().polls_not_modified.load() == 1);
}

TEST_CASE("Engine: 410 disables a feed; Retry-After holds back its whole host, until it ends") {
  const std::string gone = Url(1, "gone"), limited = Url(2, "busy"), same = Url(3, "busy"),
                    other = Url(4, "calm");
  Rig rig({gone, limited, same, other});
  rig.fetcher->answers[gone] = {410, "", "", {}};
  rig.fetcher->answers[limited] = {429, "", "", std::chrono::seconds(3600)};
  rig.fetcher->answers[same] = {200, Rss("same", 1), "", {}};
  rig.fetcher->answers[other] = {200, Rss("other", 1), "", {}};
  rig.engine->PollDue(true);
  for (int round = 0; round < 3; ++round) {
    rig.clock.Advance(std::chrono::seconds(120));  // every feed due again (60 s interval)
    rig.engine->PollDue(false);
  }
  CHECK(rig.fetcher->Requests(gone) == 1);     // never again after 410
  CHECK(rig.fetcher->Requests(limited) == 1);  // an hour to wait
  CHECK(rig.fetcher->Requests(same) == 1);     // same host: waits with it
  CHECK(rig.fetcher->Requests(other) == 4);    // another host goes on
  rig.engine->PollDue(true);                   // --once style: 410 still skipped
  CHECK(rig.fetcher->Requests(gone) == 1);
  // When the hour is over the host's feeds are polled again, and a 200
  // from the limited feed ends its deferral for good.
  rig.fetcher->answers[limited] = {200, Rss("limited", 1), "", {}};
  rig.clock.Advance(std::chrono::seconds(3600));
  rig.engine->PollDue(false);
  CHECK(rig.fetcher->Requests(limited) == 2);
  CHECK(rig.fetcher->Requests(same) == 2);
  rig.clock.Advance(std::chrono::seconds(120));
  rig.engine->PollDue(false);
  CHECK(rig.fetcher->Requests(limited) == 3);
  CHECK(rig.fetcher->Requests(gone) == 1);
}

TEST_CASE("Engine: a reloaded feed list removes, adds, renames and re-times feeds in place") {
  const std::string kept = Url(1), removed = Url(2), added = Url(3);
  Rig rig({kept, removed});
  rig.fetcher->answers[kept] = {200, Rss("kept", 2), "\"k1\"", {}};
  rig.fetcher->answers[removed] = {200, Rss("removed", 1), "", {}};
  rig.fetcher->answers[added] = {200, Rss("added", 1), "", {}};
  rig.engine->PollDue(true);

  // Renamed, with a much longer interval than the 60 s it was polled at.
  FeedConfig renamed{kept, "Kept, renamed", std::chrono::hours(2), "", false};
  FeedConfig fresh{added, "Added", std::chrono::seconds(0), "", false};
  rig.engine->UpdateFeeds({renamed, fresh});
  rig.clock.Advance(std::chrono::seconds(1));
  rig.engine->PollDue(false);
  CHECK(rig.fetcher->Requests(added) == 1);  // a new feed is due at once
  CHECK(rig.fetcher->Requests(removed) == 1);
  // A longer interval applies from the poll already scheduled on.
  rig.clock.Advance(std::chrono::seconds(120));
  rig.engine->PollDue(false);
  CHECK(rig.fetcher->Requests(kept) == 2);
  rig.clock.Advance(std::chrono::seconds(600));
  rig.engine->PollDue(false);
  CHECK(rig.fetcher->Requests(kept) == 2);  // two hours now, not 60 s
  CHECK(rig.fetcher->Requests(removed) == 1);

  // Back to a short interval: the saved next poll (two hours away) is
  // brought forward; the feed's state survived the rename (its ETag is
  // sent, the answer is 304).
  const size_t added_polls = rig.fetcher->Requests(added);
  rig.engine->UpdateFeeds({FeedConfig{kept, "Kept", std::chrono::seconds(60), "", false}});
  rig.clock.Advance(std::chrono::seconds(61));
  rig.engine->PollDue(false);
  REQUIRE(rig.fetcher->Requests(kept) == 3);
  CHECK(rig.fetcher->requested.back().url == kept);
  CHECK(rig.fetcher->requested.back().etag == "\"k1\"");
  CHECK(rig.fetcher->Requests(added) == added_polls);  // removed by this reload
  CHECK(rig.fetcher->Requests(removed) == 1);
}

TEST_CASE("Engine: held feeds wait out the grace, whatever their adopted schedule says") {
  const std::string taken = Url(1), other = Url(2);
  Rig rig({taken, other});
  rig.fetcher->answers[taken] = {200, Rss("taken", 1), "", {}};
  rig.fetcher->answers[other] = {200, Rss("other", 1), "", {}};
  // Both are due now (new feeds); the taken-over one is held for 3 s.
  rig.engine->HoldPolls({taken, "https://not.polled.example/x.xml"}, std::chrono::seconds(3));
  rig.engine->PollDue(false);
  CHECK(rig.fetcher->Requests(other) == 1);
  CHECK(rig.fetcher->Requests(taken) == 0);
  rig.clock.Advance(std::chrono::milliseconds(2900));
  rig.engine->PollDue(false);
  CHECK(rig.fetcher->Requests(taken) == 0);
  rig.clock.Advance(std::chrono::milliseconds(200));
  rig.engine->PollDue(false);
  CHECK(rig.fetcher->Requests(taken) == 1);
  // A hold never brings a later poll forward: the next is 60 s on.
  rig.engine->HoldPolls({taken}, std::chrono::seconds(1));
  rig.clock.Advance(std::chrono::seconds(2));
  rig.engine->PollDue(false);
  CHECK(rig.fetcher->Requests(taken) == 1);
}

TEST_CASE("Engine: the items and feed states of a cycle share few fsyncs; all is published after") {
  std::vector<std::string> urls;
  for (int i = 0; i < 6; ++i) urls.push_back(Url(i));
  Rig rig(urls, "", /*sync=*/true);
  for (const auto& u : urls) rig.fetcher->answers[u] = {200, Rss("g" + u.substr(24, 2), 5), "", {}};
  const uint64_t before = rig.engine->store().WalSyncs();
  CHECK(rig.engine->PollDue(true) == 6);
  CHECK(rig.engine->counters().items_new.load() == 30);
  // 36 commits (30 items, 6 feed states): one fsync per response at most
  // (when handling one takes longer than the group window), one at the end.
  const uint64_t syncs = rig.engine->store().WalSyncs() - before;
  CHECK(syncs >= 1);
  CHECK(syncs <= 7);
  // The cycle ends synced: every row is publishable (the publisher is not
  // running in this rig, so nothing was deleted).
  Store& store = rig.engine->store();
  CHECK(store.OutboxDepth() >= 30);  // a story per item, and any events
  CHECK(store.ReadOutbox(0, 100000).size() == store.OutboxDepth());
}

TEST_CASE("Engine: a restart loads the stored items' signature sketches into memory") {
  std::vector<std::string> urls = {Url(0), Url(1)};
  Rig rig(urls);
  // Texts long enough to be indexed as near-duplicate candidates.
  auto body = [](const std::string& feed) {
    std::string rss = "<rss version=\"2.0\"><channel><title>" + feed + "</title>";
    for (int i = 0; i < 4; ++i)
      rss += "<item><title>Ferry timetable " + std::to_string(i) + "</title><link>https://" + feed +
             ".example/" + std::to_string(i) + "</link><description>The " + feed +
             " harbour board moved the morning crossing " + std::to_string(i * 7) +
             " minutes later after pilots asked for more daylight on the estuary bends in " +
             "winter</description></item>";
    return rss + "</channel></rss>";
  };
  rig.fetcher->answers[urls[0]] = {200, body("north"), "", {}};
  rig.fetcher->answers[urls[1]] = {200, body("south"), "", {}};
  auto gauge = [&rig] {
    const std::string text = rig.engine->metrics().RenderPrometheus();
    const std::string name = "\nnewsd_near_duplicate_recent_signatures ";
    const size_t at = text.find(name);
    return at == std::string::npos ? -1.0 : std::stod(text.substr(at + name.size()));
  };
  CHECK(rig.engine->PollDue(true) == 2);
  const double indexed = gauge();
  CHECK(indexed == 8);  // near-duplicates are indexed too
  rig.Restart();
  // Loaded on a thread of its own beside the first polls.
  for (int i = 0; i < 500 && gauge() < indexed; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(gauge() == indexed);
}

TEST_CASE("ItemPreparer: prepares the wanted items in order; stops when dropped half way") {
  auto gazetteer = LoadGazetteer(DictionaryPaths{NEWSD_TEST_DATA_DIR});
  REQUIRE(gazetteer.ok());
  Extractor extractor(gazetteer->get());
  Pipeline pipeline(PipelineOptions{}, &extractor);
  std::vector<Item> items;
  for (int i = 0; i < 40; ++i) {
    Item it;
    it.feed_url = "https://prep.example/rss";
    it.guid = "g" + std::to_string(i);
    it.title = "Harbour council " + std::to_string(i);
    it.content_text =
        "The harbour council of Valdora met the port union on Monday to discuss bridge "
        "repairs number " +
        std::to_string(i) + ".";
    items.push_back(it);
  }
  std::vector<bool> wanted(items.size());
  for (size_t i = 0; i < items.size(); ++i) wanted[i] = i % 3 != 0;
  {
    ItemPreparer preparer(pipeline, items, wanted, kStart);
    MemoryState state;
    for (size_t i = 0; i < items.size(); ++i) {
      std::optional<PreparedItem> p = preparer.Take(i);
      REQUIRE(p.has_value() == static_cast<bool>(wanted[i]));
      ItemResult expected = pipeline.Process(items[i], state, kStart);
      ItemResult got = p ? pipeline.Process(items[i], state, kStart, std::move(*p))
                         : pipeline.Process(items[i], state, kStart);
      CHECK(got.item_id == expected.item_id);
      CHECK(got.writes.ops.size() == expected.writes.ops.size());
      CHECK(got.events_created.size() == expected.events_created.size());
      state.Apply(got.writes);
    }
  }
  // Dropped after two items: the destructor returns (the thread stops).
  ItemPreparer partial(pipeline, items, std::vector<bool>(items.size(), true), kStart);
  CHECK(partial.Take(0).has_value());
  CHECK(partial.Take(1).has_value());
}

namespace {

// An RSS document of `n` items from an invented outlet, each about one
// meeting of its own.
std::string MeetingsFeed(const std::string& outlet, int n) {
  std::string body = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>" + outlet +
                     "</title><link>https://" + outlet + ".example/</link>";
  for (int i = 0; i < n; ++i) {
    const std::string k = std::to_string(i);
    body += "<item><title>Ferry board " + k + "</title><guid>" + outlet + "-" + k +
            "</guid><link>https://" + outlet + ".example/" + k +
            "</link><description>The ferry board of Orlavik met the dockworkers union on "
            "Tuesday about berth number " +
            k + " in the " + outlet + " harbour.</description></item>";
  }
  return body + "</channel></rss>";
}

}  // namespace

TEST_CASE("BatchPreparer: parses and prepares a batch's bodies across responses, in order") {
  auto gazetteer = LoadGazetteer(DictionaryPaths{NEWSD_TEST_DATA_DIR});
  REQUIRE(gazetteer.ok());
  Extractor extractor(gazetteer->get());
  Pipeline pipeline(PipelineOptions{}, &extractor);
  MemoryState state;
  // Five responses: three feeds of 12 items (more than kAhead), a body
  // that is not a feed, and a response with nothing to parse (a 304).
  std::vector<std::string> bytes = {MeetingsFeed("northpier", 12), MeetingsFeed("eastquay", 12),
                                    "<html>not a feed", "", MeetingsFeed("westdock", 12)};
  auto context = [&](size_t j) {
    return ParseContext{"https://feed" + std::to_string(j) + ".example/rss",
                        "feed" + std::to_string(j), "application/rss+xml", kStart, 0};
  };
  std::vector<BatchPreparer::Body> bodies(bytes.size());
  for (size_t j = 0; j < bytes.size(); ++j)
    if (j != 3) {
      bodies[j].bytes = &bytes[j];
      bodies[j].context = context(j);
      bodies[j].feed_url = "https://feed" + std::to_string(j) + ".example/rss";
    }
  {
    BatchPreparer preparer(pipeline, state, bodies, kStart);
    for (size_t j = 0; j < bytes.size(); ++j) {
      if (j == 3) {
        CHECK(preparer.TakeParsed(j, bytes[j], context(j)) == nullptr);
        preparer.Done(j);
        continue;
      }
      Result<ParsedFeed>* parsed = preparer.TakeParsed(j, bytes[j], context(j));
      REQUIRE(parsed != nullptr);
      if (j == 2) {
        CHECK_FALSE(parsed->ok());  // the parse error, as the caller would have had it
        preparer.Done(j);
        continue;
      }
      REQUIRE(parsed->ok());
      REQUIRE((*parsed)->items.size() == 12);
      for (size_t i = 0; i < 12; ++i) {
        const Item& item = (*parsed)->items[i];
        CHECK(item.feed_url == bodies[j].feed_url);
        std::optional<PreparedItem> p = preparer.TakeItem(j, i);
        REQUIRE(p.has_value());
        // The same result as processing the item without preparation.
        MemoryState copy = state;
        ItemResult expected = pipeline.Process(item, copy, kStart);
        ItemResult got = pipeline.Process(item, state, kStart, std::move(*p));
        CHECK(got.item_id == expected.item_id);
        CHECK(got.writes.ops.size() == expected.writes.ops.size());
        CHECK(got.events_created.size() == expected.events_created.size());
        state.Apply(got.writes);
      }
      preparer.Release(j);
      preparer.Done(j);
    }
  }
  // The same bodies again: every item is stored, so none is prepared; a
  // context other than the one parsed with is not taken (the caller parses).
  {
    BatchPreparer again(pipeline, state, bodies, kStart);
    Result<ParsedFeed>* parsed = again.TakeParsed(0, bytes[0], context(0));
    REQUIRE(parsed != nullptr);
    REQUIRE(parsed->ok());
    for (size_t i = 0; i < (*parsed)->items.size(); ++i) CHECK_FALSE(again.TakeItem(0, i));
    again.Done(0);
    ParseContext other = context(1);
    other.fetch_time = kStart + std::chrono::seconds(1);
    CHECK(again.TakeParsed(1, bytes[1], other) == nullptr);
    again.Done(1);
    // Nor is a body other than the one parsed (a copy of the same bytes).
    const std::string copy = bytes[4];
    CHECK(again.TakeParsed(4, copy, context(4)) == nullptr);
    again.Done(4);
  }
  // Dropped half way through a response: the destructor returns.
  MemoryState empty;
  BatchPreparer partial(pipeline, empty, bodies, kStart);
  REQUIRE(partial.TakeParsed(0, bytes[0], context(0)) != nullptr);
  CHECK(partial.TakeItem(0, 0).has_value());
  CHECK(partial.TakeItem(0, 1).has_value());
}

namespace {

// A feed of teasers: four items linking to article pages; the last one
// carries enough text of its own.
std::string TeaserFeed() {
  std::string body =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Teasers</title>"
      "<link>https://teasers.example/</link>";
  for (int i = 0; i < 4; ++i) {
    std::string text = "Leaders gather in the north.";
    if (i == 3)
      for (int w = 0; w < 90; ++w) text += " word";
    body += "<item><title>Story " + std::to_string(i) + "</title><guid>g" + std::to_string(i) +
            "</guid><link>https://teasers.example/a" + std::to_string(i) + "</link><description>" +
            text + "</description></item>";
  }
  return body + "</channel></rss>";
}

const char* kArticlePage = R"(<html><head>
  <link rel="canonical" href="https://teasers.example/news/leaders-meet">
  <meta property="article:published_time" content="2024-06-01T08:00:00Z"></head>
  <body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article>
  <p>The prime minister of Norway met the president of Finland in Oslo on Tuesday to discuss
    fishing quotas in the Barents Sea.</p>
  <p>Both sides described the talks as constructive, and officials will meet again in June.</p>
  </article></body></html>)";

uint64_t FullTextCount(Engine& e, const char* result) {
  return e.metrics()
      .GetCounter("newsd_fulltext_fetches_total",
                  "Article pages fetched for items with short text, by result.",
                  {{"result", result}})
      .value();
}

}  // namespace

TEST_CASE(
    "Engine: full text: new items with short text get their article; failures keep the "
    "teaser; repeats fetch nothing") {
  Rig rig({Url(0)}, "", false, /*full_text=*/true);
  rig.fetcher->answers[Url(0)] = {200, TeaserFeed(), "", {}};
  rig.articles->answers["https://teasers.example/a0"] = {200, kArticlePage, "", {}, "text/html"};
  rig.articles->answers["https://teasers.example/a1"] = {403, "Forbidden", "", {}, "text/html"};
  rig.articles->answers["https://teasers.example/a2"] = {
      200, "%PDF-1.4", "", {}, "application/pdf"};
  CHECK(rig.engine->PollDue(true) == 1);
  CHECK(rig.articles->Requests("https://teasers.example/a0") == 1);
  CHECK(rig.articles->Requests("https://teasers.example/a1") == 1);
  CHECK(rig.articles->Requests("https://teasers.example/a2") == 1);
  CHECK(rig.articles->Requests("https://teasers.example/a3") == 0);  // long enough already
  CHECK(rig.articles->batches == std::vector<size_t>{3});            // one batch per response
  CHECK(FullTextCount(*rig.engine, "ok") == 1);
  CHECK(FullTextCount(*rig.engine, "http_error") == 1);
  CHECK(FullTextCount(*rig.engine, "not_html") == 1);
  CHECK(rig.engine->counters().items_new.load() == 4);  // every item committed
  // The meeting is only in the article: the teasers say nothing an event
  // is made of.
  CHECK(rig.engine->counters().events_created.load() >= 1);

  // The same feed again: every item is a repeat, nothing is fetched.
  rig.clock.Advance(std::chrono::minutes(5));
  CHECK(rig.engine->PollDue(true) == 1);
  CHECK(rig.articles->batches.size() == 1);
  CHECK(rig.engine->counters().items_exact_duplicate.load() == 4);
}

TEST_CASE("Engine: full text: per feed never and always; the per-response limit") {
  SECTION("never") {
    Rig rig({Url(0)}, "", false, true, "full_text = \"never\"\n");
    rig.fetcher->answers[Url(0)] = {200, TeaserFeed(), "", {}};
    rig.engine->PollDue(true);
    CHECK(rig.articles->requested.empty());
    CHECK(rig.engine->counters().events_created.load() == 0);
  }
  SECTION("always") {
    Rig rig({Url(0)}, "", false, true, "full_text = \"always\"\n");
    rig.fetcher->answers[Url(0)] = {200, TeaserFeed(), "", {}};
    rig.engine->PollDue(true);
    CHECK(rig.articles->requested.size() == 4);
  }
  SECTION("limit") {
    Rig rig({Url(0)}, "[fetch]\nfull_text_max_items = 2\n", false, true);
    rig.fetcher->answers[Url(0)] = {200, TeaserFeed(), "", {}};
    rig.engine->PollDue(true);
    CHECK(rig.articles->requested.size() == 2);
    CHECK(rig.engine->metrics()
              .GetCounter("newsd_fulltext_skipped_total",
                          "Items left with their teaser by [fetch] full_text_max_items.")
              .value() == 1);
  }
}

TEST_CASE("FullTextFetcher: the page's canonical URL and date fill what the feed lacks") {
  FakeFetcher pages;
  pages.answers["https://teasers.example/a0"] = {200, kArticlePage, "", {}, "text/html"};
  MetricsRegistry metrics;
  FullTextFetcher full_text(FullTextOptions{}, &pages, &metrics);
  std::vector<Item> items(2);
  items[0].link = "https://teasers.example/a0";
  items[0].summary_text = "Leaders gather.";
  items[0].published = kStart;
  items[0].date_is_fetch_time = true;
  items[1].link = "ftp://teasers.example/a1";  // not a web page: never fetched
  FullTextOutcome o =
      full_text.Fill(FullTextMode::kAuto, items, [](const Item&) { return false; }, {});
  CHECK(o.wanted == 1);
  CHECK(o.fetched == 1);
  CHECK(items[0].article_text.starts_with("The prime minister of Norway met"));
  CHECK(items[0].summary_text == "Leaders gather.");  // the teaser stays
  CHECK(items[0].BodyText() == items[0].article_text);
  CHECK(items[0].FeedText() == "Leaders gather.");
  CHECK(items[0].article_url == "https://teasers.example/news/leaders-meet");
  CHECK(FormatRfc3339(*items[0].published) == "2024-06-01T08:00:00Z");
  CHECK_FALSE(items[0].date_is_fetch_time);
  CHECK(items[1].article_text.empty());
  // Known items are not fetched.
  items[0].article_text.clear();
  o = full_text.Fill(FullTextMode::kAlways, items, [](const Item&) { return true; }, {});
  CHECK(o.wanted == 0);
  CHECK(pages.requested.size() == 1);
}
