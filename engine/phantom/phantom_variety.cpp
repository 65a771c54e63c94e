#include "engine/phantom/phantom_variety.h"

#include <cmath>

#include "engine/phantom/internal/random.h"

namespace everynet::engine {
namespace {

using phantom::Random;

constexpr double kMinEnhancement = 1.2;
constexpr double kMaxEnhancement = 1.8;
constexpr double kMinInPlaneMm = 0.45;
constexpr double kMaxInPlaneMm = 1.2;
// Thin slices come from a 3D acquisition, thicker ones from a 2D one, which may leave gaps.
constexpr double kThinSliceShare = 0.4;
constexpr double kMinThinSliceMm = 1;
constexpr double kMaxThinSliceMm = 1.5;
constexpr double kMinThickSliceMm = 2;
constexpr double kMaxThickSliceMm = 6;
constexpr double kGappedShare = 0.3;  // of 2D acquisitions
constexpr double kMinGapMm = 0.2;
constexpr double kMaxGapMm = 1;

double roundTo(double value, double step) {
  return std::round(value / step) * step;
}

// Shares of tumour kinds and sites: the usual ones a little more often than the others.
PhantomTumour drawTumour(Random& random) {
  const double u = random.uniform();
  if (u < 0.3) return PhantomTumour::rim;
  if (u < 0.55) return PhantomTumour::solid;
  if (u < 0.75) return PhantomTumour::multifocal;
  return PhantomTumour::irregular;
}

PhantomSite drawSite(Random& random) {
  const double u = random.uniform();
  if (u < 0.4) return PhantomSite::deep;
  if (u < 0.7) return PhantomSite::periventricular;
  return PhantomSite::cortical;
}

// A visit's T1ce voxel (in-plane to 0.01 mm, slices to 0.1 mm as scanners state them) and gap.
void drawAcquisition(Random& random, std::array<double, 3>& voxel_mm, double& gap_mm) {
  const double in_plane = roundTo(random.uniform(kMinInPlaneMm, kMaxInPlaneMm), 0.01);
  const bool thin = random.uniform() < kThinSliceShare;
  const double slice = thin ? random.uniform(kMinThinSliceMm, kMaxThinSliceMm)
                            : random.uniform(kMinThickSliceMm, kMaxThickSliceMm);
  voxel_mm = {in_plane, in_plane, roundTo(slice, 0.1)};
  const bool gapped = !thin && random.uniform() < kGappedShare;
  gap_mm = gapped ? roundTo(random.uniform(kMinGapMm, kMaxGapMm), 0.1) : 0;
}

}  // namespace

PhantomVariety drawPhantomVariety(std::uint64_t seed) {
  Random random(seed, "variety");
  PhantomVariety variety;
  variety.tumour = drawTumour(random);
  variety.site = drawSite(random);
  variety.enhancement = roundTo(random.uniform(kMinEnhancement, kMaxEnhancement), 0.01);
  drawAcquisition(random, variety.baseline_voxel_mm, variety.baseline_gap_mm);
  drawAcquisition(random, variety.followup_voxel_mm, variety.followup_gap_mm);
  return variety;
}

}  // namespace everynet::engine
