#include "kafka/publisher.h"

#include <catch2/catch.hpp>
#include <map>

#include "common/hash.h"
#include "kafka/cloudevents.h"

using namespace newsd;

namespace {

// An in-memory outbox.
class FakeOutbox final : public Outbox {
 public:
  void Add(const std::string& topic, const std::string& key, const std::string& value) {
    rows_[++seq_] = {topic, key, value};
  }
  std::vector<OutboxRow> ReadOutbox(uint64_t after, size_t max) const override {
    std::vector<OutboxRow> out;
    for (auto it = rows_.upper_bound(after); it != rows_.end() && out.size() < max; ++it)
      out.push_back({it->first, it->second});
    return out;
  }
  Status DeleteOutbox(const std::vector<uint64_t>& seqs) override {
    if (disk_full) return Status::IOError("No space left on device");
    for (auto s : seqs) rows_.erase(s);
    return Status::Ok();
  }
  uint64_t OutboxDepth() const override { return rows_.size(); }
  Status QuarantineOutbox(uint64_t seq, const std::string& reason) override {
    auto it = rows_.find(seq);
    if (it == rows_.end()) return Status::NotFound("no row");
    quarantined[seq] = reason;
    rows_.erase(it);
    return Status::Ok();
  }
  bool disk_full = false;  // deletes fail, as on a full disk
  std::map<uint64_t, std::string> quarantined;

 private:
  std::map<uint64_t, OutboxMessage> rows_;
  uint64_t seq_ = 0;
};

}  // namespace

TEST_CASE("Publisher drains the outbox in order and deletes on delivery") {
  FakeOutbox outbox;
  outbox.Add("events", "ev-1", "a");
  outbox.Add("stories", "st-1", "b");
  outbox.Add("events", "ev-1", "c");
  PublisherOptions o;
  o.topic_events = "my.events";
  Publisher p(&outbox, o);
  MemorySink sink(p.Callback());
  p.SetSink(&sink);
  CHECK(p.Pump(0) == 3);
  CHECK(outbox.OutboxDepth() == 0);
  REQUIRE(sink.delivered.size() == 3);
  CHECK(sink.delivered[0].topic == "my.events");
  CHECK(sink.delivered[1].topic == "news.stories");
  CHECK(sink.delivered[2].value == "c");
  CHECK(p.Idle());
  CHECK(p.stats().delivered == 3);
}

TEST_CASE("A failed delivery keeps the row and it is produced again, in order") {
  FakeOutbox outbox;
  outbox.Add("events", "ev-1", "first");
  outbox.Add("events", "ev-2", "second");
  Publisher p(&outbox, PublisherOptions{});
  MemorySink sink(p.Callback());
  p.SetSink(&sink);
  sink.fail = true;
  p.Pump(0);
  CHECK(outbox.OutboxDepth() == 2);  // nothing lost
  CHECK(p.stats().failed == 2);
  CHECK_FALSE(p.Idle());
  sink.fail = false;
  p.Pump(0);  // rewinds to the first failed row
  p.Pump(0);
  CHECK(outbox.OutboxDepth() == 0);
  REQUIRE(sink.delivered.size() == 2);
  CHECK(sink.delivered[0].value == "first");
  CHECK(sink.delivered[1].value == "second");
}

namespace {
std::string Header(const MemorySink::Message& m, const std::string& name) {
  for (const auto& [k, v] : m.headers)
    if (k == name) return v;
  return "<absent>";
}
}  // namespace

TEST_CASE("Every message carries CloudEvents headers; a row produced again keeps its ce_id") {
  FakeOutbox outbox;
  outbox.Add("events", "ev-1", R"({"version":1})");
  outbox.Add("stories", "st-1", R"({"version":1})");
  outbox.Add("events", "ev-1", R"({"version":2})");
  PublisherOptions o;
  o.cloudevents_source = "urn:newsd:test-host";
  Publisher p(&outbox, o);
  MemorySink sink(p.Callback());
  p.SetSink(&sink);
  sink.fail = true;
  p.Pump(0);  // produced once, then failed: produced again below
  sink.fail = false;
  p.Pump(0);
  p.Pump(0);
  REQUIRE(sink.delivered.size() == 3);
  const auto& ev = sink.delivered[0];
  CHECK(Header(ev, "ce_specversion") == "1.0");
  CHECK(Header(ev, "ce_type") == "org.newsd.event.v1");
  CHECK(Header(ev, "ce_subject") == "ev-1");
  CHECK(Header(ev, "ce_source") == "urn:newsd:test-host");
  CHECK(Header(ev, "ce_dataschema") == "urn:newsd:schema:newsd.event/1");
  CHECK(Header(ev, "content-type") == "application/json");
  CHECK(Header(ev, "ce_time").size() == 20);
  CHECK(Header(sink.delivered[1], "ce_type") == "org.newsd.story.v1");
  // Two versions of one event: two ids; the same row again: the same id.
  CHECK(Header(sink.delivered[0], "ce_id") != Header(sink.delivered[2], "ce_id"));
  CHECK(Header(ev, "ce_id") == "ev-1/" + Hex64(Hash64(R"({"version":1})")));
}

TEST_CASE("Rows committed while publishing are picked up by the next pump") {
  FakeOutbox outbox;
  Publisher p(&outbox, PublisherOptions{});
  MemorySink sink(p.Callback());
  p.SetSink(&sink);
  CHECK(p.Pump(0) == 0);
  outbox.Add("events", "ev-9", "late");
  CHECK(p.Pump(0) == 1);
  CHECK(sink.delivered.size() == 1);
}

TEST_CASE("Delivered rows whose delete failed are deleted once the store takes writes") {
  FakeOutbox outbox;
  outbox.Add("events", "ev-1", "a");
  outbox.Add("events", "ev-2", "b");
  Publisher p(&outbox, PublisherOptions{});
  MemorySink sink(p.Callback());
  p.SetSink(&sink);
  outbox.disk_full = true;
  p.Pump(0);
  CHECK(sink.delivered.size() == 2);
  CHECK(outbox.OutboxDepth() == 2);  // delivered, not yet deleted
  CHECK_FALSE(p.Idle());
  p.Pump(0);  // still full: nothing produced twice, nothing deleted
  CHECK(sink.delivered.size() == 2);
  CHECK(outbox.OutboxDepth() == 2);
  outbox.disk_full = false;
  p.Pump(0);
  CHECK(outbox.OutboxDepth() == 0);
  CHECK(sink.delivered.size() == 2);
  CHECK(p.Idle());
}

TEST_CASE("A message Kafka refuses for good is moved aside and the rows behind it flow") {
  FakeOutbox outbox;
  outbox.Add("events", "ev-1", "first");
  outbox.Add("events", "ev-huge", "too large for the topic");
  outbox.Add("events", "ev-3", "third");
  MetricsRegistry metrics;
  Publisher p(&outbox, PublisherOptions{}, &metrics);
  MemorySink sink(p.Callback());
  sink.reject_key = "ev-huge";
  p.SetSink(&sink);
  for (int k = 0; k < 5 && !p.Idle(); ++k) p.Pump(0);
  CHECK(p.Idle());
  REQUIRE(sink.delivered.size() == 2);
  CHECK(sink.delivered[0].key == "ev-1");
  CHECK(sink.delivered[1].key == "ev-3");
  REQUIRE(outbox.quarantined.size() == 1);
  CHECK(outbox.quarantined.begin()->first == 2);
  CHECK(outbox.quarantined.begin()->second.find("injected rejection") != std::string::npos);
  CHECK(p.stats().quarantined == 1);
  CHECK(metrics.RenderPrometheus().find("newsd_kafka_quarantined_total 1") != std::string::npos);
}

TEST_CASE("A transient failure is retried, never moved aside") {
  FakeOutbox outbox;
  outbox.Add("events", "ev-1", "first");
  Publisher p(&outbox, PublisherOptions{});
  MemorySink sink(p.Callback());
  p.SetSink(&sink);
  sink.fail = true;
  p.Pump(0);
  p.Pump(0);
  CHECK(outbox.quarantined.empty());
  CHECK(outbox.OutboxDepth() == 1);
  sink.fail = false;
  for (int k = 0; k < 3 && !p.Idle(); ++k) p.Pump(0);
  CHECK(sink.delivered.size() == 1);
  CHECK(outbox.quarantined.empty());
}

TEST_CASE("Rows are rendered on the publisher's thread; an unreadable row is moved aside") {
  FakeOutbox outbox;
  outbox.Add("events", "ev-1", "rec:alpha");
  outbox.Add("events", "ev-2", "garbled");
  outbox.Add("stories", "st-1", "{\"id\":\"st-1\"}");
  PublisherOptions o;
  o.render = [](const OutboxMessage& m) -> Result<std::string> {
    if (m.topic != "events") return m.value;
    if (!m.value.starts_with("rec:")) return Status::ParseError("not a record");
    return "{\"name\":\"" + m.value.substr(4) + "\"}";
  };
  Publisher p(&outbox, o);
  MemorySink sink(p.Callback());
  p.SetSink(&sink);
  CHECK(p.Pump(0) == 2);
  REQUIRE(sink.delivered.size() == 2);
  CHECK(sink.delivered[0].value == "{\"name\":\"alpha\"}");
  // ce_id names the value consumers receive, not the stored one.
  CHECK(sink.delivered[0].headers ==
        CloudEventHeaders({"events", "ev-1", "{\"name\":\"alpha\"}", 0}, o.cloudevents_source));
  CHECK(sink.delivered[1].value == "{\"id\":\"st-1\"}");
  REQUIRE(outbox.quarantined.count(2));
  CHECK(outbox.quarantined[2].find("not a record") != std::string::npos);
  CHECK(outbox.OutboxDepth() == 0);
  CHECK(p.stats().quarantined == 1);
}
