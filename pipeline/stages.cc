#include "pipeline/stages.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_set>

#include "common/catalog.h"
#include "common/hash.h"
#include "common/json_text.h"
#include "common/keys.h"
#include "pipeline/canonical_url.h"
#include "pipeline/json_codec.h"
#include "pipeline/near_dup_index.h"
#include "pipeline/records.h"
#include "pipeline/text.h"

namespace newsd {
namespace {

std::string JoinWords(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) {
    s += w;
    s.push_back(' ');
  }
  return s;
}

// Cuts at most `max` bytes without splitting a UTF-8 sequence.
std::string_view CutUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// Syndication furniture that is not part of the story: "Related: ...",
// "Continue reading...", "Read more", "Sign up for ...", "Click here ...".
bool IsBoilerplate(std::string_view p) {
  static const char* kStarts[] = {"related:",  "related stories",
                                  "read more", "continue reading",
                                  "sign up",   "click here",
                                  "subscribe", "advertisement",
                                  "the post ", "this article originally appeared",
                                  "follow us", "share this",
                                  "more:",     "see also"};
  std::string head(p.substr(0, 40));
  for (char& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (const char* s : kStarts)
    if (head.rfind(s, 0) == 0) return true;
  return false;
}

// An item's id: its feed and what identifies it there (GUID, else canonical
// link, else title).
std::string ItemIdFor(const std::string& feed_url, const std::string& identity) {
  return "it-" + Hex64(Hash64(feed_url + "\n" + identity));
}

// The `seen` record of a feed's GUID: "<item id>|<text hash>|<raw hash>".
// Records written before the raw hash existed have two fields.
struct GuidRecord {
  std::string id, text_hash, raw_hash;

  static GuidRecord Parse(std::string_view v) {
    GuidRecord r;
    size_t a = v.find('|');
    r.id = std::string(v.substr(0, a));
    if (a == std::string_view::npos) return r;
    size_t b = v.find('|', a + 1);
    r.text_hash = std::string(v.substr(a + 1, b == std::string_view::npos ? v.npos : b - a - 1));
    if (b != std::string_view::npos) r.raw_hash = std::string(v.substr(b + 1));
    return r;
  }
  static std::string Encode(const std::string& id, const ItemContext& c) {
    return id + "|" + Hex64(c.text_hash) + "|" + Hex64(c.raw_hash);
  }
};

class CanonicalizeStage final : public Stage {
 public:
  explicit CanonicalizeStage(const PipelineOptions& o) : o_(o) {}
  bool Pure() const override { return true; }

  StageResult Process(ItemContext& c) const override {
    const Item& it = c.item;
    if (!it.link.empty()) c.canonical_url = CanonicalUrl(it.link);
    const std::string& identity = !it.guid.empty()           ? it.guid
                                  : !c.canonical_url.empty() ? c.canonical_url
                                                             : it.title;
    c.result.item_id = ItemIdFor(it.feed_url, identity);

    std::string_view body = it.BodyText();
    if (body.size() > o_.max_text_bytes) {
      body = CutUtf8(body, o_.max_text_bytes);
      c.result.truncated = true;
    }
    std::vector<std::string> raw;
    if (!it.title.empty()) raw.push_back(it.title);
    for (auto& p : SplitParagraphs(body)) {
      if (IsBoilerplate(p)) {
        ++c.result.paragraphs_boilerplate;
        continue;
      }
      raw.push_back(std::move(p));
    }

    // Fold repeated paragraphs: equal normalized words, or similar shingles.
    std::vector<std::string> kept_norm;
    std::vector<std::optional<MinHash>> kept_sig;
    for (auto& p : raw) {
      std::vector<std::string> words = NormalizedWords(p);
      std::string norm = JoinWords(words);
      std::optional<MinHash> sig;
      if (words.size() >= 8) sig = ComputeMinHash(words, o_.shingle_words);
      size_t match = kept_norm.size();
      for (size_t k = 0; k < kept_norm.size() && match == kept_norm.size(); ++k) {
        if (!norm.empty() && kept_norm[k] == norm)
          match = k;
        else if (sig && kept_sig[k] &&
                 EstimateSimilarity(*sig, *kept_sig[k]) >= o_.paragraph_duplicate_threshold)
          match = k;
      }
      if (match < kept_norm.size()) {
        ++c.weights[match];
        ++c.result.paragraphs_collapsed;
        continue;
      }
      c.paragraphs.push_back(std::move(p));
      c.weights.push_back(1);
      c.paragraph_hashes.push_back(Hash64(norm));
      kept_norm.push_back(std::move(norm));
      kept_sig.push_back(sig);
    }
    c.result.paragraphs = raw.size();

    c.words = NormalizedWords(body);
    std::vector<std::string> title_words = NormalizedWords(it.title);
    c.text_hash = Hash64(JoinWords(title_words) + "\n" + JoinWords(c.words));
    if (c.words.size() < o_.min_words_for_near_duplicate) {
      // Short body: let the title take part.
      title_words.insert(title_words.end(), c.words.begin(), c.words.end());
      c.words = std::move(title_words);
    }
    if (c.words.size() >= o_.min_words_for_near_duplicate) {
      c.signature = ComputeMinHash(c.words, o_.shingle_words);
      c.has_signature = true;
    }
    return StageResult::kContinue;
  }

 private:
  PipelineOptions o_;
};

// CAMEO 040 consult, 043 host, 044 meet at a third location, 046 negotiate:
// reports of one encounter use any of these words for it.
bool IsEncounter(const std::string& code) {
  return code == "040" || code == "043" || code == "044" || code == "046";
}

std::vector<MentionGroup> GroupMentions(const std::vector<EventMention>& mentions) {
  std::map<std::string, size_t> index;
  std::vector<std::string> keys;
  std::vector<MentionGroup> groups;
  for (const auto& m : mentions) {
    std::string a = m.source.canonical, b = m.target.canonical;
    // Meeting, hosting, negotiating with someone on one day: one encounter.
    std::string family = IsEncounter(m.code) ? "04x" : m.code;
    if ((m.symmetric || IsEncounter(m.code)) && b < a && !b.empty()) std::swap(a, b);
    std::string key = family + "|" + a + "|" + b + "|" + (m.negated ? "neg" : "pos") + "|" +
                      std::string(ModalityName(m.modality));
    // An attack with no attacker named is told apart by where it was: two
    // car bombs in two cities on one day are two events.
    if (m.source.empty()) key += "|" + m.location.canonical;
    auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh) {
      groups.emplace_back();
      keys.push_back(key);
    }
    groups[it->second].mentions.push_back(&m);
  }
  for (size_t g = 0; g < groups.size(); ++g) {
    auto& group = groups[g];
    group.when = group.mentions.front();
    for (const auto* m : group.mentions) {
      if (m->time_basis == TimeBasis::kText) {
        group.when = m;
        break;
      }
    }
    group.id = "ev-" + Hex64(Hash64(keys[g] + "|" + FormatDate(group.when->time)));
    if (group.when->time_basis != TimeBasis::kText) {
      for (int delta : {-1, 1}) {
        Timestamp day = group.when->time + std::chrono::days(delta);
        group.neighbour_ids.push_back("ev-" + Hex64(Hash64(keys[g] + "|" + FormatDate(day))));
      }
    }
  }
  return groups;
}

// The stored event group `g` continues: its own id, else (for an undated
// event) the one of the day before or after, with the id it was found
// under. Read once per item: clustering and merging both ask.
const StoredRecord& StoredEvent(ItemContext& c, size_t g) {
  if (c.stored_events.size() < c.groups.size()) c.stored_events.resize(c.groups.size());
  StoredRecord& found = c.stored_events[g];
  if (found.read) return found;
  const MentionGroup& group = c.groups[g];
  found.read = true;
  found.id = group.id;
  found.record = c.state.Get(Family::kEvents, group.id);
  for (size_t i = 0; !found.record && i < group.neighbour_ids.size(); ++i) {
    found.record = c.state.Get(Family::kEvents, group.neighbour_ids[i]);
    if (found.record) found.id = group.neighbour_ids[i];
  }
  return found;
}

// How a feed stands with a record that names its first `max_listed` feeds
// in `listed`. Every feed counted is listed or keyed: a feed is keyed only
// once the list is full, so `keyed()` (its membership key exists) is asked
// only then. Records of earlier versions keyed every feed and listed the
// first ones; records older still listed every feed; both keep the rule.
enum class FeedMembership {
  kCounted,  // counted before
  kListed,   // new, now named in the list
  kKeyed,    // new past a full list: its membership key is to be written
};

template <typename KeyedFn>
FeedMembership AddFeedOnce(std::vector<std::string>& listed, size_t max_listed,
                           const std::string& feed, KeyedFn keyed) {
  if (std::find(listed.begin(), listed.end(), feed) != listed.end())
    return FeedMembership::kCounted;
  if (listed.size() < max_listed) {
    listed.push_back(feed);
    return FeedMembership::kListed;
  }
  return keyed() ? FeedMembership::kCounted : FeedMembership::kKeyed;
}

// Counts this item and its feed into the event's `items` and `sources`, each
// once: listed in the record (legacy item lists, the first feeds) or
// keyed (keys::EventItem / EventFeed), so the record does not grow.
void CountMembers(ItemContext& c, const std::string& feed, bool created, Event* e) {
  const std::string& item = c.result.item_id;
  std::string item_key = keys::EventItem(e->id, item);
  const auto& legacy = e->legacy_item_ids;
  if ((created || !c.state.Get(Family::kEvents, item_key)) &&
      std::find(legacy.begin(), legacy.end(), item) == legacy.end()) {
    ++e->items;
    c.result.writes.Put(Family::kEvents, std::move(item_key), "");
  }
  const std::string feed_key = keys::EventFeed(e->id, feed);
  auto keyed = [&] { return !created && c.state.Get(Family::kEvents, feed_key).has_value(); };
  FeedMembership m = AddFeedOnce(e->feeds, Event::kMaxFeedsListed, feed, keyed);
  if (m == FeedMembership::kCounted) return;
  ++e->sources;
  if (m == FeedMembership::kKeyed) c.result.writes.Put(Family::kEvents, feed_key, "");
}

// The story an item joined, from its record in the items family.
std::string StoryOf(const StateReader& state, const std::string& item_id) {
  auto rec = state.Get(Family::kItems, item_id);
  if (!rec) return {};
  auto j = nlohmann::json::parse(*rec, nullptr, false);
  return j.is_object() ? j.value("story_id", "") : "";
}

// The common case of a re-polled feed: an entry seen before under the same
// GUID, byte for byte. Recognised from one lookup and a hash of the raw
// text, before any normalization, so an unchanged feed costs little.
class RepeatStage final : public Stage {
 public:
  StageResult Process(ItemContext& c) const override {
    const Item& it = c.item;
    // The feed's own bytes: a re-polled teaser is recognised before its
    // article would be fetched again.
    c.raw_hash = Hash64(it.FeedText(), Hash64(it.title));
    if (it.guid.empty()) return StageResult::kContinue;
    c.guid_record = c.state.Get(Family::kSeen, keys::SeenGuid(it.feed_url, it.guid));
    if (!c.guid_record) return StageResult::kContinue;
    GuidRecord seen = GuidRecord::Parse(*c.guid_record);
    if (seen.raw_hash != Hex64(c.raw_hash)) return StageResult::kContinue;
    ItemResult& r = c.result;
    r.item_id = ItemIdFor(it.feed_url, it.guid);
    r.verdict = Verdict::kExactDuplicate;
    r.duplicate_of = seen.id;
    r.similarity = 1.0;
    r.story_id = StoryOf(c.state, r.duplicate_of);
    return StageResult::kStop;
  }
};

class ExactDedupStage final : public Stage {
 public:
  StageResult Process(ItemContext& c) const override {
    const Item& it = c.item;
    ItemResult& r = c.result;
    const std::string guid_key = it.guid.empty() ? "" : keys::SeenGuid(it.feed_url, it.guid);
    // The repeat stage looked the GUID up already.
    if (c.guid_record) {
      GuidRecord seen = GuidRecord::Parse(*c.guid_record);
      r.duplicate_of = seen.id;
      r.story_id = StoryOf(c.state, seen.id);
      r.writes.Put(Family::kSeen, guid_key, GuidRecord::Encode(seen.id, c));
      if (seen.text_hash == Hex64(c.text_hash)) {
        // Same words, other bytes (markup, whitespace): the record now holds
        // these bytes, so the next poll stops at the repeat check.
        r.verdict = Verdict::kExactDuplicate;
        return StageResult::kStop;
      }
      // Same GUID, new content: an update of the item we know.
      r.verdict = Verdict::kUpdated;
      r.item_id = seen.id;
      r.writes.Put(Family::kSeen, keys::SeenText(c.text_hash), seen.id);
      return StageResult::kStop;
    }
    std::optional<std::string> dup;
    if (!c.canonical_url.empty()) dup = c.state.Get(Family::kSeen, keys::SeenUrl(c.canonical_url));
    if (!dup) dup = c.state.Get(Family::kSeen, keys::SeenText(c.text_hash));
    if (dup) {
      r.verdict = Verdict::kExactDuplicate;
      r.duplicate_of = *dup;
      r.similarity = 1.0;
      r.story_id = StoryOf(c.state, *dup);
      // Remember the GUID so the next poll of this feed stops at the first check.
      if (!guid_key.empty()) r.writes.Put(Family::kSeen, guid_key, GuidRecord::Encode(*dup, c));
      return StageResult::kStop;
    }
    if (!guid_key.empty()) r.writes.Put(Family::kSeen, guid_key, GuidRecord::Encode(r.item_id, c));
    if (!c.canonical_url.empty())
      r.writes.Put(Family::kSeen, keys::SeenUrl(c.canonical_url), r.item_id);
    r.writes.Put(Family::kSeen, keys::SeenText(c.text_hash), r.item_id);
    return StageResult::kContinue;
  }
};

class NearDedupStage final : public Stage {
 public:
  NearDedupStage(const PipelineOptions& o, RecentSignatures* recent) : o_(o), recent_(*recent) {}

  StageResult Process(ItemContext& c) const override {
    if (!c.has_signature) return StageResult::kContinue;
    NearDuplicateQuery q{o_.near_duplicate_threshold, o_.max_candidates, c.now,
                         o_.near_duplicate_window, &recent_};
    IndexOptions index{o_.max_bucket_entries, o_.rewrite_bucket_below, o_.near_duplicate_window};
    BucketLoad load;
    if (auto m = FindNearDuplicate(c.state, c.signature, q, &load, index.rewrite_below)) {
      c.result.verdict = Verdict::kNearDuplicate;
      c.result.duplicate_of = m->item_id;
      c.result.similarity = m->similarity;
    }
    IndexSignature(c.result.writes, c.result.item_id, c.signature, c.now, &load, index);
    // Recorded now, not after the commit: an item whose commit fails is in
    // no bucket, so its sketch is never consulted, and processing it again
    // records it again.
    recent_.Add(keys::ItemNumber(c.result.item_id), keys::DayNumber(c.now), c.signature);
    return StageResult::kContinue;
  }

 private:
  PipelineOptions o_;
  // A cache: it changes what a lookup costs, never its answer.
  RecentSignatures& recent_;
};

// Key terms for story clustering: the content words of the title and the
// lead paragraph (four letters or more, not function words).
std::vector<std::string> KeyTerms(const ItemContext& c) {
  static const std::unordered_set<std::string_view> kStop = {
      "that",      "with",    "from",     "have",    "been",    "were",     "they",
      "their",     "said",    "says",     "will",    "would",   "after",    "about",
      "which",     "while",   "this",     "there",   "these",   "those",    "also",
      "more",      "than",    "into",     "over",    "when",    "what",     "year",
      "years",     "week",    "could",    "other",   "some",    "such",     "most",
      "only",      "first",   "last",     "next",    "monday",  "tuesday",  "wednesday",
      "thursday",  "friday",  "saturday", "sunday",  "before",  "where",    "under",
      "against",   "between", "because",  "since",   "until",   "told",     "according",
      "officials", "people",  "new",      "news",    "percent", "million",  "billion",
      "early",     "late",    "later",    "earlier", "today",   "yesterday"};
  // Only words written in lower case: names, titles and demonyms are the
  // entities' business (two stories about the same two leaders share those
  // and nothing else).
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (size_t p = 0; p < c.paragraphs.size() && p < 2; ++p)
    for (auto& t : Tokenize(c.paragraphs[p]))
      if (t.word && !t.capitalized && t.lower.size() >= 4 && !kStop.count(t.lower) &&
          t.lower.find_first_of("0123456789.") == std::string::npos && seen.insert(t.lower).second)
        out.push_back(std::move(t.lower));
  return out;
}

// People, organisations and places name a happening; countries and groups
// acting for them are too common to name one alone.
bool IsNamingEntity(const Entity& e) {
  return e.type == EntityType::kPerson || e.type == EntityType::kOrganisation ||
         e.type == EntityType::kPlace;
}

constexpr size_t kMaxClusterEntities = 16;
// Of a day's stories naming one entity, the first this many are listed and
// compared: an entity named by more stories than that (a capital, a head of
// state on a busy day) says little about which story a write-up belongs to,
// and lists of every one made each item's cost grow with the day's news.
constexpr size_t kMaxStoriesPerEntityDay = 64;

// Calls fn on each '\n'-terminated entry of a list value.
template <typename Fn>
void ForEachLine(std::string_view v, Fn fn) {
  for (size_t pos = 0; pos < v.size();) {
    size_t nl = v.find('\n', pos);
    if (nl == std::string_view::npos) nl = v.size();
    fn(v.substr(pos, nl - pos));
    pos = nl + 1;
  }
}

// Calls fn on the last `limit` entries of a list value, newest first.
template <typename Fn>
void ForEachLastLine(std::string_view v, size_t limit, Fn fn) {
  if (!v.empty() && v.back() == '\n') v.remove_suffix(1);
  for (size_t n = 0; n < limit && !v.empty(); ++n) {
    size_t nl = v.rfind('\n');
    size_t begin = nl == std::string_view::npos ? 0 : nl + 1;
    fn(v.substr(begin));
    v = v.substr(0, nl == std::string_view::npos ? 0 : nl);
  }
}

class ClusterStage final : public Stage {
 public:
  StageResult Process(ItemContext& c) const override {
    ItemResult& r = c.result;
    const Item& it = c.item;
    if (r.verdict == Verdict::kNearDuplicate) r.story_id = StoryOf(c.state, r.duplicate_of);
    // A different write-up of a known happening: it reports an event (same
    // action, actors and day) that a story already holds. Asserted events
    // only: a plan or a denial names no happening to share.
    if (r.story_id.empty()) {
      for (size_t g = 0; g < c.groups.size(); ++g) {
        const EventMention& m = *c.groups[g].mentions.front();
        if (m.negated || m.modality != Modality::kAsserted || m.target.empty()) continue;
        const StoredRecord& stored = StoredEvent(c, g);
        if (!stored.record) continue;
        if (std::string story = EventRecordStory(*stored.record); !story.empty()) {
          r.story_id = std::move(story);
          r.joined_by_event = stored.id;
          break;
        }
      }
    }
    // A different write-up that reports no shared event: the stories that
    // named at least two of its entities (one of them a person,
    // organisation or place) within a day of it, and share at least two of
    // its key terms.
    // (Only an item without a story yet needs its key terms: to join one
    // by entities, or to open one.)
    std::optional<std::vector<std::string>> terms;
    if (r.story_id.empty()) terms = KeyTerms(c);
    const uint32_t day = keys::DayNumber(it.ReferenceTime().value_or(c.now));
    // Stories already listed under each entity on the item's day (known
    // when the lists were read to join by entities).
    std::vector<size_t> listed_today(std::min(c.entities.size(), kMaxClusterEntities), 0);
    if (r.story_id.empty() && c.entities.size() >= 2) JoinByEntities(c, *terms, day, &listed_today);
    if (r.story_id.empty()) r.story_id = "st-" + Hex64(Hash64(r.item_id));

    Story story;
    std::optional<Story> stored;
    if (auto s = c.state.Get(Family::kStories, r.story_id)) {
      if (auto decoded = DecodeStoryRecord(*s); decoded.ok()) stored = std::move(decoded).value();
    }
    if (stored) {
      story = std::move(*stored);
    } else {
      story.id = r.story_id;
      story.headline = it.title;
      story.first_seen = c.now;
      r.story_created = true;
    }
    ++story.items;
    // A feed counts once (a new story has no membership keys to look up).
    const std::string feed_key = keys::StoryFeed(story.id, it.feed_name);
    auto keyed = [&] {
      return !r.story_created && c.state.Get(Family::kStories, feed_key).has_value();
    };
    if (FeedMembership m = AddFeedOnce(story.feeds, Story::kMaxFeedsListed, it.feed_name, keyed);
        m != FeedMembership::kCounted) {
      ++story.sources;
      if (m == FeedMembership::kKeyed) r.writes.Put(Family::kStories, feed_key, "");
    }
    story.last_updated = c.now;
    ++story.version;
    std::string record = EncodeStoryRecord(story);
    r.writes.Put(Family::kStories, story.id, record);
    r.writes.outbox.push_back({"stories", story.id, std::move(record)});
    // What later write-ups are compared with: the story under each entity
    // of this item on its day, and the opening item's key terms. Only an
    // item that brings its own write-up (it opened the story or joined it
    // by entities) adds entities: a near-duplicate or an item joined by a
    // shared event retells what the story already indexed, and appending
    // again only repeated the story in the lists.
    // A list holds the first kMaxStoriesPerEntityDay stories of the day: an
    // entity more stories name is no clue, and its list stops growing. (A
    // story that names one entity can never share two: not listed.)
    if ((r.story_created || r.joined_by_entities > 0) && c.entities.size() >= 2)
      for (size_t e = 0; e < listed_today.size(); ++e)
        if (listed_today[e] < kMaxStoriesPerEntityDay)
          r.writes.Append(Family::kNearDup, keys::EntityDay(day, EntityKey(c.entities[e])),
                          story.id + "\n");
    if (r.story_created) {
      std::string joined;
      if (!terms) terms = KeyTerms(c);
      for (const auto& t : *terms) joined += t + "\n";
      r.writes.Put(Family::kStories, keys::StoryTerms(story.id), joined);
    }

    nlohmann::json rec = {{"id", r.item_id},
                          {"feed", it.feed_name},
                          {"feed_url", it.feed_url},
                          {"link", it.link},
                          {"title", it.title},
                          {"story_id", r.story_id},
                          {"verdict", VerdictName(r.verdict)},
                          {"first_seen", FormatRfc3339(c.now)}};
    if (it.published) rec["published"] = FormatRfc3339(*it.published);
    if (!it.article_text.empty()) rec["article_url"] = it.article_url;
    if (!r.duplicate_of.empty()) {
      rec["duplicate_of"] = r.duplicate_of;
      rec["similarity"] = r.similarity;
    }
    r.writes.Put(Family::kItems, r.item_id, DumpJson(rec));
    MarkSyndicatedParagraphs(c);
    return StageResult::kContinue;
  }

 private:
  static void JoinByEntities(ItemContext& c, const std::vector<std::string>& terms, uint32_t day,
                             std::vector<size_t>* listed_today) {
    std::vector<std::string> keys;
    std::vector<bool> naming;
    for (size_t e = 0; e < c.entities.size() && e < kMaxClusterEntities; ++e)
      for (uint32_t d : {day - 1, day, day + 1}) {
        keys.push_back(keys::EntityDay(d, EntityKey(c.entities[e])));
        naming.push_back(IsNamingEntity(c.entities[e]));
      }
    auto lists = c.state.MultiGet(Family::kNearDup, keys);
    // Per story: the distinct entities it shares, and whether one names.
    std::map<std::string_view, std::pair<std::set<size_t>, bool>> shared;
    for (size_t k = 0; k < keys.size(); ++k) {
      if (!lists[k]) continue;
      if (k % 3 == 1) (*listed_today)[k / 3] = std::count(lists[k]->begin(), lists[k]->end(), '\n');
      ForEachLastLine(*lists[k], kMaxStoriesPerEntityDay, [&](std::string_view story) {
        auto& entry = shared[story];
        entry.first.insert(k / 3);
        entry.second = entry.second || naming[k];
      });
    }
    std::vector<std::pair<size_t, std::string_view>> candidates;
    for (const auto& [story, entry] : shared)
      if (entry.first.size() >= 2 && entry.second)
        candidates.push_back({entry.first.size(), story});
    std::sort(candidates.rbegin(), candidates.rend());
    if (candidates.size() > 4) candidates.resize(4);
    const std::unordered_set<std::string> mine(terms.begin(), terms.end());
    size_t best_score = 0;
    for (const auto& [count, story] : candidates) {
      auto stored = c.state.Get(Family::kStories, keys::StoryTerms(story));
      if (!stored) continue;
      size_t overlap = 0;
      ForEachLine(*stored,
                  [&](std::string_view term) { overlap += mine.count(std::string(term)); });
      if (overlap < 2) continue;
      if (size_t score = count * 2 + overlap; score > best_score) {
        best_score = score;
        c.result.story_id = story;
        c.result.joined_by_entities = count;
      }
    }
  }

  // A paragraph another item of the story already carried is syndicated
  // copy: counted, and remembered for the next item. (Its sentences still
  // count as mentions of their events: another outlet repeated them.)
  static void MarkSyndicatedParagraphs(ItemContext& c) {
    if (c.paragraph_hashes.empty()) return;
    std::vector<std::string> keys;
    for (uint64_t h : c.paragraph_hashes)
      keys.push_back(keys::StoryParagraph(c.result.story_id, h));
    auto seen = c.state.MultiGet(Family::kStories, keys);
    for (size_t i = 0; i < keys.size(); ++i) {
      if (seen[i]) {
        ++c.result.paragraphs_syndicated;
      } else {
        c.result.writes.Put(Family::kStories, keys[i], c.result.item_id);
      }
    }
  }
};

class ExtractStage final : public Stage {
 public:
  explicit ExtractStage(const Extractor* e) : extractor_(e) {}
  bool Pure() const override { return true; }
  StageResult Process(ItemContext& c) const override {
    Timestamp ref = c.item.ReferenceTime().value_or(c.now);
    c.mentions = extractor_->Extract(c.paragraphs, c.weights, ref, &c.entities);
    c.groups = GroupMentions(c.mentions);
    return StageResult::kContinue;
  }

 private:
  const Extractor* extractor_;
};

class MergeStage final : public Stage {
 public:
  StageResult Process(ItemContext& c) const override {
    const Item& it = c.item;
    for (size_t g = 0; g < c.groups.size(); ++g) {
      const MentionGroup& group = c.groups[g];
      const auto& ms = group.mentions;
      const EventMention* first = ms.front();
      const EventMention& when = *group.when;
      const StoredRecord& stored = StoredEvent(c, g);
      const std::string& id = stored.id;
      Event e;
      bool created = true;
      if (stored.record) {
        if (auto parsed = DecodeEventRecord(*stored.record); parsed.ok()) {
          e = std::move(parsed).value();
          created = false;
        }
      }
      if (created) {
        // The action most mentions use names the event ("met" over "hosts").
        std::map<std::string, int> votes;
        const EventMention* named = first;
        for (const auto* m : ms)
          if (++votes[m->code] > votes[named->code]) named = m;
        e.id = id;
        e.code = named->code;
        e.type = named->type;
        e.trigger = first->trigger;
        e.source = first->source;
        e.target = first->target;
        e.time = when.time;
        e.time_granularity = when.time_granularity;
        e.time_basis = when.time_basis;
        e.modality = first->modality;
        e.negated = first->negated;
        e.story_id = c.result.story_id;
        e.first_seen = c.now;
      }
      for (const auto* m : ms) {
        e.mentions += m->weight;
        if (e.location.empty() && !m->location.empty()) e.location = m->location;
        bool have = false;
        for (const auto& ev : e.evidence)
          have |= ev.sentence == m->sentence && ev.item_id == c.result.item_id;
        if (!have && e.evidence.size() < Event::kMaxEvidence)
          e.evidence.push_back({m->sentence, it.link, it.feed_name, c.result.item_id});
      }
      CountMembers(c, it.feed_name, created, &e);
      e.last_seen = c.now;
      ++e.version;

      std::string record = EncodeEventRecord(e);
      c.result.writes.Put(Family::kEvents, e.id, record);
      c.result.writes.outbox.push_back({"events", e.id, std::move(record)});
      if (created) {
        for (const Entity* ent : {&e.source, &e.target, &e.location})
          if (!ent->empty())
            c.result.writes.Put(Family::kTimeline,
                                keys::TimelineEntry(EntityKey(*ent), e.time, e.id), e.code);
        c.result.writes.Put(Family::kTimeline, keys::TimelineEntry(keys::kAllEvents, e.time, e.id),
                            keys::AllEventsValue(e.code, e.source.country, e.target.country));
        if (!e.story_id.empty())
          c.result.writes.Put(Family::kStories, keys::StoryEvent(e.story_id, e.id), "");
        c.result.events_created.push_back(std::move(e));
      } else {
        c.result.events_updated.push_back(std::move(e));
      }
    }
    UpdateCatalogue(c);
    return StageResult::kContinue;
  }

 private:
  // The entity catalogue: one summary per entity named by an event this
  // item created or updated (event count, last seen), and on an entity's
  // first event its name's word-starts for search.
  static void UpdateCatalogue(ItemContext& c) {
    struct Seen {
      const Entity* entity;
      int64_t added = 0;
    };
    std::map<std::string, Seen> named;
    auto note = [&](const Event& e, int64_t added) {
      for (const Entity* ent : {&e.source, &e.target, &e.location}) {
        if (ent->empty()) continue;
        auto [it, fresh] = named.try_emplace(EntityKey(*ent), Seen{ent});
        it->second.added += added;
      }
    };
    for (const Event& e : c.result.events_created) note(e, 1);
    for (const Event& e : c.result.events_updated) note(e, 0);
    if (named.empty()) return;
    std::vector<std::string> keys;
    keys.reserve(named.size());
    for (const auto& [key, seen] : named) keys.push_back(keys::EntitySummaryKey(key));
    auto stored = c.state.MultiGet(Family::kEntities, keys);
    size_t i = 0;
    for (const auto& [key, seen] : named) {
      std::optional<EntitySummary> s;
      if (stored[i]) s = DecodeEntitySummary(*stored[i]);
      if (!s) {
        const Entity& ent = *seen.entity;
        s = EntitySummary{ent.canonical, ent.type, ent.country, ent.code, 0, 0};
        std::vector<std::string> words = SearchWords(ent.canonical);
        for (size_t w = 0; w < words.size(); ++w) {
          std::string form;
          for (size_t k = w; k < words.size(); ++k) (form += k > w ? " " : "") += words[k];
          c.result.writes.Put(Family::kEntities, keys::EntityName(form, key), "");
        }
      }
      s->events += seen.added;
      s->last_seen_ms = std::max(s->last_seen_ms, ToUnixMillis(c.now));
      c.result.writes.Put(Family::kEntities, std::move(keys[i]), EncodeEntitySummary(*s));
      ++i;
    }
  }
};

}  // namespace

std::unique_ptr<Stage> NewRepeatStage() { return std::make_unique<RepeatStage>(); }
std::unique_ptr<Stage> NewCanonicalizeStage(const PipelineOptions& o) {
  return std::make_unique<CanonicalizeStage>(o);
}
std::unique_ptr<Stage> NewExactDedupStage() { return std::make_unique<ExactDedupStage>(); }
std::unique_ptr<Stage> NewNearDedupStage(const PipelineOptions& o, RecentSignatures* recent) {
  return std::make_unique<NearDedupStage>(o, recent);
}
std::unique_ptr<Stage> NewClusterStage() { return std::make_unique<ClusterStage>(); }
std::unique_ptr<Stage> NewExtractStage(const Extractor* e) {
  return std::make_unique<ExtractStage>(e);
}
std::unique_ptr<Stage> NewMergeStage() { return std::make_unique<MergeStage>(); }

}  // namespace newsd
