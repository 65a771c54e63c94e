#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "service/admin/pages/page_context.h"

namespace everynet::service::admin {

// The jobs table from GET /api/v1/jobs, each linked to its detail page.
std::string renderJobsPage(const nlohmann::json& jobs, const PageContext& context);

// One job from GET /api/v1/jobs/{id}: state, stage, progress and ETA, error, the critic's and the
// generator's loss curves as inline SVG, heatmap previews, the report's values, the log, and
// Retry / Cancel buttons where the document's can_retry / can_cancel allow them.
std::string renderJobPage(const nlohmann::json& job, const PageContext& context);

}  // namespace everynet::service::admin
