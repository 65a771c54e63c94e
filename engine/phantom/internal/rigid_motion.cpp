#include "engine/phantom/internal/rigid_motion.h"

#include <cmath>
#include <numbers>

namespace everynet::engine::phantom {
namespace {

constexpr double kDegree = std::numbers::pi / 180;

// Rotation about x, then y, then z (angles in degrees).
Mat3 rotationOf(const std::array<double, 3>& degrees) {
  const double a = degrees[0] * kDegree;
  const double b = degrees[1] * kDegree;
  const double c = degrees[2] * kDegree;
  const Mat3 x{1, 0, 0, 0, std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a)};
  const Mat3 y{std::cos(b), 0, std::sin(b), 0, 1, 0, -std::sin(b), 0, std::cos(b)};
  const Mat3 z{std::cos(c), -std::sin(c), 0, std::sin(c), std::cos(c), 0, 0, 0, 1};
  return multiply(z, multiply(y, x));
}

}  // namespace

RigidMotion::RigidMotion(const PhantomPose& pose, const Vec3& head_centre_mm)
    : rotation_(rotationOf(pose.rotation_deg)),
      centre_mm_(head_centre_mm),
      translation_mm_(pose.translation_mm) {}

PhantomPose randomPose(Random& random, double rotation_deg, double translation_mm) {
  // For angles of a few degrees the x-y-z angles of a rotation about an axis are close to the
  // axis scaled by the angle.
  const Vec3 axis = random.unitVector();
  const Vec3 direction = random.unitVector();
  return {rotation_deg * axis, translation_mm * direction};
}

}  // namespace everynet::engine::phantom
