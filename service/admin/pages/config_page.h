#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "service/admin/pages/page_context.h"

namespace everynet::service::admin {

// The configuration from GET /api/v1/config as a read-only table of dotted keys
// ("series.quiet_seconds", "export.destinations[0].host") and values; the API masks secrets.
std::string renderConfigPage(const nlohmann::json& config, const PageContext& context);

}  // namespace everynet::service::admin
