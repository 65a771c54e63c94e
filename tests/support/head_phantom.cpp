#include "tests/support/head_phantom.h"

#include <cmath>

namespace everynet::test {
namespace {

constexpr std::uint16_t kBackground = 0;
constexpr std::uint16_t kSkull = 900;
constexpr std::uint16_t kBrain = 450;
constexpr std::uint16_t kLesionRim = 1300;
constexpr std::uint16_t kLesionCore = 150;

constexpr double kSkullInnerRadius = 0.88;  // of the head ellipsoid
constexpr double kLesionCoreFraction = 0.6;  // of the lesion radius

}  // namespace

HeadPhantom::HeadPhantom(const std::array<double, 3>& volume_extent_mm, double lesion_radius_mm)
    : head_semi_axes_mm_{0.38 * volume_extent_mm[0], 0.45 * volume_extent_mm[1],
                         0.45 * volume_extent_mm[2]},
      lesion_centre_{0.35 * head_semi_axes_mm_[0], -0.25 * head_semi_axes_mm_[1],
                     0.1 * head_semi_axes_mm_[2]},
      lesion_radius_mm_(lesion_radius_mm) {}

std::uint16_t HeadPhantom::signalAt(const VolumeOffsetMm& offset) const {
  double head_radius_squared = 0;
  double lesion_distance_squared = 0;
  for (int axis = 0; axis < 3; ++axis) {
    const double normalised = offset[axis] / head_semi_axes_mm_[axis];
    head_radius_squared += normalised * normalised;
    const double from_lesion = offset[axis] - lesion_centre_[axis];
    lesion_distance_squared += from_lesion * from_lesion;
  }
  if (head_radius_squared > 1) return kBackground;
  if (head_radius_squared > kSkullInnerRadius * kSkullInnerRadius) return kSkull;
  const double lesion_distance = std::sqrt(lesion_distance_squared);
  if (lesion_distance < kLesionCoreFraction * lesion_radius_mm_) return kLesionCore;
  if (lesion_distance < lesion_radius_mm_) return kLesionRim;
  return kBrain;
}

}  // namespace everynet::test
