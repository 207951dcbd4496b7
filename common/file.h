// Reading a whole file: config, dictionaries, feed files given on the command
// line. Errors: kIOError naming the path.
#pragma once

#include <string>

#include "common/status.h"

namespace newsd {

Result<std::string> ReadFileToString(const std::string& path);

}  // namespace newsd
