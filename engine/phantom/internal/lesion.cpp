#include "engine/phantom/internal/lesion.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace everynet::engine::phantom {
namespace {

double legendre(int order, double t) {
  switch (order) {
    case 1:
      return t;
    case 2:
      return 0.5 * (3 * t * t - 1);
    case 3:
      return 0.5 * (5 * t * t * t - 3 * t);
    case 4:
      return (35 * t * t * t * t - 30 * t * t + 3) / 8;
    default:
      return (63 * t * t * t * t * t - 70 * t * t * t + 15 * t) / 8;
  }
}

double shapeFactor(const std::vector<ShapeTerm>& terms, const Vec3& unit) {
  double factor = 1;
  for (const ShapeTerm& term : terms) {
    factor += term.amplitude * legendre(term.order, dot(unit, term.axis));
  }
  return factor;
}

double sumOfAmplitudes(const std::vector<ShapeTerm>& terms) {
  double sum = 0;
  for (const ShapeTerm& term : terms) sum += std::abs(term.amplitude);
  return sum;
}

// Directions evenly spread over the sphere (a Fibonacci lattice) for the volume quadrature.
const std::vector<Vec3>& quadratureDirections() {
  static const std::vector<Vec3> directions = [] {
    constexpr int kCount = 4000;
    std::vector<Vec3> result;
    const double golden = std::numbers::pi * (3 - std::sqrt(5.0));
    for (int i = 0; i < kCount; ++i) {
      const double z = 1 - (i + 0.5) * 2.0 / kCount;
      const double r = std::sqrt(1 - z * z);
      result.push_back({r * std::cos(golden * i), r * std::sin(golden * i), z});
    }
    return result;
  }();
  return directions;
}

}  // namespace

double Lesion::boundaryRadius(const Vec3& unit_direction) const {
  return radius_mm * shapeFactor(shape, unit_direction);
}

double Lesion::maxBoundaryRadius() const {
  return radius_mm * (1 + sumOfAmplitudes(shape));
}

double Lesion::reach() const {
  return maxBoundaryRadius() + oedema_mm * (1 + sumOfAmplitudes(oedema_shape)) + 1;
}

double Lesion::depth(const Vec3& position_mm) const {
  const Vec3 offset = position_mm - centre_mm;
  const double r = norm(offset);
  const Vec3 unit = r > 1e-9 ? (1.0 / r) * offset : Vec3{1, 0, 0};
  return boundaryRadius(unit) - r;
}

bool Lesion::contains(const Vec3& position_mm) const {
  const Vec3 offset = position_mm - centre_mm;
  const double outermost = maxBoundaryRadius();
  return dot(offset, offset) <= outermost * outermost && depth(position_mm) >= 0;
}

LesionSample Lesion::sample(const Vec3& position_mm) const {
  const Vec3 offset = position_mm - centre_mm;
  const double r2 = dot(offset, offset);
  const double out_of_reach = reach();
  if (r2 > out_of_reach * out_of_reach) return {};
  const double r = std::sqrt(r2);
  const Vec3 unit = r > 1e-9 ? (1.0 / r) * offset : Vec3{1, 0, 0};
  const double depth_mm = boundaryRadius(unit) - r;
  // Partial volume: a voxel-sized ramp across the boundary.
  const double inside = clamp01(depth_mm + 0.5);
  LesionSample sample;
  if (kind == LesionKind::cavity) {
    sample.cavity = inside;
    return sample;
  }
  sample.core = solid ? 0 : clamp01(depth_mm - rim_mm + 0.5);
  sample.rim = inside - sample.core;
  sample.rim_gain =
      1 + rim_brightness.amplitude * legendre(rim_brightness.order, dot(unit, rim_brightness.axis));
  if (oedema_mm > 0) {
    const double oedema_reach = oedema_mm * shapeFactor(oedema_shape, unit);
    // Full next to the tumour, fading out over the outer part of its reach.
    sample.oedema = (1 - inside) * (1 - smoothstep(0.4 * oedema_reach, oedema_reach, -depth_mm));
  }
  return sample;
}

double Lesion::shapeVolumeMl() const {
  double mean_cube = 0;
  for (const Vec3& unit : quadratureDirections()) mean_cube += std::pow(boundaryRadius(unit), 3);
  mean_cube /= static_cast<double>(quadratureDirections().size());
  return 4.0 / 3.0 * std::numbers::pi * mean_cube / 1000.0;
}

Lesion Lesion::withShapeVolume(double volume_ml) const {
  Lesion scaled = *this;
  scaled.radius_mm *= std::cbrt(volume_ml / shapeVolumeMl());
  return scaled;
}

LesionSample sampleLesions(const std::vector<Lesion>& lesions, const Vec3& position_mm) {
  LesionSample combined;
  for (const Lesion& lesion : lesions) {
    const LesionSample s = lesion.sample(position_mm);
    combined.rim += s.rim;
    combined.core += s.core;
    combined.cavity += s.cavity;
    combined.oedema = std::max(combined.oedema, s.oedema);
    if (s.rim > 0) combined.rim_gain = s.rim_gain;
  }
  return combined;
}

bool insideEnhancingTumour(const std::vector<Lesion>& lesions, const Vec3& position_mm) {
  return std::any_of(lesions.begin(), lesions.end(), [&](const Lesion& lesion) {
    return lesion.kind == LesionKind::enhancing_tumour && lesion.contains(position_mm);
  });
}

double enhancingVolumeOnGrid(const std::vector<Lesion>& lesions, const VoxelGrid& grid) {
  std::size_t inside = 0;
  const auto& n = grid.size;
  // Only the box around each lesion is visited; a voxel in two boxes is counted once.
  std::vector<bool> counted(grid.voxelCount(), false);
  for (const Lesion& lesion : lesions) {
    if (lesion.kind != LesionKind::enhancing_tumour) continue;
    const double r = lesion.maxBoundaryRadius() + 1;
    std::array<int, 3> low{n[0], n[1], n[2]};
    std::array<int, 3> high{-1, -1, -1};
    for (double dx : {-r, r}) {
      for (double dy : {-r, r}) {
        for (double dz : {-r, r}) {
          const Vec3 index = grid.continuousIndex(lesion.centre_mm + Vec3{dx, dy, dz});
          for (int axis = 0; axis < 3; ++axis) {
            low[axis] = std::min(low[axis], static_cast<int>(std::floor(index[axis])));
            high[axis] = std::max(high[axis], static_cast<int>(std::ceil(index[axis])));
          }
        }
      }
    }
    for (int axis = 0; axis < 3; ++axis) {
      low[axis] = std::max(low[axis], 0);
      high[axis] = std::min(high[axis], n[axis] - 1);
    }
    for (int k = low[2]; k <= high[2]; ++k) {
      for (int j = low[1]; j <= high[1]; ++j) {
        for (int i = low[0]; i <= high[0]; ++i) {
          const std::size_t index = grid.index(i, j, k);
          if (counted[index] ||
              !lesion.contains(grid.position({double(i), double(j), double(k)}))) {
            continue;
          }
          counted[index] = true;
          ++inside;
        }
      }
    }
  }
  const double voxel_ml = grid.spacing_mm[0] * grid.spacing_mm[1] * grid.spacing_mm[2] / 1000.0;
  return static_cast<double>(inside) * voxel_ml;
}

double equivalentRadiusMm(double volume_ml) {
  return std::cbrt(3.0 * volume_ml * 1000.0 / (4.0 * std::numbers::pi));
}

}  // namespace everynet::engine::phantom
