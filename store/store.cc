#include "store/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/compaction_filter.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <shared_mutex>
#include <thread>

#include "common/hash.h"
#include "common/keys.h"
#include "common/log.h"
#include "store/key_filter.h"
#include "store/write_buffer.h"

namespace newsd {

struct Store::Impl {
  StoreOptions options;
  std::unique_ptr<rocksdb::CompactionFilter> expiry;  // outlives db (declared first)
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // indexed by Family
  std::mutex commit_mu;                               // serializes sequence numbers
  uint64_t next_seq = 1;                              // guarded by commit_mu
  std::atomic<uint64_t> depth{0};

  // Buffered list writes. `appends` takes new ones (the committer, holding
  // commit_mu); when full it becomes `writing`, which the writer thread
  // writes out and ingests while `appends` fills again. Reads consult
  // `writing`, then `appends` (older appends first) under buffer_mu shared;
  // swapping them and ingesting take it exclusively.
  mutable std::shared_mutex buffer_mu;
  std::unique_ptr<WriteBuffer> appends = std::make_unique<WriteBuffer>();
  std::unique_ptr<WriteBuffer> writing;          // being written out, or null
  std::unique_ptr<WriteBuffer> spare;            // an emptied buffer, kept for its capacity
  uint64_t writing_last = 0;                     // the last journal row `writing` holds
  uint64_t next_journal = 1;                     // guarded by commit_mu
  std::vector<rocksdb::Options> family_options;  // for SstFileWriter, by Family

  // The writer thread and its hand-off. writer_mu guards writing_busy (a
  // buffer was handed off and is not out yet: `writing` is set and only the
  // writer thread, or WriteOutAll after it failed, may drop it),
  // writing_last, spare, writer_failed, filter_running and stopping. Lock
  // order: writer_mu before buffer_mu.
  std::mutex writer_mu;
  std::condition_variable writer_cv;
  bool writing_busy = false;
  bool writer_failed = false;  // the last write-out of `writing` failed; retried
  bool stopping = false;
  bool filter_running = false;       // filter_thread is building a list filter
  std::atomic<bool> closing{false};  // the store is closing: a filter scan stops
  std::thread writer;
  std::thread filter_thread;  // builds list filters, apart from write-outs

  // The list filter (StoreOptions::list_prefixes): `filter` answers
  // reads once built. While the writer thread scans for a new one, new keys
  // also go into `building`, OR-ed into the scanned filter at the end. Both
  // pointers change, and keys are inserted, under buffer_mu held exclusively.
  std::unique_ptr<KeyFilter> filter;
  std::unique_ptr<KeyFilter> building;
  mutable std::condition_variable_any filter_ready;  // with buffer_mu

  rocksdb::ColumnFamilyHandle* cf(Family f) const { return handles[static_cast<size_t>(f)]; }
  bool buffering() const {
    return options.list_buffer_bytes > 0 && !options.read_only && !options.list_prefixes.empty();
  }
  bool filtering() const {
    return !options.read_only && !options.list_prefixes.empty() &&
           options.list_filter_bits_per_key > 0;
  }
  // Applies what the buffers hold for a key to `value` (older buffer
  // first); true when they replace it whole (a put), so RocksDB's value
  // does not matter. REQUIRES: buffer_mu.
  bool Buffered(Family f, std::string_view key, std::optional<std::string>* value) const {
    bool put = writing && writing->ApplyTo(f, key, value) == WriteBuffer::Held::kValue;
    return appends->ApplyTo(f, key, value) == WriteBuffer::Held::kValue || put;
  }
  bool AnyBuffered() const { return writing || !appends->empty(); }
  bool Filtered(Family f, std::string_view key) const {
    for (const auto& [family, prefix] : options.list_prefixes)
      if (family == f && key.substr(0, prefix.size()) == prefix) return true;
    return false;
  }
  // A write the buffer takes: a put or append of a list key that fits.
  bool Bufferable(const WriteSet::Op& op) const {
    return op.value && Filtered(op.family, op.key) && WriteBuffer::Fits(op.key, *op.value);
  }
  // True when the filter says the key is certainly absent. REQUIRES: buffer_mu.
  bool FilteredOut(Family f, std::string_view key) const {
    return filter && Filtered(f, key) && !filter->MayContain(key);
  }
  // REQUIRES: buffer_mu held exclusively.
  void RecordKey(Family f, std::string_view key) {
    if (!Filtered(f, key)) return;
    if (filter) filter->Insert(key);
    if (building) building->Insert(key);
  }
  void StartWriter();  // REQUIRES: writer_mu
  // Starts building a list filter on filter_thread unless one is being
  // built. REQUIRES: writer_mu.
  void RequestFilter();
  void BuildKeyFilter();
  // Writes `buffer` out as sorted files with the mark `last` and ingests
  // them; then calls `ingested` holding buffer_mu exclusively (to drop the
  // buffer from the readers' view in the same instant).
  Status WriteOut(const WriteBuffer& buffer, uint64_t last, const std::function<void()>& ingested);
  // Hands the full `appends` to the writer thread (waiting for the previous
  // hand-off first). REQUIRES: commit_mu.
  void HandOff();
  // Waits for the writer thread's write-out, then writes `appends` out
  // itself. REQUIRES: commit_mu.
  Status WriteOutAll();
  void WriterLoop();
  Status ReplayJournal();

  ~Impl() {
    closing = true;
    {
      std::lock_guard<std::mutex> lock(writer_mu);
      stopping = true;
    }
    writer_cv.notify_all();
    if (writer.joinable()) writer.join();
    if (filter_thread.joinable()) filter_thread.join();
    if (db) {
      for (auto* h : handles)
        if (h) db->DestroyColumnFamilyHandle(h);
      db->Close();
    }
  }
};

namespace {

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
// ("s" keys) whose day is too old, old entries of bucket lists ("c"; the
// "b" lists of the earlier 12-byte format go whole), and
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
    if (key[0] == 'b') return Decision::kRemove;  // the earlier format: not read any more
    if (key[0] != 'c') return Decision::kKeep;
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

namespace {

// A journal row: the commit's buffered list writes, each as family (1 byte,
// + 0x80 for a put), key size (1), key, value size (2, little-endian), value.
void EncodeJournalWrite(std::string* row, const WriteSet::Op& op) {
  const std::string& value = *op.value;
  row->push_back(static_cast<char>(static_cast<uint8_t>(op.family) | (op.append ? 0 : 0x80)));
  row->push_back(static_cast<char>(op.key.size()));
  row->append(op.key);
  const uint16_t n = static_cast<uint16_t>(value.size());
  row->push_back(static_cast<char>(n & 0xff));
  row->push_back(static_cast<char>(n >> 8));
  row->append(value);
}

bool DecodeJournalRow(std::string_view row, WriteBuffer* buffer) {
  while (!row.empty()) {
    if (row.size() < 2) return false;
    const auto family = static_cast<uint8_t>(static_cast<uint8_t>(row[0]) & 0x7f);
    const bool put = (static_cast<uint8_t>(row[0]) & 0x80) != 0;
    const size_t key_size = static_cast<unsigned char>(row[1]);
    if (family >= std::size(kAllFamilies) || row.size() < 2 + key_size + 2) return false;
    std::string_view key = row.substr(2, key_size);
    row.remove_prefix(2 + key_size);
    const size_t n = static_cast<unsigned char>(row[0]) |
                     static_cast<size_t>(static_cast<unsigned char>(row[1])) << 8;
    if (row.size() < 2 + n) return false;
    buffer->Add(static_cast<Family>(family), key, row.substr(2, n), put);
    row.remove_prefix(2 + n);
  }
  return true;
}

}  // namespace

Status Store::Impl::ReplayJournal() {
  uint64_t written_out = 0;
  std::string mark;
  if (db->Get(rocksdb::ReadOptions(), cf(Family::kMeta), keys::kAppendsWrittenOut, &mark).ok())
    written_out = ReadBigEndian64(mark);
  uint64_t last = written_out, stale = 0, replayed = 0;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf(Family::kMeta)));
  const rocksdb::Slice prefix(keys::kAppendJournalPrefix.data(), keys::kAppendJournalPrefix.size());
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    const uint64_t seq = ReadBigEndian64(key.substr(prefix.size()));
    last = std::max(last, seq);
    if (seq <= written_out) {  // ingested, but the process stopped before deleting the row
      ++stale;
      continue;
    }
    if (!DecodeJournalRow(std::string_view(it->value().data(), it->value().size()), appends.get()))
      return Status::IOError("append journal row " + std::to_string(seq) + " is corrupt");
    ++replayed;
  }
  if (!it->status().ok()) return Status::IOError("append journal: " + it->status().ToString());
  next_journal = last + 1;
  if (stale > 0 && !options.read_only) {
    rocksdb::WriteBatch batch;
    batch.DeleteRange(cf(Family::kMeta), keys::AppendJournal(0),
                      keys::AppendJournal(written_out + 1));
    rocksdb::Status s = db->Write(rocksdb::WriteOptions(), &batch);
    if (!s.ok()) return Status::IOError("append journal: " + s.ToString());
  }
  if (replayed > 0)
    NEWSD_LOG(kInfo) << "store: " << appends->writes() << " buffered list writes of " << replayed
                     << " commits replayed from the journal";
  return Status::Ok();
}

Status Store::Impl::WriteOut(const WriteBuffer& buffer, uint64_t last,
                             const std::function<void()>& ingested) {
  // One file per family, in key order, and one for the journal mark.
  std::vector<rocksdb::IngestExternalFileArg> args;
  std::vector<std::string> paths;
  auto file_for = [&](Family f) {
    return (std::filesystem::path(options.path) /
            ("lists-" + std::to_string(last) + "-" + FamilyName(f) + ".sst"))
        .string();
  };
  auto fail = [&](const std::string& what, const rocksdb::Status& s) {
    std::error_code ec;
    for (const auto& p : paths) std::filesystem::remove(p, ec);
    return Status::IOError("writing out lists: " + what + ": " + s.ToString());
  };
  {
    std::unique_ptr<rocksdb::SstFileWriter> writer;
    Family current{};
    rocksdb::Status s;
    auto finish = [&]() -> rocksdb::Status {
      if (!writer) return rocksdb::Status::OK();
      rocksdb::Status st = writer->Finish();
      writer.reset();
      return st;
    };
    buffer.ForEachSorted([&](Family f, std::string_view key, std::string_view bytes, bool put) {
      if (!s.ok()) return;
      if (!writer || f != current) {
        if (s = finish(); !s.ok()) return;
        current = f;
        writer = std::make_unique<rocksdb::SstFileWriter>(
            rocksdb::EnvOptions(), family_options[static_cast<size_t>(f)], cf(f));
        paths.push_back(file_for(f));
        if (s = writer->Open(paths.back()); !s.ok()) return;
        rocksdb::IngestExternalFileArg arg;
        arg.column_family = cf(f);
        arg.external_files = {paths.back()};
        args.push_back(std::move(arg));
      }
      // Appends are merged with the stored value here and written as a put:
      // compaction filters do not see merge operands of ingested files.
      const rocksdb::Slice k(key.data(), key.size());
      if (put) {
        s = writer->Put(k, rocksdb::Slice(bytes.data(), bytes.size()));
        return;
      }
      std::string value;
      s = db->Get(rocksdb::ReadOptions(), cf(f), k, &value);
      if (!s.ok() && !s.IsNotFound()) return;
      value.append(bytes);
      s = writer->Put(k, value);
    });
    if (s.ok()) s = finish();
    if (!s.ok()) return fail("sorted file", s);
  }
  // The mark goes in with the files, atomically: after a crash either both
  // are in and the journal rows up to `last` are stale, or neither is.
  {
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(),
                                  family_options[static_cast<size_t>(Family::kMeta)],
                                  cf(Family::kMeta));
    paths.push_back(file_for(Family::kMeta));
    rocksdb::Status s = writer.Open(paths.back());
    if (s.ok()) s = writer.Put(keys::kAppendsWrittenOut, BigEndian64(last));
    if (s.ok()) s = writer.Finish();
    if (!s.ok()) return fail("journal mark", s);
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = cf(Family::kMeta);
    arg.external_files = {paths.back()};
    args.push_back(std::move(arg));
  }
  for (auto& arg : args) {
    arg.options.move_files = true;
    arg.options.write_global_seqno = false;
  }
  {
    // Readers wait while the files go in and the buffer is dropped, so none
    // sees an append twice (in a file and in the buffer) or not at all.
    std::unique_lock<std::shared_mutex> write(buffer_mu);
    rocksdb::Status s = db->IngestExternalFiles(args);
    if (!s.ok()) return fail("ingest", s);
    ingested();
  }
  rocksdb::WriteBatch batch;
  batch.DeleteRange(cf(Family::kMeta), keys::AppendJournal(0), keys::AppendJournal(last + 1));
  rocksdb::WriteOptions wo;
  wo.sync = false;  // a journal row that survives is recognised as stale by the mark
  rocksdb::Status s = db->Write(wo, &batch);
  if (!s.ok()) NEWSD_LOG(kWarning) << "store: deleting written-out journal rows: " << s.ToString();
  return Status::Ok();
}

void Store::Impl::WriterLoop() {
  std::unique_lock<std::mutex> lock(writer_mu);
  auto backoff = std::chrono::seconds(1);
  while (true) {
    writer_cv.wait(lock, [&] { return stopping || (writing_busy && !writer_failed); });
    if (stopping) return;                       // what is left stays journaled
    const WriteBuffer* buffer = writing.get();  // stays while writing_busy
    const uint64_t last = writing_last;
    lock.unlock();
    std::unique_ptr<WriteBuffer> done;
    Status st = WriteOut(*buffer, last, [&] { done = std::move(writing); });
    lock.lock();
    if (st.ok()) {
      done->Clear();
      spare = std::move(done);
      writing_busy = false;
      backoff = std::chrono::seconds(1);
      writer_cv.notify_all();
      continue;
    }
    NEWSD_LOG(kError) << "store: " << st.message()
                      << " (kept in memory and the journal; retrying in " << backoff.count()
                      << " s)";
    writer_failed = true;
    writer_cv.notify_all();
    writer_cv.wait_for(lock, backoff, [&] { return stopping; });
    backoff = std::min(backoff * 2, std::chrono::seconds(60));
    writer_failed = false;
  }
}

void Store::Impl::HandOff() {
  std::unique_lock<std::mutex> lock(writer_mu);
  // One write-out at a time: a commit waits here only when the writer is a
  // whole buffer behind.
  writer_cv.wait(lock, [&] { return !writing_busy || stopping; });
  if (stopping) return;
  std::unique_ptr<WriteBuffer> fresh = spare ? std::move(spare) : std::make_unique<WriteBuffer>();
  {
    std::unique_lock<std::shared_mutex> write(buffer_mu);
    writing = std::move(appends);
    appends = std::move(fresh);
  }
  writing_last = next_journal - 1;
  writing_busy = true;
  StartWriter();
  writer_cv.notify_all();
}

void Store::Impl::StartWriter() {
  if (!writer.joinable()) writer = std::thread([this] { WriterLoop(); });
}

void Store::Impl::RequestFilter() {
  if (filter_running || stopping) return;
  if (filter_thread.joinable()) filter_thread.join();  // the last build, finished
  filter_running = true;
  filter_thread = std::thread([this] {
    BuildKeyFilter();
    std::lock_guard<std::mutex> lock(writer_mu);
    filter_running = false;
  });
}

void Store::Impl::BuildKeyFilter() {
  const auto started = std::chrono::steady_clock::now();
  // Sized from RocksDB's key estimate of the families (signatures included:
  // an overestimate) with room to grow by half before the next build.
  uint64_t estimate = 0;
  std::vector<Family> families;
  for (const auto& [family, prefix] : options.list_prefixes)
    if (std::find(families.begin(), families.end(), family) == families.end())
      families.push_back(family);
  for (Family f : families) {
    uint64_t n = 0;
    if (db->GetIntProperty(cf(f), "rocksdb.estimate-num-keys", &n)) estimate += n;
  }
  std::vector<std::unique_ptr<rocksdb::Iterator>> scans;
  std::unique_ptr<KeyFilter> scanned;  // this thread's alone until it is merged
  {
    // From here on every new key goes into the new filter too; the buffered
    // ones are put in now; everything else is in RocksDB as the iterators,
    // created in the same instant, see it.
    std::unique_lock<std::shared_mutex> write(buffer_mu);
    estimate += appends->keys() + (writing ? writing->keys() : 0);
    const uint64_t capacity = std::max<uint64_t>(options.list_filter_min_keys, estimate * 3 / 2);
    building = std::make_unique<KeyFilter>(capacity, options.list_filter_bits_per_key);
    scanned = std::make_unique<KeyFilter>(capacity, options.list_filter_bits_per_key);
    auto add = [&](std::string_view key, std::string_view, bool) { scanned->Insert(key); };
    for (const auto& [family, prefix] : options.list_prefixes) {
      if (writing) writing->ForEachWithPrefix(family, prefix, add);
      appends->ForEachWithPrefix(family, prefix, add);
    }
    rocksdb::ReadOptions ro;
    ro.total_order_seek = true;
    ro.fill_cache = false;
    for (size_t i = 0; i < options.list_prefixes.size(); ++i)
      scans.emplace_back(db->NewIterator(ro, cf(options.list_prefixes[i].first)));
  }
  uint64_t scanned_keys = 0;
  for (size_t i = 0; i < scans.size(); ++i) {
    const std::string& prefix = options.list_prefixes[i].second;
    auto& it = scans[i];
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      scanned->Insert(std::string_view(it->key().data(), it->key().size()));
      if (++scanned_keys % 65536 == 0 && closing) break;
    }
    if (closing) {
      std::unique_lock<std::shared_mutex> write(buffer_mu);
      building.reset();
      return;
    }
    if (!it->status().ok()) {
      NEWSD_LOG(kError) << "store: building the list filter: " << it->status().ToString()
                        << " (reads go to RocksDB without it)";
      std::unique_lock<std::shared_mutex> write(buffer_mu);
      building.reset();
      return;
    }
  }
  scans.clear();
  size_t bytes = 0;
  {
    std::unique_lock<std::shared_mutex> write(buffer_mu);
    scanned->Merge(*building);
    building.reset();
    filter = std::move(scanned);
    bytes = filter->bytes();
  }
  filter_ready.notify_all();
  NEWSD_LOG(kInfo) << "store: list filter ready: " << scanned_keys << " stored keys, "
                   << bytes / (1 << 20) << " MiB, in "
                   << std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count()
                   << " ms";
}

Status Store::Impl::WriteOutAll() {
  {
    std::unique_lock<std::mutex> lock(writer_mu);
    writer_cv.wait(lock, [&] { return !writing_busy || writer_failed || stopping; });
    if (writing_busy) {  // the writer thread failed on it: try once more here
      std::unique_ptr<WriteBuffer> done;
      Status st = WriteOut(*writing, writing_last, [&] { done = std::move(writing); });
      if (!st.ok()) return st;
      done->Clear();
      spare = std::move(done);
      writing_busy = false;
    }
  }
  if (appends->empty()) return Status::Ok();
  return WriteOut(*appends, next_journal - 1, [&] { appends->Clear(); });
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
  db_options.keep_log_file_num = 5;
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
  cf_options.memtable_prefix_bloom_size_ratio = 0.05;

  // The near-duplicate index has fixed-width keys ("c" band bucket, "s" item
  // number) read only by exact key: a hashed memtable makes its 37 writes and
  // lookups per item O(1) instead of skiplist walks (see bench/dedup_bench).
  rocksdb::ColumnFamilyOptions neardup_options = cf_options;
  neardup_options.prefix_extractor.reset(rocksdb::NewCappedPrefixTransform(9));
  neardup_options.memtable_factory.reset(rocksdb::NewHashLinkListRepFactory(1 << 18));
  db_options.allow_concurrent_memtable_write = false;  // required by the hashed memtable

  // Stays alive as long as the DB: owned by Impl.
  impl->expiry = std::make_unique<NearDupExpiry>(options.near_duplicate_window);
  neardup_options.compaction_filter = impl->expiry.get();
  // Expired entries go even where no write triggers a compaction.
  neardup_options.periodic_compaction_seconds = 24 * 3600;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, cf_options);
  for (Family f : kAllFamilies)
    impl->family_options.emplace_back(db_options,
                                      f == Family::kNearDup ? neardup_options : cf_options);
  for (Family f : kAllFamilies)
    descriptors.emplace_back(FamilyName(f), f == Family::kNearDup ? neardup_options : cf_options);
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
  uint64_t depth = 0;
  std::unique_ptr<rocksdb::Iterator> it(
      impl->db->NewIterator(rocksdb::ReadOptions(), impl->cf(Family::kOutbox)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++depth;
  impl->depth = depth;
  if (Status st = impl->ReplayJournal(); !st.ok()) return st;
  if (impl->filtering()) {
    std::lock_guard<std::mutex> lock(impl->writer_mu);
    impl->RequestFilter();
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

std::optional<std::string> Store::Get(Family f, std::string_view key) const {
  // Held across the RocksDB read and the buffers: a write-out moves appends
  // from one to the other only with it held exclusively.
  std::shared_lock<std::shared_mutex> read(impl_->buffer_mu);
  // The filter holds buffered keys too: what it rules out is nowhere.
  if (impl_->FilteredOut(f, key)) return std::nullopt;
  std::optional<std::string> value;
  if (impl_->AnyBuffered() && impl_->Buffered(f, key, &value)) return value;  // a buffered put
  value.reset();
  std::string stored;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->cf(f),
                                     rocksdb::Slice(key.data(), key.size()), &stored);
  if (!s.ok() && !s.IsNotFound()) {
    NEWSD_LOG(kError) << "store: get in " << FamilyName(f) << ": " << s.ToString();
    return std::nullopt;
  }
  if (s.ok()) value = std::move(stored);
  if (impl_->AnyBuffered()) impl_->Buffered(f, key, &value);
  return value;
}

std::vector<std::optional<std::string>> Store::MultiGet(
    Family f, const std::vector<std::string>& keys) const {
  std::shared_lock<std::shared_mutex> read(impl_->buffer_mu);  // as in Get
  // Keys whose buffered write is a put are answered here; of the rest, the
  // ones the filter does not rule out go to RocksDB.
  std::vector<std::optional<std::string>> out(keys.size());
  const bool buffered = impl_->AnyBuffered();
  std::vector<size_t> asked;
  asked.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (impl_->FilteredOut(f, keys[i])) continue;  // buffered keys are in the filter too
    if (buffered && impl_->Buffered(f, keys[i], &out[i])) continue;
    out[i].reset();
    asked.push_back(i);
  }
  std::vector<rocksdb::Slice> slices;
  slices.reserve(asked.size());
  for (size_t i : asked) slices.emplace_back(keys[i]);
  std::vector<rocksdb::PinnableSlice> values(asked.size());
  std::vector<rocksdb::Status> statuses(asked.size());
  if (!asked.empty())
    impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->cf(f), asked.size(), slices.data(),
                        values.data(), statuses.data());
  for (size_t j = 0; j < asked.size(); ++j) {
    const size_t i = asked[j];
    if (statuses[j].ok()) {
      out[i] = values[j].ToString();
    } else if (!statuses[j].IsNotFound()) {
      NEWSD_LOG(kError) << "store: multiget in " << FamilyName(f) << ": " << statuses[j].ToString();
      continue;
    }
    if (buffered) impl_->Buffered(f, keys[i], &out[i]);
  }
  return out;
}

void Store::ScanPrefix(Family f, std::string_view prefix,
                       const std::function<bool(std::string_view, std::string_view)>& fn) const {
  rocksdb::ReadOptions ro;
  // Ordered over the whole family, whatever its memtable (the near-duplicate
  // family's hashed memtable would otherwise only see one hash prefix).
  ro.total_order_seek = true;
  std::unique_ptr<rocksdb::Iterator> it;
  rocksdb::Slice p(prefix.data(), prefix.size());
  // Buffered appends under the prefix, merged into the scan in key order.
  // The iterator is made in the same instant (as in Get).
  struct Buffered {
    std::string key;
    bool put;  // replaces the stored value
    std::string bytes;
  };
  std::vector<Buffered> buffered;
  {
    std::shared_lock<std::shared_mutex> read(impl_->buffer_mu);
    it.reset(impl_->db->NewIterator(ro, impl_->cf(f)));
    std::map<std::string, std::pair<bool, std::string>, std::less<>> merged;  // older buffer first
    auto collect = [&](std::string_view k, std::string_view v, bool put) {
      auto& [replaces, bytes] = merged[std::string(k)];
      if (put) bytes.clear();
      replaces = replaces || put;
      bytes += v;
    };
    if (impl_->writing) impl_->writing->ForEachWithPrefix(f, prefix, collect);
    impl_->appends->ForEachWithPrefix(f, prefix, collect);
    for (auto& [k, v] : merged) buffered.push_back({k, v.first, std::move(v.second)});
  }
  auto next = buffered.begin();
  it->Seek(p);
  while (true) {
    const bool stored = it->Valid() && it->key().starts_with(p);
    if (!stored && next == buffered.end()) break;
    std::string_view key = stored ? std::string_view(it->key().data(), it->key().size()) : "";
    if (next != buffered.end() && (!stored || next->key < key)) {
      if (!fn(next->key, next->bytes)) return;
      ++next;
      continue;
    }
    std::string_view value(it->value().data(), it->value().size());
    if (next != buffered.end() && next->key == key) {
      std::string merged = next->put ? next->bytes : std::string(value) + next->bytes;
      ++next;
      if (!fn(key, merged)) return;
    } else if (!fn(key, value)) {
      return;
    }
    it->Next();
  }
}

Status Store::Commit(const WriteSet& ws) {
  if (ws.empty()) return Status::Ok();
  std::lock_guard<std::mutex> lock(impl_->commit_mu);
  bool buffer = impl_->buffering();
  if (buffer) {
    // A write to a list the buffer cannot take (a delete, a value too
    // large) must land after the buffered ones: the buffer is written out
    // first and this set goes to RocksDB whole.
    for (const auto& op : ws.ops) {
      if (!impl_->Filtered(op.family, op.key) || impl_->Bufferable(op)) continue;
      if (Status st = impl_->WriteOutAll(); !st.ok()) return st;
      buffer = false;
      break;
    }
  }
  rocksdb::WriteBatch batch;
  std::string journal;
  for (const auto& op : ws.ops) {
    if (buffer && impl_->Bufferable(op)) {
      EncodeJournalWrite(&journal, op);
      continue;
    }
    rocksdb::Status s = op.append  ? batch.Merge(impl_->cf(op.family), op.key, *op.value)
                        : op.value ? batch.Put(impl_->cf(op.family), op.key, *op.value)
                                   : batch.Delete(impl_->cf(op.family), op.key);
    if (!s.ok()) return Status::Internal("write batch: " + s.ToString());
  }
  if (!journal.empty())
    batch.Put(impl_->cf(Family::kMeta), keys::AppendJournal(impl_->next_journal), journal);
  uint64_t seq = impl_->next_seq;
  for (const auto& m : ws.outbox)
    batch.Put(impl_->cf(Family::kOutbox), BigEndian64(seq++), EncodeOutboxMessage(m));
  if (!ws.outbox.empty()) batch.Put(impl_->cf(Family::kMeta), keys::kOutboxSeq, BigEndian64(seq));
  rocksdb::WriteOptions wo;
  wo.sync = impl_->options.sync;
  rocksdb::Status s = impl_->db->Write(wo, &batch);
  if (!s.ok()) return Status::IOError("commit: " + s.ToString());
  impl_->next_seq = seq;
  impl_->depth += ws.outbox.size();
  if (!journal.empty()) ++impl_->next_journal;
  size_t held = 0;
  bool filter_full = false;
  {
    std::unique_lock<std::shared_mutex> write(impl_->buffer_mu);
    for (const auto& op : ws.ops) {
      if (op.value) impl_->RecordKey(op.family, op.key);
      if (!journal.empty() && impl_->Bufferable(op))
        impl_->appends->Add(op.family, op.key, *op.value, !op.append);
    }
    held = impl_->appends->bytes();
    filter_full =
        impl_->filter && !impl_->building && impl_->filter->inserted() > impl_->filter->capacity();
  }
  if (filter_full) {
    std::lock_guard<std::mutex> lock(impl_->writer_mu);
    impl_->RequestFilter();
  }
  if (journal.empty()) return Status::Ok();
  // Written out by the writer thread; the commit stands whatever happens
  // there (the writes stay buffered and journaled until they are out).
  if (held >= impl_->options.list_buffer_bytes) impl_->HandOff();
  return Status::Ok();
}

Status Store::WriteOutLists() {
  if (!impl_->buffering()) return Status::Ok();
  std::lock_guard<std::mutex> lock(impl_->commit_mu);
  return impl_->WriteOutAll();
}

size_t Store::ListFilterBytes() const {
  std::shared_lock<std::shared_mutex> read(impl_->buffer_mu);
  return impl_->filter ? impl_->filter->bytes() : 0;
}

bool Store::WaitForListFilter(std::chrono::milliseconds timeout) const {
  if (!impl_->filtering()) return false;
  std::shared_lock<std::shared_mutex> read(impl_->buffer_mu);
  return impl_->filter_ready.wait_for(read, timeout, [&] { return impl_->filter != nullptr; });
}

size_t Store::BufferedListWrites() const {
  std::shared_lock<std::shared_mutex> read(impl_->buffer_mu);
  return impl_->appends->writes() + (impl_->writing ? impl_->writing->writes() : 0);
}

std::vector<OutboxRow> Store::ReadOutbox(uint64_t after, size_t max) const {
  std::vector<OutboxRow> rows;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(Family::kOutbox)));
  for (it->Seek(BigEndian64(after + 1)); it->Valid() && rows.size() < max; it->Next()) {
    OutboxRow row;
    row.seq = ReadBigEndian64(std::string_view(it->key().data(), it->key().size()));
    if (!DecodeOutboxMessage(std::string_view(it->value().data(), it->value().size()),
                             &row.message)) {
      NEWSD_LOG(kError) << "store: undecodable outbox row " << row.seq << " skipped";
      continue;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

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

Status Store::Flush() {
  if (impl_->options.read_only) return Status::Ok();
  if (Status st = WriteOutLists(); !st.ok()) return st;
  rocksdb::FlushOptions fo;
  rocksdb::Status s = impl_->db->Flush(fo, impl_->handles);
  if (!s.ok()) return Status::IOError("flush: " + s.ToString());
  return Status::Ok();
}

Status Store::CompactAll() {
  if (Status st = WriteOutLists(); !st.ok()) return st;
  rocksdb::CompactRangeOptions o;
  o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (auto* h : impl_->handles) {
    rocksdb::Status s = impl_->db->CompactRange(o, h, nullptr, nullptr);
    if (!s.ok()) return Status::IOError("compaction: " + s.ToString());
  }
  return Status::Ok();
}

std::string Store::Property(Family f, const std::string& name) const {
  std::string v;
  return impl_->db->GetProperty(impl_->cf(f), name, &v) ? v : std::string();
}

bool Store::WriteStopped() const {
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
