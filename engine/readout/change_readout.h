#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/geometry/volume.h"

namespace everynet::engine {

// How a change map is read (the paper's read-out; the defaults are the paper's, for its
// 256x256x128 grid).
struct ReadoutRules {
  float threshold = 0.15f;                // map < -threshold: reduction; > threshold: growth
  int max_removed_component = 30;         // 26-connected components of this many voxels or fewer go
  std::array<int, 3> border{10, 10, 10};  // voxels ignored at each face, per dimension (x, y, z)
};

// The paper's rules carried over to another working grid (x, y, z voxels) that covers the same
// field of view: the border scaled per dimension (10 voxels of 256 in x and y, of 128 in z, at
// least 1) and the smallest kept component scaled by the ratio of voxel counts, so that it keeps
// its physical size (at least 1 voxel).
ReadoutRules readoutRulesForGrid(const std::array<int, 3>& grid);

// -1 reduction, 0 no change, +1 growth, per voxel, after thresholding, border removal and
// removal of small components.
std::vector<std::int8_t> ternaryMap(const geometry::Volume& map, const ReadoutRules& rules);

struct ChangeVolumes {
  double growth_ml = 0;
  double reduction_ml = 0;
  double net_ml() const { return growth_ml - reduction_ml; }
};
ChangeVolumes measureChange(const std::vector<std::int8_t>& ternary,
                            const geometry::Volume& geometry);

// Connected growth (+1) regions (26-connectivity) as voxel index lists.
std::vector<std::vector<std::size_t>> growthComponents(const std::vector<std::int8_t>& ternary,
                                                       const geometry::Volume& geometry);

}  // namespace everynet::engine
