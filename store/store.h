// The RocksDB store: one column family per Family (common/state.h), so each
// kind of data can be compacted, sized and expired on its own. Key layouts
// are in common/keys.h and docs/storage.md.
//
// Commit() applies a WriteSet as one WriteBatch, outbox rows included: that
// batch is an item's commit point. A crash before it leaves nothing of the
// item; after it, everything, and the outbox still holds what Kafka has not
// acknowledged.
//
// Lists (the near-duplicate index's bucket and entity lists, ~37 writes per
// item, StoreOptions::list_prefixes) do not go through RocksDB's memtable
// one by one: their puts and appends are journaled in the batch, kept in an
// in-memory WriteBuffer that every read consults, and written out in sorted
// batches as ingested files; an in-memory KeyFilter of them answers most
// lookups of absent lists without RocksDB.
//
// Thread-safe: one committer and any number of readers and outbox drainers.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/outbox.h"
#include "common/state.h"
#include "common/status.h"
#include "common/time.h"

namespace newsd {

struct StoreOptions {
  // Directory of the database; created when missing. Required.
  std::string path;
  // Block cache shared by all families. Default 64 MiB.
  size_t block_cache_bytes = 64u << 20;
  // Memtable memory of all column families together; the fullest is flushed
  // when it is reached. Bounds the daemon's memory under a burst of writes
  // (a cold start over thousands of feeds). Default 64 MiB.
  size_t memtable_bytes = 64u << 20;
  // fsync the write-ahead log on every commit. Default true: an event that
  // was committed survives a power cut.
  bool sync = true;
  // Open read-only (for `newsd timeline` beside a running daemon). Default false.
  bool read_only = false;
  // Keys under these prefixes hold lists (the near-duplicate index's
  // bucket lists "c" and entity lists "e"): written in bulk and filtered, see
  // list_buffer_bytes and list_filter_bits_per_key. Empty: none.
  std::vector<std::pair<Family, std::string>> list_prefixes = {{Family::kNearDup, "c"},
                                                               {Family::kNearDup, "e"}};
  // Puts and appends to lists are held in memory, journaled in each
  // commit's batch, until they take this many bytes; then a background
  // thread writes them out as one sorted file and ingests it
  // (store/write_buffer.h, docs/storage.md). 0 writes them to RocksDB one by
  // one. Default 32 MiB.
  size_t list_buffer_bytes = 32u << 20;
  // An in-memory filter of every list key answers "absent" without asking
  // RocksDB (most bucket lookups miss). Built by a background scan after
  // opening and again when full; reads go to RocksDB until it is ready.
  // About 3% of absent keys pass at 8 bits per key. 0: no filter. Default 8.
  unsigned list_filter_bits_per_key = 8;
  // The filter is built for 1.5 times the keys stored, at least this many;
  // once as many keys went in as it was built for, it is built again
  // (dropping expired keys). Default 2^20.
  uint64_t list_filter_min_keys = 1u << 20;
  // Near-duplicate index entries older than this are dropped by compaction
  // (the index stays bounded however long newsd runs). 0 keeps them forever.
  // Default 7 days.
  std::chrono::hours near_duplicate_window{7 * 24};
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

  // Applies all ops and appends the outbox messages, atomically.
  // Errors: kIOError (disk full, read-only store); nothing is applied then.
  Status Commit(const WriteSet& ws);

  // Outbox
  std::vector<OutboxRow> ReadOutbox(uint64_t after, size_t max) const override;
  Status DeleteOutbox(const std::vector<uint64_t>& seqs) override;
  uint64_t OutboxDepth() const override;

  // Writes the buffered list writes out, then flushes memtables (clean shutdown).
  Status Flush();
  // Writes the buffered list writes out as one sorted file per family,
  // ingested together with the journal mark that says they are out. Also
  // done in the background when the buffer is full. Errors: kIOError; the
  // writes stay buffered and journaled then.
  Status WriteOutLists();
  // List writes buffered in memory now (diagnostics, benchmarks).
  size_t BufferedListWrites() const;
  // Bytes of the list filter, 0 while it is being built (diagnostics).
  size_t ListFilterBytes() const;
  // Waits until the list filter is ready (tests, benchmarks); false after
  // `timeout` or without a filter.
  bool WaitForListFilter(std::chrono::milliseconds timeout) const;
  // Compacts every family now (expiry and tests; RocksDB also compacts on
  // its own).
  Status CompactAll();
  // Approximate bytes on disk of all families.
  uint64_t ApproximateSizeBytes() const;
  // A RocksDB property of one family (e.g. "rocksdb.levelstats"), for
  // benchmarks and diagnostics; empty when unknown.
  std::string Property(Family f, const std::string& name) const;
  // True while RocksDB has stopped writes (too many memtables or L0 files).
  bool WriteStopped() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Encoding of an outbox row's value.
std::string EncodeOutboxMessage(const OutboxMessage& m);
bool DecodeOutboxMessage(std::string_view bytes, OutboxMessage* out);

}  // namespace newsd
