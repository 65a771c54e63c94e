#pragma once

#include <cstdint>
#include <vector>

#include "engine/geometry/volume.h"

namespace everynet::engine {

// The axial slices of a 0/1 mask's grid that hold any of the mask, widened by margin_mm above
// and below (clipped to the grid), in ascending order; empty for an empty mask. The trainer
// draws part of its training images through these slices of the baseline tumour, so that the
// critic meets the tumour often enough to learn how it changed
// (engine/PROFILES.md#decision-tumour-focus).
std::vector<std::int64_t> slicesThrough(const geometry::Volume& mask, double margin_mm);

}  // namespace everynet::engine
