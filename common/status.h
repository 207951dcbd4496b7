// Status and Result<T>: the one error model of newsd.
//
// Untrusted input and environment failures (a broken feed, a full disk, an
// unreachable broker) are returned as values; only broken invariants abort.
// A Status is cheap to copy when ok() and carries a code plus a message
// otherwise. Thread-compatible: distinct objects may be used concurrently.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace newsd {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // bad config value, bad CLI flag, malformed input
    kNotFound,
    kParseError,  // a document that could not be understood at all
    kIOError,     // disk, network, broker
    kTimeout,
    kUnavailable,  // a dependency is down; retry later
    kInternal,
    kRejected,  // a dependency refused this one request for good; retrying it is useless
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status ParseError(std::string m) { return {Code::kParseError, std::move(m)}; }
  static Status IOError(std::string m) { return {Code::kIOError, std::move(m)}; }
  static Status Timeout(std::string m) { return {Code::kTimeout, std::move(m)}; }
  static Status Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }
  static Status Rejected(std::string m) { return {Code::kRejected, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "ok" or "<code name>: <message>".
  std::string ToString() const;

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace newsd

#define NEWSD_RETURN_IF_ERROR(expr) \
  do {                              \
    ::newsd::Status _st = (expr);   \
    if (!_st.ok()) return _st;      \
  } while (0)
