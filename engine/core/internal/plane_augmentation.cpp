#include "engine/core/internal/plane_augmentation.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace everynet::engine::internal {
namespace {

using Matrix3 = std::array<std::array<double, 3>, 3>;

Matrix3 multiply(const Matrix3& a, const Matrix3& b) {
  Matrix3 product{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) product[i][j] += a[i][k] * b[k][j];
  return product;
}

// Rz * Ry * Rx: about x first, then y, then z.
Matrix3 rotation(const std::array<double, 3>& radians) {
  const double cx = std::cos(radians[0]), sx = std::sin(radians[0]);
  const double cy = std::cos(radians[1]), sy = std::sin(radians[1]);
  const double cz = std::cos(radians[2]), sz = std::sin(radians[2]);
  const Matrix3 rx{{{1, 0, 0}, {0, cx, -sx}, {0, sx, cx}}};
  const Matrix3 ry{{{cy, 0, sy}, {0, 1, 0}, {-sy, 0, cy}}};
  const Matrix3 rz{{{cz, -sz, 0}, {sz, cz, 0}, {0, 0, 1}}};
  return multiply(rz, multiply(ry, rx));
}

// The paper's grid, on which the profile's shift is given.
constexpr std::array<double, 3> kPaperGrid{256, 256, 128};

}  // namespace

std::vector<std::int64_t> randomSlices(int batch, int slice_count,
                                       const std::vector<std::int64_t>& tumour_slices,
                                       double tumour_fraction) {
  const auto through_tumour = torch::rand({batch}, torch::kFloat64);
  const auto uniform = torch::randint(0, slice_count, {batch}, torch::kLong);
  const auto tumour_pick = torch::randint(0, std::max<std::int64_t>(1, std::ssize(tumour_slices)),
                                          {batch}, torch::kLong);
  const auto focus = through_tumour.accessor<double, 1>();
  const auto any = uniform.accessor<std::int64_t, 1>();
  const auto tumour = tumour_pick.accessor<std::int64_t, 1>();
  std::vector<std::int64_t> slices(static_cast<std::size_t>(batch));
  for (int n = 0; n < batch; ++n) {
    slices[static_cast<std::size_t>(n)] = !tumour_slices.empty() && focus[n] < tumour_fraction
                                              ? tumour_slices[static_cast<std::size_t>(tumour[n])]
                                              : any[n];
  }
  return slices;
}

torch::Tensor planeTransform(const PlanePlacement& placement, const geometry::Volume& geometry) {
  // Normalised coordinate n (-1..1 across the grid) lies at half_extent * n mm from the centre.
  std::array<double, 3> half_extent_mm{};
  for (int i = 0; i < 3; ++i) half_extent_mm[i] = geometry.size[i] * geometry.spacing_mm[i] / 2;
  const Matrix3 r = rotation(placement.rotation_radians);
  // The centre of the slice (align_corners false: voxel k's centre is at (2k + 1) / n - 1).
  const std::array<double, 3> centre{
      0, 0, (2.0 * static_cast<double>(placement.slice) + 1) / geometry.size[2] - 1};
  auto theta = torch::zeros({3, 4}, torch::kFloat64);
  auto t = theta.accessor<double, 2>();
  for (int i = 0; i < 3; ++i) {
    // In mm: source = R * plane + centre + shift; the scalings turn mm back into normalised units.
    for (int j = 0; j < 3; ++j) t[i][j] = r[i][j] * half_extent_mm[j] / half_extent_mm[i];
    t[i][3] = centre[i] + 2 * placement.shift_voxels[i] / geometry.size[i];
  }
  return theta.to(torch::kFloat32);
}

std::vector<PlanePlacement> randomPlacements(const std::vector<std::int64_t>& slices,
                                             const geometry::Volume& geometry,
                                             const TrainingProfile& profile) {
  const auto count = static_cast<std::int64_t>(slices.size());
  // Uniform in [-1, 1): three angles, then three shifts, per placement.
  const auto draws = torch::rand({count, 6}, torch::kFloat64) * 2 - 1;
  const auto d = draws.accessor<double, 2>();
  const double max_angle = profile.augment_rotation_degrees * std::numbers::pi / 180.0;
  std::vector<PlanePlacement> placements(slices.size());
  for (std::int64_t n = 0; n < count; ++n) {
    auto& placement = placements[static_cast<std::size_t>(n)];
    placement.slice = slices[static_cast<std::size_t>(n)];
    for (int i = 0; i < 3; ++i) {
      placement.rotation_radians[i] = d[n][i] * max_angle;
      placement.shift_voxels[i] =
          d[n][3 + i] * profile.augment_shift_voxels * geometry.size[i] / kPaperGrid[i];
    }
  }
  return placements;
}

torch::Tensor samplePlanes(const torch::Tensor& volume, const geometry::Volume& geometry,
                           const std::vector<PlanePlacement>& placements) {
  std::vector<torch::Tensor> thetas;
  thetas.reserve(placements.size());
  for (const auto& placement : placements) thetas.push_back(planeTransform(placement, geometry));
  const auto n = static_cast<std::int64_t>(placements.size());
  const auto theta = torch::stack(thetas).to(volume.device());
  // An output of depth 1: the plane. The volume is shared by all planes (expand copies nothing).
  const auto grid = torch::nn::functional::affine_grid(
      theta, {n, 1, 1, volume.size(3), volume.size(4)}, /*align_corners=*/false);
  const auto planes =
      torch::nn::functional::grid_sample(volume.expand({n, -1, -1, -1, -1}), grid,
                                         torch::nn::functional::GridSampleFuncOptions()
                                             .mode(torch::kBilinear)
                                             .padding_mode(torch::kZeros)
                                             .align_corners(false));
  return planes.squeeze(2);
}

torch::Tensor randomNoise(const torch::Tensor& images, double max_sigma) {
  std::vector<std::int64_t> per_image(static_cast<std::size_t>(images.dim()), 1);
  per_image[0] = images.size(0);
  const auto sigma = torch::rand(per_image, images.options()) * max_sigma;
  return torch::randn_like(images) * sigma;
}

torch::Tensor augmentedPlanes(const torch::Tensor& volume, const geometry::Volume& geometry,
                              const std::vector<std::int64_t>& slices,
                              const TrainingProfile& profile) {
  const auto planes = samplePlanes(volume, geometry, randomPlacements(slices, geometry, profile));
  return planes + randomNoise(planes, profile.augment_noise_sigma_max);
}

AugmentedPlanePair augmentedPlanePair(const torch::Tensor& baseline, const torch::Tensor& followup,
                                      const geometry::Volume& geometry,
                                      const std::vector<std::int64_t>& slices,
                                      const TrainingProfile& profile) {
  const auto placements = randomPlacements(slices, geometry, profile);
  const auto baseline_planes = samplePlanes(baseline, geometry, placements);
  const auto noise = randomNoise(baseline_planes, profile.augment_noise_sigma_max);
  return {baseline_planes + noise, samplePlanes(followup, geometry, placements) + noise};
}

}  // namespace everynet::engine::internal
