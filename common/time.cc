#include "common/time.h"

#include <cstdio>

namespace newsd {

using namespace std::chrono;

Timestamp SystemClock::Now() const { return time_point_cast<milliseconds>(system_clock::now()); }

SystemClock& SystemClock::Instance() {
  static SystemClock clock;
  return clock;
}

std::string FormatRfc3339(Timestamp t) {
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss hms{floor<seconds>(t - day)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string FormatDate(Timestamp t) { return FormatRfc3339(t).substr(0, 10); }

namespace {
bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}
}  // namespace

std::optional<Timestamp> ParseRfc3339(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n'))
    s.remove_suffix(1);
  int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
  if (!Digits(s, 0, 4, &y)) return std::nullopt;
  size_t p = 4;
  if (p < s.size() && s[p] == '-') {
    if (!Digits(s, p + 1, 2, &mo)) return std::nullopt;
    p += 3;
    if (p < s.size() && s[p] == '-') {
      if (!Digits(s, p + 1, 2, &d)) return std::nullopt;
      p += 3;
    }
  }
  milliseconds frac{0};
  minutes offset{0};
  if (p < s.size() && (s[p] == 'T' || s[p] == 't' || s[p] == ' ')) {
    if (!Digits(s, p + 1, 2, &h) || p + 3 >= s.size() || s[p + 3] != ':' ||
        !Digits(s, p + 4, 2, &mi))
      return std::nullopt;
    p += 6;
    if (p < s.size() && s[p] == ':') {
      if (!Digits(s, p + 1, 2, &sec)) return std::nullopt;
      p += 3;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        int scale = 100, ms = 0;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
          ms += (s[p] - '0') * scale;
          scale /= 10;
          ++p;
        }
        frac = milliseconds(ms);
      }
    }
    if (p < s.size()) {
      if (s[p] == 'Z' || s[p] == 'z') {
        ++p;
      } else if (s[p] == '+' || s[p] == '-') {
        int oh, om = 0;
        if (!Digits(s, p + 1, 2, &oh)) return std::nullopt;
        size_t q = p + 3;
        if (q < s.size() && s[q] == ':') ++q;
        if (q < s.size() && !Digits(s, q, 2, &om)) return std::nullopt;
        if (q < s.size()) q += 2;
        offset = minutes((oh * 60 + om) * (s[p] == '-' ? -1 : 1));
        p = q;
      }
    }
  }
  if (p != s.size()) return std::nullopt;
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  Timestamp t = sys_days(ymd) + hours(h) + minutes(mi) + seconds(sec) + frac;
  return t - offset;
}

}  // namespace newsd
