#include "common/log.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "common/ascii.h"
#include "common/time.h"

namespace newsd {
namespace {
std::atomic<LogLevel> g_level{LogLevel::kInfo};
const bool g_journal = std::getenv("JOURNAL_STREAM") != nullptr;

const char* LevelName(LogLevel l) {
  switch (l) {
    case LogLevel::kError:
      return "error";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kNotice:
      return "notice";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kDebug:
      return "debug";
  }
  return "info";
}
}  // namespace

void SetLogLevel(LogLevel level) { g_level = level; }
LogLevel GetLogLevel() { return g_level; }

bool ParseLogLevel(std::string_view name, LogLevel* out) {
  for (LogLevel l : {LogLevel::kError, LogLevel::kWarning, LogLevel::kNotice, LogLevel::kInfo,
                     LogLevel::kDebug}) {
    if (name == LevelName(l)) {
      *out = l;
      return true;
    }
  }
  return false;
}

void WriteLogLine(LogLevel level, std::string_view line) {
  std::string out;
  if (g_journal) {
    out = "<" + std::to_string(static_cast<int>(level)) + ">";
  } else {
    out = FormatRfc3339(SystemClock::Instance().Now()) + " " + LevelName(level) + " ";
  }
  // One message, one line: nothing from outside can forge another line or
  // drive the terminal.
  out.append(EscapeControls(line));
  out.push_back('\n');
  ssize_t unused = ::write(STDERR_FILENO, out.data(), out.size());
  (void)unused;
}

}  // namespace newsd
