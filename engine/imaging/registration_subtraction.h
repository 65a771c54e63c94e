#pragma once

#include <array>

#include "engine/geometry/patient_volume.h"
#include "engine/geometry/volume.h"
#include "engine/imaging/preprocessing.h"

namespace everynet::engine {

// Where the follow-up's anatomy lies relative to the baseline's: the rigid transform that maps a
// baseline point (patient coordinates, mm) onto the same anatomy's point in the follow-up,
// matrix * p + offset_mm (matrix row-major, a rotation).
struct RigidPlacement {
  std::array<double, 9> matrix{1, 0, 0, 0, 1, 0, 0, 0, 1};
  geometry::Vector3 offset_mm{0, 0, 0};

  geometry::Vector3 followupPoint(const geometry::Vector3& baseline_point) const;
};

// The prepared follow-up registered rigidly onto the prepared baseline (versor rigid transform,
// Mattes mutual information, three resolutions, started from the images' centres of mass).
// Deterministic for given inputs on a given machine. Throws std::runtime_error when the
// registration fails.
RigidPlacement registerFollowupRigidly(const PreparedPair& pair);

// A volume of the follow-up placed where its anatomy lies in the baseline's patient
// coordinates, and a volume of the baseline placed in the follow-up's: the same voxels, moved,
// for resampleOnto a grid of the other scan.
geometry::PatientVolume placedInBaseline(const geometry::PatientVolume& followup_volume,
                                         const RigidPlacement& placement);
geometry::PatientVolume placedInFollowup(const geometry::PatientVolume& baseline_volume,
                                         const RigidPlacement& placement);

// The classical comparison method ("classical peer"): the prepared follow-up, placed by
// `placement` (registerFollowupRigidly), resampled onto the baseline's working grid (linear, 0
// outside), and the baseline subtracted. The result is a change map on the
// baseline's working grid, follow-up - baseline, read out like the personal WGAN's map (fake
// follow-up = baseline + map).
geometry::Volume registeredDifferenceMap(const PreparedPair& pair, const RigidPlacement& placement);

}  // namespace everynet::engine
