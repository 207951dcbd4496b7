#include "store/store.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "common/keys.h"
#include "common/time.h"
#include "tests/test_util.h"

using namespace newsd;

TEST_CASE("Store: a commit is atomic across families and survives reopening") {
  test::TempDir dir;
  StoreOptions o;
  o.path = dir.file("nested/dirs/db");  // parents are created
  {
    auto s = Store::Open(o);
    REQUIRE(s.ok());
    WriteSet ws;
    ws.Put(Family::kSeen, "u/a", "it-1");
    ws.Put(Family::kEvents, "ev-1", "{}");
    ws.Put(Family::kTimeline, std::string("kim\0x", 5), "");
    ws.outbox.push_back({"events", "ev-1", "{\"v\":1}"});
    ws.outbox.push_back({"stories", "st-1", "{\"s\":1}"});
    REQUIRE((*s)->Commit(ws).ok());
    CHECK((*s)->Get(Family::kSeen, "u/a") == "it-1");
    CHECK_FALSE((*s)->Get(Family::kSeen, "ev-1"));  // families are separate
    CHECK((*s)->OutboxDepth() == 2);
  }
  auto s = Store::Open(o);
  REQUIRE(s.ok());
  CHECK((*s)->Get(Family::kEvents, "ev-1") == "{}");
  CHECK((*s)->OutboxDepth() == 2);
  auto rows = (*s)->ReadOutbox(0, 10);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].seq < rows[1].seq);
  CHECK(rows[0].message.topic == "events");
  CHECK(rows[0].message.key == "ev-1");
  CHECK(rows[0].message.value == "{\"v\":1}");
  CHECK(rows[1].message.topic == "stories");

  // Sequence numbers keep growing after a reopen, even when the outbox emptied.
  REQUIRE((*s)->DeleteOutbox({rows[0].seq, rows[1].seq}).ok());
  CHECK((*s)->OutboxDepth() == 0);
  WriteSet more;
  more.outbox.push_back({"events", "ev-2", "x"});
  REQUIRE((*s)->Commit(more).ok());
  auto next = (*s)->ReadOutbox(0, 10);
  REQUIRE(next.size() == 1);
  CHECK(next[0].seq > rows[1].seq);
  CHECK((*s)->ReadOutbox(next[0].seq, 10).empty());
}

TEST_CASE("Store: grouped commits share one fsync; their rows are published after it") {
  test::TempDir dir;
  StoreOptions o{dir.file("db")};
  auto opened = Store::Open(o);
  REQUIRE(opened.ok());
  Store& s = **opened;
  auto commit = [&](const std::string& key, Store::CommitMode mode) {
    WriteSet ws;
    ws.Put(Family::kSeen, key, "it");
    ws.outbox.push_back({"events", key, "v"});
    REQUIRE(s.Commit(ws, mode).ok());
  };
  commit("a", Store::CommitMode::kDurable);
  CHECK(s.WalSyncs() == 1);
  for (const char* k : {"b", "c", "d"}) commit(k, Store::CommitMode::kGrouped);
  CHECK(s.WalSyncs() == 1);
  CHECK(s.Get(Family::kSeen, "d") == "it");  // read at once
  CHECK(s.OutboxDepth() == 4);
  auto rows = s.ReadOutbox(0, 10);
  REQUIRE(rows.size() == 1);  // the group is not durable yet: not published
  CHECK(rows[0].message.key == "a");
  REQUIRE(s.SyncWal().ok());
  CHECK(s.WalSyncs() == 2);
  CHECK(s.ReadOutbox(0, 10).size() == 4);
  REQUIRE(s.SyncWal().ok());  // nothing pending: no fsync
  CHECK(s.WalSyncs() == 2);
  // A durable commit syncs the log, and with it the group before it.
  commit("e", Store::CommitMode::kGrouped);
  commit("f", Store::CommitMode::kDurable);
  CHECK(s.WalSyncs() == 3);
  CHECK(s.ReadOutbox(0, 10).size() == 6);
  REQUIRE(s.SyncWal().ok());
  CHECK(s.WalSyncs() == 3);

  // With sync off nothing waits for an fsync.
  test::TempDir other;
  auto unsynced = Store::Open(StoreOptions{other.file("db"), 1u << 20, 1u << 20, false});
  REQUIRE(unsynced.ok());
  WriteSet ws;
  ws.outbox.push_back({"events", "x", "v"});
  REQUIRE((*unsynced)->Commit(ws, Store::CommitMode::kGrouped).ok());
  CHECK((*unsynced)->ReadOutbox(0, 10).size() == 1);
  CHECK((*unsynced)->WalSyncs() == 0);
}

TEST_CASE("Store: a grouped commit survives the process when nothing synced it") {
  // The log reaches the kernel on every commit: a crash of the process
  // (not of the machine) keeps the whole group. The child commits and dies
  // without closing the store or syncing.
  test::TempDir dir;
  const std::string path = dir.file("db");
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto opened = Store::Open(StoreOptions{path});
    if (!opened.ok()) _exit(3);
    for (int i = 0; i < 50; ++i) {
      WriteSet ws;
      ws.Put(Family::kSeen, "k" + std::to_string(i), "it");
      ws.outbox.push_back({"events", "k" + std::to_string(i), "v"});
      if (!(*opened)->Commit(ws, Store::CommitMode::kGrouped).ok()) _exit(4);
    }
    raise(SIGKILL);
    _exit(5);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  auto s = Store::Open(StoreOptions{path});
  REQUIRE(s.ok());
  CHECK((*s)->Get(Family::kSeen, "k49") == "it");
  CHECK((*s)->OutboxDepth() == 50);
  CHECK((*s)->ReadOutbox(0, 100).size() == 50);  // on disk after the restart: publishable
}

TEST_CASE("Store: a refused outbox row moves aside, survives reopening and comes back") {
  test::TempDir dir;
  StoreOptions o{dir.file("db")};
  uint64_t refused = 0;
  {
    auto s = Store::Open(o);
    REQUIRE(s.ok());
    WriteSet ws;
    ws.outbox.push_back({"events", "ev-1", "small"});
    ws.outbox.push_back({"events", "ev-2", std::string(5000, 'x')});
    ws.outbox.push_back({"stories", "st-1", "small"});
    REQUIRE((*s)->Commit(ws).ok());
    refused = (*s)->ReadOutbox(0, 10)[1].seq;
    REQUIRE((*s)->QuarantineOutbox(refused, "Broker: Message size too large\n(topic limit)").ok());
    CHECK((*s)->OutboxDepth() == 2);
    CHECK((*s)->QuarantineOutbox(refused, "again").code() == Status::Code::kNotFound);
  }
  auto s = Store::Open(o);
  REQUIRE(s.ok());
  CHECK((*s)->OutboxDepth() == 2);
  auto rows = (*s)->ReadOutbox(0, 10);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].message.key == "ev-1");
  CHECK(rows[1].message.key == "st-1");
  auto q = (*s)->ListQuarantine();
  REQUIRE(q.size() == 1);
  CHECK(q[0].seq == refused);
  CHECK(q[0].reason == "Broker: Message size too large (topic limit)");
  CHECK(q[0].message.key == "ev-2");
  CHECK(q[0].message.value.size() == 5000);
  CHECK(q[0].quarantined_ms > 0);
  CHECK((*s)->RetryQuarantine(refused + 100).status().code() == Status::Code::kNotFound);
  auto moved = (*s)->RetryQuarantine(0);
  REQUIRE(moved.ok());
  CHECK(*moved == 1);
  CHECK((*s)->ListQuarantine().empty());
  CHECK((*s)->OutboxDepth() == 3);
  auto after = (*s)->ReadOutbox(0, 10);
  REQUIRE(after.size() == 3);
  CHECK(after[2].message.key == "ev-2");  // at the end, under a new number
  CHECK(after[2].seq > rows[1].seq);
}

TEST_CASE("Store: prefix scans stop at the prefix and when told") {
  test::TempDir dir;
  auto s = Store::Open(StoreOptions{dir.file("db")});
  REQUIRE(s.ok());
  WriteSet ws;
  for (const char* k : {"b/1", "b/2", "b/3", "c/1"}) ws.Put(Family::kNearDup, k, "");
  REQUIRE((*s)->Commit(ws).ok());
  std::vector<std::string> seen;
  (*s)->ScanPrefix(Family::kNearDup, "b/", [&](std::string_view k, std::string_view) {
    seen.emplace_back(k);
    return true;
  });
  CHECK(seen == std::vector<std::string>{"b/1", "b/2", "b/3"});
  std::vector<std::string> bulk;  // the same keys, read around the block cache
  (*s)->ScanPrefixBulk(Family::kNearDup, "b/", [&](std::string_view k, std::string_view) {
    bulk.emplace_back(k);
    return true;
  });
  CHECK(bulk == seen);
  int n = 0;
  (*s)->ScanPrefix(Family::kNearDup, "b/",
                   [&](std::string_view, std::string_view) { return ++n < 2; });
  CHECK(n == 2);
}

TEST_CASE("Store: read-only beside a writer; clear errors for bad paths") {
  test::TempDir dir;
  StoreOptions o{dir.file("db")};
  auto w = Store::Open(o);
  REQUIRE(w.ok());
  WriteSet ws;
  ws.Put(Family::kEvents, "ev-1", "x");
  REQUIRE((*w)->Commit(ws).ok());
  REQUIRE((*w)->Flush().ok());
  StoreOptions ro = o;
  ro.read_only = true;
  auto r = Store::Open(ro);
  REQUIRE(r.ok());
  CHECK((*r)->Get(Family::kEvents, "ev-1") == "x");

  // A second writer is refused with a message naming the path.
  auto second = Store::Open(o);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().message().find(o.path) != std::string::npos);

  auto bad = Store::Open(StoreOptions{"/proc/newsd-cannot-be-here"});
  CHECK_FALSE(bad.ok());
  CHECK(Store::Open(StoreOptions{}).status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE("Outbox message encoding round-trips values with newlines") {
  OutboxMessage m{"events", "ev-1", "{\"a\":\"line1\\nline2\"}\nraw newline", 1717000000123};
  OutboxMessage out;
  REQUIRE(DecodeOutboxMessage(EncodeOutboxMessage(m), &out));
  CHECK(out.value == m.value);
  CHECK(out.key == "ev-1");
  CHECK(out.created_ms == 1717000000123);
  CHECK_FALSE(DecodeOutboxMessage("garbage", &out));
}

TEST_CASE("Store: MultiGet in one batch, Append concatenates (merge operator)") {
  test::TempDir dir;
  auto s = Store::Open(StoreOptions{dir.file("db")});
  REQUIRE(s.ok());
  WriteSet ws;
  ws.Put(Family::kSeen, "a", "1");
  ws.Put(Family::kSeen, "c", "3");
  ws.Append(Family::kNearDup, "bucket-key", "AAAAAAAA");
  ws.Append(Family::kNearDup, "bucket-key", "BBBBBBBB");
  REQUIRE((*s)->Commit(ws).ok());
  auto got = (*s)->MultiGet(Family::kSeen, {"a", "b", "c"});
  REQUIRE(got.size() == 3);
  CHECK(got[0] == "1");
  CHECK_FALSE(got[1]);
  CHECK(got[2] == "3");
  WriteSet more;
  more.Append(Family::kNearDup, "bucket-key", "CCCCCCCC");
  REQUIRE((*s)->Commit(more).ok());
  REQUIRE((*s)->Flush().ok());  // merged across memtable and SST
  CHECK((*s)->Get(Family::kNearDup, "bucket-key") == "AAAAAAAABBBBBBBBCCCCCCCC");
}

TEST_CASE("Store: entity-day lists older than the near-duplicate window expire at compaction") {
  test::TempDir dir;
  StoreOptions o{dir.file("db")};
  o.near_duplicate_window = std::chrono::hours(7 * 24);
  auto s = Store::Open(o);
  REQUIRE(s.ok());
  const uint32_t today = keys::DayNumber(SystemClock::Instance().Now());
  const std::string old_key = keys::EntityDay(today - 30, "olaf scholz");
  const std::string new_key = keys::EntityDay(today, "olaf scholz");
  WriteSet ws;
  ws.Append(Family::kNearDup, old_key, "st-0000000000000001\n");
  ws.Append(Family::kNearDup, new_key, "st-0000000000000002\n");
  ws.Append(Family::kNearDup, new_key, "st-0000000000000003\n");
  REQUIRE((*s)->Commit(ws).ok());
  REQUIRE((*s)->CompactAll().ok());
  CHECK_FALSE((*s)->Get(Family::kNearDup, old_key));
  CHECK((*s)->Get(Family::kNearDup, new_key) == "st-0000000000000002\nst-0000000000000003\n");
}

// The publisher deletes outbox rows on its own thread as soon as Kafka
// acknowledges them, which can be before the committing thread has returned
// from Commit. The depth must still come out exact: a depth that stays above
// zero makes `run --once` wait out its flush timeout and fail.
TEST_CASE("Store: the outbox depth stays exact while another thread drains it") {
  test::TempDir dir;
  StoreOptions o;
  o.path = dir.file("db");
  o.sync = false;
  auto s = Store::Open(o);
  REQUIRE(s.ok());
  Store& store = **s;
  constexpr int kCommits = 20000;
  std::atomic<bool> done{false};
  std::atomic<uint64_t> deleted{0};
  std::atomic<int> failures{0};  // Catch2 assertions are not thread-safe
  std::thread drainer([&] {
    uint64_t cursor = 0;
    for (;;) {
      bool finished = done.load();
      auto rows = store.ReadOutbox(cursor, 64);
      std::vector<uint64_t> seqs;
      for (const auto& r : rows) seqs.push_back(r.seq);
      if (!seqs.empty()) {
        cursor = seqs.back();
        if (!store.DeleteOutbox(seqs).ok()) ++failures;
        deleted += seqs.size();
      } else if (finished) {
        break;
      }
    }
  });
  for (int i = 0; i < kCommits; ++i) {
    WriteSet ws;
    ws.outbox.push_back({"events", "ev-" + std::to_string(i), "{}"});
    if (!store.Commit(ws).ok()) ++failures;
  }
  done = true;
  drainer.join();
  CHECK(failures.load() == 0);
  CHECK(deleted.load() == kCommits);
  CHECK(store.ReadOutbox(0, 10).empty());
  CHECK(store.OutboxDepth() == 0);
}

// A read that fails (here: a data block whose checksum no longer matches)
// answers "missing", is logged and counted, so the engine can refuse to
// commit writes built on it.
TEST_CASE("Store: a corrupted block is a counted read error, not a crash") {
  test::TempDir dir;
  StoreOptions o;
  o.path = dir.file("db");
  std::mt19937_64 rng(7);
  {
    auto s = Store::Open(o);
    REQUIRE(s.ok());
    WriteSet ws;
    for (int i = 0; i < 200; ++i) {
      std::string value(200, '\0');
      for (char& c : value) c = static_cast<char>(rng());  // incompressible
      ws.Put(Family::kEvents, "ev-" + std::to_string(1000 + i), value);
      ws.outbox.push_back({"events", "ev-" + std::to_string(1000 + i), value});
    }
    REQUIRE((*s)->Commit(ws).ok());
    REQUIRE((*s)->Flush().ok());
  }
  // Overwrite the first data block of every table file with data in it
  // (the small ones are all metadata blocks: opening would fail).
  for (const auto& entry : std::filesystem::directory_iterator(o.path)) {
    if (entry.path().extension() != ".sst" || entry.file_size() < 16384) continue;
    std::fstream f(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(64);
    f.write(std::string(256, '\x5a').data(), 256);
  }
  auto s = Store::Open(o);
  REQUIRE(s.ok());
  CHECK((*s)->ReadErrors() == 1);  // counting the outbox at open
  CHECK((*s)->OutboxDepth() < 200);
  CHECK_FALSE((*s)->Get(Family::kEvents, "ev-1000"));
  CHECK((*s)->ReadErrors() == 2);
  auto got = (*s)->MultiGet(Family::kEvents, {"ev-1000", "ev-1001"});
  CHECK_FALSE(got[0]);
  CHECK((*s)->ReadErrors() == 4);
  size_t seen = 0;
  (*s)->ScanPrefix(Family::kEvents, "ev-", [&](std::string_view, std::string_view) {
    ++seen;
    return true;
  });
  CHECK((*s)->ReadErrors() == 5);
  CHECK_FALSE((*s)->Get(Family::kEvents, "ev-none"));  // missing: not an error
  CHECK((*s)->ReadErrors() == 5);
  CHECK((*s)->ReadOutbox(0, 10).empty());  // the rows are still there, unreadable
  CHECK((*s)->ReadErrors() == 6);
}
