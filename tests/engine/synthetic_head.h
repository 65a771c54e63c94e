#pragma once

#include <array>
#include <cstdint>

#include "engine/geometry/patient_volume.h"

namespace everynet::test {

// A T1-like head built from nested ellipsoids: scalp fat (bright), skull (dark), CSF (dark), grey
// and white matter, ventricles, and an optic-nerve-like bright tube from the brain through the
// skull to the scalp, so that brain extraction has a bridge to cut.
struct SyntheticHeadSpec {
  std::array<double, 3> brain_centre_mm{0, 0, 0};  // patient LPS
  double yaw_deg = 0;                              // the head turned about the patient's S axis
  // The scan's grid: voxel size (mm) and axis directions (columns of a row-major 3x3), centred on
  // the patient origin and large enough to hold the head wherever brain_centre_mm puts it.
  std::array<double, 3> voxel_mm{2, 2, 2};
  std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};
  double field_of_view_mm = 240;
  // Signal = gain * (relative signal + noise) + offset; white matter's relative signal is 1.
  double gain = 800;
  double offset = 0;
  double noise_sd = 0.03;
  std::uint64_t seed = 1;
};

// The brain's semi-axes (mm) along the head's left, posterior and superior axes.
inline constexpr std::array<double, 3> kSyntheticBrainSemiAxesMm{60, 75, 55};

struct SyntheticHead {
  geometry::PatientVolume image;
  geometry::PatientVolume brain;  // 0/1: grey and white matter with the ventricles
};

SyntheticHead makeSyntheticHead(const SyntheticHeadSpec& spec);

}  // namespace everynet::test
