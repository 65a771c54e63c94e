#pragma once

#include "engine/geometry/patient_volume.h"
#include "engine/imaging/registration_subtraction.h"

namespace everynet::engine {

// Growth (+1) and reduction (-1) regions at the scans' own scale, on each scan's grid.
struct ChangeRegions {
  geometry::PatientVolume in_baseline;
  geometry::PatientVolume in_followup;
  // Counted on the follow-up's grid: the regions its heatmaps and segmentation show.
  double growth_ml = 0;
  double reduction_ml = 0;
};

// How far the regions may reach beyond the read-out's change on the working grid (mm): about a
// working voxel in plane, the edge that the working grid's coarse voxels leave uncertain.
constexpr double kRegionReachMm = 4;

// The change between the tumour of each visit on the scans' own grids, where the read-out on the
// working grid found change of that sign. `baseline_tumour` is 0/1 on the baseline's grid,
// `followup_tumour` 0/1 on the follow-up's, `related_change` the read-out's tumour-related
// ternary map (-1/0/+1) on the working grid placed in the baseline, and `placement` where the
// follow-up's anatomy lies. Growth: the follow-up's tumour outside the baseline's, within
// kRegionReachMm of the read-out's growth; reduction: the baseline's tumour outside the
// follow-up's, within kRegionReachMm of its reduction. A tumour moved to the other scan's grid
// covers the voxels it fills more than half of. So the map decides what changed and the scans'
// own voxels decide where its edges lie.
ChangeRegions changeRegionsOnScanGrids(const geometry::PatientVolume& baseline_tumour,
                                       const geometry::PatientVolume& followup_tumour,
                                       const geometry::PatientVolume& related_change,
                                       const RigidPlacement& placement);

}  // namespace everynet::engine
