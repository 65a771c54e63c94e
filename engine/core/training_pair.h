#pragma once

#include <cstdint>
#include <vector>

#include "engine/geometry/volume.h"

namespace everynet::engine {

// The two scans of one patient, preprocessed onto the profile's working grid (grid_xy x grid_xy
// x grid_z voxels, intensities in [0, 1]). Their spacing counts: the augmentation rotates each
// training plane in mm. Nothing of one patient is ever used for another.
struct TrainingPair {
  geometry::Volume baseline;
  geometry::Volume followup;
  // Axial slices through the baseline tumour (slicesThrough), ascending; the profile's
  // tumour_slice_fraction of the training images is drawn through them. Empty: all uniformly.
  std::vector<std::int64_t> tumour_slices;
};

}  // namespace everynet::engine
