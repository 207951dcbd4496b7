// JSON encodings of Event and Story: the Kafka message values (schema
// "newsd.event/1" and "newsd.story/1", docs/kafka-schema.md) and the API's
// answers. The store keeps binary records (records.h) that print to exactly
// these documents. FromJson reads records that earlier versions stored as
// JSON. Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/event.h"
#include "common/status.h"
#include "common/story.h"

namespace newsd {

inline constexpr const char* kEventSchema = "newsd.event/1";
inline constexpr const char* kStorySchema = "newsd.story/1";

// The Kafka message and the API's answer (the store keeps records.h's form).
std::string EventToJson(const Event& e);
// The same document as a tree (EventToJson writes it without one, faster;
// DumpJson of this gives the same bytes).
nlohmann::json EventToJsonTree(const Event& e);
// An entity as it appears inside an event (null when empty).
nlohmann::json EntityToJson(const Entity& e);
Result<Event> EventFromJson(std::string_view json);

std::string StoryToJson(const Story& s);
Result<Story> StoryFromJson(std::string_view json);

}  // namespace newsd
