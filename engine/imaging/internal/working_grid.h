#pragma once
// The working grid of a pair: patient axes, one spacing for both scans, centred on each brain.
// Imaging sources only.

#include <array>
#include <vector>

#include "engine/imaging/internal/itk_image.h"

namespace everynet::engine::internal {

// Where a brain lies in patient space (LPS, mm).
struct BrainPlacement {
  std::array<double, 3> centroid_mm{};
  // How far the brain reaches from its centroid along L, P and S (the farther side, voxels
  // included whole).
  std::array<double, 3> reach_mm{};
};

// The placement of the voxels > 0.5 of a mask; throws std::runtime_error when there are none.
BrainPlacement placementOf(const ItkImage& brain_mask);

// The part of the grid a brain may fill along x, y and z. The read-out ignores the outer 10/256 of
// x and y and 10/128 of z at each border (and augmentation shifts the brain), so the brain keeps
// to the inner 85% of x and y and 80% of z: a margin of at least 1.3 voxels beyond the ignored
// border on any grid of 8 voxels or more along an axis.
inline constexpr std::array<double, 3> kBrainFractionOfGrid{0.85, 0.85, 0.8};

// One spacing (mm) for every brain: each brain, centred on its centroid, fits in
// kBrainFractionOfGrid of the grid, with square voxels in the axial plane.
std::array<double, 3> workingSpacing(const std::vector<BrainPlacement>& brains,
                                     const std::array<int, 3>& grid_size);

// A grid along the patient axes (identity direction) whose centre is the brain's centroid.
ItkImage::Pointer workingGrid(const BrainPlacement& brain, const std::array<double, 3>& spacing_mm,
                              const std::array<int, 3>& grid_size);

}  // namespace everynet::engine::internal
