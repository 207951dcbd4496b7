// The stored form of an event: a compact binary record, kept in the store's
// `events` family and in the outbox. JSON (json_codec.h) is produced only
// where an event leaves newsd, by the publisher's thread for Kafka and by the
// HTTP API, so merging a mention into a stored event neither parses nor
// prints JSON on the thread that commits items. Pure.
//
// A record is a format byte (kEventRecordV1) and then the event's fields in
// a fixed order (docs/storage.md). Records written as JSON by earlier
// versions, which begin with '{', stay readable through the same calls.
// What a record holds is what the event's JSON holds: decoding a record and
// printing it gives the JSON that encoding the event would have published.
#pragma once

#include <string>
#include <string_view>

#include "common/event.h"
#include "common/state.h"
#include "common/status.h"

namespace newsd {

inline constexpr char kEventRecordV1 = '\x01';

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
// The Kafka message value of an outbox row (PublisherOptions::render): an
// event's JSON for a row of topic "events", any other row's value as stored.
Result<std::string> OutboxMessageValue(const OutboxMessage& m);

}  // namespace newsd
