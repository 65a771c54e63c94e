#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace everynet::service::admin {

// One loss curve of a job (the document's `losses.iteration` and `losses.critic` or
// `losses.generator`) as inline SVG: a path with one point per iteration whose loss is a number,
// on axes with a few ticks. css_class names the curve for the stylesheet. Without points it is
// a short note instead of a chart.
std::string renderLossChart(std::string_view title, std::string_view css_class,
                            const nlohmann::json& iterations, const nlohmann::json& losses);

}  // namespace everynet::service::admin
