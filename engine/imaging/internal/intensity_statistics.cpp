#include "engine/imaging/internal/intensity_statistics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace everynet::engine::internal {

std::vector<float> sortedValues(const ItkImage& image) {
  const float* value = image.GetBufferPointer();
  std::vector<float> values(value, value + image.GetLargestPossibleRegion().GetNumberOfPixels());
  std::sort(values.begin(), values.end());
  return values;
}

std::vector<float> sortedValuesInside(const ItkImage& image, const ItkMask& mask) {
  const float* value = image.GetBufferPointer();
  const std::uint8_t* inside = mask.GetBufferPointer();
  const std::size_t count = image.GetLargestPossibleRegion().GetNumberOfPixels();
  std::vector<float> values;
  for (std::size_t i = 0; i < count; ++i) {
    if (inside[i] != 0) values.push_back(value[i]);
  }
  std::sort(values.begin(), values.end());
  return values;
}

double quantile(const std::vector<float>& sorted, double q) {
  if (sorted.empty()) throw std::runtime_error("no intensities to take a quantile of");
  const double position = std::clamp(q, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return (1 - fraction) * sorted[below] + fraction * sorted[above];
}

double whiteMatterLevel(const std::vector<float>& sorted_brain_values) {
  return quantile(sorted_brain_values, 0.85);
}

double otsuThreshold(const std::vector<float>& sorted) {
  if (sorted.empty()) throw std::runtime_error("no intensities to threshold");
  constexpr int kBins = 256;
  const double low = sorted.front();
  const double width = (sorted.back() - low) / kBins;
  if (width <= 0) return low;
  std::array<double, kBins> histogram{};
  for (const float v : sorted) {
    histogram[std::min(kBins - 1, static_cast<int>((v - low) / width))] += 1;
  }
  double total_sum = 0;
  for (int b = 0; b < kBins; ++b) total_sum += b * histogram[b];
  const auto total = static_cast<double>(sorted.size());
  double below_count = 0, below_sum = 0, best_variance = -1;
  int best_bin = 0;
  for (int b = 0; b < kBins - 1; ++b) {
    below_count += histogram[b];
    below_sum += b * histogram[b];
    const double above_count = total - below_count;
    if (below_count == 0 || above_count == 0) continue;
    const double mean_difference = below_sum / below_count - (total_sum - below_sum) / above_count;
    const double between_variance = below_count * above_count * mean_difference * mean_difference;
    if (between_variance > best_variance) {
      best_variance = between_variance;
      best_bin = b;
    }
  }
  return low + (best_bin + 1) * width;
}

}  // namespace everynet::engine::internal
