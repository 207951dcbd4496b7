#include "kafka/items_topic.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "common/log.h"
#include "kafka/client.h"

namespace newsd {

namespace {

using SteadyClock = std::chrono::steady_clock;

nlohmann::json TimeOrNull(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(ToUnixMillis(*t)) : nlohmann::json(nullptr);
}

std::optional<Timestamp> TimeOf(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return FromUnixMillis(it->get<int64_t>());
}

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> Strings(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

std::string EncodeItemRecord(const Item& item) {
  nlohmann::json media = nlohmann::json::array();
  for (const auto& m : item.media)
    media.push_back({{"url", m.url}, {"type", m.type}, {"medium", m.medium}});
  nlohmann::json j = {{"feed_url", item.feed_url},
                      {"feed_name", item.feed_name},
                      {"feed_title", item.feed_title},
                      {"guid", item.guid},
                      {"link", item.link},
                      {"title", item.title},
                      {"published_ms", TimeOrNull(item.published)},
                      {"updated_ms", TimeOrNull(item.updated)},
                      {"date_is_fetch_time", item.date_is_fetch_time},
                      {"authors", item.authors},
                      {"categories", item.categories},
                      {"summary_text", item.summary_text},
                      {"content_text", item.content_text},
                      {"media", media},
                      {"article_text", item.article_text},
                      {"article_url", item.article_url}};
  return DumpJson(j);
}

Result<Item> DecodeItemRecord(std::string_view value) {
  auto j = nlohmann::json::parse(value, nullptr, false);
  if (!j.is_object()) return Status::ParseError("item record is not a JSON object");
  Item item;
  item.feed_url = Str(j, "feed_url");
  if (item.feed_url.empty()) return Status::ParseError("item record without feed_url");
  item.feed_name = Str(j, "feed_name");
  item.feed_title = Str(j, "feed_title");
  item.guid = Str(j, "guid");
  item.link = Str(j, "link");
  item.title = Str(j, "title");
  item.published = TimeOf(j, "published_ms");
  item.updated = TimeOf(j, "updated_ms");
  if (auto it = j.find("date_is_fetch_time"); it != j.end() && it->is_boolean())
    item.date_is_fetch_time = it->get<bool>();
  item.authors = Strings(j, "authors");
  item.categories = Strings(j, "categories");
  item.summary_text = Str(j, "summary_text");
  item.content_text = Str(j, "content_text");
  if (auto it = j.find("media"); it != j.end() && it->is_array()) {
    for (const auto& m : *it)
      if (m.is_object()) item.media.push_back({Str(m, "url"), Str(m, "type"), Str(m, "medium")});
  }
  item.article_text = Str(j, "article_text");
  item.article_url = Str(j, "article_url");
  return item;
}

// ---------------------------------------------------------------------------

struct ItemsProducer::Impl {
  ItemsTopicOptions options;
  kafka_client::Handle rk;
  size_t failed = 0;
  std::string first_error;
};

Result<std::unique_ptr<ItemsProducer>> ItemsProducer::Create(const ItemsTopicOptions& o) {
  std::unique_ptr<ItemsProducer> p(new ItemsProducer());
  p->impl_ = std::make_unique<Impl>();
  p->impl_->options = o;
  auto on_delivery = [](rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* impl = static_cast<Impl*>(opaque);
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
    if (impl->failed++ == 0) impl->first_error = rd_kafka_err2str(m->err);
  };
  auto rk = kafka_client::Connect(o.brokers,
                                  {{"enable.idempotence", "true"},
                                   {"acks", "all"},
                                   {"linger.ms", "5"},
                                   {"compression.type", "lz4"}},
                                  o.properties, RD_KAFKA_PRODUCER, p->impl_.get(), on_delivery);
  if (!rk.ok()) return rk.status();
  p->impl_->rk = std::move(rk).value();
  return p;
}

ItemsProducer::~ItemsProducer() = default;

Status ItemsProducer::Publish(const std::vector<Item>& items, std::string_view domain) {
  if (items.empty()) return Status::Ok();
  Impl& impl = *impl_;
  const auto deadline = SteadyClock::now() + impl.options.timeout;
  impl.failed = 0;
  impl.first_error.clear();
  for (const Item& item : items) {
    const std::string value = EncodeItemRecord(item);
    rd_kafka_resp_err_t e;
    // A full local queue waits for deliveries, up to the deadline.
    while ((e = rd_kafka_producev(impl.rk.get(), RD_KAFKA_V_TOPIC(impl.options.topic.c_str()),
                                  RD_KAFKA_V_KEY(domain.data(), domain.size()),
                                  RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END)) ==
               RD_KAFKA_RESP_ERR__QUEUE_FULL &&
           SteadyClock::now() < deadline)
      rd_kafka_poll(impl.rk.get(), 50);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
      return Status::Unavailable(impl.options.topic + ": " + rd_kafka_err2str(e));
  }
  rd_kafka_resp_err_t e = rd_kafka_flush(impl.rk.get(), kafka_client::MillisLeft(deadline));
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Status::Unavailable(impl.options.topic + ": the brokers did not acknowledge in time");
  if (impl.failed > 0)
    return Status::Unavailable(impl.options.topic + ": " + std::to_string(impl.failed) +
                               " records refused (" + impl.first_error + ")");
  published_ += items.size();
  return Status::Ok();
}

// ---------------------------------------------------------------------------

struct ItemsConsumer::Impl {
  kafka_client::Handle rk;
};

Result<std::unique_ptr<ItemsConsumer>> ItemsConsumer::Open(const ItemsConsumerOptions& o,
                                                           StoredOffset stored) {
  std::unique_ptr<ItemsConsumer> c(new ItemsConsumer());
  c->options_ = o;
  c->impl_ = std::make_unique<Impl>();
  // Assigned by hand: a group id only because librdkafka wants one; no
  // offsets are committed, the store holds them with the items.
  auto rk = kafka_client::Connect(o.topic.brokers,
                                  {{"group.id", "newsd-items-reader"},
                                   {"client.id", o.client_id.empty() ? "newsd" : o.client_id},
                                   {"enable.auto.commit", "false"},
                                   {"enable.auto.offset.store", "false"},
                                   {"auto.offset.reset", "earliest"},
                                   {"isolation.level", "read_committed"},
                                   {"fetch.wait.max.ms", "100"}},
                                  o.topic.properties, RD_KAFKA_CONSUMER, nullptr);
  if (!rk.ok()) return rk.status();
  c->impl_->rk = std::move(rk).value();
  rd_kafka_t* h = c->impl_->rk.get();
  auto partitions =
      kafka_client::PartitionCount(h, o.topic.topic, SteadyClock::now() + o.topic.timeout);
  if (!partitions.ok()) return partitions.status();
  if (*partitions == 0)
    return Status::InvalidArgument("items topic " + o.topic.topic +
                                   " does not exist (create it: docs/scaling.md)");
  c->partitions_ = *partitions;
  rd_kafka_poll_set_consumer(h);
  rd_kafka_topic_partition_list_t* parts = c->Positions(stored);
  for (int i = 0; i < parts->cnt; ++i) {
    const int64_t next = parts->elems[i].offset;
    NEWSD_LOG(kInfo) << "items: partition " << parts->elems[i].partition << " of " << o.topic.topic
                     << " from "
                     << (next >= 0 ? "offset " + std::to_string(next) : "the beginning");
  }
  rd_kafka_resp_err_t e = rd_kafka_assign(h, parts);
  rd_kafka_topic_partition_list_destroy(parts);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Status::Unavailable(std::string("items: assign: ") + rd_kafka_err2str(e));
  return c;
}

ItemsConsumer::~ItemsConsumer() {
  if (impl_ && impl_->rk) rd_kafka_consumer_close(impl_->rk.get());
}

rd_kafka_topic_partition_list_t* ItemsConsumer::Positions(const StoredOffset& stored) const {
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions_);
  for (int32_t p = 0; p < partitions_; ++p) {
    const int64_t next = stored(p);
    rd_kafka_topic_partition_list_add(parts, options_.topic.topic.c_str(), p)->offset =
        next >= 0 ? next : RD_KAFKA_OFFSET_BEGINNING;
  }
  return parts;
}

void ItemsConsumer::Rewind(const StoredOffset& stored) {
  rd_kafka_topic_partition_list_t* parts = Positions(stored);
  if (rd_kafka_error_t* e = rd_kafka_seek_partitions(impl_->rk.get(), parts, 5000)) {
    NEWSD_LOG(kWarning) << "items: rewind: " << rd_kafka_error_string(e);
    rd_kafka_error_destroy(e);
  }
  rd_kafka_topic_partition_list_destroy(parts);
  next_.clear();
}

int64_t ItemsConsumer::Lag() const {
  int64_t lag = 0;
  for (int32_t p = 0; p < partitions_; ++p) {
    int64_t low = 0, high = 0;
    if (rd_kafka_get_watermark_offsets(impl_->rk.get(), options_.topic.topic.c_str(), p, &low,
                                       &high) != RD_KAFKA_RESP_ERR_NO_ERROR ||
        high < 0)
      continue;
    auto it = next_.find(p);
    const int64_t at = it != next_.end() ? it->second : low;
    lag += std::max<int64_t>(0, high - at);
  }
  return lag;
}

std::vector<ItemRecord> ItemsConsumer::Poll(size_t max, std::chrono::milliseconds wait) {
  std::vector<ItemRecord> out;
  rd_kafka_t* rk = impl_->rk.get();
  int timeout = static_cast<int>(wait.count());
  while (out.size() < max) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, timeout);
    timeout = 0;
    if (!m) break;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ItemRecord r;
      r.partition = m->partition;
      r.offset = m->offset;
      r.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
      if (m->payload) r.value.assign(static_cast<const char*>(m->payload), m->len);
      next_[r.partition] = r.offset + 1;
      out.push_back(std::move(r));
    } else if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      std::string what = rd_kafka_message_errstr(m);
      if (what != last_error_) NEWSD_LOG(kWarning) << "items: " << what;
      last_error_ = what;
    }
    rd_kafka_message_destroy(m);
  }
  return out;
}

}  // namespace newsd
