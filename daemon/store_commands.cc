// The commands that read or repair the store: timeline, check-store and
// the outbox quarantine (outbox list / retry).
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "common/keys.h"
#include "common/log.h"
#include "common/state.h"
#include "daemon/api.h"
#include "daemon/command_util.h"
#include "daemon/commands.h"
#include "daemon/engine.h"
#include "pipeline/json_codec.h"
#include "pipeline/records.h"
#include "store/store.h"

namespace newsd {

namespace fs = std::filesystem;

namespace {

// The store opened read-only (beside a running daemon too), or null after
// saying on stderr why not.
std::unique_ptr<Store> OpenStoreReadOnlyOrReport(StoreOptions so) {
  so.read_only = true;
  if (!fs::exists(so.path)) {
    std::cerr << "newsd: no store at " << so.path << " (has newsd run yet?)\n";
    return nullptr;
  }
  auto store = Store::Open(so);
  if (!store.ok()) {
    std::cerr << "newsd: " << store.status().message() << "\n";
    return nullptr;
  }
  return std::move(store).value();
}

}  // namespace

int RunTimeline(const TimelineArgs& args) {
  auto config = LoadConfigOrReport(args.config);
  if (!config.ok()) return kExitUsage;
  auto gaz = LoadGazetteer(*config);
  const std::string key = ResolveEntityKey(gaz.ok() ? gaz->get() : nullptr, args.entity);
  auto store = OpenStoreReadOnlyOrReport(config->store);
  if (!store) return kExitFailure;
  std::string prefix = keys::TimelinePrefix(key);
  size_t printed = 0;
  store->ScanPrefix(Family::kTimeline, prefix, [&](std::string_view k, std::string_view) {
    Timestamp t = keys::TimelineTime(k, prefix.size());
    if (args.until && t >= *args.until) return true;
    if (args.since && t < *args.since) return false;  // newest first: the rest is older
    auto ev = store->Get(Family::kEvents, keys::TimelineEventId(k, prefix.size()));
    if (!ev) return true;
    auto json = EventRecordJson(*ev);
    if (!json.ok()) return true;
    std::cout << *json << "\n";
    return ++printed < args.limit;
  });
  if (printed == 0)
    std::cerr << "newsd: no events for \"" << args.entity << "\" (key \"" << key << "\")\n";
  if (uint64_t failed = store->ReadErrors(); failed > 0) {
    std::cerr << "newsd: " << failed
              << " store reads failed (logged above): the timeline may miss events; "
                 "`newsd check-store` names the damaged files\n";
    return kExitFailure;
  }
  return kExitOk;
}

int RunCheckStore(const std::string& config_path) {
  auto config = LoadConfigOrReport(config_path);
  if (!config.ok()) return kExitUsage;
  auto store = OpenStoreReadOnlyOrReport(config->store);
  if (!store) return kExitFailure;
  // RocksDB 7.8's checksum pass opens every table without its unique id
  // and warns about that each time: noise about the check, not the store.
  // What it finds comes back in the status.
  const LogLevel level = GetLogLevel();
  SetLogLevel(LogLevel::kError);
  Status s = store->VerifyChecksums();
  SetLogLevel(level);
  if (!s.ok()) {
    std::cerr << "newsd: store at " << config->store.path << " is damaged: " << s.message() << "\n";
    return kExitFailure;
  }
  std::cout << "store at " << config->store.path << ": every block's checksum ok ("
            << store->ApproximateSizeBytes() << " bytes in tables, outbox depth "
            << store->OutboxDepth() << ")\n";
  return store->ReadErrors() == 0 ? kExitOk : kExitFailure;
}

namespace {

// The store opened for writing, or null after saying why not (a running
// daemon holds its lock: stop it first).
std::unique_ptr<Store> OpenStoreForWriteOrReport(StoreOptions so) {
  if (!fs::exists(so.path)) {
    std::cerr << "newsd: no store at " << so.path << " (has newsd run yet?)\n";
    return nullptr;
  }
  auto store = Store::Open(so);
  if (!store.ok()) {
    std::cerr << "newsd: " << store.status().message()
              << " (is newsd running? stop it first: systemctl stop newsd)\n";
    return nullptr;
  }
  return std::move(store).value();
}

}  // namespace

int RunOutboxList(const std::string& config_path, bool json) {
  auto config = LoadConfigOrReport(config_path);
  if (!config.ok()) return kExitUsage;
  auto store = OpenStoreReadOnlyOrReport(config->store);
  if (!store) return kExitFailure;
  const auto rows = store->ListQuarantine();
  for (const auto& r : rows) {
    if (json) {
      std::cout << DumpJson(nlohmann::json{
                       {"seq", r.seq},
                       {"quarantined", FormatRfc3339(FromUnixMillis(r.quarantined_ms))},
                       {"reason", r.reason},
                       {"topic", r.message.topic},
                       {"key", r.message.key},
                       {"bytes", r.message.value.size()}})
                << "\n";
    } else {
      std::cout << r.seq << "\t" << FormatRfc3339(FromUnixMillis(r.quarantined_ms)) << "\t"
                << r.message.topic << "\t" << r.message.key << "\t" << r.message.value.size()
                << " bytes\t" << r.reason << "\n";
    }
  }
  if (!json)
    std::cerr << rows.size() << " quarantined row(s); outbox depth " << store->OutboxDepth()
              << "\n";
  return kExitOk;
}

int RunOutboxRetry(const std::string& config_path, uint64_t seq) {
  auto config = LoadConfigOrReport(config_path);
  if (!config.ok()) return kExitUsage;
  auto store = OpenStoreForWriteOrReport(config->store);
  if (!store) return kExitFailure;
  auto moved = store->RetryQuarantine(seq);
  if (!moved.ok()) {
    std::cerr << "newsd: " << moved.status().message() << "\n";
    return moved.status().code() == Status::Code::kNotFound ? kExitUsage : kExitFailure;
  }
  if (Status s = store->Flush(); !s.ok()) {
    std::cerr << "newsd: " << s.message() << "\n";
    return kExitFailure;
  }
  std::cout << *moved << " row(s) back in the outbox; newsd publishes them when it runs\n";
  return kExitOk;
}

}  // namespace newsd
