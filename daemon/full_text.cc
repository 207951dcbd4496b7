#include "daemon/full_text.h"

#include "common/ascii.h"
#include "common/log.h"
#include "ingest/article_extractor.h"
#include "ingest/charset.h"
#include "ingest/url.h"

namespace newsd {

namespace {

bool IsWebLink(const std::string& url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

// A page: declared HTML, or undeclared and starting with markup.
bool LooksLikeHtml(const FetchResponse& r) {
  std::string type = AsciiLower(r.content_type);
  if (!type.empty()) return type.find("html") != std::string::npos;
  size_t first = r.body.find_first_not_of(" \t\r\n");
  return first != std::string::npos && r.body[first] == '<';
}

}  // namespace

Result<FullTextMode> ParseFullTextMode(std::string_view s) {
  if (s == "auto") return FullTextMode::kAuto;
  if (s == "always") return FullTextMode::kAlways;
  if (s == "never") return FullTextMode::kNever;
  return Status::InvalidArgument("must be \"auto\", \"always\" or \"never\"");
}

const char* FullTextModeName(FullTextMode m) {
  switch (m) {
    case FullTextMode::kAuto:
      return "auto";
    case FullTextMode::kAlways:
      return "always";
    case FullTextMode::kNever:
      return "never";
  }
  return "auto";
}

bool WantsArticle(FullTextMode mode, const Item& item, const FullTextOptions& options) {
  if (mode == FullTextMode::kNever || !IsWebLink(item.link)) return false;
  return mode == FullTextMode::kAlways || CountWords(item.FeedText()) < options.min_words;
}

FullTextFetcher::FullTextFetcher(FullTextOptions options, Fetcher* fetcher,
                                 MetricsRegistry* metrics)
    : options_(options), fetcher_(fetcher), metrics_(metrics) {}

void FullTextFetcher::Count(const char* result) {
  metrics_
      ->GetCounter("newsd_fulltext_fetches_total",
                   "Article pages fetched for items with short text, by result.",
                   {{"result", result}})
      .Inc();
}

FullTextOutcome FullTextFetcher::Fill(FullTextMode mode, std::vector<Item>& items,
                                      const std::function<bool(const Item&)>& known,
                                      const std::function<bool()>& cancelled) {
  FullTextOutcome out;
  std::vector<size_t> chosen;
  std::vector<FetchRequest> requests;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!Wants(mode, items[i]) || known(items[i])) continue;
    ++out.wanted;
    if (chosen.size() >= options_.max_per_response) {
      ++out.over_limit;
      continue;
    }
    chosen.push_back(i);
    requests.push_back({items[i].link, "", ""});
  }
  if (out.over_limit > 0) {
    metrics_
        ->GetCounter("newsd_fulltext_skipped_total",
                     "Items left with their teaser by [fetch] full_text_max_items.")
        .Inc(out.over_limit);
  }
  if (requests.empty()) return out;
  const auto deadline = std::chrono::steady_clock::now() + options_.budget;
  std::vector<FetchResponse> responses = fetcher_->FetchAll(requests, [&] {
    return (cancelled && cancelled()) || std::chrono::steady_clock::now() >= deadline;
  });
  for (size_t k = 0; k < responses.size() && k < chosen.size(); ++k) {
    const FetchResponse& r = responses[k];
    Item& item = items[chosen[k]];
    auto fail = [&](const char* result, const std::string& why) {
      Count(result);
      if (out.first_error.empty()) out.first_error = RedactUrl(item.link) + ": " + why;
    };
    if (!r.status.ok()) {
      fail(r.status.code() == Status::Code::kTimeout ? "timeout" : "transport_error",
           r.status.message());
      continue;
    }
    metrics_->GetCounter("newsd_fulltext_bytes_total", "Bytes of article pages fetched.")
        .Inc(r.body.size());
    if (!r.success()) {
      fail("http_error", "HTTP " + std::to_string(r.http_status));
      continue;
    }
    if (!LooksLikeHtml(r)) {
      fail("not_html", "not HTML (" + (r.content_type.empty() ? "no type" : r.content_type) + ")");
      continue;
    }
    const std::string& page_url = r.effective_url.empty() ? item.link : r.effective_url;
    Article a = ExtractArticle(DecodeToUtf8(r.body, r.content_type).text, page_url);
    // A paywall, a consent wall or a page of links gives no more than the
    // teaser already says.
    if (a.words <= CountWords(item.FeedText())) {
      fail("no_article",
           "no article text beyond the teaser (" + std::to_string(a.words) + " words)");
      continue;
    }
    Count("ok");
    ++out.fetched;
    item.article_text = std::move(a.text);
    item.article_url = a.canonical_url.empty() ? page_url : a.canonical_url;
    if (item.date_is_fetch_time && a.published) {
      item.published = a.published;
      item.date_is_fetch_time = false;
    }
  }
  return out;
}

}  // namespace newsd
