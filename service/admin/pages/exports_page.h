#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "service/admin/pages/page_context.h"

namespace everynet::service::admin {

// Exports per destination from GET /api/v1/exports, each with a "Re-send failed" button
// (POST /api/v1/exports/retry {"destination": name}), and the table of troubled exports.
std::string renderExportsPage(const nlohmann::json& exports, const PageContext& context);

}  // namespace everynet::service::admin
