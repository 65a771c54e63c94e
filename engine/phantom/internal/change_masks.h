#pragma once

#include <vector>

#include "engine/phantom/internal/visit.h"
#include "engine/phantom/internal/voxel_grid.h"

namespace everynet::engine::phantom {

struct ChangeMasks {
  geometry::PatientVolume growth;  // enhancing tumour at follow-up that was not there at baseline
  geometry::PatientVolume reduction;  // enhancing tumour at baseline that is gone at follow-up
};

// Growth and reduction on the baseline's grid: each voxel, sampled along its slice profile, is
// taken back through the baseline's distortion and pose to the model, where the follow-up's
// lesions lie (they are anchored in model coordinates). A voxel is growth when more than half of
// its samples are; growth voxels are thus never in the baseline's tumour mask, and reduction
// voxels always are.
ChangeMasks changeMasks(const Visit& baseline, const std::vector<Lesion>& followup_lesions,
                        const VoxelGrid& baseline_grid);

}  // namespace everynet::engine::phantom
