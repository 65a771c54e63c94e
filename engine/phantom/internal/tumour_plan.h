#pragma once

#include <cstdint>
#include <vector>

#include "engine/phantom/internal/lesion.h"
#include "engine/phantom/internal/random.h"
#include "engine/phantom/longitudinal_phantom.h"

namespace everynet::engine::phantom {

// The enhancing tumour of both visits before it is placed: drawn around the origin, one lesion
// or the foci of a multifocal tumour, with the follow-up's positions relative to the same origin.
struct TumourPlan {
  std::vector<Lesion> baseline;
  // The same foci in the same order at follow-up; empty for a complete response.
  std::vector<Lesion> followup;

  // How far from the origin the enhancing tumour of either visit reaches (mm).
  double extent() const;
};

// One tumour of about volume_ml: elongated along one axis with smaller lobes, a rim of 2-3.5 mm
// and oedema reaching about its radius.
Lesion drawTumour(Random& random, double volume_ml);

// The tumour of the given kind, baseline_ml in all (continuous shape volume), and at follow-up
// `ratio` times that (nochange: the same lesions; complete: none). The foci of a multifocal
// tumour keep a few mm of brain between them at both visits; each changes by about `ratio`, and
// together by exactly `ratio`. Deterministic for a seed.
TumourPlan planTumour(PhantomTumour kind, PhantomChange change, double ratio, double baseline_ml,
                      std::uint64_t seed);

}  // namespace everynet::engine::phantom
