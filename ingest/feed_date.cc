#include "ingest/feed_date.h"

#include <cctype>
#include <string>
#include <vector>

#include "common/ascii.h"

namespace newsd {
namespace {

using namespace std::chrono;

// English month names and abbreviations, and those of the languages whose
// feeds most often localize RFC 822 dates (German, French, Spanish, Italian,
// Portuguese, Dutch): "Mär", "févr.", "ago", "mrt", ... Compared without
// case and trailing dots; accented letters as UTF-8.
int MonthFromName(std::string_view name) {
  std::string l = AsciiLower(name);
  while (!l.empty() && l.back() == '.') l.pop_back();
  static const std::vector<std::pair<std::string_view, int>> kNames = {
      // English (three-letter prefixes match the full names below).
      {"jan", 1},
      {"feb", 2},
      {"mar", 3},
      {"apr", 4},
      {"may", 5},
      {"jun", 6},
      {"jul", 7},
      {"aug", 8},
      {"sep", 9},
      {"oct", 10},
      {"nov", 11},
      {"dec", 12},
      // German
      {"j\xc3\xa4n", 1},
      {"m\xc3\xa4r", 3},
      {"m\xc3\xa4rz", 3},
      {"mrz", 3},
      {"mai", 5},
      {"okt", 10},
      {"dez", 12},
      // French
      {"janv", 1},
      {"f\xc3\xa9vr", 2},
      {"fevr", 2},
      {"f\xc3\xa9v", 2},
      {"mars", 3},
      {"avr", 4},
      {"juin", 6},
      {"juil", 7},
      {"ao\xc3\xbbt", 8},
      {"aout", 8},
      {"sept", 9},
      {"d\xc3\xa9"
       "c",
       12},
      // Spanish, Portuguese, Italian
      {"ene", 1},
      {"abr", 4},
      {"ago", 8},
      {"set", 9},
      {"dic", 12},
      {"fev", 2},
      {"out", 10},
      {"gen", 1},
      {"mag", 5},
      {"giu", 6},
      {"lug", 7},
      {"ott", 10},
      // Dutch
      {"mrt", 3},
      {"mei", 5}};
  for (const auto& [n, month] : kNames)
    if (l == n) return month;
  // Full English names ("June", "September"), and "Sept".
  if (l.size() > 3) {
    static const char* kEnglish[] = {"january",   "february", "march",    "april",
                                     "may",       "june",     "july",     "august",
                                     "september", "october",  "november", "december"};
    for (int i = 0; i < 12; ++i)
      if (std::string_view(kEnglish[i]).rfind(l, 0) == 0) return i + 1;
    // Other full names by their first three letters ("Juni", "Oktober").
    for (const auto& [n, month] : kNames)
      if (n.size() == 3 && l.compare(0, 3, n) == 0) return month;
  }
  return 0;
}

// Offset in minutes for a zone token, or false if unknown.
bool ZoneOffset(std::string_view z, int* minutes_out) {
  if (z.empty()) {
    *minutes_out = 0;
    return true;
  }
  if ((z[0] == '+' || z[0] == '-') && z.size() >= 3) {
    std::string digits;
    for (char c : z.substr(1))
      if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
    if (digits.size() == 2) digits += "00";
    if (digits.size() != 4) return false;
    int v = std::stoi(digits.substr(0, 2)) * 60 + std::stoi(digits.substr(2, 2));
    *minutes_out = z[0] == '-' ? -v : v;
    return true;
  }
  struct Named {
    const char* name;
    int hours;
  };
  static const Named kZones[] = {
      {"ut", 0},   {"utc", 0},  {"gmt", 0},  {"z", 0},    {"est", -5}, {"edt", -4},  {"cst", -6},
      {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}, {"bst", 1},   {"cet", 1},
      {"cest", 2}, {"eet", 2},  {"eest", 3}, {"jst", 9},  {"ist", 5},  {"aest", 10}, {"msk", 3}};
  std::string l = AsciiLower(z);
  for (const auto& n : kZones) {
    if (l == n.name) {
      *minutes_out = n.hours * 60 + (l == "ist" ? 30 : 0);
      return true;
    }
  }
  return false;
}

std::optional<Timestamp> ParseRfc822(std::string_view s) {
  // Tokenize on spaces and commas.
  std::vector<std::string> tok;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r') {
      if (!cur.empty()) tok.push_back(std::move(cur)), cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) tok.push_back(std::move(cur));
  size_t i = 0;
  if (i < tok.size() && !std::isdigit(static_cast<unsigned char>(tok[i][0]))) ++i;  // weekday
  if (i + 3 > tok.size()) return std::nullopt;
  int d, mo, y;
  try {
    // "01 Jun 2018" or (rarely) "Jun 01 2018".
    if (std::isdigit(static_cast<unsigned char>(tok[i][0]))) {
      d = std::stoi(tok[i]);
      mo = MonthFromName(tok[i + 1]);
    } else {
      mo = MonthFromName(tok[i]);
      d = std::stoi(tok[i + 1]);
    }
    y = std::stoi(tok[i + 2]);
  } catch (...) {
    return std::nullopt;
  }
  if (mo == 0) return std::nullopt;
  if (tok[i + 2].size() <= 2) y += y < 50 ? 2000 : 1900;
  i += 3;
  int h = 0, mi = 0, sec = 0;
  if (i < tok.size() && tok[i].find(':') != std::string::npos) {
    if (std::sscanf(tok[i].c_str(), "%d:%d:%d", &h, &mi, &sec) < 2) return std::nullopt;
    ++i;
  }
  int offset = 0;
  if (i < tok.size() && !ZoneOffset(tok[i], &offset)) offset = 0;  // unknown zone: assume UTC
  // News is not dated before 1900 or after 2200: such a "date" is garbage,
  // and the fetch time stands in for it.
  if (y < 1900 || y > 2200) return std::nullopt;
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return std::nullopt;
  Timestamp t = sys_days(ymd) + hours(h) + minutes(mi) + seconds(sec);
  return t - minutes(offset);
}

}  // namespace

std::optional<Timestamp> ParseFeedDate(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (auto t = ParseRfc3339(text)) {
    auto year = static_cast<int>(
        std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(*t)).year());
    if (year < 1900 || year > 2200) return std::nullopt;
    return t;
  }
  return ParseRfc822(text);
}

}  // namespace newsd
