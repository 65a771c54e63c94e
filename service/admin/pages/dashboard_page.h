#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "service/admin/pages/page_context.h"

namespace everynet::service::admin {

// The dashboard from the status document (GET /api/v1/status). Its figures carry data-field and
// its tables data-list attributes, which admin.js refreshes from the same document every 5 s.
std::string renderDashboardPage(const nlohmann::json& status, const PageContext& context);

}  // namespace everynet::service::admin
