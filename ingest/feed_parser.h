// Feed bytes to Items. RSS 2.0 (and 0.9x), RSS 1.0 (RDF, Dublin Core,
// content:encoded), Atom 1.0 (and 0.3) and JSON Feed 1.0/1.1, sniffed from
// the document, not the URL.
//
// The parser never sees the network: it takes the bytes and what the fetch
// learned about them. Broken XML is recovered where the parsed prefix still
// holds complete items (`recovered` is then true). DOCTYPE entities are never
// expanded. Pure and thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/item.h"
#include "common/status.h"
#include "common/time.h"
#include "ingest/url.h"

namespace newsd {

struct ParseContext {
  std::string feed_url;      // base for relative links; copied into Items
  std::string feed_name;     // copied into Items
  std::string content_type;  // HTTP Content-Type, or empty
  Timestamp fetch_time{};    // stands in for missing or unparseable dates
  // Items kept from one document, the first in document order (feeds list
  // their newest first); 0 keeps all. A hostile feed of 450,000 tiny items
  // would otherwise cost hundreds of MiB and minutes of processing.
  size_t max_items = 0;

  bool operator==(const ParseContext&) const = default;
};

struct ParsedFeed {
  std::string format;  // "rss", "rdf", "atom" or "json"
  std::string title;
  std::string link;
  std::string charset;     // what the bytes were read as
  bool recovered = false;  // the XML was broken; items are those before the break
  std::string recovery_note;
  // How often the publisher says to poll: RSS <ttl> (minutes), or
  // sy:updatePeriod / sy:updateFrequency; the larger when both are given.
  std::optional<std::chrono::seconds> publisher_interval;
  // WebSub: <link rel="hub"> and <link rel="self"> of the feed (Atom's, or
  // atom:link inside RSS), absolute; empty when absent.
  std::string hub;
  std::string self;
  std::vector<Item> items;
  size_t items_cut = 0;  // entries past ctx.max_items, not parsed
};

// Errors: kParseError when the bytes hold no feed (HTML page, garbage, empty).
Result<ParsedFeed> ParseFeed(std::string_view bytes, const ParseContext& ctx);

// The same, handing each item to `sink` as soon as it is built, in document
// order, instead of collecting them (ParsedFeed::items stays empty): output
// can start before the document is read through, and items do not pile up.
// An error means no item was built, so the sink was never called.
using ItemSink = std::function<void(Item&&)>;
Result<ParsedFeed> ParseFeed(std::string_view bytes, const ParseContext& ctx, const ItemSink& sink);

}  // namespace newsd
