#pragma once

#include <cstdint>
#include <vector>

#include "engine/volume.h"

namespace everynet::engine {

// How a change map is read (the paper's read-out).
struct ReadoutRules {
  float threshold = 0.15f;         // map < -threshold: reduction; > threshold: growth
  int max_removed_component = 30;  // 26-connected components of this many voxels or fewer go
  int border = 10;                 // voxels ignored at each face of the volume, per dimension
};

// -1 reduction, 0 no change, +1 growth, per voxel, after thresholding, border removal and
// removal of small components.
std::vector<std::int8_t> ternaryMap(const Volume& map, const ReadoutRules& rules);

struct ChangeVolumes {
  double growth_ml = 0;
  double reduction_ml = 0;
  double net_ml() const { return growth_ml - reduction_ml; }
};
ChangeVolumes measureChange(const std::vector<std::int8_t>& ternary, const Volume& geometry);

// Connected growth regions (26-connectivity) as voxel index lists: used to find new lesions.
std::vector<std::vector<std::size_t>> growthComponents(const std::vector<std::int8_t>& ternary,
                                                       const Volume& geometry);

}  // namespace everynet::engine
