#include "tests/engine/synthetic_head.h"

#include <cmath>
#include <numbers>
#include <random>

namespace everynet::test {
namespace {

using Vec3 = std::array<double, 3>;

// Relative T1 signals, white matter = 1.
constexpr double kWhiteMatter = 1.0;
constexpr double kGreyMatter = 0.72;
constexpr double kCsf = 0.3;
constexpr double kSkull = 0.08;
constexpr double kScalpFat = 1.1;
constexpr double kNerve = 0.9;
constexpr double kAir = 0.02;

// Layers outside the brain, as mm added to each of its semi-axes.
constexpr double kCsfOuterMm = 3;
constexpr double kSkullOuterMm = 9;
constexpr double kScalpOuterMm = 15;
constexpr double kCortexMm = 3;
constexpr double kNerveRadiusMm = 2;

// sqrt of the ellipsoid equation: < 1 inside the ellipsoid of semi-axes `semi` (mm).
double ellipsoidRadius(const Vec3& q, const Vec3& semi) {
  double sum = 0;
  for (int a = 0; a < 3; ++a) sum += (q[a] / semi[a]) * (q[a] / semi[a]);
  return std::sqrt(sum);
}

bool insideGrown(const Vec3& q, double grown_mm) {
  const auto& s = kSyntheticBrainSemiAxesMm;
  return ellipsoidRadius(q, {s[0] + grown_mm, s[1] + grown_mm, s[2] + grown_mm}) < 1;
}

bool insideVentricle(const Vec3& q) {
  return ellipsoidRadius({std::abs(q[0]) - 9, q[1] + 5, q[2] - 5}, {5, 22, 9}) < 1;
}

// A tube from inside the brain forwards (anterior, -P) and a little down to the scalp.
bool insideNerve(const Vec3& q) {
  const double along = -q[1];
  if (along < 40 || along > 100) return false;
  const double dx = q[0] - 20;
  const double dz = q[2] + 15;
  return dx * dx + dz * dz < kNerveRadiusMm * kNerveRadiusMm;
}

double relativeSignal(const Vec3& q, bool& in_brain) {
  in_brain = insideGrown(q, 0);
  if (in_brain) {
    if (insideVentricle(q)) return kCsf;
    return insideGrown(q, -kCortexMm) ? kWhiteMatter : kGreyMatter;
  }
  if (insideNerve(q) && insideGrown(q, kScalpOuterMm)) return kNerve;
  if (insideGrown(q, kCsfOuterMm)) return kCsf;
  if (insideGrown(q, kSkullOuterMm)) return kSkull;
  if (insideGrown(q, kScalpOuterMm)) return kScalpFat;
  return kAir;
}

}  // namespace

SyntheticHead makeSyntheticHead(const SyntheticHeadSpec& spec) {
  geometry::PatientVolume image;
  for (int axis = 0; axis < 3; ++axis) {
    image.image.size[axis] =
        static_cast<int>(std::ceil(spec.field_of_view_mm / spec.voxel_mm[axis]));
    image.image.spacing_mm[axis] = spec.voxel_mm[axis];
  }
  image.image = geometry::Volume::zeros(image.image.size, image.image.spacing_mm);
  image.direction = spec.direction;
  // Centre the grid on the patient origin: origin = -direction * (extent / 2).
  for (int row = 0; row < 3; ++row) {
    image.origin_mm[row] = 0;
    for (int column = 0; column < 3; ++column) {
      image.origin_mm[row] -= spec.direction[3 * row + column] * 0.5 *
                              (image.image.size[column] - 1) * spec.voxel_mm[column];
    }
  }
  SyntheticHead head{image, image.emptyLike()};

  const double yaw = spec.yaw_deg * std::numbers::pi / 180;
  std::mt19937_64 random(spec.seed);
  std::normal_distribution<double> noise(0, spec.noise_sd);
  const auto& size = image.image.size;
  for (int k = 0; k < size[2]; ++k) {
    for (int j = 0; j < size[1]; ++j) {
      for (int i = 0; i < size[0]; ++i) {
        const Vec3 p = image.patientPosition(i, j, k);
        const Vec3 d{p[0] - spec.brain_centre_mm[0], p[1] - spec.brain_centre_mm[1],
                     p[2] - spec.brain_centre_mm[2]};
        // Into the head's own frame: undo the yaw about S.
        const Vec3 q{std::cos(yaw) * d[0] + std::sin(yaw) * d[1],
                     -std::sin(yaw) * d[0] + std::cos(yaw) * d[1], d[2]};
        bool in_brain = false;
        const double signal = relativeSignal(q, in_brain);
        head.image.image.at(i, j, k) =
            static_cast<float>(std::max(0.0, spec.gain * (signal + noise(random)) + spec.offset));
        head.brain.image.at(i, j, k) = in_brain ? 1.0f : 0.0f;
      }
    }
  }
  return head;
}

}  // namespace everynet::test
