#include "engine/imaging/internal/working_grid.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/imaging/internal/resampling.h"

namespace everynet::engine::internal {

BrainPlacement placementOf(const ItkImage& brain_mask) {
  const auto size = brain_mask.GetLargestPossibleRegion().GetSize();
  const float* voxel = brain_mask.GetBufferPointer();
  // Patient position of voxel (i, j, k): origin + M * (i, j, k), M = direction * diag(spacing).
  std::array<std::array<double, 3>, 3> m{};
  for (unsigned row = 0; row < 3; ++row) {
    for (unsigned column = 0; column < 3; ++column) {
      m[row][column] = brain_mask.GetDirection()[row][column] * brain_mask.GetSpacing()[column];
    }
  }
  const auto positionOf = [&](std::size_t i, std::size_t j, std::size_t k) {
    std::array<double, 3> p{};
    for (unsigned row = 0; row < 3; ++row) {
      p[row] = brain_mask.GetOrigin()[row] + m[row][0] * i + m[row][1] * j + m[row][2] * k;
    }
    return p;
  };
  const auto forEachInside = [&](const auto& visit) {
    std::size_t index = 0;
    for (std::size_t k = 0; k < size[2]; ++k) {
      for (std::size_t j = 0; j < size[1]; ++j) {
        for (std::size_t i = 0; i < size[0]; ++i, ++index) {
          if (voxel[index] > 0.5f) visit(positionOf(i, j, k));
        }
      }
    }
  };

  std::array<double, 3> sum{};
  std::size_t count = 0;
  forEachInside([&](const std::array<double, 3>& p) {
    for (int axis = 0; axis < 3; ++axis) sum[axis] += p[axis];
    ++count;
  });
  if (count == 0) throw std::runtime_error("no brain found");
  BrainPlacement placement;
  for (int axis = 0; axis < 3; ++axis) placement.centroid_mm[axis] = sum[axis] / count;
  forEachInside([&](const std::array<double, 3>& p) {
    for (int axis = 0; axis < 3; ++axis) {
      placement.reach_mm[axis] =
          std::max(placement.reach_mm[axis], std::abs(p[axis] - placement.centroid_mm[axis]));
    }
  });
  // A voxel reaches half its extent beyond its centre along each patient axis.
  for (unsigned row = 0; row < 3; ++row) {
    placement.reach_mm[row] +=
        0.5 * (std::abs(m[row][0]) + std::abs(m[row][1]) + std::abs(m[row][2]));
  }
  return placement;
}

std::array<double, 3> workingSpacing(const std::vector<BrainPlacement>& brains,
                                     const std::array<int, 3>& grid_size) {
  std::array<double, 3> spacing{};
  for (const auto& brain : brains) {
    for (int axis = 0; axis < 3; ++axis) {
      // The brain's reach on either side of the centre fits in half the inner part of the grid.
      const double needed_mm =
          brain.reach_mm[axis] / (0.5 * kBrainFractionOfGrid[axis] * grid_size[axis]);
      spacing[axis] = std::max(spacing[axis], needed_mm);
    }
  }
  const double axial_mm = std::max(spacing[0], spacing[1]);
  return {axial_mm, axial_mm, spacing[2]};
}

ItkImage::Pointer workingGrid(const BrainPlacement& brain, const std::array<double, 3>& spacing_mm,
                              const std::array<int, 3>& grid_size) {
  std::array<double, 3> origin{};
  for (int axis = 0; axis < 3; ++axis) {
    origin[axis] = brain.centroid_mm[axis] - 0.5 * (grid_size[axis] - 1) * spacing_mm[axis];
  }
  return gridGeometry(grid_size, spacing_mm, origin, {1, 0, 0, 0, 1, 0, 0, 0, 1});
}

}  // namespace everynet::engine::internal
