#include "ingest/feed_state.h"

#include <nlohmann/json.hpp>

#include "common/json_text.h"

namespace newsd {

std::string FeedState::Encode() const {
  nlohmann::json j = {{"url", url},
                      {"etag", etag},
                      {"last_modified", last_modified},
                      {"last_status", last_status},
                      {"last_error", last_error},
                      {"next_poll_ms", ToUnixMillis(next_poll)},
                      {"consecutive_failures", consecutive_failures},
                      {"items_seen", items_seen},
                      {"polls", polls},
                      {"entries_per_week", entries_per_week},
                      {"publisher_interval_s", publisher_interval_s},
                      {"max_age_s", max_age_s}};
  if (!moved_to.empty()) j["moved_to"] = moved_to;
  for (const auto& m : url_history)
    j["url_history"].push_back({{"from", m.from}, {"to", m.to}, {"at_ms", ToUnixMillis(m.at)}});
  if (!sent_items.empty()) j["sent_items"] = sent_items;
  if (last_success) j["last_success_ms"] = ToUnixMillis(*last_success);
  if (last_attempt) j["last_attempt_ms"] = ToUnixMillis(*last_attempt);
  return DumpJson(j);
}

Result<FeedState> FeedState::Decode(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::ParseError("feed state is not JSON");
  FeedState s;
  s.url = j.value("url", "");
  s.etag = j.value("etag", "");
  s.last_modified = j.value("last_modified", "");
  s.last_status = j.value("last_status", 0);
  s.last_error = j.value("last_error", "");
  s.next_poll = FromUnixMillis(j.value("next_poll_ms", int64_t{0}));
  s.consecutive_failures = j.value("consecutive_failures", 0);
  s.items_seen = j.value("items_seen", int64_t{0});
  s.polls = j.value("polls", int64_t{0});
  s.entries_per_week = j.value("entries_per_week", -1);
  s.publisher_interval_s = j.value("publisher_interval_s", int64_t{0});
  s.max_age_s = j.value("max_age_s", int64_t{0});
  s.moved_to = j.value("moved_to", "");
  if (auto h = j.find("url_history"); h != j.end() && h->is_array()) {
    for (const auto& m : *h) {
      if (!m.is_object()) continue;
      s.url_history.push_back(
          {m.value("from", ""), m.value("to", ""), FromUnixMillis(m.value("at_ms", int64_t{0}))});
    }
  }
  if (auto h = j.find("sent_items"); h != j.end() && h->is_array()) {
    for (const auto& v : *h)
      if (v.is_number_unsigned()) s.sent_items.push_back(v.get<uint64_t>());
  }
  if (j.contains("last_success_ms"))
    s.last_success = FromUnixMillis(j["last_success_ms"].get<int64_t>());
  if (j.contains("last_attempt_ms"))
    s.last_attempt = FromUnixMillis(j["last_attempt_ms"].get<int64_t>());
  return s;
}

}  // namespace newsd
