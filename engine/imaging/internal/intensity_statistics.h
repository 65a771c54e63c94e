#pragma once
// Intensity statistics within a mask. Imaging sources only.

#include <vector>

#include "engine/imaging/internal/mask_morphology.h"

namespace everynet::engine::internal {

// All intensities of the image, sorted ascending.
std::vector<float> sortedValues(const ItkImage& image);
// The intensities of the voxels inside `mask` (same grid as `image`), sorted ascending.
std::vector<float> sortedValuesInside(const ItkImage& image, const ItkMask& mask);

// The q-quantile (q in [0, 1]) of sorted values, interpolated linearly between neighbours.
// Throws std::runtime_error when there are no values.
double quantile(const std::vector<float>& sorted, double q);

// White matter's intensity on a T1(ce) scan: the 85th percentile of the brain's intensities, sorted
// ascending. White matter is the brightest normal tissue and much of the brain: a tumour would have
// to fill 15% of the brain to move this.
double whiteMatterLevel(const std::vector<float>& sorted_brain_values);

// Otsu's threshold between two classes of the sorted values (on a 256-bin histogram).
double otsuThreshold(const std::vector<float>& sorted);

}  // namespace everynet::engine::internal
