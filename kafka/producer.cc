#include "kafka/producer.h"

#include <librdkafka/rdkafka.h>

#include <atomic>

#include "common/log.h"

namespace newsd {

struct KafkaProducer::Impl {
  rd_kafka_t* rk = nullptr;
  DeliveryCallback on_delivery;

  ~Impl() {
    if (rk) rd_kafka_destroy(rk);
  }
};

namespace {

// Errors no retry of the same message can cure: it is too large for the
// topic, malformed, or the credentials may not write there. (An operator
// can fix the last and replay the message: `newsd outbox retry`.)
bool IsPermanent(rd_kafka_resp_err_t e) {
  switch (e) {
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_MSG:
    case RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE:
    case RD_KAFKA_RESP_ERR_INVALID_RECORD:
    case RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION:
    case RD_KAFKA_RESP_ERR_POLICY_VIOLATION:
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
      return true;
    default:
      return false;
  }
}

Status DeliveryStatus(rd_kafka_resp_err_t e) {
  if (e == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Ok();
  std::string what = std::string(rd_kafka_err2name(e)) + ": " + rd_kafka_err2str(e);
  return IsPermanent(e) ? Status::Rejected(std::move(what)) : Status::Unavailable(std::move(what));
}

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  auto* impl = static_cast<KafkaProducer::Impl*>(opaque);
  uint64_t token = reinterpret_cast<uintptr_t>(msg->_private);
  Status outcome = DeliveryStatus(msg->err);
  if (impl->on_delivery) impl->on_delivery(token, outcome);
}

void OnError(rd_kafka_t*, int err, const char* reason, void*) {
  NEWSD_LOG(kWarning) << "kafka: " << rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err))
                      << ": " << reason;
}

void OnLog(const rd_kafka_t*, int level, const char* fac, const char* buf) {
  if (level <= 4) NEWSD_LOG(kWarning) << "kafka " << fac << ": " << buf;
}

}  // namespace

// A librdkafka configuration of the options; the caller owns *out. Errors
// name the property, never its value (it may be a password).
static Status BuildConf(const ProducerOptions& o, rd_kafka_conf_t** out) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  std::map<std::string, std::string> props = {
      {"bootstrap.servers", o.brokers},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"message.timeout.ms", std::to_string(o.message_timeout.count())},
      {"linger.ms", "5"},
      {"client.id", "newsd"},
  };
  for (const auto& [k, v] : o.properties) props[k] = v;
  for (const auto& [k, v] : props) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      std::string why = err;
      for (size_t at = v.empty() ? std::string::npos : why.find(v); at != std::string::npos;
           at = why.find(v, at + 3))
        why.replace(at, v.size(), "***");
      return Status::InvalidArgument("kafka property " + k + ": " + why);
    }
  }
  *out = conf;
  return Status::Ok();
}

Status ValidateProducerOptions(const ProducerOptions& o) {
  rd_kafka_conf_t* conf = nullptr;
  NEWSD_RETURN_IF_ERROR(BuildConf(o, &conf));
  rd_kafka_conf_destroy(conf);
  return Status::Ok();
}

Result<std::unique_ptr<KafkaProducer>> KafkaProducer::Create(const ProducerOptions& o,
                                                             DeliveryCallback on_delivery) {
  if (o.brokers.empty()) return Status::InvalidArgument("kafka brokers are empty");
  auto impl = std::make_unique<Impl>();
  impl->on_delivery = std::move(on_delivery);
  rd_kafka_conf_t* conf = nullptr;
  NEWSD_RETURN_IF_ERROR(BuildConf(o, &conf));
  char err[512];
  rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery);
  rd_kafka_conf_set_error_cb(conf, OnError);
  rd_kafka_conf_set_log_cb(conf, OnLog);
  rd_kafka_conf_set_opaque(conf, impl.get());
  impl->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!impl->rk) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("kafka producer: ") + err);
  }
  return std::unique_ptr<KafkaProducer>(new KafkaProducer(std::move(impl)));
}

KafkaProducer::KafkaProducer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KafkaProducer::~KafkaProducer() = default;

Status KafkaProducer::Produce(const std::string& topic, const std::string& key,
                              const std::string& value, const MessageHeaders& headers,
                              uint64_t token) {
  rd_kafka_headers_t* hdrs = nullptr;
  if (!headers.empty()) {
    hdrs = rd_kafka_headers_new(headers.size());
    for (const auto& [name, v] : headers)
      rd_kafka_header_add(hdrs, name.data(), static_cast<ssize_t>(name.size()), v.data(),
                          static_cast<ssize_t>(v.size()));
  }
  // On success librdkafka owns the headers; on failure they stay ours.
  rd_kafka_resp_err_t err = rd_kafka_producev(
      impl_->rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(RD_KAFKA_PARTITION_UA),
      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
      RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
      RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_HEADERS(hdrs),
      RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<uintptr_t>(token))), RD_KAFKA_V_END);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && hdrs) rd_kafka_headers_destroy(hdrs);
  const int rc = err == RD_KAFKA_RESP_ERR_NO_ERROR ? 0 : -1;
  if (rc != 0) {
    rd_kafka_resp_err_t e = err;
    if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) return Status::Unavailable("kafka queue full");
    if (IsPermanent(e)) return DeliveryStatus(e);
    return Status::IOError(std::string("kafka produce: ") + rd_kafka_err2str(e));
  }
  return Status::Ok();
}

void KafkaProducer::Poll(int timeout_ms) { rd_kafka_poll(impl_->rk, timeout_ms); }

int KafkaProducer::InFlight() const { return rd_kafka_outq_len(impl_->rk); }

Status KafkaProducer::Flush(std::chrono::milliseconds timeout) {
  rd_kafka_resp_err_t e = rd_kafka_flush(impl_->rk, static_cast<int>(timeout.count()));
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Status::Timeout(std::to_string(rd_kafka_outq_len(impl_->rk)) +
                           " messages not delivered before the deadline");
  return Status::Ok();
}

}  // namespace newsd
