// CloudEvents 1.0 on every message newsd publishes: the Kafka protocol
// binding in binary content mode (the value stays the event or story JSON;
// the attributes travel as `ce_*` headers). docs/kafka-schema.md lists them.
#pragma once

#include <string>
#include <string_view>

#include "common/state.h"
#include "kafka/message_sink.h"

namespace newsd {

// Schema identifiers: the `$id` of docs/schemas/*.json and `ce_dataschema`.
inline constexpr std::string_view kEventSchemaUri = "urn:newsd:schema:newsd.event/1";
inline constexpr std::string_view kStorySchemaUri = "urn:newsd:schema:newsd.story/1";

// "urn:newsd:" + this host's name: the default `ce_source`.
std::string DefaultCloudEventsSource();

// The headers of one outbox message (logical topic "events" or "stories"):
// ce_specversion, ce_id (the key and a hash of the value: the same when the
// outbox publishes the same row again, different for every version),
// ce_source, ce_type (org.newsd.event.v1 / org.newsd.story.v1), ce_time
// (commit time), ce_subject (the id), ce_dataschema, content-type.
MessageHeaders CloudEventHeaders(const OutboxMessage& m, std::string_view source);

}  // namespace newsd
