// Logging to stderr. Under systemd (JOURNAL_STREAM set) lines carry the
// "<N>" priority prefix journald understands; elsewhere a UTC timestamp and
// the level name. Thread-safe: each line is written with one write(2).
//
//   NEWSD_LOG(kInfo) << "fetched " << url << " status=" << code;
#pragma once

#include <sstream>
#include <string_view>

namespace newsd {

enum class LogLevel { kError = 3, kWarning = 4, kNotice = 5, kInfo = 6, kDebug = 7 };

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
// "error", "warning", "notice", "info", "debug"; false if unknown.
bool ParseLogLevel(std::string_view name, LogLevel* out);
void WriteLogLine(LogLevel level, std::string_view line);

class LogMessage {
 public:
  explicit LogMessage(LogLevel level) : level_(level) {}
  ~LogMessage() { WriteLogLine(level_, stream_.str()); }
  std::ostream& stream() { return stream_; }

 private:
  LogLevel level_;
  std::ostringstream stream_;
};

// Turns the stream expression into void so it fits a conditional expression.
struct LogVoidify {
  void operator&(std::ostream&) {}
};

}  // namespace newsd

// An expression, not an if-statement: safe inside unbraced if/else.
#define NEWSD_LOG(level)                              \
  (::newsd::LogLevel::level > ::newsd::GetLogLevel()) \
      ? (void)0                                       \
      : ::newsd::LogVoidify() & ::newsd::LogMessage(::newsd::LogLevel::level).stream()

// The same with the level a value (a LogLevel expression).
#define NEWSD_LOG_AT(level_value)          \
  ((level_value) > ::newsd::GetLogLevel()) \
      ? (void)0                            \
      : ::newsd::LogVoidify() & ::newsd::LogMessage(level_value).stream()
