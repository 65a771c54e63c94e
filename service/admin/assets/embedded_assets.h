#pragma once

#include <string_view>

namespace everynet::service::admin {

// The admin web's stylesheet and script (assets/admin.css, assets/admin.js), compiled into the
// binary so that the pages need nothing outside it and the CSP can stay at 'self'.
std::string_view adminStylesheet();
std::string_view adminScript();

}  // namespace everynet::service::admin
