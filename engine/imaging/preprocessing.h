#pragma once

#include <array>

#include "engine/geometry/patient_volume.h"

namespace everynet::engine {

// One scan on the working grid. The grid's axes are the patient axes (LPS: i to the patient's
// left, j posterior, k superior), so every scan is seen in axial slices whatever its acquisition;
// the grid is centred on the scan's own brain (no co-registration, as the paper).
struct PreparedScan {
  geometry::PatientVolume image;       // intensities in [0, 1], zero outside the brain
  geometry::PatientVolume brain_mask;  // the same grid: 1 inside the brain, 0 outside
};

struct PreparedPair {
  PreparedScan baseline;
  PreparedScan followup;
};

// The paper's preprocessing of two T1ce scans of one patient: common orientation, classical brain
// extraction, a working grid of grid_size voxels centred on each brain with one spacing for both
// (chosen so that the larger brain keeps to the inner 85% of x and y and 80% of z, clear of the
// border the read-out ignores), follow-up histogram-matched to the baseline within the brain,
// both scaled so that twice the baseline's white matter is 1, clipped to [0, 1] and zeroed outside
// the brain. Throws std::runtime_error when a grid axis has fewer than 8 voxels or a scan shows no
// brain.
PreparedPair preparePair(const geometry::PatientVolume& baseline,
                         const geometry::PatientVolume& followup,
                         const std::array<int, 3>& grid_size);

enum class Interpolation { linear, nearest };

// Resamples `source` onto the grid of `target` (its voxel values are ignored) through patient
// space; where the target lies outside the source the value is 0. Maps the working-grid results
// back to a scan's own geometry and back.
geometry::PatientVolume resampleOnto(const geometry::PatientVolume& source,
                                     const geometry::PatientVolume& target,
                                     Interpolation interpolation);

}  // namespace everynet::engine
