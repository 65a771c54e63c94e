#pragma once

#include <cstddef>
#include <optional>

#include "engine/geometry/volume.h"

namespace everynet::bench {

// A found region (one label of a ternary change map) against the true region, on one grid.
struct RegionOverlap {
  std::size_t truth_voxels = 0;
  std::size_t found_voxels = 0;
  std::size_t common_voxels = 0;  // found and true
  double voxel_ml = 0;
};

// Voxels of `ternary` carrying `label` (+1 growth, -1 reduction; values are rounded to the
// nearest label) against the voxels of `truth` above 0.5. Throws std::invalid_argument when the
// two grids differ in size.
RegionOverlap regionOverlap(const geometry::Volume& ternary, int label,
                            const geometry::Volume& truth);

// Dice 2|F∩T| / (|F| + |T|), precision |F∩T| / |F| and recall |F∩T| / |T| score a region only
// where there is one: with an empty truth they are undefined (nullopt), whatever was found,
// since there was nothing to find (a no-change pair has no growth); what was found there is a
// false region, reported in mL on its own (falseMl) rather than folded into a Dice of 0 or 1.
// A true region missed entirely has Dice and recall 0 and no precision (nothing was found).
std::optional<double> dice(const RegionOverlap& overlap);
std::optional<double> precision(const RegionOverlap& overlap);
std::optional<double> recall(const RegionOverlap& overlap);

// Volume (mL) found outside the true region.
double falseMl(const RegionOverlap& overlap);

}  // namespace everynet::bench
