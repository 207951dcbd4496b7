#include "kafka/items_topic.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <cstring>
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

struct ItemsConsumerCallbacks {
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* parts, void* opaque) {
    auto* c = static_cast<ItemsConsumer*>(opaque);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS)
      c->Assign(rk, parts);
    else
      c->Revoke(rk, parts);
  }
};

Result<std::unique_ptr<ItemsConsumer>> ItemsConsumer::Join(const ItemsConsumerOptions& o,
                                                           StoredOffset stored) {
  std::unique_ptr<ItemsConsumer> c(new ItemsConsumer());
  c->options_ = o;
  c->stored_ = std::move(stored);
  c->impl_ = std::make_unique<Impl>();
  // The store holds the offsets, in the same write as the items.
  std::map<std::string, std::string> props = kafka_client::GroupMemberProperties(
      o.group_id, o.static_membership ? o.instance_id : "", o.session_timeout, o.max_poll_interval);
  props["isolation.level"] = "read_committed";
  auto rk = kafka_client::Connect(o.topic.brokers, props, o.topic.properties, RD_KAFKA_CONSUMER,
                                  c.get(), nullptr, ItemsConsumerCallbacks::OnRebalance);
  if (!rk.ok()) return rk.status();
  c->impl_->rk = std::move(rk).value();
  rd_kafka_t* h = c->impl_->rk.get();
  auto partitions =
      kafka_client::PartitionCount(h, o.topic.topic, SteadyClock::now() + o.topic.timeout);
  if (!partitions.ok()) return partitions.status();
  if (*partitions == 0)
    return Status::InvalidArgument("items topic " + o.topic.topic +
                                   " does not exist (create it: docs/scaling.md)");
  rd_kafka_poll_set_consumer(h);
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, o.topic.topic.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t e = rd_kafka_subscribe(h, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Status::Unavailable(std::string("items consumer: subscribe: ") + rd_kafka_err2str(e));
  NEWSD_LOG(kInfo) << "processors' group " << o.group_id << ": joining as " << o.instance_id;
  return c;
}

ItemsConsumer::~ItemsConsumer() {
  if (impl_ && impl_->rk) rd_kafka_consumer_close(impl_->rk.get());
}

void ItemsConsumer::Assign(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* parts) {
  ++rebalances_;
  for (int i = 0; i < parts->cnt; ++i) {
    rd_kafka_topic_partition_t& p = parts->elems[i];
    const int64_t next = stored_(p.partition);
    p.offset = next >= 0 ? next : RD_KAFKA_OFFSET_BEGINNING;
    assigned_.insert(p.partition);
    NEWSD_LOG(kNotice) << "items: partition " << p.partition << " of " << options_.topic.topic
                       << " assigned; reading from "
                       << (next >= 0 ? "offset " + std::to_string(next) : "the beginning");
  }
  kafka_client::ApplyAssignment(rk, parts, /*assign=*/true, "items");
}

void ItemsConsumer::Revoke(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* parts) {
  ++rebalances_;
  for (int i = 0; i < parts->cnt; ++i) assigned_.erase(parts->elems[i].partition);
  NEWSD_LOG(kNotice) << "items: " << parts->cnt << " partitions of " << options_.topic.topic
                     << " revoked" << (rd_kafka_assignment_lost(rk) ? " (lost)" : "");
  kafka_client::ApplyAssignment(rk, parts, /*assign=*/false, "items");
}

void ItemsConsumer::Rewind(const StoredOffset& stored) {
  if (assigned_.empty()) return;
  rd_kafka_topic_partition_list_t* parts =
      rd_kafka_topic_partition_list_new(static_cast<int>(assigned_.size()));
  for (int32_t p : assigned_) {
    const int64_t next = stored(p);
    rd_kafka_topic_partition_list_add(parts, options_.topic.topic.c_str(), p)->offset =
        next >= 0 ? next : RD_KAFKA_OFFSET_BEGINNING;
  }
  if (rd_kafka_error_t* e = rd_kafka_seek_partitions(impl_->rk.get(), parts, 5000)) {
    NEWSD_LOG(kWarning) << "items: rewind: " << rd_kafka_error_string(e);
    rd_kafka_error_destroy(e);
  }
  rd_kafka_topic_partition_list_destroy(parts);
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
      // Records of a partition revoked meanwhile are not ours to process.
      if (assigned_.count(m->partition)) {
        ItemRecord r;
        r.partition = m->partition;
        r.offset = m->offset;
        r.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
        if (m->payload) r.value.assign(static_cast<const char*>(m->payload), m->len);
        out.push_back(std::move(r));
      }
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
