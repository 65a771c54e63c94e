#include "tests/bench/evaluation/region_overlap.h"

#include <stdexcept>

namespace everynet::bench {

RegionOverlap regionOverlap(const geometry::Volume& ternary, int label,
                            const geometry::Volume& truth) {
  if (ternary.size != truth.size || ternary.voxels.size() != truth.voxels.size()) {
    throw std::invalid_argument("region overlap of grids of different sizes");
  }
  RegionOverlap overlap;
  overlap.voxel_ml = truth.voxelVolumeMl();
  for (std::size_t i = 0; i < truth.voxels.size(); ++i) {
    const bool found = label > 0 ? ternary.voxels[i] > 0.5f : ternary.voxels[i] < -0.5f;
    const bool true_region = truth.voxels[i] > 0.5f;
    overlap.found_voxels += found;
    overlap.truth_voxels += true_region;
    overlap.common_voxels += found && true_region;
  }
  return overlap;
}

std::optional<double> dice(const RegionOverlap& o) {
  if (o.truth_voxels == 0) return std::nullopt;
  return 2.0 * static_cast<double>(o.common_voxels) /
         static_cast<double>(o.found_voxels + o.truth_voxels);
}

std::optional<double> precision(const RegionOverlap& o) {
  if (o.found_voxels == 0 || o.truth_voxels == 0) return std::nullopt;
  return static_cast<double>(o.common_voxels) / static_cast<double>(o.found_voxels);
}

std::optional<double> recall(const RegionOverlap& o) {
  if (o.truth_voxels == 0) return std::nullopt;
  return static_cast<double>(o.common_voxels) / static_cast<double>(o.truth_voxels);
}

double falseMl(const RegionOverlap& o) {
  return static_cast<double>(o.found_voxels - o.common_voxels) * o.voxel_ml;
}

}  // namespace everynet::bench
