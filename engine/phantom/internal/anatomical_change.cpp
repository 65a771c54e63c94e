#include "engine/phantom/internal/anatomical_change.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace everynet::engine::phantom {
namespace {

// Extent of the lateral ventricles' influence (Gaussian sigmas along x, y, z, mm): they are long
// front to back.
constexpr Vec3 kVentricleSigmaMm{14, 25, 12};
constexpr double kMinVentricleStrain = 0.03;
constexpr double kMaxVentricleStrain = 0.07;
// Tissue around an anchored lesion moves freely from this far beyond it (mm).
constexpr double kAnchorMarginMm = 3;
constexpr double kAnchorFadeMm = 15;
// Part of a tumour's volume change that displaces the tissue around (the rest infiltrates or
// replaces it).
constexpr double kMinPushedFraction = 0.4;
constexpr double kMaxPushedFraction = 0.7;

}  // namespace

AnatomicalChange::AnatomicalChange(const AnatomyModel& anatomy, const DiseaseCourse& course,
                                   PhantomChange change, std::uint64_t seed) {
  if (change == PhantomChange::nochange) return;
  Random random(seed, "anatomical change");
  ventricle_centre_mm_ = anatomy.ventricle_centre_mm;
  ventricle_strain_ = random.sign() * random.uniform(kMinVentricleStrain, kMaxVentricleStrain);
  const double pushed_fraction = random.uniform(kMinPushedFraction, kMaxPushedFraction);
  // The first follow-up lesion is the one whose change pushes (see DiseaseCourse).
  for (std::size_t i = 0; i < course.followup.size(); ++i) {
    const Lesion& lesion = course.followup[i];
    const Anchor anchor{lesion.centre_mm, lesion.maxBoundaryRadius() + kAnchorMarginMm};
    all_lesions_.push_back(anchor);
    if (i > 0) other_lesions_.push_back(anchor);
  }
  if (!course.followup.empty()) {
    pushing_lesion_ = course.mass_effect_lesion;
    pushed_volume_mm3_ = pushed_fraction * course.mass_effect_volume_change_ml * 1000.0;
    const double radius = equivalentRadiusMm(pushing_lesion_->shapeVolumeMl());
    taper_from_mm_ = radius + 15;
    taper_to_mm_ = radius + 45;
  }
}

double AnatomicalChange::freedom(const std::vector<Anchor>& anchors, const Vec3& position_mm) {
  double result = 1;
  for (const Anchor& anchor : anchors) {
    const double distance = norm(position_mm - anchor.centre_mm);
    result =
        std::min(result, smoothstep(anchor.radius_mm, anchor.radius_mm + kAnchorFadeMm, distance));
  }
  return result;
}

Vec3 AnatomicalChange::ventricleDisplacement(const Vec3& position_mm) const {
  const Vec3 offset = position_mm - ventricle_centre_mm_;
  double exponent = 0;
  for (int axis = 0; axis < 3; ++axis) {
    const double z = offset[axis] / kVentricleSigmaMm[axis];
    exponent += z * z;
  }
  if (exponent > 25) return {0, 0, 0};  // beyond 5 sigma
  // Looking up tissue closer to the centre makes what is there (the ventricles) larger.
  return (-ventricle_strain_ * std::exp(-0.5 * exponent)) * offset;
}

Vec3 AnatomicalChange::massEffectDisplacement(const Vec3& position_mm) const {
  const Vec3 offset = position_mm - pushing_lesion_->centre_mm;
  const double r = norm(offset);
  if (r >= taper_to_mm_ || r < 1e-9 || pushing_lesion_->depth(position_mm) >= 0) return {0, 0, 0};
  // Incompressible tissue: the shell between the lesion and radius r at follow-up held, at
  // baseline, the same tissue between the lesion and the source radius.
  const double radius_cubed = r * r * r - 3.0 * pushed_volume_mm3_ / (4.0 * std::numbers::pi);
  const double source_radius = std::cbrt(std::max(radius_cubed, 0.0));
  const double fade = 1 - smoothstep(taper_from_mm_, taper_to_mm_, r);
  return ((source_radius - r) / r * fade) * offset;
}

Vec3 AnatomicalChange::modelPosition(const Vec3& position_mm) const {
  Vec3 displacement{0, 0, 0};
  if (ventricle_strain_ != 0) {
    displacement = freedom(all_lesions_, position_mm) * ventricleDisplacement(position_mm);
  }
  if (pushing_lesion_ && pushed_volume_mm3_ != 0) {
    displacement =
        displacement + freedom(other_lesions_, position_mm) * massEffectDisplacement(position_mm);
  }
  return position_mm + displacement;
}

}  // namespace everynet::engine::phantom
