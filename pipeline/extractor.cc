#include "pipeline/extractor.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "common/ascii.h"
#include "pipeline/coreference.h"
#include "pipeline/event_roles.h"
#include "pipeline/mentions.h"
#include "pipeline/sentence_model.h"
#include "pipeline/taxonomy.h"
#include "pipeline/time_expr.h"
#include "pipeline/triggers.h"
#include "pipeline/words.h"

namespace newsd {
namespace {

// "will", "is scheduled to": the sentence's weekdays are ahead, not past.
bool LooksAhead(const std::vector<Token>& t) {
  for (const auto& tok : t)
    if (IsOneOf(tok.lower, {"will", "shall", "scheduled", "expected", "plans", "due", "upcoming"}))
      return true;
  return false;
}

class ArticleExtraction {
 public:
  ArticleExtraction(const Gazetteer& g, const Lexicon* lexicon, Timestamp ref)
      : mentions_(g, lexicon, &persons_, ref), events_(g, lexicon, ref), ref_(ref) {}

  void AddSentence(std::string text, int weight, size_t offset = 0) {
    SentenceInfo s;
    s.text = std::move(text);
    s.offset = offset;
    s.tokens = SplitClitics(Tokenize(s.text));
    s.weight = weight;
    mentions_.Scan(s);
    sentences_.push_back(std::move(s));
  }

  std::vector<EventMention> Finish() {
    ResolveArticleMentions(sentences_, persons_);
    std::optional<Timestamp> anchor;
    std::vector<EventMention> out;
    for (size_t i = 0; i < sentences_.size(); ++i) {
      SentenceInfo& s = sentences_[i];
      s.anchor = anchor;
      events_.Read(s, i, &out);
      // The last day-precise date of this sentence anchors "the next day".
      for (const auto& te : s.Times(ref_, false))
        if (te.calendar() && te.granularity == Granularity::kDay && !te.attributive)
          anchor = te.value;
    }
    return out;
  }

  // After Finish(): the named entities, once each.
  std::vector<Entity> Entities() const {
    std::vector<Entity> out;
    std::unordered_set<std::string> seen;
    for (const auto& s : sentences_)
      for (const auto& f : s.entities) {
        if (f.weak || f.pronoun || f.candidate || f.entity.canonical.empty()) continue;
        if (f.entity.type == EntityType::kGroup && f.entity.country.empty()) continue;  // "police"
        if (seen.insert(EntityKey(f.entity)).second) out.push_back(f.entity);
      }
    return out;
  }

  // After Finish(): what was found where.
  void Describe(Analysis* a) const {
    for (size_t i = 0; i < sentences_.size(); ++i) {
      const SentenceInfo& s = sentences_[i];
      a->sentences.push_back({s.offset, s.offset + s.text.size()});
      for (const auto& f : s.entities) {
        if (f.weak || f.needs_modifier) continue;
        a->entities.push_back(
            {f.entity,
             i,
             {s.offset + s.tokens[f.begin].span.begin, s.offset + s.tokens[f.end - 1].span.end}});
      }
      for (const auto& te : s.Times(ref_, LooksAhead(s.tokens)))
        a->times.push_back({i,
                            {s.offset + s.tokens[te.token_begin].span.begin,
                             s.offset + s.tokens[te.token_end - 1].span.end},
                            te.value,
                            te.granularity,
                            te.attributive,
                            TimeMlValue(te),
                            te.type,
                            te.calendar()});
    }
  }

 private:
  ArticlePersons persons_;
  MentionFinder mentions_;
  EventReader events_;
  Timestamp ref_;
  std::vector<SentenceInfo> sentences_;
};

}  // namespace

std::string EntityKey(const Entity& e) {
  std::string k = e.canonical;
  for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

namespace {

// A "sentence" longer than this (text without punctuation, a pasted table)
// is cut at spaces into pieces of about this size, so the work per sentence
// stays bounded and a hostile 10 MB item costs time linear in its size.
constexpr size_t kMaxSentenceBytes = 1500;

// Sentence spans of `text`, long ones cut as above.
std::vector<Span> ExtractionSentences(std::string_view text) {
  std::vector<Span> out;
  for (Span s : SplitSentences(text)) {
    while (s.end - s.begin > kMaxSentenceBytes) {
      size_t cut = text.rfind(' ', s.begin + kMaxSentenceBytes);
      if (cut == std::string_view::npos || cut <= s.begin) cut = s.begin + kMaxSentenceBytes;
      // Never inside a UTF-8 sequence.
      while (cut > s.begin && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      if (cut <= s.begin) cut = s.begin + kMaxSentenceBytes;
      out.push_back({s.begin, cut});
      s.begin = cut;
      while (s.begin < s.end && text[s.begin] == ' ') ++s.begin;
    }
    if (s.end > s.begin) out.push_back(s);
  }
  return out;
}

}  // namespace

std::vector<EventMention> Extractor::Extract(const std::vector<std::string>& paragraphs,
                                             const std::vector<int>& weights, Timestamp reference,
                                             std::vector<Entity>* entities) const {
  ArticleExtraction a(*gazetteer_, lexicon_, reference);
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    int w = p < weights.size() ? weights[p] : 1;
    const std::string& text = paragraphs[p];
    for (const Span& s : ExtractionSentences(text))
      a.AddSentence(text.substr(s.begin, s.end - s.begin), w);
  }
  std::vector<EventMention> out = a.Finish();
  if (entities) *entities = a.Entities();
  return out;
}

}  // namespace newsd

namespace newsd {

Analysis Extractor::Analyze(std::string_view text, Timestamp reference) const {
  ArticleExtraction a(*gazetteer_, lexicon_, reference);
  // Paragraphs are separated by blank lines; offsets are kept.
  size_t pos = 0;
  while (pos < text.size()) {
    size_t next = text.find("\n\n", pos);
    size_t end = next == std::string_view::npos ? text.size() : next;
    std::string_view para = text.substr(pos, end - pos);
    for (const Span& s : ExtractionSentences(para))
      a.AddSentence(std::string(para.substr(s.begin, s.end - s.begin)), 1, pos + s.begin);
    if (next == std::string_view::npos) break;
    pos = next + 2;
  }
  Analysis out;
  out.events = a.Finish();
  a.Describe(&out);
  return out;
}

}  // namespace newsd
