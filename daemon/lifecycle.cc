#include "daemon/lifecycle.h"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <thread>

namespace newsd {
namespace {

std::atomic<int> g_stop_signals{0};
std::atomic<int64_t> g_first_stop_ms{0};
std::atomic<bool> g_reload{false};

int64_t MonotonicMs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);  // async-signal-safe
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

void OnStop(int) {
  // The same signal often arrives twice at once (sent to the process and to
  // its group): only a second one at least 500 ms later means "now".
  int64_t now = MonotonicMs();
  if (g_stop_signals.fetch_add(1) == 0) {
    g_first_stop_ms = now;
  } else if (now - g_first_stop_ms.load() >= 500) {
    static const char kMsg[] = "newsd: second signal, exiting at once\n";
    ssize_t unused = ::write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
    (void)unused;
    _exit(1);
  }
}

void OnHup(int) { g_reload = true; }

}  // namespace

void InstallSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnStop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  sa.sa_handler = OnHup;
  sigaction(SIGHUP, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

bool StopRequested() { return g_stop_signals.load() > 0; }

bool TakeReloadRequest() { return g_reload.exchange(false); }

void SleepUnlessStopped(std::chrono::milliseconds d) {
  auto end = std::chrono::steady_clock::now() + d;
  while (!StopRequested() && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
        std::chrono::milliseconds(100), std::chrono::duration_cast<std::chrono::milliseconds>(
                                            end - std::chrono::steady_clock::now()) +
                                            std::chrono::milliseconds(1)));
}

void Notify(const std::string& state) {
  // sd_notify(3) blocks while the reader's queue is full (ten datagrams by
  // default): a manager, or a test, that reads late would stall the loop,
  // shutdown included. This sends without waiting and drops the message
  // then; the next WATCHDOG=1 or STATUS= follows within seconds.
  const char* path = std::getenv("NOTIFY_SOCKET");
  if (!path || (path[0] != '/' && path[0] != '@')) return;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const size_t len = std::strlen(path);
  if (len >= sizeof addr.sun_path) return;
  std::memcpy(addr.sun_path, path, len);
  if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';  // abstract namespace
  static const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  ssize_t sent = sendto(fd, state.data(), state.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                        reinterpret_cast<const sockaddr*>(&addr),
                        static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + len));
  (void)sent;
}

std::optional<std::chrono::microseconds> WatchdogInterval() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) return std::chrono::microseconds(usec);
  return std::nullopt;
}

}  // namespace newsd
