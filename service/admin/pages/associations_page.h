#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "service/admin/pages/page_context.h"

namespace everynet::service::admin {

// The associations log from GET /api/v1/associations, newest as the document orders them.
std::string renderAssociationsPage(const nlohmann::json& associations, const PageContext& context);

}  // namespace everynet::service::admin
