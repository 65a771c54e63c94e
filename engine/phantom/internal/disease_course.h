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
  std::vector<Lesion> baseline;  // the tumour: one lesion, or the foci of a multifocal one
  // First the tumour's foci as they are then (in the baseline's order), or the cavities that a
  // complete response leaves; then a new lesion if there is one.
  std::vector<Lesion> followup;
  bool new_lesion = false;
  // The first follow-up lesion (the largest focus), which the tissue around is pushed away from
  // or relaxes towards, and its volume change since baseline (mL), which sets how far.
  Lesion mass_effect_lesion;
  double mass_effect_volume_change_ml = 0;
};

// Volume ratios per class, well clear of modified RANO's 0.5 and 1.25: progression 1.6-2.5,
// stable and new 0.9-1.1, response 0.15-0.4, complete 0, nochange exactly 1, for the tumour's
// total volume. Baseline tumour 3-20 mL of the options' kind, centred in the white matter of a
// hemisphere at the options' site (deep: away from the brain's edge), clear of the large vessels.
// Deterministic for the options and seed. Throws std::runtime_error when no site fits.
DiseaseCourse planDiseaseCourse(const PhantomOptions& options, const AnatomyModel& anatomy,
                                const std::vector<Vessel>& vessels);

}  // namespace everynet::engine::phantom
