#include "engine/analysis/change_preview.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace everynet::engine {
namespace {

constexpr float kFaintAlpha = 0.35f;  // map values the read-out did not keep...
constexpr float kFaintFrom = 0.075f;  // ...shown from half the read-out's threshold
constexpr float kMapForFullColour = 0.5f;

std::uint8_t toByte(float value) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(value, 0.0f, 1.0f) * 255.0f));
}

// Red to yellow for growth, blue to cyan for reduction, by strength in [0, 1].
std::array<float, 3> changeColour(float map_value) {
  const float strength = std::min(std::abs(map_value) / kMapForFullColour, 1.0f);
  if (map_value > 0) return {1.0f, strength, 0.0f};
  return {0.0f, strength, 1.0f};
}

std::vector<int> slicesByCount(const std::vector<std::size_t>& counts, int count) {
  std::vector<int> order(counts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return counts[a] > counts[b]; });
  std::vector<int> chosen;
  for (const int z : order) {
    if (counts[z] == 0 || static_cast<int>(chosen.size()) == count) break;
    chosen.push_back(z);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

}  // namespace

RgbImage renderChangeSlice(const geometry::Volume& followup, const geometry::Volume& map,
                           const std::vector<std::int8_t>& ternary, int z, int scale) {
  const int nx = followup.size[0], ny = followup.size[1];
  RgbImage picture{nx * scale, ny * scale, {}};
  picture.rgb.resize(static_cast<std::size_t>(picture.width) * picture.height * 3);
  for (int y = 0; y < ny; ++y) {
    for (int x = 0; x < nx; ++x) {
      const auto i = followup.index(x, y, z);
      const float grey = followup.voxels[i];
      std::array<float, 3> pixel{grey, grey, grey};
      const float value = map.voxels[i];
      if (ternary[i] != 0 || std::abs(value) >= kFaintFrom) {
        const float alpha = ternary[i] != 0
                                ? 0.85f
                                : kFaintAlpha * std::min(std::abs(value) / kMapForFullColour, 1.0f);
        const auto colour = changeColour(value);
        for (int c = 0; c < 3; ++c) pixel[c] = (1 - alpha) * pixel[c] + alpha * colour[c];
      }
      for (int dy = 0; dy < scale; ++dy) {
        for (int dx = 0; dx < scale; ++dx) {
          const auto offset =
              (static_cast<std::size_t>(y * scale + dy) * picture.width + x * scale + dx) * 3;
          for (int c = 0; c < 3; ++c) picture.rgb[offset + c] = toByte(pixel[c]);
        }
      }
    }
  }
  return picture;
}

std::vector<int> previewSlices(const std::vector<std::int8_t>& ternary,
                               const geometry::Volume& region, int count) {
  const int nz = region.size[2];
  const std::size_t per_slice = static_cast<std::size_t>(region.size[0]) * region.size[1];
  std::vector<std::size_t> change(nz, 0), inside(nz, 0);
  for (int z = 0; z < nz; ++z) {
    for (std::size_t i = z * per_slice; i < (z + 1) * per_slice; ++i) {
      change[z] += ternary[i] != 0;
      inside[z] += region.voxels[i] > 0.5f;
    }
  }
  if (auto chosen = slicesByCount(change, count); !chosen.empty()) return chosen;
  if (auto chosen = slicesByCount(inside, count); !chosen.empty()) return chosen;
  return {nz / 2};
}

}  // namespace everynet::engine
