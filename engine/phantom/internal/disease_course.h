#pragma once

#include <cstdint>
#include <vector>

#include "engine/phantom/internal/anatomy_model.h"
#include "engine/phantom/internal/lesion.h"
#include "engine/phantom/internal/vessels.h"
#include "engine/phantom/longitudinal_phantom.h"

namespace everynet::engine::phantom {

// The tumour's course between the visits, all in model (baseline anatomy) coordinates.
struct DiseaseCourse {
  std::vector<Lesion> baseline;  // the tumour
  // First the tumour as it is then, or the cavity that a complete response leaves; then a new
  // lesion if there is one.
  std::vector<Lesion> followup;
  bool new_lesion = false;
  // The first follow-up lesion, which the tissue around is pushed away from or relaxes towards,
  // and its volume change since baseline (mL), which sets how far.
  Lesion mass_effect_lesion;
  double mass_effect_volume_change_ml = 0;
};

// Volume ratios per class, well clear of modified RANO's 0.5 and 1.25: progression 1.6-2.5,
// stable and new 0.9-1.1, response 0.15-0.4, complete 0, nochange exactly 1. Baseline tumour
// 3-20 mL in the white matter of a hemisphere, away from the brain's edge and the large vessels.
// Deterministic for a seed. Throws std::runtime_error when no site fits.
DiseaseCourse planDiseaseCourse(PhantomChange change, const AnatomyModel& anatomy,
                                const std::vector<Vessel>& vessels, std::uint64_t seed);

}  // namespace everynet::engine::phantom
