#pragma once

#include <string>

#include "service/admin/admin_context.h"

namespace everynet::service::admin {

// GET /metrics: the index's counters and gauges in the Prometheus text format 0.0.4, each family
// with its HELP and TYPE lines. Reads the index afresh.
std::string metricsText(const AdminContext& context);

// A label value escaped as the format asks: backslash, double quote and line feed.
std::string escapeLabelValue(const std::string& value);

}  // namespace everynet::service::admin
