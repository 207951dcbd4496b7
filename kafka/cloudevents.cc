#include "kafka/cloudevents.h"

#include <unistd.h>

#include "common/hash.h"
#include "common/time.h"

namespace newsd {

std::string DefaultCloudEventsSource() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return "urn:newsd:localhost";
  return std::string("urn:newsd:") + host;
}

MessageHeaders CloudEventHeaders(const OutboxMessage& m, std::string_view source) {
  const bool story = m.topic == "stories";
  return {
      {"ce_specversion", "1.0"},
      {"ce_id", m.key + "/" + Hex64(Hash64(m.value))},
      {"ce_source", std::string(source)},
      {"ce_type", story ? "org.newsd.story.v1" : "org.newsd.event.v1"},
      {"ce_time", FormatRfc3339(FromUnixMillis(m.created_ms))},
      {"ce_subject", m.key},
      {"ce_dataschema", std::string(story ? kStorySchemaUri : kEventSchemaUri)},
      {"content-type", "application/json"},
  };
}

}  // namespace newsd
