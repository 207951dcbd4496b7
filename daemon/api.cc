#include "daemon/api.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <set>

#include "common/hash.h"
#include "common/json_text.h"
#include "common/keys.h"
#include "common/time.h"
#include "daemon/web_page.h"
#include "pipeline/extractor.h"
#include "pipeline/gazetteer.h"
#include "pipeline/json_codec.h"
#include "pipeline/records.h"
#include "pipeline/text.h"

namespace newsd {
namespace {

constexpr size_t kMaxParameters = 32;
// Bounds on the work of one request: entries a search or a filtered scan
// reads before it answers with what it has (and a cursor to go on).
constexpr size_t kMaxSearchCandidates = 1000;
constexpr size_t kMaxScannedEvents = 20'000;
constexpr size_t kMaxStoryEvents = 500;
constexpr size_t kMaxHistogramRows = 500'000;
constexpr auto kDefaultHistogramDays = std::chrono::days(120);
constexpr size_t kStreamBatch = 100;
constexpr auto kStreamKeepAlive = std::chrono::seconds(15);

using Params = std::map<std::string, std::string>;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return Status::InvalidArgument("a '%' escape is cut short");
      const int hi = HexValue(s[i + 1]);
      const int lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return Status::InvalidArgument("a '%' escape is not two hex digits");
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  if (!IsWellFormedUtf8(out)) return Status::InvalidArgument("a parameter is not UTF-8");
  for (unsigned char c : out)
    if (c < 0x20 || c == 0x7f)
      return Status::InvalidArgument("a parameter holds a control character");
  return out;
}

HttpResponse Json(std::string body) {
  HttpResponse r;
  r.content_type = "application/json";
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// An RFC 9457 problem document.
HttpResponse Problem(int status, std::string_view detail, std::string_view instance) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = JsonObjectWriter()
               .String("type", "about:blank")
               .String("title", HttpReason(status))
               .Int("status", status)
               .String("detail", detail)
               .String("instance", instance)
               .Finish();
  return r;
}

// Refuses parameters the endpoint does not know: a misspelt "lmit" would
// otherwise be silently ignored.
Status OnlyKnown(const Params& q, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : q)
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (auto k : known) (list += list.empty() ? "" : ", ") += k;
      return Status::InvalidArgument("unknown parameter \"" + name + "\" (known: " + list + ")");
    }
  return Status::Ok();
}

Result<size_t> Limit(const Params& q, size_t def, size_t max) {
  auto it = q.find("limit");
  if (it == q.end()) return def;
  const std::string& v = it->second;
  if (v.empty() || v.size() > 6 || !std::all_of(v.begin(), v.end(), ::isdigit))
    return Status::InvalidArgument("limit must be a number from 1 to " + std::to_string(max));
  size_t n = std::stoul(v);
  if (n < 1 || n > max)
    return Status::InvalidArgument("limit must be a number from 1 to " + std::to_string(max));
  return n;
}

Result<std::optional<Timestamp>> TimeParam(const Params& q, const std::string& name) {
  auto it = q.find(name);
  if (it == q.end()) return std::optional<Timestamp>();
  auto t = ParseRfc3339(it->second);
  if (!t) return Status::InvalidArgument(name + " must be an RFC 3339 time or a date (2018-06-01)");
  return std::optional<Timestamp>(*t);
}

// The since/until parameters, each optional: since inclusive, until
// exclusive.
struct TimeWindow {
  std::optional<Timestamp> since, until;
};
Result<TimeWindow> WindowParams(const Params& q) {
  auto since = TimeParam(q, "since");
  if (!since.ok()) return since.status();
  auto until = TimeParam(q, "until");
  if (!until.ok()) return until.status();
  return TimeWindow{*since, *until};
}

bool IsId(std::string_view id, std::string_view kind) {
  if (id.size() != kind.size() + 16 || !id.starts_with(kind)) return false;
  return std::all_of(id.begin() + static_cast<ptrdiff_t>(kind.size()), id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]), lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string EntityJson(const EntitySummary& s, std::string_view key) {
  return JsonObjectWriter()
      .String("name", s.canonical)
      .String("key", key)
      .String("type", EntityTypeName(s.type))
      .String("country", s.country)
      .String("code", s.code)
      .Int("events", s.events)
      .String("last_seen", s.last_seen_ms ? FormatRfc3339(FromUnixMillis(s.last_seen_ms)) : "")
      .Finish();
}

std::string JsonArray(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += values[i];
  }
  out += ']';
  return out;
}

// The JSON of the stored events found; missing and damaged ones are left out.
std::vector<std::string> EventsJson(const std::vector<std::optional<std::string>>& stored) {
  std::vector<std::string> out;
  for (const auto& raw : stored) {
    if (!raw) continue;
    if (auto json = EventRecordJson(*raw); json.ok()) out.push_back(std::move(json).value());
  }
  return out;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) (out += out.empty() ? "" : " ") += w;
  return out;
}

// A page of a timeline scan: where it starts (the cursor, else `until`),
// and the cursor of what follows the last key read.
struct TimelinePage {
  std::string prefix;
  std::string start;
};

Result<TimelinePage> PageOf(std::string_view entity_key, const Params& q,
                            const std::optional<Timestamp>& until) {
  TimelinePage p{keys::TimelinePrefix(entity_key), {}};
  p.start = p.prefix;
  if (until) {
    // Newest first under inverted times: the first entry before `until`.
    const uint64_t ms = static_cast<uint64_t>(ToUnixMillis(*until));
    p.start = p.prefix + BigEndian64(~ms + 1);
  }
  if (auto it = q.find("cursor"); it != q.end()) {
    auto raw = FromHex(it->second);
    if (!raw || raw->size() < 8 || raw->size() > 64)
      return Status::InvalidArgument("cursor is not one this API gave");
    // The smallest key after the one the last page ended on.
    std::string after = p.prefix + *raw + std::string(1, '\0');
    p.start = std::max(p.start, after);
  }
  return p;
}

}  // namespace

Result<std::map<std::string, std::string>> ParseQuery(std::string_view query) {
  Params out;
  size_t count = 0;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    if (++count > kMaxParameters)
      return Status::InvalidArgument("over " + std::to_string(kMaxParameters) + " parameters");
    size_t eq = part.find('=');
    auto name = PercentDecode(part.substr(0, eq), true);
    if (!name.ok()) return name.status();
    auto value = PercentDecode(eq == std::string_view::npos ? "" : part.substr(eq + 1), true);
    if (!value.ok()) return value.status();
    if (!out.emplace(*name, *value).second)
      return Status::InvalidArgument("parameter \"" + *name + "\" given twice");
  }
  return out;
}

Result<std::string> DecodePathSegment(std::string_view segment) {
  return PercentDecode(segment, false);
}

std::string ResolveEntityKey(const Gazetteer* gazetteer, std::string_view name) {
  if (gazetteer)
    if (const GazetteerEntry* e = gazetteer->Lookup(name)) return EntityKey(MakeEntity(*e, ""));
  Entity typed;
  typed.canonical = std::string(name);
  return EntityKey(typed);
}

Api::Api(const StateReader& state, const Gazetteer* gazetteer, ChangeSource changes)
    : state_(state), gazetteer_(gazetteer), changes_(std::move(changes)) {
  if (!gazetteer_) return;
  gazetteer_->ForEachAlias([&](std::string_view alias, const GazetteerEntry& e) {
    std::string form = JoinWords(SearchWords(alias));
    if (!form.empty()) aliases_.emplace_back(std::move(form), EntityKey(MakeEntity(e, "")));
  });
  std::sort(aliases_.begin(), aliases_.end());
  aliases_.erase(std::unique(aliases_.begin(), aliases_.end()), aliases_.end());
}

HttpResponse Api::Handle(const HttpRequest& req) const {
  const std::string& path = req.path;
  if (path == "/" || path == "/index.html") {
    HttpResponse r;
    r.content_type = "text/html; charset=utf-8";
    r.body = std::string(WebPage());
    // Everything the page needs is in it or under /api: nothing else loads.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; script-src 'unsafe-inline'; style-src "
                           "'unsafe-inline'; connect-src 'self'; img-src 'self' data:");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return r;
  }
  constexpr std::string_view kBase = "/api/v1/";
  if (!path.starts_with(kBase))
    return Problem(404, "no such page: the API is under /api/v1/, the web page at /", path);
  auto q = ParseQuery(req.query);
  if (!q.ok()) return Problem(400, q.status().message(), path);
  std::string_view rest = std::string_view(path).substr(kBase.size());
  auto resource = [&](std::string_view name, std::string* arg) -> bool {
    if (!rest.starts_with(name) || rest.size() <= name.size() + 1 || rest[name.size()] != '/')
      return false;
    std::string_view seg = rest.substr(name.size() + 1);
    if (seg.find('/') != std::string_view::npos) return false;
    auto decoded = DecodePathSegment(seg);
    if (!decoded.ok()) return false;
    *arg = std::move(decoded).value();
    return !arg->empty();
  };
  std::string arg;
  if (rest == "entities") return Entities(*q);
  if (rest == "events") return Events(*q);
  if (rest == "stream") return Stream(req);
  if (resource("timeline", &arg)) return Timeline(arg, *q);
  if (resource("histogram", &arg)) return Histogram(arg, *q);
  if (resource("events", &arg)) return Event(arg);
  if (resource("stories", &arg)) return Story(arg);
  return Problem(404,
                 "no such resource: entities, timeline/{entity}, histogram/{entity}, events, "
                 "events/{id}, stories/{id}, stream",
                 path);
}

HttpResponse Api::Entities(const Params& q) const {
  const std::string instance = "/api/v1/entities";
  if (Status s = OnlyKnown(q, {"q", "limit"}); !s.ok()) return Problem(400, s.message(), instance);
  auto limit = Limit(q, 10, 100);
  if (!limit.ok()) return Problem(400, limit.status().message(), instance);
  auto it = q.find("q");
  const std::string form = it == q.end() ? "" : JoinWords(SearchWords(it->second));
  if (form.empty()) return Problem(400, "q must hold a word to search for", instance);

  std::set<std::string> candidates;
  size_t scanned = 0;
  state_.ScanPrefix(Family::kEntities, keys::EntityNamePrefix(form),
                    [&](std::string_view k, std::string_view) {
                      size_t nul = k.find('\0');
                      if (nul != std::string_view::npos) candidates.emplace(k.substr(nul + 1));
                      return ++scanned < kMaxSearchCandidates;
                    });
  for (auto a =
           std::lower_bound(aliases_.begin(), aliases_.end(), std::make_pair(form, std::string()));
       a != aliases_.end() && a->first.starts_with(form) && scanned < 2 * kMaxSearchCandidates;
       ++a, ++scanned)
    candidates.insert(a->second);

  std::vector<std::string> summary_keys;
  std::vector<std::string> entity_keys(candidates.begin(), candidates.end());
  for (const auto& k : entity_keys) summary_keys.push_back(keys::EntitySummaryKey(k));
  auto stored = state_.MultiGet(Family::kEntities, summary_keys);
  std::vector<std::pair<EntitySummary, std::string>> found;
  for (size_t i = 0; i < stored.size(); ++i)
    if (stored[i])
      if (auto s = DecodeEntitySummary(*stored[i]))
        found.emplace_back(std::move(*s), entity_keys[i]);
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    if (a.first.events != b.first.events) return a.first.events > b.first.events;
    if (a.first.last_seen_ms != b.first.last_seen_ms)
      return a.first.last_seen_ms > b.first.last_seen_ms;
    return a.second < b.second;
  });
  if (found.size() > *limit) found.resize(*limit);
  std::vector<std::string> out;
  for (const auto& [s, key] : found) out.push_back(EntityJson(s, key));
  return Json(
      JsonObjectWriter().String("query", it->second).Raw("entities", JsonArray(out)).Finish());
}

HttpResponse Api::Timeline(const std::string& entity, const Params& q) const {
  const std::string instance = "/api/v1/timeline/" + entity;
  if (Status s = OnlyKnown(q, {"since", "until", "limit", "cursor"}); !s.ok())
    return Problem(400, s.message(), instance);
  auto limit = Limit(q, 50, 500);
  if (!limit.ok()) return Problem(400, limit.status().message(), instance);
  auto window = WindowParams(q);
  if (!window.ok()) return Problem(400, window.status().message(), instance);
  const std::optional<Timestamp>& since = window->since;
  const std::optional<Timestamp>& until = window->until;
  const std::string key = ResolveEntityKey(gazetteer_, entity);
  if (key.empty()) return Problem(400, "the entity name is empty", instance);
  auto page = PageOf(key, q, until);
  if (!page.ok()) return Problem(400, page.status().message(), instance);

  std::vector<std::string> ids;
  std::string last_suffix;
  bool more = false;
  state_.ScanPrefixFrom(Family::kTimeline, page->prefix, page->start,
                        [&](std::string_view k, std::string_view) {
                          if (since && keys::TimelineTime(k, page->prefix.size()) < *since)
                            return false;  // newest first: the rest is older
                          if (ids.size() == *limit) {
                            more = true;
                            return false;
                          }
                          ids.emplace_back(keys::TimelineEventId(k, page->prefix.size()));
                          last_suffix = std::string(k.substr(page->prefix.size()));
                          return true;
                        });
  std::vector<std::string> out = EventsJson(state_.MultiGet(Family::kEvents, ids));

  auto summary_raw = state_.Get(Family::kEntities, keys::EntitySummaryKey(key));
  std::optional<EntitySummary> summary;
  if (summary_raw) summary = DecodeEntitySummary(*summary_raw);
  if (!summary && ids.empty() && q.find("cursor") == q.end() && !since && !until)
    return Problem(404, "no events name \"" + entity + "\"", instance);
  if (!summary) summary = EntitySummary{entity, EntityType::kNone, "", "", 0, 0};
  return Json(JsonObjectWriter()
                  .Raw("entity", EntityJson(*summary, key))
                  .Raw("events", JsonArray(out))
                  .Raw("next_cursor", more ? "\"" + ToHex(last_suffix) + "\"" : "null")
                  .Finish());
}

// CAMEO's quad classes by root code: 1 verbal cooperation (01-05), 2
// material cooperation (06-08), 3 verbal conflict (09-13), 4 material
// conflict (14-20); 0 when the code is unknown.
static int QuadClass(std::string_view code) {
  if (code.size() < 2 || !std::isdigit(static_cast<unsigned char>(code[0])) ||
      !std::isdigit(static_cast<unsigned char>(code[1])))
    return 0;
  const int root = (code[0] - '0') * 10 + (code[1] - '0');
  if (root < 1 || root > 20) return 0;
  return root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
}

HttpResponse Api::Histogram(const std::string& entity, const Params& q) const {
  const std::string instance = "/api/v1/histogram/" + entity;
  if (Status s = OnlyKnown(q, {"since", "until"}); !s.ok())
    return Problem(400, s.message(), instance);
  auto window = WindowParams(q);
  if (!window.ok()) return Problem(400, window.status().message(), instance);
  const std::optional<Timestamp>& since = window->since;
  const std::optional<Timestamp>& until = window->until;
  const std::string key = ResolveEntityKey(gazetteer_, entity);
  if (key.empty()) return Problem(400, "the entity name is empty", instance);
  const std::string prefix = keys::TimelinePrefix(key);
  // Without `until`: up to the day after the entity's newest event.
  Timestamp end;
  if (until) {
    end = *until;
  } else {
    bool any = false;
    state_.ScanPrefix(Family::kTimeline, prefix, [&](std::string_view k, std::string_view) {
      end = keys::TimelineTime(k, prefix.size());
      any = true;
      return false;
    });
    if (!any) return Problem(404, "no events name \"" + entity + "\"", instance);
    end = FromUnixMillis((ToUnixMillis(end) / 86'400'000 + 1) * 86'400'000);
  }
  const Timestamp start = since ? *since : end - kDefaultHistogramDays;
  if (start >= end) return Problem(400, "since must be before until", instance);
  auto page = PageOf(key, {}, end);
  // Keyed by day number: formatting a date per row would cost more than
  // the scan.
  std::map<int64_t, std::array<int64_t, 5>> days;
  size_t rows = 0;
  bool truncated = false;
  state_.ScanPrefixFrom(Family::kTimeline, page->prefix, page->start,
                        [&](std::string_view k, std::string_view v) {
                          const Timestamp t = keys::TimelineTime(k, prefix.size());
                          if (t < start) return false;
                          if (++rows > kMaxHistogramRows) {
                            truncated = true;
                            return false;
                          }
                          ++days[ToUnixMillis(t) / 86'400'000][static_cast<size_t>(QuadClass(v))];
                          return true;
                        });
  std::vector<std::string> out;
  for (const auto& [day, counts] : days) {
    std::vector<std::string> numbers;
    for (int64_t n : counts) numbers.push_back(std::to_string(n));
    out.push_back(JsonObjectWriter()
                      .String("day", FormatDate(FromUnixMillis(day * 86'400'000)))
                      .Raw("counts", JsonArray(numbers))
                      .Finish());
  }
  return Json(JsonObjectWriter()
                  .String("since", FormatRfc3339(start))
                  .String("until", FormatRfc3339(end))
                  .Raw("days", JsonArray(out))
                  .Bool("truncated", truncated)
                  .Finish());
}

HttpResponse Api::Event(const std::string& id) const {
  const std::string instance = "/api/v1/events/" + id;
  if (!IsId(id, "ev-"))
    return Problem(400, "an event id is \"ev-\" and 16 lower-case hex digits", instance);
  auto e = state_.Get(Family::kEvents, id);
  if (!e) return Problem(404, "no event " + id + " in the store", instance);
  auto json = EventRecordJson(*e);
  if (!json.ok()) return Problem(500, "the event record is damaged", instance);
  return Json(std::move(json).value());
}

HttpResponse Api::Events(const Params& q) const {
  const std::string instance = "/api/v1/events";
  if (Status s = OnlyKnown(q, {"code", "country", "since", "until", "limit", "cursor"}); !s.ok())
    return Problem(400, s.message(), instance);
  auto limit = Limit(q, 50, 500);
  if (!limit.ok()) return Problem(400, limit.status().message(), instance);
  auto window = WindowParams(q);
  if (!window.ok()) return Problem(400, window.status().message(), instance);
  const std::optional<Timestamp>& since = window->since;
  const std::optional<Timestamp>& until = window->until;
  std::string code, country;
  if (auto it = q.find("code"); it != q.end()) {
    code = it->second;
    if (code.empty() || code.size() > 4 || !std::all_of(code.begin(), code.end(), ::isdigit))
      return Problem(400, "code must be a CAMEO code or its prefix: 1 to 4 digits (\"04\")",
                     instance);
  }
  if (auto it = q.find("country"); it != q.end()) {
    country = it->second;
    if (country.size() != 3 || !std::all_of(country.begin(), country.end(), ::isalpha))
      return Problem(400, "country must be an ISO 3166-1 alpha-3 code (\"PRK\")", instance);
    for (char& c : country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  auto page = PageOf(keys::kAllEvents, q, until);
  if (!page.ok()) return Problem(400, page.status().message(), instance);

  std::vector<std::string> out;
  std::string last_suffix;
  bool more = false;
  size_t scanned = 0;
  // Does an all-events row's value (code, countries) pass the filters?
  // Unknown (a row written before values existed) when empty.
  auto passes = [&](std::string_view v) -> std::optional<bool> {
    if (v.empty()) return std::nullopt;
    const size_t t1 = v.find('\t'), t2 = v.find('\t', t1 + 1);
    if (t1 == std::string_view::npos || t2 == std::string_view::npos) return std::nullopt;
    if (!v.substr(0, t1).starts_with(code)) return false;
    return country.empty() || v.substr(t1 + 1, t2 - t1 - 1) == country ||
           v.substr(t2 + 1) == country;
  };
  state_.ScanPrefixFrom(
      Family::kTimeline, page->prefix, page->start, [&](std::string_view k, std::string_view v) {
        if (since && keys::TimelineTime(k, page->prefix.size()) < *since) return false;
        if (out.size() == *limit || scanned == kMaxScannedEvents) {
          more = true;
          return false;
        }
        ++scanned;
        last_suffix = std::string(k.substr(page->prefix.size()));
        const std::optional<bool> pass = passes(v);
        if (pass == false) return true;
        auto raw = state_.Get(Family::kEvents, keys::TimelineEventId(k, page->prefix.size()));
        if (!raw) return true;
        auto e = DecodeEventRecord(*raw);
        if (!e.ok()) return true;
        if (!pass && (!code.empty() || !country.empty())) {
          if (!e->code.starts_with(code)) return true;
          if (!country.empty() && e->source.country != country && e->target.country != country)
            return true;
        }
        // A JSON record of an earlier version is returned as stored.
        out.push_back(raw->front() == kRecordV1 ? EventToJson(*e) : std::move(*raw));
        return true;
      });
  return Json(JsonObjectWriter()
                  .Raw("events", JsonArray(out))
                  .Int("scanned", static_cast<int64_t>(scanned))
                  .Raw("next_cursor", more ? "\"" + ToHex(last_suffix) + "\"" : "null")
                  .Finish());
}

HttpResponse Api::Story(const std::string& id) const {
  const std::string instance = "/api/v1/stories/" + id;
  if (!IsId(id, "st-"))
    return Problem(400, "a story id is \"st-\" and 16 lower-case hex digits", instance);
  auto story = state_.Get(Family::kStories, id);
  if (!story) return Problem(404, "no story " + id + " in the store", instance);
  std::vector<std::string> ids;
  const std::string prefix = keys::StoryEventPrefix(id);
  state_.ScanPrefix(Family::kStories, prefix, [&](std::string_view k, std::string_view) {
    ids.emplace_back(k.substr(prefix.size()));
    return ids.size() < kMaxStoryEvents;
  });
  std::vector<std::string> events = EventsJson(state_.MultiGet(Family::kEvents, ids));
  // The story as published, with its events added as one more member.
  auto published = StoryRecordJson(*story);
  if (!published.ok()) return Problem(500, "the story record is damaged", instance);
  std::string body = std::move(published).value();
  while (!body.empty() && body.back() != '}') body.pop_back();
  if (body.size() < 2) return Problem(500, "the story record is damaged", instance);
  body.pop_back();
  if (body.find_last_not_of(" \n\t") != body.find('{')) body += ',';
  body += "\"events\":" + JsonArray(events) + "}";
  return Json(std::move(body));
}

HttpResponse Api::Stream(const HttpRequest& req) const {
  uint64_t cursor = 0;
  const std::string& id = req.last_event_id;
  if (id.empty()) {
    cursor = changes_.last ? changes_.last() : 0;
  } else if (id.size() <= 19 && std::all_of(id.begin(), id.end(), ::isdigit)) {
    cursor = std::stoull(id);
  } else {
    return Problem(400, "Last-Event-ID must be the id of a message this stream sent",
                   "/api/v1/stream");
  }
  HttpResponse r;
  r.content_type = "text/event-stream; charset=utf-8";
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Accel-Buffering", "no");
  // Reconnect after 2 s; then whatever was published meanwhile.
  r.body = "retry: 2000\n\n" + StreamChunk(&cursor, kStreamBatch);
  r.cursor = cursor;
  auto last_write = std::chrono::steady_clock::now();
  r.next = [this, last_write](uint64_t* c) mutable {
    std::string chunk = StreamChunk(c, kStreamBatch);
    const auto now = std::chrono::steady_clock::now();
    if (chunk.empty() && now - last_write >= kStreamKeepAlive) chunk = ": keep-alive\n\n";
    if (!chunk.empty()) last_write = now;
    return chunk;
  };
  return r;
}

std::string Api::StreamChunk(uint64_t* cursor, size_t max) const {
  if (!changes_.read) return "";
  std::string out;
  for (const ChangeRecord& c : changes_.read(*cursor, max)) {
    *cursor = c.seq;
    const bool event = c.topic == "events";
    auto record = state_.Get(event ? Family::kEvents : Family::kStories, c.key);
    if (!record) continue;
    auto json = event ? EventRecordJson(*record) : StoryRecordJson(*record);
    if (!json.ok()) continue;
    out += "id: " + std::to_string(c.seq) + "\nevent: " + (event ? "event" : "story") +
           "\ndata: " + *json + "\n\n";
  }
  return out;
}

}  // namespace newsd
