#include "engine/phantom/internal/vessels.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>

namespace everynet::engine::phantom {
namespace {

constexpr double kDegree = std::numbers::pi / 180;
constexpr double kRayStepMm = 0.5;
constexpr double kRayLengthMm = 130;

// The last point along a ray from `from` that still lies in the brain; `from` itself if none.
Vec3 outerBrainPoint(const Vec3& from, const Vec3& direction,
                     const std::function<bool(const Vec3&)>& in_brain) {
  Vec3 last = from;
  for (double t = 0; t <= kRayLengthMm; t += kRayStepMm) {
    const Vec3 p = from + t * direction;
    if (in_brain(p)) last = p;
  }
  return last;
}

// A point of a vessel that lies on the brain's outline, `offset_mm` outside it.
VesselPoint onOutline(const Vec3& from, const Vec3& direction_ras, double offset_mm,
                      double radius_mm, const std::function<bool(const Vec3&)>& in_brain) {
  const Vec3 direction = lpsFromRas(normalised(direction_ras));
  return {outerBrainPoint(from, direction, in_brain) + offset_mm * direction, radius_mm};
}

Vessel superiorSagittalSinus(const AnatomyModel& anatomy, Random& random) {
  // In the falx between the hemispheres: the brain is looked for a few mm to either side.
  const auto near_midline = [&](const Vec3& p) {
    return anatomy.isBrain(p) || anatomy.isBrain(p + Vec3{4, 0, 0}) ||
           anatomy.isBrain(p + Vec3{-4, 0, 0});
  };
  const Vec3 from = lpsFromRas({0, -20, 15});
  Vessel sinus{VesselKind::venous, {}};
  const double end_deg = random.uniform(195, 205);
  for (double angle = 25; angle <= end_deg; angle += 5) {
    // From the front over the vertex to the back: it widens as it drains more cortex.
    const double along = (angle - 25) / (end_deg - 25);
    sinus.points.push_back(onOutline(from,
                                     {0, std::cos(angle * kDegree), std::sin(angle * kDegree)}, 2.5,
                                     2.0 + 2.0 * along, near_midline));
  }
  return sinus;
}

Vessel transverseSinus(const AnatomyModel& anatomy, const Vec3& confluence, double side) {
  const auto in_brain = [&](const Vec3& p) { return anatomy.isBrain(p); };
  const Vec3 confluence_ras = lpsFromRas(confluence);
  const Vec3 from = lpsFromRas({0, -40, confluence_ras[2]});
  Vessel sinus{VesselKind::venous, {{confluence, 3.5}}};
  for (double angle = 10; angle <= 80; angle += 5) {
    const Vec3 direction{side * std::sin(angle * kDegree), -std::cos(angle * kDegree), -0.15};
    sinus.points.push_back(onOutline(from, direction, 2.5, 3.2, in_brain));
  }
  return sinus;
}

// A vein from low on the convexity up to near the midline, on the brain's surface.
Vessel corticalVein(const AnatomyModel& anatomy, Random& random) {
  const auto in_brain = [&](const Vec3& p) { return anatomy.isBrain(p); };
  const Vec3 from = lpsFromRas({0, -15, 10});
  double azimuth = random.uniform(0, 360);
  const double start_elevation = random.uniform(5, 30);
  const double radius = random.uniform(0.9, 1.6);
  Vessel vein{VesselKind::venous, {}};
  for (double elevation = start_elevation; elevation <= 70; elevation += 4) {
    azimuth += random.uniform(-4, 4);
    const Vec3 direction{std::cos(elevation * kDegree) * std::cos(azimuth * kDegree),
                         std::cos(elevation * kDegree) * std::sin(azimuth * kDegree),
                         std::sin(elevation * kDegree)};
    const VesselPoint point = onOutline(from, direction, 1.0, radius, in_brain);
    if (std::abs(point.position_mm[0]) < 8) break;  // it has reached the sagittal sinus
    vein.points.push_back(point);
  }
  return vein;
}

// The middle cerebral artery from the skull base out through the Sylvian fissure, with two
// branches up the insula (MNI positions, jittered by a few mm).
std::vector<Vessel> middleCerebralArtery(double side, Random& random) {
  const auto at = [&](double x, double y, double z) {
    return lpsFromRas(
        {side * (x + random.uniform(-2, 2)), y + random.uniform(-2, 2), z + random.uniform(-2, 2)});
  };
  const Vec3 bifurcation = at(38, 2, -6);
  Vessel trunk{VesselKind::arterial,
               {{at(10, 2, -15), 1.6}, {at(25, 4, -12), 1.5}, {bifurcation, 1.3}}};
  Vessel upper{VesselKind::arterial,
               {{bifurcation, 1.2}, {at(42, 10, 8), 1.0}, {at(44, 12, 22), 0.9}}};
  Vessel lower{VesselKind::arterial,
               {{bifurcation, 1.2}, {at(42, -10, 6), 1.0}, {at(46, -22, 18), 0.9}}};
  return {trunk, upper, lower};
}

// Distance from p to the segment a-b, and where along it (0..1) the nearest point lies.
std::pair<double, double> segmentDistance(const Vec3& p, const Vec3& a, const Vec3& b) {
  const Vec3 ab = b - a;
  const double length2 = dot(ab, ab);
  const double t = length2 > 0 ? clamp01(dot(p - a, ab) / length2) : 0.0;
  return {norm(p - (a + t * ab)), t};
}

void drawSegment(const VesselPoint& a, const VesselPoint& b, VesselKind kind,
                 AnatomyModel& anatomy) {
  const double reach = std::max(a.radius_mm, b.radius_mm) + 1;
  std::array<int, 3> low{};
  std::array<int, 3> high{};
  for (int axis = 0; axis < 3; ++axis) {
    low[axis] = std::numeric_limits<int>::max();
    high[axis] = std::numeric_limits<int>::min();
  }
  for (const Vec3& end : {a.position_mm, b.position_mm}) {
    for (double dx : {-reach, reach}) {
      for (double dy : {-reach, reach}) {
        for (double dz : {-reach, reach}) {
          const Vec3 index = anatomy.grid.continuousIndex(end + Vec3{dx, dy, dz});
          for (int axis = 0; axis < 3; ++axis) {
            low[axis] = std::min(low[axis], static_cast<int>(std::floor(index[axis])));
            high[axis] = std::max(high[axis], static_cast<int>(std::ceil(index[axis])));
          }
        }
      }
    }
  }
  for (int axis = 0; axis < 3; ++axis) {
    low[axis] = std::max(low[axis], 0);
    high[axis] = std::min(high[axis], anatomy.grid.size[axis] - 1);
  }
  for (int k = low[2]; k <= high[2]; ++k) {
    for (int j = low[1]; j <= high[1]; ++j) {
      for (int i = low[0]; i <= high[0]; ++i) {
        const Vec3 p = anatomy.grid.position({double(i), double(j), double(k)});
        const auto [distance, t] = segmentDistance(p, a.position_mm, b.position_mm);
        const double radius = a.radius_mm + t * (b.radius_mm - a.radius_mm);
        // Partial volume over about one voxel at the wall.
        const float fraction = static_cast<float>(clamp01(radius + 0.5 - distance));
        TissueSample& tissue = anatomy.tissue[anatomy.grid.index(i, j, k)];
        float& channel = kind == VesselKind::venous ? tissue.venous : tissue.arterial;
        channel = std::max(channel, fraction);
      }
    }
  }
}

}  // namespace

std::vector<Vessel> growVessels(const AnatomyModel& anatomy, Random& random) {
  std::vector<Vessel> vessels{superiorSagittalSinus(anatomy, random)};
  const Vec3 confluence = vessels.front().points.back().position_mm;
  for (double side : {-1.0, 1.0}) vessels.push_back(transverseSinus(anatomy, confluence, side));
  const int veins = 12 + random.below(7);
  for (int vein = 0; vein < veins; ++vein) {
    Vessel grown = corticalVein(anatomy, random);
    if (grown.points.size() >= 2) vessels.push_back(std::move(grown));
  }
  for (double side : {-1.0, 1.0}) {
    for (Vessel& artery : middleCerebralArtery(side, random)) vessels.push_back(std::move(artery));
  }
  return vessels;
}

void drawVessels(const std::vector<Vessel>& vessels, AnatomyModel& anatomy) {
  for (const Vessel& vessel : vessels) {
    for (std::size_t i = 1; i < vessel.points.size(); ++i) {
      drawSegment(vessel.points[i - 1], vessel.points[i], vessel.kind, anatomy);
    }
  }
}

double distanceToVessels(const std::vector<Vessel>& vessels, const Vec3& position_mm) {
  double nearest = std::numeric_limits<double>::max();
  for (const Vessel& vessel : vessels) {
    for (std::size_t i = 1; i < vessel.points.size(); ++i) {
      const VesselPoint& a = vessel.points[i - 1];
      const VesselPoint& b = vessel.points[i];
      const auto [distance, t] = segmentDistance(position_mm, a.position_mm, b.position_mm);
      nearest = std::min(nearest, distance - (a.radius_mm + t * (b.radius_mm - a.radius_mm)));
    }
  }
  return nearest;
}

}  // namespace everynet::engine::phantom
