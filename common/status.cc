#include "common/status.h"

namespace newsd {

std::string Status::ToString() const {
  const char* name = "ok";
  switch (code_) {
    case Code::kOk:
      return "ok";
    case Code::kInvalidArgument:
      name = "invalid argument";
      break;
    case Code::kNotFound:
      name = "not found";
      break;
    case Code::kParseError:
      name = "parse error";
      break;
    case Code::kIOError:
      name = "I/O error";
      break;
    case Code::kTimeout:
      name = "timeout";
      break;
    case Code::kUnavailable:
      name = "unavailable";
      break;
    case Code::kInternal:
      name = "internal error";
      break;
    case Code::kRejected:
      name = "rejected";
      break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace newsd
