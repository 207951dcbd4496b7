// Process lifecycle: signals and the systemd notify protocol.
//
// SIGTERM/SIGINT request a graceful stop; a second one exits at once
// (RocksDB's write-ahead log keeps the store consistent). SIGHUP requests a
// reload. Notify() speaks the sd_notify(3) protocol when NOTIFY_SOCKET is
// set, without ever blocking (a message the reader has no room for is
// dropped), and is a no-op otherwise.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace newsd {

void InstallSignalHandlers();
bool StopRequested();
// True once per SIGHUP received.
bool TakeReloadRequest();
// Sleeps up to `d`, returning early when a stop is requested.
void SleepUnlessStopped(std::chrono::milliseconds d);

// Sends "READY=1", "STOPPING=1", "STATUS=...", "WATCHDOG=1", ...
void Notify(const std::string& state);
// The watchdog interval systemd expects pings within, if enabled.
std::optional<std::chrono::microseconds> WatchdogInterval();

}  // namespace newsd
