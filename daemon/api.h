// The read-only HTTP API over the store ([api] listen; docs/api.md), and
// the web page it serves at "/":
//
//   GET /api/v1/entities?q=PREFIX&limit=N
//   GET /api/v1/timeline/{entity}?since=T&until=T&limit=N&cursor=C
//   GET /api/v1/histogram/{entity}?since=T&until=T   events per day by quad class
//   GET /api/v1/events/{id}
//   GET /api/v1/events?code=PREFIX&country=ISO3&since=T&until=T&limit=N&cursor=C
//   GET /api/v1/stories/{id}
//   GET /api/v1/stream            Server-Sent Events (Last-Event-ID resumes)
//
// Events and stories are the JSON published on Kafka, byte for byte.
// Errors are RFC 9457 problem documents. Every answer is computed from
// reads of the store's families through bounded scans: no parameter can
// name a key outside them or make a request scan without limit.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/catalog.h"
#include "common/state.h"
#include "common/status.h"
#include "daemon/http_server.h"

namespace newsd {

class Gazetteer;

// Query parameters of a request: percent-decoded, '+' as space. Errors:
// kInvalidArgument for a bad escape, text that is not UTF-8 or holds a
// control character, a parameter given twice, or over 32 parameters.
Result<std::map<std::string, std::string>> ParseQuery(std::string_view query);
// A percent-decoded path segment. Errors as ParseQuery.
Result<std::string> DecodePathSegment(std::string_view segment);

// The timeline key of an entity named by a user: the gazetteer's canonical
// entry for a name or alias ("trump", "Kim Yong-chol"), else the name as
// written. Shared by `newsd timeline` and the API.
std::string ResolveEntityKey(const Gazetteer* gazetteer, std::string_view name);

// Where the stream reads what was published.
struct ChangeSource {
  std::function<std::vector<ChangeRecord>(uint64_t after, size_t max)> read;
  std::function<uint64_t()> last;  // newest change's number, 0 when none
};

class Api {
 public:
  // `state` (the store) and `gazetteer` (may be null: names are then
  // matched as written) must outlive the Api.
  Api(const StateReader& state, const Gazetteer* gazetteer, ChangeSource changes);

  HttpResponse Handle(const HttpRequest& request) const;

  // The Server-Sent Events after change `*cursor`, at most `max` messages,
  // each the current record of what changed; advances the cursor. A
  // comment line at least every 15 s keeps proxies from closing an idle
  // stream.
  std::string StreamChunk(uint64_t* cursor, size_t max) const;

 private:
  HttpResponse Entities(const std::map<std::string, std::string>& q) const;
  HttpResponse Timeline(const std::string& entity,
                        const std::map<std::string, std::string>& q) const;
  HttpResponse Histogram(const std::string& entity,
                         const std::map<std::string, std::string>& q) const;
  HttpResponse Event(const std::string& id) const;
  HttpResponse Events(const std::map<std::string, std::string>& q) const;
  HttpResponse Story(const std::string& id) const;
  HttpResponse Stream(const HttpRequest& request) const;

  const StateReader& state_;
  const Gazetteer* gazetteer_;
  ChangeSource changes_;
  // Every gazetteer alias in search form with its entity key, sorted.
  std::vector<std::pair<std::string, std::string>> aliases_;
};

}  // namespace newsd
