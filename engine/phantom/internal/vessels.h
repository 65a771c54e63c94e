#pragma once

#include <vector>

#include "engine/phantom/internal/anatomy_model.h"
#include "engine/phantom/internal/random.h"

namespace everynet::engine::phantom {

// Vessels that enhance on a T1ce: the dural sinuses and cortical veins (venous) and the middle
// cerebral arteries (arterial). Each is a centre line with a radius per point (mm).
enum class VesselKind { venous, arterial };

struct VesselPoint {
  Vec3 position_mm;
  double radius_mm;
};

struct Vessel {
  VesselKind kind = VesselKind::venous;
  std::vector<VesselPoint> points;
};

// Superior sagittal and transverse sinuses along the brain's outline, cortical veins running up
// the convexity to the midline, and both middle cerebral arteries, with seeded variation.
std::vector<Vessel> growVessels(const AnatomyModel& anatomy, Random& random);

// Writes each vessel's partial-volume fraction into the venous or arterial channel.
void drawVessels(const std::vector<Vessel>& vessels, AnatomyModel& anatomy);

// Distance (mm) from a point to the nearest vessel wall; negative inside a vessel.
double distanceToVessels(const std::vector<Vessel>& vessels, const Vec3& position_mm);

}  // namespace everynet::engine::phantom
