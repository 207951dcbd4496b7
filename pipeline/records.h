// The stored forms of events and stories: compact binary records, kept in
// the store (`events` and `stories` families) and in the outbox. JSON
// (json_codec.h) is produced only where they leave newsd, by the
// publisher's thread for Kafka and by the HTTP API, so merging an item into
// a stored event or story neither parses nor prints JSON on the thread that
// commits items. Pure.
//
// A record is a format byte (kRecordV1) and then the fields in a fixed order
// (docs/storage.md). Records written as JSON by earlier versions, which begin
// with '{', stay readable through the same calls. A record holds what the
// JSON holds: decoding one and printing it gives the JSON that encoding the
// event or story would have published.
#pragma once

#include <string>
#include <string_view>

#include "common/event.h"
#include "common/state.h"
#include "common/status.h"
#include "common/story.h"

namespace newsd {

inline constexpr char kRecordV1 = '\x01';

std::string EncodeEventRecord(const Event& e);
// A binary record, or a JSON one from an earlier version. kParseError when
// it is neither.
Result<Event> DecodeEventRecord(std::string_view stored);
// The event's story id alone, without decoding the rest ("" when it has
// none or the record is damaged).
std::string EventRecordStory(std::string_view stored);
// The event's JSON (EventToJson) for a stored record of either form; a JSON
// record is returned as stored. kParseError for a damaged record.
Result<std::string> EventRecordJson(std::string_view stored);
std::string EncodeStoryRecord(const Story& s);
// A binary record, or a JSON one from an earlier version.
Result<Story> DecodeStoryRecord(std::string_view stored);
// The story's JSON (StoryToJson); a JSON record is returned as stored.
Result<std::string> StoryRecordJson(std::string_view stored);

// The Kafka message value of an outbox row (PublisherOptions::render): the
// JSON of the event or story record it holds (a JSON value as stored).
Result<std::string> OutboxMessageValue(const OutboxMessage& m);

}  // namespace newsd
