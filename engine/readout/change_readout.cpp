#include "engine/readout/change_readout.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace everynet::engine {
namespace {

// Labels the 26-connected components of voxels whose value is `value`; returns them as lists.
std::vector<std::vector<std::size_t>> components(const std::vector<std::int8_t>& labels,
                                                 const geometry::Volume& g, std::int8_t value) {
  const int nx = g.size[0], ny = g.size[1], nz = g.size[2];
  std::vector<bool> seen(labels.size(), false);
  std::vector<std::vector<std::size_t>> result;
  std::vector<std::array<int, 3>> stack;
  for (int z = 0; z < nz; ++z) {
    for (int y = 0; y < ny; ++y) {
      for (int x = 0; x < nx; ++x) {
        const auto start = g.index(x, y, z);
        if (labels[start] != value || seen[start]) continue;
        std::vector<std::size_t> component;
        stack.push_back({x, y, z});
        seen[start] = true;
        while (!stack.empty()) {
          const auto [cx, cy, cz] = stack.back();
          stack.pop_back();
          component.push_back(g.index(cx, cy, cz));
          for (int dz = -1; dz <= 1; ++dz) {
            for (int dy = -1; dy <= 1; ++dy) {
              for (int dx = -1; dx <= 1; ++dx) {
                const int px = cx + dx, py = cy + dy, pz = cz + dz;
                if (px < 0 || py < 0 || pz < 0 || px >= nx || py >= ny || pz >= nz) continue;
                const auto i = g.index(px, py, pz);
                if (labels[i] == value && !seen[i]) {
                  seen[i] = true;
                  stack.push_back({px, py, pz});
                }
              }
            }
          }
        }
        result.push_back(std::move(component));
      }
    }
  }
  return result;
}

bool inBorder(int coordinate, int size, int border) {
  return coordinate < border || coordinate >= size - border;
}

// The grid the paper's read-out was defined on.
constexpr std::array<int, 3> kPaperGrid{256, 256, 128};

}  // namespace

ReadoutRules readoutRulesForGrid(const std::array<int, 3>& grid) {
  const ReadoutRules paper;
  ReadoutRules rules;
  double voxel_ratio = 1;  // voxels of this grid per voxel of the paper's
  for (int i = 0; i < 3; ++i) {
    if (grid[i] < 1) throw std::invalid_argument("read-out grid sizes must be positive");
    const double scale = static_cast<double>(grid[i]) / kPaperGrid[i];
    rules.border[i] = std::max(1, static_cast<int>(std::lround(paper.border[i] * scale)));
    voxel_ratio *= scale;
  }
  const double smallest_kept = (paper.max_removed_component + 1) * voxel_ratio;
  rules.max_removed_component = std::max(1, static_cast<int>(std::lround(smallest_kept))) - 1;
  return rules;
}

std::vector<std::int8_t> ternaryMap(const geometry::Volume& map, const ReadoutRules& rules) {
  std::vector<std::int8_t> ternary(map.voxels.size(), 0);
  for (int z = 0; z < map.size[2]; ++z) {
    for (int y = 0; y < map.size[1]; ++y) {
      for (int x = 0; x < map.size[0]; ++x) {
        if (inBorder(x, map.size[0], rules.border[0]) ||
            inBorder(y, map.size[1], rules.border[1]) ||
            inBorder(z, map.size[2], rules.border[2])) {
          continue;
        }
        const auto i = map.index(x, y, z);
        if (map.voxels[i] > rules.threshold) ternary[i] = 1;
        if (map.voxels[i] < -rules.threshold) ternary[i] = -1;
      }
    }
  }
  for (const std::int8_t value : {std::int8_t{1}, std::int8_t{-1}}) {
    for (const auto& component : components(ternary, map, value)) {
      if (static_cast<int>(component.size()) > rules.max_removed_component) continue;
      for (const auto i : component) ternary[i] = 0;
    }
  }
  return ternary;
}

ChangeVolumes measureChange(const std::vector<std::int8_t>& ternary,
                            const geometry::Volume& geometry) {
  std::size_t growth = 0, reduction = 0;
  for (const auto v : ternary) {
    growth += v > 0;
    reduction += v < 0;
  }
  return {static_cast<double>(growth) * geometry.voxelVolumeMl(),
          static_cast<double>(reduction) * geometry.voxelVolumeMl()};
}

std::vector<std::vector<std::size_t>> growthComponents(const std::vector<std::int8_t>& ternary,
                                                       const geometry::Volume& geometry) {
  return components(ternary, geometry, 1);
}

}  // namespace everynet::engine
