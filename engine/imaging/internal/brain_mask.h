#pragma once
// The brain extraction itself, on its own isotropic grid. Imaging sources only.

#include "engine/imaging/internal/itk_image.h"

namespace everynet::engine::internal {

// The brain mask (1 inside, 0 outside) of a T1(ce) head scan on an isotropic grid of at least
// 2 mm that covers the scan with the scan's axes. Callers resample it to the grid they need.
ItkImage::Pointer extractBrainOnIsotropicGrid(const ItkImage& head);

}  // namespace everynet::engine::internal
