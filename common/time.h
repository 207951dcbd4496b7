// Time values and the injectable clock.
//
// Every timestamp inside newsd is a Timestamp: UTC, millisecond precision.
// Code that needs "now" takes a Clock& so tests run on simulated time and
// never sleep.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsd {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The wall clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
  static SystemClock& Instance();
};

// A clock that only moves when told to. Not thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : now_(start) {}
  Timestamp Now() const override { return now_; }
  void Advance(std::chrono::milliseconds d) { now_ += d; }
  void Set(Timestamp t) { now_ = t; }

 private:
  Timestamp now_;
};

// "2018-06-01T14:05:00Z" (seconds precision, UTC).
std::string FormatRfc3339(Timestamp t);
// "2018-06-01".
std::string FormatDate(Timestamp t);
// Parses the RFC 3339 form produced above (and offsets such as +02:00,
// fractional seconds, a date alone). Returns nullopt when it does not match.
std::optional<Timestamp> ParseRfc3339(std::string_view s);
// Milliseconds since the Unix epoch.
inline int64_t ToUnixMillis(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromUnixMillis(int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }

}  // namespace newsd
