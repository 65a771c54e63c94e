#include "engine/imaging/internal/intensity_matching.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "engine/imaging/internal/intensity_statistics.h"

namespace everynet::engine::internal {
namespace {

// Dense in the tails, where tumour and vessels sit, sparse in the middle: enough to match the
// shape of a brain histogram without equalising away real differences between the scans.
constexpr std::array<double, 15> kMatchedQuantiles{0.01, 0.02, 0.05, 0.1, 0.2,  0.3,  0.4, 0.5,
                                                   0.6,  0.7,  0.8,  0.9, 0.95, 0.98, 0.99};

struct MatchPoint {
  double source = 0;
  double reference = 0;
};

double mapThrough(const std::vector<MatchPoint>& points, double slope_beyond, double value) {
  if (value <= points.front().source) {
    return points.front().reference + slope_beyond * (value - points.front().source);
  }
  if (value >= points.back().source) {
    return points.back().reference + slope_beyond * (value - points.back().source);
  }
  const auto above = std::upper_bound(points.begin(), points.end(), value,
                                      [](double v, const MatchPoint& p) { return v < p.source; });
  const auto below = above - 1;
  const double t = (value - below->source) / (above->source - below->source);
  return below->reference + t * (above->reference - below->reference);
}

}  // namespace

void matchHistogram(ItkImage& image, const ItkMask& mask,
                    const std::vector<float>& reference_sorted) {
  const auto source_sorted = sortedValuesInside(image, mask);
  std::vector<MatchPoint> points;
  for (const double q : kMatchedQuantiles) {
    const MatchPoint point{quantile(source_sorted, q), quantile(reference_sorted, q)};
    // Equal source quantiles (a flat stretch of the histogram) would make the map a step.
    if (points.empty() || point.source > points.back().source) points.push_back(point);
  }
  const double source_span = points.back().source - points.front().source;
  const double slope_beyond =
      source_span > 0 ? (points.back().reference - points.front().reference) / source_span : 0.0;
  float* value = image.GetBufferPointer();
  const std::size_t count = image.GetLargestPossibleRegion().GetNumberOfPixels();
  for (std::size_t i = 0; i < count; ++i) {
    value[i] = static_cast<float>(mapThrough(points, slope_beyond, value[i]));
  }
}

void scaleToUnitRange(ItkImage& image, const ItkMask& mask, double divisor) {
  if (!(divisor > 0)) throw std::runtime_error("cannot normalise a brain with no signal");
  float* value = image.GetBufferPointer();
  const std::uint8_t* inside = mask.GetBufferPointer();
  const std::size_t count = image.GetLargestPossibleRegion().GetNumberOfPixels();
  for (std::size_t i = 0; i < count; ++i) {
    value[i] =
        inside[i] != 0 ? std::clamp(static_cast<float>(value[i] / divisor), 0.0f, 1.0f) : 0.0f;
  }
}

}  // namespace everynet::engine::internal
