#pragma once

#include "engine/phantom/internal/anatomy_model.h"
#include "engine/phantom/internal/visit.h"

namespace everynet::engine::phantom {

// One series of a visit as the scanner saw it: every voxel samples the anatomy along its slice
// profile through the visit's distortion, pose and anatomical change, with the visit's gain,
// bias field and Rician noise (the same noise for the same series). The tumour mask holds the
// voxels at least half inside the enhancing tumour.
PhantomScan renderScan(const AnatomyModel& anatomy, const Visit& visit,
                       const PhantomAcquisition& acquisition);

}  // namespace everynet::engine::phantom
