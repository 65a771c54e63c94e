#pragma once

#include "engine/geometry/patient_volume.h"

namespace everynet::engine {

// The enhancing tumour redrawn at a scan's own scale. A tumour estimate on the working grid
// (3.3 mm slices on the cpu profile) counts whole voxels, and where it draws the edge decides
// 10-20% of the volume; on the scan's own voxels the edge is where partial volume puts the
// tissue halfway between the tumour's enhancement and the brain around it, as the larger share
// decides a voxel of the truth.
//
// `coarse` is a 0/1 tumour mask and `brain` a 0/1 brain mask, both placed in the scan's patient
// space on any grid (e.g. the working grid). Each component of `coarse` is redrawn on the scan's
// own grid: enhancing level = the 90th percentile of the scan inside it (the rim, not the dark
// core), surrounding level = the median of the brain 2 to 6 mm outside it; the tumour = voxels
// above the level halfway between, within 3 mm of the component or on the scan's next slice
// (a thick slice's end that the working grid's estimate lost to partial volume), closed by
// 1.5 mm, holes filled in 3D and in the scan's own slices (the core counts), the parts that touch
// the component. The redraw is repeated from its own result (levels measured anew) until it
// settles, at most four times and to four times the first redraw's size: an estimate that caught
// part of a tumour grows to its edge. A component whose inside is no brighter than its
// surroundings stays as it was. A 0/1 mask on the scan's grid.
geometry::PatientVolume tumourOnScanGrid(const geometry::PatientVolume& scan,
                                         const geometry::PatientVolume& coarse,
                                         const geometry::PatientVolume& brain);

}  // namespace everynet::engine
