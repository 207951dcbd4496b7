// Dates as feeds write them: RFC 822 / RFC 2822 ("Fri, 01 Jun 2018 14:05:00
// GMT", with the common variants: no weekday, two-digit years, named zones
// such as EST or BST, missing seconds) and RFC 3339 / W3CDTF. Pure.
#pragma once

#include <optional>
#include <string_view>

#include "common/time.h"

namespace newsd {

std::optional<Timestamp> ParseFeedDate(std::string_view text);

}  // namespace newsd
