// The offline tools: `newsd process`, `analyze` and `parse` read files or
// standard input and print JSON; no store, no Kafka, no network (parse may
// fetch the one URL it is given).
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "common/file.h"
#include "common/json_text.h"
#include "common/state.h"
#include "daemon/command_util.h"
#include "daemon/commands.h"
#include "daemon/config.h"
#include "daemon/engine.h"
#include "ingest/article_extractor.h"
#include "ingest/charset.h"
#include "ingest/feed_parser.h"
#include "ingest/fetcher.h"
#include "ingest/url.h"
#include "pipeline/extractor.h"
#include "pipeline/json_codec.h"
#include "pipeline/pipeline.h"
#include "pipeline/records.h"

namespace newsd {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// One item as `parse` prints it, written without building a tree (a large
// feed's items are most of the command's work); byte for byte what the
// nlohmann object with the same members dumps.
std::string ItemJson(const Item& it) {
  JsonObjectWriter w;
  w.String("feed_title", it.feed_title)
      .String("guid", it.guid)
      .String("link", it.link)
      .String("title", it.title)
      .Raw("authors", JsonStringArray(it.authors))
      .Raw("categories", JsonStringArray(it.categories))
      .String("summary_text", it.summary_text)
      .String("content_text", it.content_text);
  auto time = [&](const char* key, const std::optional<Timestamp>& t) {
    if (t)
      w.String(key, FormatRfc3339(*t));
    else
      w.Null(key);
  };
  time("published", it.published);
  time("updated", it.updated);
  if (it.date_is_fetch_time) w.Bool("date_is_fetch_time", true);
  if (!it.media.empty()) {
    std::string media = "[";
    for (size_t i = 0; i < it.media.size(); ++i) {
      if (i) media += ',';
      const Item::Media& m = it.media[i];
      media += JsonObjectWriter()
                   .String("medium", m.medium)
                   .String("type", m.type)
                   .String("url", m.url)
                   .Finish();
    }
    w.Raw("media", media += ']');
  }
  return w.Finish();
}

// The dictionaries for the commands that run without a config (process,
// analyze): `data_dir`, else the default. Reports errors on stderr.
struct OfflineDictionaries {
  std::unique_ptr<Gazetteer> gazetteer;
  std::unique_ptr<Lexicon> lexicon;
};
std::optional<OfflineDictionaries> LoadOfflineDictionaries(const std::string& data_dir) {
  Config config;
  config.data_dir = data_dir.empty() ? ParseConfig("", "(defaults)")->data_dir : data_dir;
  auto gaz = LoadGazetteer(config);
  if (!gaz.ok()) {
    std::cerr << "newsd: " << gaz.status().message() << "\n";
    return std::nullopt;
  }
  auto lex = LoadLexicon(config);
  if (!lex.ok()) {
    std::cerr << "newsd: " << lex.status().message() << "\n";
    return std::nullopt;
  }
  return OfflineDictionaries{std::move(gaz).value(), std::move(lex).value()};
}

std::string FileUrl(const std::string& path) {
  return "file://" + fs::absolute(path).lexically_normal().string();
}

}  // namespace

int RunProcess(const ProcessArgs& args) {
  auto dicts = LoadOfflineDictionaries(args.data_dir);
  if (!dicts) return kExitFailure;
  Extractor extractor(dicts->gazetteer.get(), dicts->lexicon.get());
  Pipeline pipeline(PipelineOptions{}, &extractor);
  MemoryState state;
  Timestamp now = args.now.value_or(SystemClock::Instance().Now());
  int rc = kExitOk;
  for (const auto& file : args.files) {
    auto bytes = ReadFileToString(file);
    if (!bytes.ok()) {
      std::cerr << "newsd: " << bytes.status().message() << "\n";
      rc = kExitFailure;
      continue;
    }
    ParseContext ctx{FileUrl(file), fs::path(file).filename().string(), "", now, args.max_items};
    auto feed = ParseFeed(*bytes, ctx);
    if (!feed.ok()) {
      std::cerr << "newsd: " << file << ": " << feed.status().ToString() << "\n";
      rc = kExitFailure;
      continue;
    }
    if (feed->recovered)
      std::cerr << "newsd: " << file
                << (feed->format == "json" ? ": irregular JSON Feed: " : ": recovered broken XML: ")
                << feed->recovery_note << "\n";
    if (feed->items_cut > 0)
      std::cerr << "newsd: " << file << ": kept the first " << feed->items.size() << " of "
                << feed->items.size() + feed->items_cut << " entries (--max-items)\n";
    for (const Item& item : feed->items) {
      ItemResult r = pipeline.Process(item, state, now);
      state.Apply(r.writes);
      if (args.items) {
        json j = {{"item_id", r.item_id},
                  {"feed", item.feed_name},
                  {"title", item.title},
                  {"link", item.link},
                  {"verdict", VerdictName(r.verdict)},
                  {"story_id", r.story_id},
                  {"paragraphs", r.paragraphs},
                  {"paragraphs_collapsed", r.paragraphs_collapsed},
                  {"paragraphs_syndicated", r.paragraphs_syndicated},
                  {"events_created", r.events_created.size()},
                  {"events_updated", r.events_updated.size()}};
        j["duplicate_of"] = r.duplicate_of.empty() ? json(nullptr) : json(r.duplicate_of);
        j["joined_by_event"] = r.joined_by_event.empty() ? json(nullptr) : json(r.joined_by_event);
        j["joined_by_entities"] =
            r.joined_by_entities == 0 ? json(nullptr) : json(r.joined_by_entities);
        j["similarity"] = r.duplicate_of.empty() ? json(nullptr) : json(r.similarity);
        std::cout << DumpJson(j) << "\n";
      }
    }
  }
  if (!args.items) {
    // The latest message of each key, in order of first appearance: what a
    // compacted topic holds after the run.
    const std::string topic = args.stories ? "stories" : "events";
    std::vector<std::string> order;
    std::map<std::string, std::string> latest;
    for (const auto& m : state.outbox()) {
      if (m.topic != topic) continue;
      if (!latest.count(m.key)) order.push_back(m.key);
      auto value = OutboxMessageValue(m);
      if (value.ok()) latest[m.key] = std::move(value).value();
    }
    for (const auto& k : order)
      if (auto it = latest.find(k); it != latest.end()) std::cout << it->second << "\n";
  }
  return rc;
}

namespace {

json SpanJson(std::string_view text, Span s) {
  return {{"begin", s.begin},
          {"end", s.end},
          {"text", std::string(text.substr(s.begin, s.end - s.begin))}};
}

}  // namespace

int RunAnalyze(const AnalyzeArgs& args) {
  auto dicts = LoadOfflineDictionaries(args.data_dir);
  if (!dicts) return kExitFailure;
  std::stringstream in;
  in << std::cin.rdbuf();
  const std::string text = in.str();
  Timestamp ref = args.published.value_or(SystemClock::Instance().Now());
  Extractor extractor(dicts->gazetteer.get(), dicts->lexicon.get());
  Analysis a = extractor.Analyze(text, ref);

  json out = {{"published", FormatRfc3339(ref)}};
  json sentences = json::array(), entities = json::array(), times = json::array(),
       events = json::array();
  for (size_t i = 0; i < a.sentences.size(); ++i) {
    json s = SpanJson(text, a.sentences[i]);
    s["index"] = i;
    sentences.push_back(s);
  }
  for (const auto& e : a.entities) {
    json j = SpanJson(text, e.span);
    j["sentence"] = e.sentence;
    j["entity"] = EntityToJson(e.entity);
    entities.push_back(j);
  }
  for (const auto& t : a.times) {
    json j = SpanJson(text, t.span);
    j["sentence"] = t.sentence;
    j["type"] = TimeTypeName(t.type);
    j["value"] = t.calendar ? json(FormatDate(t.value)) : json(nullptr);
    j["granularity"] = t.calendar ? json(GranularityName(t.granularity)) : json(nullptr);
    j["timeml"] = t.timeml;
    j["dates_the_clause"] = !t.attributive;
    times.push_back(j);
  }
  for (const auto& m : a.events) {
    events.push_back({{"sentence", m.sentence_index},
                      {"trigger", SpanJson(text, m.trigger_span)},
                      {"code", m.code},
                      {"type", m.type},
                      {"source", EntityToJson(m.source)},
                      {"target", EntityToJson(m.target)},
                      {"location", EntityToJson(m.location)},
                      {"time",
                       {{"value", FormatDate(m.time)},
                        {"granularity", GranularityName(m.time_granularity)},
                        {"basis", TimeBasisName(m.time_basis)}}},
                      {"modality", ModalityName(m.modality)},
                      {"negated", m.negated}});
  }
  out["sentences"] = sentences;
  out["entities"] = entities;
  out["times"] = times;
  out["events"] = events;
  std::cout << DumpJson(out, 2) << "\n";
  return kExitOk;
}

namespace {

// A document named on the command line: fetched when it is a URL, read
// when it is a file. Errors are reported on stderr.
struct Document {
  std::string bytes, url, content_type;
};

std::optional<Document> ReadDocument(const std::string& target) {
  Document d{"", target, ""};
  if (target.find("://") != std::string::npos) {
    auto fetcher = NewCurlFetcher(FetchOptions{});
    FetchResponse r = fetcher->FetchAll({FetchRequest{target, "", ""}}).front();
    if (!r.success()) {
      std::cerr << "newsd: " << target << ": "
                << (r.status.ok() ? "HTTP " + std::to_string(r.http_status) : r.status.ToString())
                << "\n";
      return std::nullopt;
    }
    d.bytes = std::move(r.body);
    d.content_type = r.content_type;
    if (!r.effective_url.empty()) d.url = r.effective_url;
    return d;
  }
  auto b = ReadFileToString(target);
  if (!b.ok()) {
    std::cerr << "newsd: " << b.status().message() << "\n";
    return std::nullopt;
  }
  d.bytes = std::move(b).value();
  d.url = FileUrl(target);
  return d;
}

}  // namespace

int RunArticle(const std::string& target, const std::string& page_url) {
  auto doc = ReadDocument(target);
  if (!doc) return kExitFailure;
  Article a = ExtractArticle(DecodeToUtf8(doc->bytes, doc->content_type).text,
                             page_url.empty() ? doc->url : page_url);
  json j = {{"source", ArticleSourceName(a.source)},
            {"words", a.words},
            {"title", a.title},
            {"canonical_url", a.canonical_url.empty() ? json(nullptr) : json(a.canonical_url)},
            {"published", a.published ? json(FormatRfc3339(*a.published)) : json(nullptr)},
            {"text", a.text}};
  std::cout << DumpJson(j) << "\n";
  if (a.source == ArticleSource::kNone) {
    std::cerr << "newsd: " << target << ": no article text found\n";
    return kExitFailure;
  }
  return kExitOk;
}

int RunParse(const std::string& target, size_t max_items) {
  auto doc = ReadDocument(target);
  if (!doc) return kExitFailure;
  const std::string& bytes = doc->bytes;
  const std::string& url = doc->url;
  const std::string& content_type = doc->content_type;
  Timestamp now = SystemClock::Instance().Now();
  // Each item is written out as soon as it is parsed.
  size_t kept = 0;
  auto feed =
      ParseFeed(bytes, ParseContext{url, url, content_type, now, max_items}, [&kept](Item&& it) {
        ++kept;
        std::string line = ItemJson(it);
        line += '\n';
        std::cout.write(line.data(), static_cast<std::streamsize>(line.size()));
      });
  if (!feed.ok()) {
    std::cerr << "newsd: " << target << ": " << feed.status().ToString() << "\n";
    return kExitFailure;
  }
  if (feed->recovered)
    std::cerr << "newsd: " << target
              << (feed->format == "json" ? ": irregular JSON Feed: " : ": recovered broken XML: ")
              << feed->recovery_note << "\n";
  if (feed->items_cut > 0)
    std::cerr << "newsd: " << target << ": kept the first " << kept << " of "
              << kept + feed->items_cut << " entries (--max-items)\n";
  return kExitOk;
}

}  // namespace newsd
