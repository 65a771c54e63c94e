#pragma once

#include <vector>

#include "engine/phantom/internal/visit.h"
#include "engine/phantom/internal/voxel_grid.h"

namespace everynet::engine::phantom {

struct ChangeMasks {
  geometry::PatientVolume growth;  // enhancing tumour at follow-up that was not there at baseline
  geometry::PatientVolume reduction;  // enhancing tumour at baseline that is gone at follow-up
};

// Growth and reduction on the grid of one visit's scan: each voxel, sampled along its slice
// profile (slice_offsets, see sliceProfileOffsets), is taken back through that visit's
// distortion and pose to the model, where the lesions of both visits lie (they are anchored in
// model coordinates). A voxel is growth when more than half of its samples are inside the
// follow-up's enhancing tumour and not the baseline's, reduction the other way round. On the
// baseline's grid growth voxels are thus never in its tumour mask and reduction voxels always
// are; on the follow-up's, growth voxels always are in its tumour mask, reduction voxels never.
ChangeMasks changeMasks(const Visit& visit, const std::vector<Lesion>& baseline_lesions,
                        const std::vector<Lesion>& followup_lesions, const VoxelGrid& grid,
                        const std::vector<double>& slice_offsets);

}  // namespace everynet::engine::phantom
