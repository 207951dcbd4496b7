// The RocksDB store: one column family per Family (common/state.h), so each
// kind of data can be compacted, sized and expired on its own. Key layouts
// are in common/keys.h and docs/storage.md.
//
// Commit() applies a WriteSet as one WriteBatch, outbox rows included: that
// batch is an item's commit point. A crash before it leaves nothing of the
// item; after it, everything, and the outbox still holds what Kafka has not
// acknowledged. With group commit (CommitMode::kGrouped) a power cut may
// take the last group whole, never part of an item, and never a row that
// was already published.
//
// Thread-safe: one committer and any number of readers and outbox drainers.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/catalog.h"
#include "common/outbox.h"
#include "common/state.h"
#include "common/status.h"
#include "common/time.h"

namespace newsd {

struct StoreOptions {
  // Directory of the database; created when missing. Required.
  std::string path;
  // Block cache shared by all families. Default 40 MiB (docs/storage.md).
  size_t block_cache_bytes = 40u << 20;
  // Memtable memory of all column families together; the fullest is flushed
  // when it is reached. Bounds the daemon's memory under a burst of writes
  // (a cold start over thousands of feeds). Default 64 MiB.
  size_t memtable_bytes = 64u << 20;
  // fsync the write-ahead log: on every durable commit, once per group of
  // grouped ones (CommitMode). Default true: an event that was published
  // survives a power cut.
  bool sync = true;
  // Open read-only (for `newsd timeline` beside a running daemon). Default false.
  bool read_only = false;
  // Near-duplicate index entries older than this are dropped by compaction
  // (the index stays bounded however long newsd runs). 0 keeps them forever.
  // Default 7 days.
  std::chrono::hours near_duplicate_window{7 * 24};
  // Change-log rows (what each commit published, for the API's stream)
  // older than this are dropped by compaction. 0 keeps them. Default 7 days.
  std::chrono::hours change_log_window{7 * 24};
};

class Store final : public StateReader, public Outbox {
 public:
  // Errors: kIOError with RocksDB's message (locked by another process,
  // permission denied, corruption).
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);
  ~Store() override;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // StateReader
  std::optional<std::string> Get(Family f, std::string_view key) const override;
  std::vector<std::optional<std::string>> MultiGet(
      Family f, const std::vector<std::string>& keys) const override;
  void ScanPrefix(Family f, std::string_view prefix,
                  const std::function<bool(std::string_view, std::string_view)>& fn) const override;
  void ScanPrefixFrom(
      Family f, std::string_view prefix, std::string_view start,
      const std::function<bool(std::string_view, std::string_view)>& fn) const override;
  // Reads around the block cache.
  void ScanPrefixBulk(
      Family f, std::string_view prefix,
      const std::function<bool(std::string_view, std::string_view)>& fn) const override;

  // Reads that failed for another reason than a missing key (corruption, an
  // I/O error), since the store opened. Such a read answers "missing" and is
  // logged; a caller that must not act on a wrong answer compares this count
  // before and after its reads.
  uint64_t ReadErrors() const;

  // How a commit reaches the disk when StoreOptions::sync is on.
  enum class CommitMode {
    kDurable,  // fsyncs the write-ahead log before returning
    // Atomic and ordered like any commit, and seen by reads at once, but
    // durable only at the next SyncWal() or durable commit: one fsync then
    // covers the whole group. Its outbox rows stay unpublished until then,
    // so a power cut can lose the group (a suffix of the log, consistently)
    // but never a message Kafka already has. A process crash loses nothing:
    // the log is written to the kernel on every commit.
    kGrouped,
  };

  // Applies all ops and appends the outbox messages, atomically.
  // Errors: kIOError (disk full, read-only store); nothing is applied then.
  Status Commit(const WriteSet& ws, CommitMode mode = CommitMode::kDurable);
  // Makes every grouped commit so far durable (one fsync of the write-ahead
  // log) and publishable. Nothing to do, and no fsync, when none is pending
  // or sync is off. Errors: kIOError; the group stays pending.
  Status SyncWal();
  // fsyncs of the write-ahead log since the store opened.
  uint64_t WalSyncs() const;

  // Outbox
  std::vector<OutboxRow> ReadOutbox(uint64_t after, size_t max) const override;
  Status DeleteOutbox(const std::vector<uint64_t>& seqs) override;
  uint64_t OutboxDepth() const override;
  Status QuarantineOutbox(uint64_t seq, const std::string& reason) override;

  // Rows moved aside by QuarantineOutbox, oldest first.
  struct QuarantinedRow {
    uint64_t seq = 0;  // its number in the outbox when it was moved
    int64_t quarantined_ms = 0;
    std::string reason;
    OutboxMessage message;
  };
  std::vector<QuarantinedRow> ListQuarantine() const;
  // Appends quarantined rows to the outbox again, under new numbers: the
  // one numbered `seq`, or all when seq is 0. Returns how many moved.
  // Errors: kNotFound (no such row), kIOError.
  Result<size_t> RetryQuarantine(uint64_t seq);

  // The change log: what was published after outbox sequence number
  // `after`, in commit order, at most `max`, only what is durable (as
  // ReadOutbox). Rows outlive their outbox rows by
  // StoreOptions::change_log_window.
  std::vector<ChangeRecord> ReadChanges(uint64_t after, size_t max) const;
  // The sequence number of the newest durable change (0: none yet).
  uint64_t LastChange() const;

  // Flushes memtables to disk (clean shutdown).
  Status Flush();
  // Compacts every family now (expiry and tests; RocksDB also compacts on
  // its own).
  Status CompactAll();
  // Reads every block of every table file and checks its checksum
  // (`newsd check-store`). Errors: kIOError with RocksDB's message
  // ("Corruption: block checksum mismatch ... in <file> offset ...").
  Status VerifyChecksums() const;
  // Approximate bytes on disk of all families.
  uint64_t ApproximateSizeBytes() const;
  // A RocksDB property of one family (e.g. "rocksdb.levelstats"), for
  // benchmarks and diagnostics; empty when unknown.
  std::string Property(Family f, const std::string& name) const;
  // True while RocksDB has stopped writes: a stall (too many memtables or L0
  // files) or a background error such as a full disk, until it recovers.
  bool WriteStopped() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  void Scan(Family f, std::string_view prefix, std::string_view start, bool fill_cache,
            const std::function<bool(std::string_view, std::string_view)>& fn) const;
  std::unique_ptr<Impl> impl_;
};

// Encoding of an outbox row's value.
std::string EncodeOutboxMessage(const OutboxMessage& m);
bool DecodeOutboxMessage(std::string_view bytes, OutboxMessage* out);

}  // namespace newsd
