#pragma once

#include "engine/geometry/volume.h"
#include "engine/imaging/preprocessing.h"

namespace everynet::engine {

// The classical comparison method ("classical peer"): the prepared follow-up registered rigidly
// onto the prepared baseline (versor rigid transform, Mattes mutual information, three
// resolutions, started from the images' centres of mass), resampled onto the baseline's working
// grid (linear, 0 outside), and the baseline subtracted. The result is a change map on the
// baseline's working grid, follow-up - baseline, read out like the personal WGAN's map (fake
// follow-up = baseline + map). Deterministic for given inputs on a given machine. Throws
// std::runtime_error when the registration fails.
geometry::Volume registeredDifferenceMap(const PreparedPair& pair);

}  // namespace everynet::engine
