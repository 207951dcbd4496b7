// The web timeline served at "/" by the API listener: one HTML file with
// its CSS and JavaScript (daemon/web/index.html), compiled into the binary
// so that a server without internet access serves it whole.
#pragma once

#include <string_view>

namespace newsd {

std::string_view WebPage();

}  // namespace newsd
