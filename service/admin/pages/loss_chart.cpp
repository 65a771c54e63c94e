#include "service/admin/pages/loss_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "service/admin/pages/html.h"

namespace everynet::service::admin {
namespace {

// The chart's frame in SVG user units.
constexpr double kWidth = 480;
constexpr double kHeight = 220;
constexpr double kLeft = 64;
constexpr double kRight = 12;
constexpr double kTop = 12;
constexpr double kBottom = 36;
constexpr int kWantedTicks = 5;

struct Point {
  double iteration;
  double loss;
};

struct Range {
  double low;
  double high;
};

std::string number(double value, const char* format = "%.1f") {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::vector<Point> pointsOf(const nlohmann::json& iterations, const nlohmann::json& losses) {
  std::vector<Point> points;
  if (!iterations.is_array() || !losses.is_array()) return points;
  const auto count = std::min(iterations.size(), losses.size());
  for (std::size_t i = 0; i < count; ++i) {
    if (!iterations[i].is_number() || !losses[i].is_number()) continue;
    points.push_back({iterations[i].get<double>(), losses[i].get<double>()});
  }
  return points;
}

// A range that is never empty, so that one point or a flat curve still has room.
Range padded(double low, double high) {
  if (high > low) return {low, high};
  const double margin = std::max(1.0, std::abs(low) * 0.1);
  return {low - margin, high + margin};
}

// Tick values at a 1, 2 or 5 times a power of ten step, about kWantedTicks of them in the range.
std::vector<double> ticksOf(const Range& range) {
  const double rough = (range.high - range.low) / kWantedTicks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double step = magnitude;
  for (const double factor : {2.0, 5.0, 10.0}) {
    if (step >= rough) break;
    step = magnitude * factor;
  }
  std::vector<double> ticks;
  for (double tick = std::ceil(range.low / step) * step; tick <= range.high + step * 1e-9;
       tick += step) {
    ticks.push_back(std::abs(tick) < step * 1e-9 ? 0.0 : tick);
  }
  return ticks;
}

double scaled(double value, const Range& range, double from, double to) {
  return from + (value - range.low) / (range.high - range.low) * (to - from);
}

}  // namespace

std::string renderLossChart(std::string_view title, std::string_view css_class,
                            const nlohmann::json& iterations, const nlohmann::json& losses) {
  const auto points = pointsOf(iterations, losses);
  if (points.empty()) {
    return "<p class=\"empty\">" + escapeHtml(title) + ": no losses recorded yet.</p>\n";
  }
  const auto [min_x, max_x] = std::minmax_element(
      points.begin(), points.end(), [](auto a, auto b) { return a.iteration < b.iteration; });
  const auto [min_y, max_y] = std::minmax_element(points.begin(), points.end(),
                                                  [](auto a, auto b) { return a.loss < b.loss; });
  const Range x_range = padded(min_x->iteration, max_x->iteration);
  const Range y_range = padded(min_y->loss, max_y->loss);
  const double plot_left = kLeft, plot_right = kWidth - kRight;
  const double plot_top = kTop, plot_bottom = kHeight - kBottom;

  std::string svg = "<figure class=\"chart\"><svg class=\"loss-chart " + escapeHtml(css_class) +
                    "\" viewBox=\"0 0 " + number(kWidth, "%.0f") + " " + number(kHeight, "%.0f") +
                    "\" role=\"img\" aria-label=\"" + escapeHtml(title) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
  svg += "<g class=\"axis\"><line x1=\"" + number(plot_left) + "\" y1=\"" + number(plot_bottom) +
         "\" x2=\"" + number(plot_right) + "\" y2=\"" + number(plot_bottom) + "\"/><line x1=\"" +
         number(plot_left) + "\" y1=\"" + number(plot_top) + "\" x2=\"" + number(plot_left) +
         "\" y2=\"" + number(plot_bottom) + "\"/>\n";
  for (const double tick : ticksOf(x_range)) {
    const double x = scaled(tick, x_range, plot_left, plot_right);
    svg += "<line class=\"tick\" x1=\"" + number(x) + "\" y1=\"" + number(plot_bottom) +
           "\" x2=\"" + number(x) + "\" y2=\"" + number(plot_bottom + 4) + "\"/><text x=\"" +
           number(x) + "\" y=\"" + number(plot_bottom + 16) + "\" text-anchor=\"middle\">" +
           number(tick, "%g") + "</text>\n";
  }
  for (const double tick : ticksOf(y_range)) {
    const double y = scaled(tick, y_range, plot_bottom, plot_top);
    svg += "<line class=\"grid\" x1=\"" + number(plot_left) + "\" y1=\"" + number(y) + "\" x2=\"" +
           number(plot_right) + "\" y2=\"" + number(y) + "\"/><text x=\"" + number(plot_left - 6) +
           "\" y=\"" + number(y + 4) + "\" text-anchor=\"end\">" + number(tick, "%g") + "</text>\n";
  }
  svg += "<text class=\"axis-label\" x=\"" + number((plot_left + plot_right) / 2) + "\" y=\"" +
         number(kHeight - 4) + "\" text-anchor=\"middle\">iteration</text></g>\n";

  std::string path;
  for (const auto& point : points) {
    path += path.empty() ? "M" : " L";
    path += number(scaled(point.iteration, x_range, plot_left, plot_right)) + "," +
            number(scaled(point.loss, y_range, plot_bottom, plot_top));
  }
  svg += "<path class=\"curve\" d=\"" + path + "\"/>\n</svg><figcaption>" + escapeHtml(title) +
         "</figcaption></figure>\n";
  return svg;
}

}  // namespace everynet::service::admin
