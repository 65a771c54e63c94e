#pragma once

#include "engine/imaging/preprocessing.h"

namespace everynet::engine {

// An automatic estimate of the enhancing tumour (enhancing rim and the necrotic core it encloses)
// on a prepared T1ce scan: voxels much brighter than white matter, holes filled, opened so that
// thin bright vessel-like structures (up to four voxels across) drop out, components on the
// brain's surface (venous sinuses) and below 0.5 mL dropped. A 0/1 mask on the scan's working
// grid; the method and its accuracy are described in enhancing_tumour.cpp. Used when no
// segmentation of the baseline and no earlier job's result is at hand.
geometry::PatientVolume estimateEnhancingTumour(const PreparedScan& scan);

// The same for a baseline as acquired (`scan`) and as prepared (`working`), on the working grid.
// Where the scan's slices are thicker than the working grid's voxels, the estimate is made on the
// scan's own slices (see enhancing_tumour.cpp) and resampled onto the working grid.
geometry::PatientVolume estimateEnhancingTumour(const geometry::PatientVolume& scan,
                                                const PreparedScan& working);

// The same, always on the scan's own slices at the working grid's in-plane spacing: for the new
// lesions of a follow-up, which on the working grid's slices (3.3 mm on the cpu profile, so that
// a lesion of RANO's smallest measurable size spans three) came with false ones. On the working
// grid.
geometry::PatientVolume findEnhancingLesions(const geometry::PatientVolume& scan,
                                             const PreparedScan& working);

// The components (face-connected) of a 0/1 tumour mask with more than half their voxels inside
// `brain` (0/1 on the same grid): where the other visit's scan shows no brain, a component is
// what one brain extraction took in (the orbits' fat under a thick baseline's), not tumour.
geometry::PatientVolume componentsInsideBrain(const geometry::PatientVolume& tumour,
                                              const geometry::PatientVolume& brain);

}  // namespace everynet::engine
