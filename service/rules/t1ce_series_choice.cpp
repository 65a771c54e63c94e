#include "service/rules/t1ce_series_choice.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <sstream>
#include <vector>

namespace everynet::service {
namespace {

bool is3d(const T1ceCandidate& c) {
  return c.attributes.mr_acquisition_type == "3D";
}

double thickness(const T1ceCandidate& c) {
  return c.attributes.slice_thickness_mm.value_or(std::numeric_limits<double>::infinity());
}

int seriesNumber(const T1ceCandidate& c) {
  return c.attributes.series_number.value_or(-1);
}

// True when a is preferred over b.
bool preferred(const T1ceCandidate& a, const T1ceCandidate& b) {
  if (is3d(a) != is3d(b)) return is3d(a);
  if (thickness(a) != thickness(b)) return thickness(a) < thickness(b);
  return seriesNumber(a) > seriesNumber(b);
}

std::string why(const T1ceCandidate& chosen, const T1ceCandidate& runner_up) {
  std::ostringstream text;
  if (is3d(chosen) != is3d(runner_up)) {
    text << "3D acquisition preferred over 2D";
  } else if (thickness(chosen) != thickness(runner_up)) {
    text << "thinnest slices (" << thickness(chosen) << " mm against " << thickness(runner_up)
         << " mm)";
  } else {
    text << "highest series number (" << seriesNumber(chosen) << " against "
         << seriesNumber(runner_up) << ")";
  }
  return text.str();
}

}  // namespace

SeriesChoice chooseT1ceSeries(std::span<const T1ceCandidate> candidates) {
  if (candidates.size() == 1) return {0, "the only T1ce series of its study"};
  std::vector<std::size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return preferred(candidates[a], candidates[b]);
  });
  return {order[0], "one of " + std::to_string(candidates.size()) +
                        " T1ce series: " + why(candidates[order[0]], candidates[order[1]])};
}

}  // namespace everynet::service
