#pragma once

#include "engine/phantom/internal/anatomy_model.h"
#include "engine/phantom/internal/lesion.h"
#include "engine/phantom/longitudinal_phantom.h"

namespace everynet::engine::phantom {

// Scanner signal of white matter on the T1 contrasts at gain 1; other tissues are multiples.
constexpr double kWhiteMatterSignal = 900;

// How strongly the vessels enhance at one visit (contrast timing differs): 1 = nominal.
struct VesselEnhancement {
  double venous = 1;
  double arterial = 1;
};

// Signal of a point relative to white matter on T1 (1): tissue, oedema, vessels, then the
// lesion's rim, core and cavity, each mixed in by its partial-volume fraction. On T1ce the rim
// (~1.75) and the vessels (~1.6-1.8) are clearly brighter than white matter, the core (~0.35) and
// the oedema (~0.6 of the tissue) darker.
double relativeSignal(PhantomContrast contrast, const TissueSample& tissue,
                      const LesionSample& lesion, const VesselEnhancement& vessels);

}  // namespace everynet::engine::phantom
