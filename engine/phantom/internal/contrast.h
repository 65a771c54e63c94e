#pragma once

#include "engine/phantom/internal/anatomy_model.h"
#include "engine/phantom/internal/lesion.h"
#include "engine/phantom/longitudinal_phantom.h"

namespace everynet::engine::phantom {

// Scanner signal of white matter on the T1 contrasts at gain 1; other tissues are multiples.
constexpr double kWhiteMatterSignal = 900;

// How strongly vessels and tumour enhance at one visit. Vessels: 1 = nominal (contrast timing
// differs between visits). Tumour: T1ce signal of its enhancing part relative to white matter.
struct Enhancement {
  double venous = 1;
  double arterial = 1;
  double tumour = kDefaultTumourEnhancement;
};

// Signal of a point relative to white matter on T1 (1): tissue, oedema, vessels, then the
// lesion's rim, core and cavity, each mixed in by its partial-volume fraction. On T1ce the rim
// (enhancement.tumour, 1.75 by default) and the vessels (~1.6-1.8) are brighter than white
// matter, the core (~0.35) and the oedema (~0.6 of the tissue) darker.
double relativeSignal(PhantomContrast contrast, const TissueSample& tissue,
                      const LesionSample& lesion, const Enhancement& enhancement);

}  // namespace everynet::engine::phantom
