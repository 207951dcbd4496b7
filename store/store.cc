#include "store/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/compaction_filter.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/listener.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>

#include "common/catalog.h"
#include "common/hash.h"
#include "common/keys.h"
#include "common/log.h"

namespace newsd {

struct Store::Impl {
  StoreOptions options;
  std::unique_ptr<rocksdb::CompactionFilter> expiry;         // outlives db (declared first)
  std::unique_ptr<rocksdb::CompactionFilter> change_expiry;  // likewise
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // indexed by Family
  std::mutex commit_mu;                               // serializes sequence numbers
  uint64_t next_seq = 1;                              // guarded by commit_mu
  bool unsynced = false;  // a grouped commit awaits its fsync; guarded by commit_mu
  // Outbox rows numbered below this are durable: ReadOutbox shows no other.
  std::atomic<uint64_t> durable_seq{1};
  std::atomic<uint64_t> wal_syncs{0};

  // After a write that reached the disk (or with sync off, where nothing
  // waits for a sync): everything up to `next` is publishable. A synced
  // write syncs the whole log, so earlier grouped commits are covered too.
  void MarkDurable(uint64_t next, bool synced) {
    if (synced) {
      ++wal_syncs;
      unsynced = false;
    }
    durable_seq.store(next);
  }
  std::atomic<uint64_t> depth{0};
  std::atomic<uint64_t> read_errors{0};  // reads that failed other than "not found"
  // Set by StoreErrorListener while a background error stops writes.
  std::shared_ptr<std::atomic<bool>> writes_failed = std::make_shared<std::atomic<bool>>(false);

  rocksdb::ColumnFamilyHandle* cf(Family f) const { return handles[static_cast<size_t>(f)]; }

  // Counts a read that failed for another reason than a missing key and
  // logs it; `throttled` (a read retried in a loop) logs only the 1st, 2nd,
  // 4th, ... read error.
  void ReadFailed(const std::string& what, const rocksdb::Status& s, bool throttled = false) {
    uint64_t n = ++read_errors;
    if (!throttled || (n & (n - 1)) == 0)
      NEWSD_LOG(kError) << "store: " << what << ": " << s.ToString() << " (read error " << n << ")";
  }

  ~Impl() {
    if (db) {
      for (auto* h : handles)
        if (h) db->DestroyColumnFamilyHandle(h);
      db->Close();
    }
  }
};

namespace {

// RocksDB's own messages go to newsd's log (journald under systemd) instead
// of a LOG file in the data directory: the file logger, once a write to a
// full disk failed, aborts the process on its next line (an assertion left
// on in Debian's build), and what RocksDB warns about belongs beside
// newsd's own lines. Warnings and errors always; its info lines (flushes,
// compactions) when newsd logs at debug level.
class StoreLogger final : public rocksdb::Logger {
 public:
  StoreLogger()
      : rocksdb::Logger(GetLogLevel() >= LogLevel::kDebug ? rocksdb::InfoLogLevel::INFO_LEVEL
                                                          : rocksdb::InfoLogLevel::WARN_LEVEL) {}

  void Logv(const char* format, va_list ap) override {
    Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
  }
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < GetInfoLogLevel()) return;
    LogLevel ours = level >= rocksdb::InfoLogLevel::ERROR_LEVEL  ? LogLevel::kError
                    : level == rocksdb::InfoLogLevel::WARN_LEVEL ? LogLevel::kWarning
                                                                 : LogLevel::kDebug;
    if (ours > GetLogLevel()) return;
    char line[1024];
    int n = std::vsnprintf(line, sizeof line, format, ap);
    if (n < 0) return;
    size_t len = std::min<size_t>(static_cast<size_t>(n), sizeof line - 1);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == ' ')) --len;
    WriteLogLine(ours, "rocksdb: " + std::string(line, len));
  }
};

// When RocksDB stops taking writes (a full disk) and when it takes them
// again, in newsd's log at error and notice level and in the flag
// Store::WriteStopped reads. RocksDB resumes by itself: after a full disk,
// once there is room for a memtable flush again.
class StoreErrorListener final : public rocksdb::EventListener {
 public:
  explicit StoreErrorListener(std::shared_ptr<std::atomic<bool>> writes_failed)
      : writes_failed_(std::move(writes_failed)) {}

  void OnBackgroundError(rocksdb::BackgroundErrorReason, rocksdb::Status* error) override {
    if (error->severity() >= rocksdb::Status::Severity::kHardError) {
      writes_failed_->store(true);
      NEWSD_LOG(kError) << "store: writes stopped: " << error->ToString()
                        << "; items are not committed (their feeds are fetched again) until "
                           "RocksDB recovers";
    } else {
      NEWSD_LOG(kWarning) << "store: background error, writes go on: " << error->ToString();
    }
  }
  void OnErrorRecoveryEnd(const rocksdb::BackgroundErrorRecoveryInfo& info) override {
    if (info.new_bg_error.ok()) {
      writes_failed_->store(false);
      NEWSD_LOG(kNotice) << "store: writable again after: " << info.old_bg_error.ToString();
    } else {
      NEWSD_LOG(kError) << "store: recovery from " << info.old_bg_error.ToString()
                        << " failed: " << info.new_bg_error.ToString();
    }
  }

 private:
  std::shared_ptr<std::atomic<bool>> writes_failed_;
};

// WriteSet::Append: concatenates (LSH bucket lists of 8-byte item numbers).
// Concatenation, merging all operands at once: a bucket list with many
// appends in the memtable is built in one pass (an associative operator
// would copy the growing list once per operand, quadratic in the operands).
class AppendOperator final : public rocksdb::MergeOperator {
 public:
  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    size_t total = in.existing_value ? in.existing_value->size() : 0;
    for (const auto& op : in.operand_list) total += op.size();
    out->new_value.clear();
    out->new_value.reserve(total);
    if (in.existing_value)
      out->new_value.append(in.existing_value->data(), in.existing_value->size());
    for (const auto& op : in.operand_list) out->new_value.append(op.data(), op.size());
    return true;
  }
  bool PartialMergeMulti(const rocksdb::Slice&, const std::deque<rocksdb::Slice>& operands,
                         std::string* out, rocksdb::Logger*) const override {
    size_t total = 0;
    for (const auto& op : operands) total += op.size();
    out->clear();
    out->reserve(total);
    for (const auto& op : operands) out->append(op.data(), op.size());
    return true;
  }
  const char* Name() const override { return "newsd.append"; }
};

// Drops near-duplicate index entries older than the window: signatures
// ("s" keys) whose day is too old, old entries of bucket lists ("b"), and
// the entity-to-story lists of days past ("e").
class NearDupExpiry final : public rocksdb::CompactionFilter {
 public:
  explicit NearDupExpiry(std::chrono::hours window) : window_(window) {}

  // Values and merge operands alike: a bucket list (or a merged part of
  // one) loses its expired entries, a signature goes when it is expired.
  Decision FilterV2(int, const rocksdb::Slice& key, ValueType type, const rocksdb::Slice& value,
                    std::string* new_value, std::string*) const override {
    if (window_.count() == 0 || key.empty()) return Decision::kKeep;
    if (type != ValueType::kValue && type != ValueType::kMergeOperand) return Decision::kKeep;
    const uint32_t oldest = Oldest();
    std::string_view v(value.data(), value.size());
    if (key[0] == 's') return keys::DecodeDay(v) < oldest ? Decision::kRemove : Decision::kKeep;
    if (key[0] == 'e') {  // entity -> stories of one day: the day is in the key
      std::string_view k(key.data(), key.size());
      return keys::DecodeDay(k.substr(1, 4)) < oldest ? Decision::kRemove : Decision::kKeep;
    }
    if (key[0] != 'b') return Decision::kKeep;
    const size_t e = keys::kBucketEntrySize;
    size_t keep_from = 0;  // entries are appended oldest first
    while (keep_from + e <= v.size() && keys::DecodeDay(v.substr(keep_from + 8, 4)) < oldest)
      keep_from += e;
    if (keep_from == 0) return Decision::kKeep;
    if (keep_from >= v.size()) return Decision::kRemove;
    new_value->assign(v.substr(keep_from));
    return Decision::kChangeValue;
  }

  const char* Name() const override { return "newsd.neardup-expiry"; }

 private:
  uint32_t Oldest() const {
    return keys::DayNumber(SystemClock::Instance().Now() -
                           std::chrono::duration_cast<std::chrono::milliseconds>(window_));
  }
  std::chrono::hours window_;
};

// Drops change-log rows committed longer ago than the window.
class ChangeLogExpiry final : public rocksdb::CompactionFilter {
 public:
  explicit ChangeLogExpiry(std::chrono::hours window) : window_(window) {}
  bool Filter(int, const rocksdb::Slice&, const rocksdb::Slice& value, std::string*,
              bool*) const override {
    if (window_.count() == 0 || value.size() < 8) return false;
    const int64_t created = static_cast<int64_t>(ReadBigEndian64({value.data(), 8}));
    const int64_t oldest = ToUnixMillis(SystemClock::Instance().Now()) -
                           std::chrono::duration_cast<std::chrono::milliseconds>(window_).count();
    return created < oldest;
  }
  const char* Name() const override { return "newsd.changes-expiry"; }

 private:
  std::chrono::hours window_;
};

}  // namespace

std::string EncodeOutboxMessage(const OutboxMessage& m) {
  return std::to_string(m.created_ms) + '\n' + m.topic + '\n' + m.key + '\n' + m.value;
}

bool DecodeOutboxMessage(std::string_view b, OutboxMessage* out) {
  size_t t = b.find('\n');
  if (t == std::string_view::npos) return false;
  out->created_ms = std::strtoll(std::string(b.substr(0, t)).c_str(), nullptr, 10);
  b.remove_prefix(t + 1);
  size_t a = b.find('\n');
  if (a == std::string_view::npos) return false;
  size_t k = b.find('\n', a + 1);
  if (k == std::string_view::npos) return false;
  out->topic = std::string(b.substr(0, a));
  out->key = std::string(b.substr(a + 1, k - a - 1));
  out->value = std::string(b.substr(k + 1));
  return true;
}

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  if (options.path.empty()) return Status::InvalidArgument("store path is empty");
  if (!options.read_only) {
    std::error_code ec;
    std::filesystem::create_directories(options.path, ec);
    if (ec)
      return Status::IOError("cannot create store directory " + options.path + ": " + ec.message());
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;

  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  db_options.info_log = std::make_shared<StoreLogger>();
  db_options.info_log_level = db_options.info_log->GetInfoLogLevel();
  db_options.listeners.push_back(std::make_shared<StoreErrorListener>(impl->writes_failed));
  db_options.db_write_buffer_size = options.memtable_bytes;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  // Most lookups (seen keys, LSH buckets) miss: bloom filters answer them
  // without reading a block.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.whole_key_filtering = true;
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf_options.compression = rocksdb::kLZ4Compression;
  cf_options.merge_operator = std::make_shared<AppendOperator>();
  // The same for keys still in the memtable: a miss skips the skiplist walk.
  cf_options.memtable_whole_key_filtering = true;
  // Each family has a memtable of its own, a new one reserves its bloom
  // filter (this ratio of write_buffer_size) at once, and all of them count
  // against the shared cap (db_write_buffer_size). At RocksDB's default
  // 64 MiB per family and a 5% filter, eleven families' empty memtables took
  // half of a 64 MiB cap: the cap was reached every few hundred items, and
  // every family flushed a file of a few KB about 180 times in a
  // 20,000-item cycle, which compactions then merged again (a third of the
  // machine's CPU). A quarter of the cap per family and a 1% filter
  // (160 KiB, about 13 bits per key of a full memtable) flush each family
  // about ten times in that cycle.
  cf_options.write_buffer_size = std::max<size_t>(options.memtable_bytes / 4, size_t{1} << 20);
  cf_options.memtable_prefix_bloom_size_ratio = 0.01;

  // The near-duplicate index has fixed-width keys ("b" band bucket, "s" item
  // number) read only by exact key: a hashed memtable makes its 37 writes and
  // lookups per item O(1) instead of skiplist walks (see bench/dedup_bench).
  rocksdb::ColumnFamilyOptions neardup_options = cf_options;
  neardup_options.prefix_extractor.reset(rocksdb::NewCappedPrefixTransform(9));
  // One hash bucket per 64 bytes of memtable, 2^18 at most: its array is
  // allocated with the memtable and must stay well below its size.
  neardup_options.memtable_factory.reset(rocksdb::NewHashLinkListRepFactory(
      std::clamp<size_t>(cf_options.write_buffer_size / 64, 1024, size_t{1} << 18)));
  db_options.allow_concurrent_memtable_write = false;  // required by the hashed memtable

  // Stays alive as long as the DB: owned by Impl.
  impl->expiry = std::make_unique<NearDupExpiry>(options.near_duplicate_window);
  neardup_options.compaction_filter = impl->expiry.get();
  // Expired entries go even where no write triggers a compaction.
  neardup_options.periodic_compaction_seconds = 24 * 3600;

  rocksdb::ColumnFamilyOptions changes_options = cf_options;
  impl->change_expiry = std::make_unique<ChangeLogExpiry>(options.change_log_window);
  changes_options.compaction_filter = impl->change_expiry.get();
  changes_options.periodic_compaction_seconds = 24 * 3600;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, cf_options);
  for (Family f : kAllFamilies)
    descriptors.emplace_back(FamilyName(f), f == Family::kNearDup   ? neardup_options
                                            : f == Family::kChanges ? changes_options
                                                                    : cf_options);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, options.path, descriptors, &handles, &raw)
          : rocksdb::DB::Open(db_options, options.path, descriptors, &handles, &raw);
  if (!s.ok()) return Status::IOError("cannot open store at " + options.path + ": " + s.ToString());
  impl->db.reset(raw);
  impl->db->DestroyColumnFamilyHandle(handles[0]);  // default family: unused
  impl->handles.assign(handles.begin() + 1, handles.end());

  // Resume outbox numbering and depth.
  std::string seq;
  if (impl->db->Get(rocksdb::ReadOptions(), impl->cf(Family::kMeta), keys::kOutboxSeq, &seq).ok())
    impl->next_seq = ReadBigEndian64(seq);
  impl->durable_seq = impl->next_seq;  // what survived the restart is on disk
  uint64_t depth = 0;
  std::unique_ptr<rocksdb::Iterator> it(
      impl->db->NewIterator(rocksdb::ReadOptions(), impl->cf(Family::kOutbox)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++depth;
  if (!it->status().ok())
    impl->ReadFailed(
        "counting the outbox (rows past the damage are kept but not counted or "
        "published)",
        it->status());
  impl->depth = depth;
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

std::optional<std::string> Store::Get(Family f, std::string_view key) const {
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->cf(f),
                                     rocksdb::Slice(key.data(), key.size()), &value);
  if (s.ok()) return value;
  if (!s.IsNotFound()) impl_->ReadFailed("get in " + std::string(FamilyName(f)), s);
  return std::nullopt;
}

std::vector<std::optional<std::string>> Store::MultiGet(
    Family f, const std::vector<std::string>& keys) const {
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->cf(f), keys.size(), slices.data(),
                      values.data(), statuses.data());
  std::vector<std::optional<std::string>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].ok()) {
      out[i] = values[i].ToString();
    } else if (!statuses[i].IsNotFound()) {
      impl_->ReadFailed("multiget in " + std::string(FamilyName(f)), statuses[i]);
    }
  }
  return out;
}

void Store::ScanPrefix(Family f, std::string_view prefix,
                       const std::function<bool(std::string_view, std::string_view)>& fn) const {
  Scan(f, prefix, prefix, true, fn);
}

void Store::ScanPrefixFrom(
    Family f, std::string_view prefix, std::string_view start,
    const std::function<bool(std::string_view, std::string_view)>& fn) const {
  Scan(f, prefix, start, true, fn);
}

void Store::ScanPrefixBulk(
    Family f, std::string_view prefix,
    const std::function<bool(std::string_view, std::string_view)>& fn) const {
  Scan(f, prefix, prefix, false, fn);
}

void Store::Scan(Family f, std::string_view prefix, std::string_view start, bool fill_cache,
                 const std::function<bool(std::string_view, std::string_view)>& fn) const {
  rocksdb::ReadOptions ro;
  // Ordered over the whole family, whatever its memtable (the near-duplicate
  // family's hashed memtable would otherwise only see one hash prefix).
  ro.total_order_seek = true;
  ro.fill_cache = fill_cache;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->cf(f)));
  rocksdb::Slice p(prefix.data(), prefix.size());
  const std::string_view from = std::max(prefix, start);
  for (it->Seek(rocksdb::Slice(from.data(), from.size())); it->Valid() && it->key().starts_with(p);
       it->Next()) {
    if (!fn(std::string_view(it->key().data(), it->key().size()),
            std::string_view(it->value().data(), it->value().size())))
      break;
  }
  if (!it->status().ok()) impl_->ReadFailed("scan in " + std::string(FamilyName(f)), it->status());
}

uint64_t Store::ReadErrors() const { return impl_->read_errors.load(); }

Status Store::Commit(const WriteSet& ws, CommitMode mode) {
  if (ws.empty()) return Status::Ok();
  rocksdb::WriteBatch batch;
  for (const auto& op : ws.ops) {
    rocksdb::Status s = op.append  ? batch.Merge(impl_->cf(op.family), op.key, *op.value)
                        : op.value ? batch.Put(impl_->cf(op.family), op.key, *op.value)
                                   : batch.Delete(impl_->cf(op.family), op.key);
    if (!s.ok()) return Status::Internal("write batch: " + s.ToString());
  }
  std::lock_guard<std::mutex> lock(impl_->commit_mu);
  uint64_t seq = impl_->next_seq;
  for (const auto& m : ws.outbox) {
    batch.Put(impl_->cf(Family::kChanges), keys::Change(seq),
              EncodeChange(m.created_ms, m.topic, m.key));
    batch.Put(impl_->cf(Family::kOutbox), BigEndian64(seq++), EncodeOutboxMessage(m));
  }
  if (!ws.outbox.empty()) batch.Put(impl_->cf(Family::kMeta), keys::kOutboxSeq, BigEndian64(seq));
  const bool grouped = mode == CommitMode::kGrouped && impl_->options.sync;
  rocksdb::WriteOptions wo;
  wo.sync = impl_->options.sync && !grouped;
  // Counted before the rows become visible: the publisher's thread can read,
  // deliver and delete them before Write returns here, and a count added
  // after that delete would stay above the outbox forever.
  impl_->depth += ws.outbox.size();
  rocksdb::Status s = impl_->db->Write(wo, &batch);
  if (!s.ok()) {
    impl_->depth -= ws.outbox.size();
    return Status::IOError("commit: " + s.ToString());
  }
  impl_->next_seq = seq;
  if (grouped)
    impl_->unsynced = true;
  else
    impl_->MarkDurable(seq, wo.sync);
  return Status::Ok();
}

Status Store::SyncWal() {
  std::lock_guard<std::mutex> lock(impl_->commit_mu);
  if (!impl_->unsynced) return Status::Ok();
  rocksdb::Status s = impl_->db->SyncWAL();
  if (!s.ok()) return Status::IOError("syncing the write-ahead log: " + s.ToString());
  impl_->MarkDurable(impl_->next_seq, /*synced=*/true);
  return Status::Ok();
}

uint64_t Store::WalSyncs() const { return impl_->wal_syncs.load(); }

std::vector<OutboxRow> Store::ReadOutbox(uint64_t after, size_t max) const {
  std::vector<OutboxRow> rows;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(Family::kOutbox)));
  const uint64_t durable = impl_->durable_seq.load();
  for (it->Seek(BigEndian64(after + 1)); it->Valid() && rows.size() < max; it->Next()) {
    OutboxRow row;
    row.seq = ReadBigEndian64(std::string_view(it->key().data(), it->key().size()));
    if (row.seq >= durable) break;  // its group awaits its fsync
    if (!DecodeOutboxMessage(std::string_view(it->value().data(), it->value().size()),
                             &row.message)) {
      NEWSD_LOG(kError) << "store: undecodable outbox row " << row.seq << " skipped";
      continue;
    }
    rows.push_back(std::move(row));
  }
  if (!it->status().ok()) {
    // The publisher asks again every pump. The rows past the damage stay in
    // the outbox.
    impl_->ReadFailed("reading the outbox after row " + std::to_string(after), it->status(),
                      /*throttled=*/true);
  }
  return rows;
}

std::vector<ChangeRecord> Store::ReadChanges(uint64_t after, size_t max) const {
  std::vector<ChangeRecord> out;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(Family::kChanges)));
  const uint64_t durable = impl_->durable_seq.load();
  for (it->Seek(keys::Change(after + 1)); it->Valid() && out.size() < max; it->Next()) {
    const uint64_t seq = ReadBigEndian64({it->key().data(), it->key().size()});
    if (seq >= durable) break;  // not on disk yet: a power cut could take it back
    if (auto r = DecodeChange(seq, {it->value().data(), it->value().size()}))
      out.push_back(std::move(*r));
  }
  if (!it->status().ok())
    impl_->ReadFailed("reading the change log after " + std::to_string(after), it->status(),
                      /*throttled=*/true);
  return out;
}

uint64_t Store::LastChange() const { return impl_->durable_seq.load() - 1; }

Status Store::DeleteOutbox(const std::vector<uint64_t>& seqs) {
  if (seqs.empty()) return Status::Ok();
  rocksdb::WriteBatch batch;
  for (uint64_t s : seqs) batch.Delete(impl_->cf(Family::kOutbox), BigEndian64(s));
  rocksdb::WriteOptions wo;
  wo.sync = false;  // losing a delete only means one more (idempotent) republish
  rocksdb::Status s = impl_->db->Write(wo, &batch);
  if (!s.ok()) return Status::IOError("outbox delete: " + s.ToString());
  uint64_t n = seqs.size();
  uint64_t cur = impl_->depth.load();
  while (!impl_->depth.compare_exchange_weak(cur, cur >= n ? cur - n : 0)) {
  }
  return Status::Ok();
}

uint64_t Store::OutboxDepth() const { return impl_->depth.load(); }

namespace {

std::string QuarantineKey(uint64_t seq) {
  return std::string(keys::kQuarantinePrefix) + BigEndian64(seq);
}

// time ms '\n' reason (newlines replaced) '\n' the outbox row's own encoding.
std::string EncodeQuarantined(int64_t ms, std::string reason, std::string_view row) {
  std::replace(reason.begin(), reason.end(), '\n', ' ');
  return std::to_string(ms) + '\n' + reason + '\n' + std::string(row);
}

}  // namespace

Status Store::QuarantineOutbox(uint64_t seq, const std::string& reason) {
  std::string row;
  rocksdb::Status s =
      impl_->db->Get(rocksdb::ReadOptions(), impl_->cf(Family::kOutbox), BigEndian64(seq), &row);
  if (s.IsNotFound()) return Status::NotFound("outbox row " + std::to_string(seq));
  if (!s.ok()) return Status::IOError("outbox read: " + s.ToString());
  const int64_t now = ToUnixMillis(SystemClock::Instance().Now());
  rocksdb::WriteBatch batch;
  batch.Delete(impl_->cf(Family::kOutbox), BigEndian64(seq));
  batch.Put(impl_->cf(Family::kMeta), QuarantineKey(seq), EncodeQuarantined(now, reason, row));
  rocksdb::WriteOptions wo;
  wo.sync = impl_->options.sync;
  s = impl_->db->Write(wo, &batch);
  if (!s.ok()) return Status::IOError("outbox quarantine: " + s.ToString());
  uint64_t cur = impl_->depth.load();
  while (!impl_->depth.compare_exchange_weak(cur, cur > 0 ? cur - 1 : 0)) {
  }
  return Status::Ok();
}

std::vector<Store::QuarantinedRow> Store::ListQuarantine() const {
  std::vector<QuarantinedRow> out;
  ScanPrefix(Family::kMeta, keys::kQuarantinePrefix, [&](std::string_view k, std::string_view v) {
    QuarantinedRow r;
    r.seq = ReadBigEndian64(k.substr(keys::kQuarantinePrefix.size()));
    const size_t a = v.find('\n');
    const size_t b = a == std::string_view::npos ? a : v.find('\n', a + 1);
    if (b == std::string_view::npos || !DecodeOutboxMessage(v.substr(b + 1), &r.message)) {
      NEWSD_LOG(kError) << "store: undecodable quarantined row " << r.seq << " skipped";
      return true;
    }
    r.quarantined_ms = std::strtoll(std::string(v.substr(0, a)).c_str(), nullptr, 10);
    r.reason = std::string(v.substr(a + 1, b - a - 1));
    out.push_back(std::move(r));
    return true;
  });
  return out;
}

Result<size_t> Store::RetryQuarantine(uint64_t seq) {
  std::vector<QuarantinedRow> rows = ListQuarantine();
  if (seq != 0) {
    std::erase_if(rows, [&](const QuarantinedRow& r) { return r.seq != seq; });
    if (rows.empty()) return Status::NotFound("no quarantined row " + std::to_string(seq));
  }
  if (rows.empty()) return size_t{0};
  rocksdb::WriteBatch batch;
  std::lock_guard<std::mutex> lock(impl_->commit_mu);
  uint64_t next = impl_->next_seq;
  for (const auto& r : rows) {
    batch.Delete(impl_->cf(Family::kMeta), QuarantineKey(r.seq));
    batch.Put(impl_->cf(Family::kChanges), keys::Change(next),
              EncodeChange(r.message.created_ms, r.message.topic, r.message.key));
    batch.Put(impl_->cf(Family::kOutbox), BigEndian64(next++), EncodeOutboxMessage(r.message));
  }
  batch.Put(impl_->cf(Family::kMeta), keys::kOutboxSeq, BigEndian64(next));
  rocksdb::WriteOptions wo;
  wo.sync = impl_->options.sync;
  impl_->depth += rows.size();
  rocksdb::Status s = impl_->db->Write(wo, &batch);
  if (!s.ok()) {
    impl_->depth -= rows.size();
    return Status::IOError("outbox retry: " + s.ToString());
  }
  impl_->next_seq = next;
  impl_->MarkDurable(next, wo.sync);
  return rows.size();
}

Status Store::Flush() {
  if (impl_->options.read_only) return Status::Ok();
  rocksdb::FlushOptions fo;
  rocksdb::Status s = impl_->db->Flush(fo, impl_->handles);
  if (!s.ok()) return Status::IOError("flush: " + s.ToString());
  return Status::Ok();
}

Status Store::CompactAll() {
  rocksdb::CompactRangeOptions o;
  o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (auto* h : impl_->handles) {
    rocksdb::Status s = impl_->db->CompactRange(o, h, nullptr, nullptr);
    if (!s.ok()) return Status::IOError("compaction: " + s.ToString());
  }
  return Status::Ok();
}

Status Store::VerifyChecksums() const {
  rocksdb::Status s = impl_->db->VerifyChecksum();
  return s.ok() ? Status::Ok() : Status::IOError(s.ToString());
}

std::string Store::Property(Family f, const std::string& name) const {
  std::string v;
  return impl_->db->GetProperty(impl_->cf(f), name, &v) ? v : std::string();
}

bool Store::WriteStopped() const {
  if (impl_->writes_failed->load()) return true;
  uint64_t v = 0;
  return impl_->db->GetIntProperty(rocksdb::DB::Properties::kIsWriteStopped, &v) && v != 0;
}

uint64_t Store::ApproximateSizeBytes() const {
  uint64_t total = 0;
  for (auto* h : impl_->handles) {
    uint64_t v = 0;
    if (impl_->db->GetIntProperty(h, "rocksdb.total-sst-files-size", &v)) total += v;
  }
  return total;
}

}  // namespace newsd
