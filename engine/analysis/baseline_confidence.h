#pragma once

#include <string>
#include <vector>

#include "engine/geometry/patient_volume.h"
#include "engine/imaging/preprocessing.h"
#include "engine/readout/rano.h"

namespace everynet::engine {

// Whether the automatic estimate of the baseline's enhancing tumour can carry a modified RANO
// class. A class is a ratio to the baseline volume: where the estimate found nothing, or found a
// tumour so faint that the estimate's thresholds decide its size, the class is the estimate's
// error and not the patient's course.
struct BaselineConfidence {
  bool usable = true;
  std::vector<std::string> reasons;  // why not, in words; empty when usable
  double estimated_ml = 0;           // the estimate's volume on the scan's own grid
  // The 90th percentile of the estimate's voxels over white matter's level (the 85th percentile
  // of the brain, as the estimate defines it), on the scan as acquired; 0 when nothing was found.
  double enhancement_over_white_matter = 0;
  double slice_thickness_mm = 0;  // the baseline's coarsest voxel spacing as acquired
};

// Judges an automatic baseline estimate. `baseline` is the scan as acquired (its intensities and
// slice thickness), `prepared` the baseline on the working grid (its brain mask is placed on the
// scan), `estimated_tumour` the estimate's 0/1 mask on the scan's own grid (as
// engine/imaging/tumour_on_scan_grid.h draws it). Throws std::invalid_argument when the estimate
// is on another grid. Pure: no state, no I/O.
BaselineConfidence assessBaselineEstimate(const geometry::PatientVolume& baseline,
                                          const PreparedScan& prepared,
                                          const geometry::PatientVolume& estimated_tumour);

// The class an unusable estimate leaves: not assessable, with the reasons; the measured change
// percent stays, since the volumes are still shown.
RanoAssessment withheldRano(const RanoAssessment& measured, const BaselineConfidence& confidence);

// The caution of an unusable estimate: what was found, why it cannot be trusted, and how to get a
// class (a segmentation of the baseline tumour).
std::string unusableBaselineCaution(const BaselineConfidence& confidence);

}  // namespace everynet::engine
