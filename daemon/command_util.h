// Helpers shared by the subcommand implementations (commands.cc,
// feeds_commands.cc). Not a public interface.
#pragma once

#include <string>

#include "common/status.h"
#include "daemon/config.h"

namespace newsd {

// LoadConfig, reporting a failure on stderr as "newsd: <message>".
Result<Config> LoadConfigOrReport(const std::string& path);

}  // namespace newsd
