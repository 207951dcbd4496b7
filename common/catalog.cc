#include "common/catalog.h"

#include <charconv>

#include "common/hash.h"

namespace newsd {

std::string EncodeEntitySummary(const EntitySummary& s) {
  std::string out = std::to_string(s.events);
  out += '\t';
  out += std::to_string(s.last_seen_ms);
  out += '\t';
  out += EntityTypeName(s.type);
  out += '\t';
  out += s.country;
  out += '\t';
  out += s.code;
  out += '\t';
  out += s.canonical;
  return out;
}

std::optional<EntitySummary> DecodeEntitySummary(std::string_view b) {
  std::string_view f[6];
  for (int i = 0; i < 5; ++i) {
    size_t tab = b.find('\t');
    if (tab == std::string_view::npos) return std::nullopt;
    f[i] = b.substr(0, tab);
    b.remove_prefix(tab + 1);
  }
  f[5] = b;
  EntitySummary s;
  auto number = [](std::string_view t, int64_t* v) {
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), *v);
    return ec == std::errc() && p == t.data() + t.size();
  };
  if (!number(f[0], &s.events) || !number(f[1], &s.last_seen_ms)) return std::nullopt;
  s.type = ParseEntityType(f[2]);
  s.country = std::string(f[3]);
  s.code = std::string(f[4]);
  s.canonical = std::string(f[5]);
  return s;
}

std::string EncodeChange(int64_t created_ms, std::string_view topic, std::string_view key) {
  std::string out = BigEndian64(static_cast<uint64_t>(created_ms));
  out.append(topic);
  out += '\n';
  out.append(key);
  return out;
}

std::optional<ChangeRecord> DecodeChange(uint64_t seq, std::string_view b) {
  if (b.size() < 9) return std::nullopt;
  size_t nl = b.find('\n', 8);
  if (nl == std::string_view::npos) return std::nullopt;
  ChangeRecord r;
  r.seq = seq;
  r.created_ms = static_cast<int64_t>(ReadBigEndian64(b.substr(0, 8)));
  r.topic = std::string(b.substr(8, nl - 8));
  r.key = std::string(b.substr(nl + 1));
  return r;
}

}  // namespace newsd
