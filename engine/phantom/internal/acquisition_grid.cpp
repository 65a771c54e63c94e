#include "engine/phantom/internal/acquisition_grid.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace everynet::engine::phantom {
namespace {

constexpr double kFieldOfViewMm = 256;
constexpr double kMinVoxelMm = 0.1;
constexpr double kMaxVoxelMm = 20;
// The model's resolution: finer slice-profile sampling would add nothing.
constexpr double kProfileStepMm = 1;

// Columns: the directions of the i (along a row), j (along a column) and k (slice) axes.
Mat3 directionOf(SliceOrientation orientation) {
  switch (orientation) {
    case SliceOrientation::axial:
      return {1, 0, 0, 0, 1, 0, 0, 0, 1};
    case SliceOrientation::coronal:  // rows along x, columns head to feet, slices to posterior
      return {1, 0, 0, 0, 0, 1, 0, -1, 0};
    case SliceOrientation::sagittal:  // rows to posterior, columns head to feet, slices to right
      return {0, 0, -1, 1, 0, 0, 0, -1, 0};
  }
  return {1, 0, 0, 0, 1, 0, 0, 0, 1};
}

int countCovering(double extent_mm, double spacing_mm) {
  return std::max(1, static_cast<int>(std::lround(extent_mm / spacing_mm)));
}

}  // namespace

void checkVoxelSize(const std::array<double, 3>& voxel_mm) {
  for (const double size : voxel_mm) {
    if (!(size >= kMinVoxelMm && size <= kMaxVoxelMm)) {
      throw std::runtime_error("phantom: voxel size " + std::to_string(size) +
                               " mm is outside 0.1..20 mm");
    }
  }
}

VoxelGrid acquisitionGrid(const PhantomAcquisition& acquisition, const Vec3& fov_centre_mm,
                          const Vec3& head_extent_mm) {
  checkVoxelSize(acquisition.voxel_mm);
  if (acquisition.slices < 0) throw std::runtime_error("phantom: negative slice count");
  if (!(acquisition.slice_gap_mm >= 0 && acquisition.slice_gap_mm <= kMaxVoxelMm)) {
    throw std::runtime_error("phantom: slice gap " + std::to_string(acquisition.slice_gap_mm) +
                             " mm is outside 0..20 mm");
  }
  VoxelGrid grid;
  grid.direction = directionOf(acquisition.orientation);
  grid.spacing_mm = acquisition.voxel_mm;
  grid.spacing_mm[2] += acquisition.slice_gap_mm;
  const Vec3 normal{grid.direction[2], grid.direction[5], grid.direction[8]};
  const double head_along_normal = std::abs(dot(normal, head_extent_mm));
  grid.size = {countCovering(kFieldOfViewMm, grid.spacing_mm[0]),
               countCovering(kFieldOfViewMm, grid.spacing_mm[1]),
               acquisition.slices > 0 ? acquisition.slices
                                      : countCovering(head_along_normal, grid.spacing_mm[2])};
  const Vec3 half_extent{(grid.size[0] - 1) * 0.5 * grid.spacing_mm[0],
                         (grid.size[1] - 1) * 0.5 * grid.spacing_mm[1],
                         (grid.size[2] - 1) * 0.5 * grid.spacing_mm[2]};
  grid.origin_mm = fov_centre_mm - multiply(grid.direction, half_extent);
  return grid;
}

std::vector<double> sliceProfileOffsets(double slice_thickness_mm, double slice_spacing_mm) {
  const int samples =
      std::max(1, static_cast<int>(std::lround(slice_thickness_mm / kProfileStepMm)));
  const double profile_fraction = slice_thickness_mm / slice_spacing_mm;
  std::vector<double> offsets;
  for (int s = 0; s < samples; ++s) {
    offsets.push_back(((s + 0.5) / samples - 0.5) * profile_fraction);
  }
  return offsets;
}

}  // namespace everynet::engine::phantom
