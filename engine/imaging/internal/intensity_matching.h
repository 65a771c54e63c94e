#pragma once
// Histogram matching and scaling to [0, 1] within the brain. Imaging sources only.

#include <vector>

#include "engine/imaging/internal/mask_morphology.h"

namespace everynet::engine::internal {

// Maps the intensities of `image` so that the quantiles of those inside `mask` match the
// quantiles of `reference_sorted` (the reference's brain intensities, ascending): piecewise linear
// between matched quantiles from 1% to 99%, and beyond them along the line through the 1% and
// 99% pairs. A gain and offset are undone exactly.
void matchHistogram(ItkImage& image, const ItkMask& mask,
                    const std::vector<float>& reference_sorted);

// Divides by `divisor` (> 0), clips to [0, 1] and zeroes every voxel outside `mask`.
void scaleToUnitRange(ItkImage& image, const ItkMask& mask, double divisor);

}  // namespace everynet::engine::internal
