#pragma once
// The paper's augmentation in 3D: every training image is an oblique plane through the volume,
// rotated and shifted in all three dimensions, with Gaussian noise. Included by engine sources
// only.

#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <vector>

#include "engine/geometry/volume.h"
#include "engine/core/training_profile.h"

namespace everynet::engine::internal {

// Where one training image lies in its volume: the axial plane through the centre of slice
// `slice`, rotated about that centre (about x, then y, then z) and then shifted.
struct PlanePlacement {
  std::int64_t slice = 0;
  std::array<double, 3> rotation_radians{0, 0, 0};
  std::array<double, 3> shift_voxels{0, 0, 0};  // x, y, z
};

// The 3 x 4 matrix affine_grid takes (normalised coordinates, align_corners false) that maps the
// output plane onto the placement in a volume of geometry's size. Rotations act in mm, so that
// an anisotropic grid is not sheared.
torch::Tensor planeTransform(const PlanePlacement& placement, const geometry::Volume& geometry);

// The slices a batch of `batch` training images is drawn around, from LibTorch's CPU generator:
// each through one of tumour_slices with probability tumour_fraction (when there are any), else
// uniformly over the slice_count slices, as the paper draws them all.
std::vector<std::int64_t> randomSlices(int batch, int slice_count,
                                       const std::vector<std::int64_t>& tumour_slices,
                                       double tumour_fraction);

// One random placement per slice, as the paper augments: each angle uniform within
// +-profile.augment_rotation_degrees, each shift uniform within +-profile.augment_shift_voxels on
// the paper's 256x256x128 grid, scaled to geometry's size per dimension. Draws from LibTorch's
// CPU generator, so a seed fixes them on every device.
std::vector<PlanePlacement> randomPlacements(const std::vector<std::int64_t>& slices,
                                             const geometry::Volume& geometry,
                                             const TrainingProfile& profile);

// The planes of a volume (1 x 1 x Z x Y x X, on any device) at the placements, trilinear, zero
// outside the volume: N x 1 x Y x X.
torch::Tensor samplePlanes(const torch::Tensor& volume, const geometry::Volume& geometry,
                           const std::vector<PlanePlacement>& placements);

// Zero-mean Gaussian noise shaped like images (N x ...), with a standard deviation drawn
// uniformly from [0, max_sigma] per image.
torch::Tensor randomNoise(const torch::Tensor& images, double max_sigma);

// A batch of training images of one scan: random placements around the given slices, sampled,
// with noise.
torch::Tensor augmentedPlanes(const torch::Tensor& volume, const geometry::Volume& geometry,
                              const std::vector<std::int64_t>& slices,
                              const TrainingProfile& profile);

// Training images of both scans drawn alike: image n of each lies at the same placement and
// carries the same noise. Each scan's batch alone is distributed as augmentedPlanes draws it,
// so the critic's objective is unchanged; but the difference of its scores on the two batches
// is no longer dominated by unrelated anatomy, so its gradient estimate is far less noisy
// (engine/PROFILES.md#decision-planes-drawn-alike).
// Both volumes must lie on one grid (geometry).
struct AugmentedPlanePair {
  torch::Tensor baseline;
  torch::Tensor followup;
};
AugmentedPlanePair augmentedPlanePair(const torch::Tensor& baseline, const torch::Tensor& followup,
                                      const geometry::Volume& geometry,
                                      const std::vector<std::int64_t>& slices,
                                      const TrainingProfile& profile);

}  // namespace everynet::engine::internal
