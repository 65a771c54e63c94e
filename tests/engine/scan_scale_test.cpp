#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numbers>
#include <vector>

#include "engine/imaging/change_regions.h"
#include "engine/imaging/registration_subtraction.h"
#include "engine/imaging/tumour_on_scan_grid.h"

// Tumours whose volumes are known analytically, rendered with partial volume on scan grids as an
// MR scanner's voxels (and thick slices) average them, then measured at the scan's own scale.

namespace everynet::engine {
namespace {

using geometry::PatientVolume;
using geometry::Vector3;

constexpr double kWhiteMatter = 1.0;
constexpr double kOedema = 0.7;
constexpr double kRim = 1.6;
constexpr double kCore = 0.5;

struct Ball {
  Vector3 centre_mm;
  double radius_mm;
  double rim_mm;  // 0: solid
  bool contains(const Vector3& p) const { return distance(p) <= radius_mm; }
  double distance(const Vector3& p) const {
    return std::hypot(p[0] - centre_mm[0], p[1] - centre_mm[1], p[2] - centre_mm[2]);
  }
  double volumeMl() const { return 4.0 / 3.0 * std::numbers::pi * std::pow(radius_mm, 3) / 1000; }
};

// MR signal of white matter with tumours (rim and core, or solid) in oedema 6 mm deep.
double signalAt(const std::vector<Ball>& tumours, const Vector3& p) {
  double signal = kWhiteMatter;
  for (const Ball& ball : tumours) {
    const double d = ball.distance(p);
    if (d <= ball.radius_mm) {
      return ball.rim_mm == 0 || d >= ball.radius_mm - ball.rim_mm ? kRim : kCore;
    }
    if (d <= ball.radius_mm + 6) signal = kOedema;
  }
  return signal;
}

// A grid of `voxel_mm` voxels over 70 mm around the origin, axial, each voxel the mean of the
// signal over its extent (sampled every 0.5 mm or finer): partial volume as acquired.
PatientVolume scanOf(const std::function<double(const Vector3&)>& signal,
                     const std::array<double, 3>& voxel_mm) {
  PatientVolume scan;
  std::array<int, 3> size{};
  std::array<int, 3> samples{};
  for (int axis = 0; axis < 3; ++axis) {
    size[axis] = static_cast<int>(std::ceil(70 / voxel_mm[axis]));
    samples[axis] = std::max(1, static_cast<int>(std::ceil(voxel_mm[axis] / 0.5)));
    scan.origin_mm[axis] = -35 + voxel_mm[axis] / 2;
  }
  scan.image = geometry::Volume::zeros(size, voxel_mm);
  for (int z = 0; z < size[2]; ++z) {
    for (int y = 0; y < size[1]; ++y) {
      for (int x = 0; x < size[0]; ++x) {
        const Vector3 centre = scan.patientPosition(x, y, z);
        double sum = 0;
        for (int k = 0; k < samples[2]; ++k) {
          for (int j = 0; j < samples[1]; ++j) {
            for (int i = 0; i < samples[0]; ++i) {
              const std::array<int, 3> step{i, j, k};
              Vector3 p = centre;
              for (int axis = 0; axis < 3; ++axis) {
                p[axis] += ((step[axis] + 0.5) / samples[axis] - 0.5) * voxel_mm[axis];
              }
              sum += signal(p);
            }
          }
        }
        scan.image.at(x, y, z) = static_cast<float>(sum / (samples[0] * samples[1] * samples[2]));
      }
    }
  }
  return scan;
}

// 1 where `inside` holds at the voxel centre, on a grid of `voxel_mm` over the same field.
PatientVolume maskOf(const std::function<bool(const Vector3&)>& inside,
                     const std::array<double, 3>& voxel_mm) {
  PatientVolume mask = scanOf([](const Vector3&) { return 0.0; }, voxel_mm);
  for (int z = 0; z < mask.image.size[2]; ++z) {
    for (int y = 0; y < mask.image.size[1]; ++y) {
      for (int x = 0; x < mask.image.size[0]; ++x) {
        mask.image.at(x, y, z) = inside(mask.patientPosition(x, y, z)) ? 1.0f : 0.0f;
      }
    }
  }
  return mask;
}

PatientVolume everywhere(const std::array<double, 3>& voxel_mm) {
  return maskOf([](const Vector3&) { return true; }, voxel_mm);
}

double volumeMl(const PatientVolume& mask) {
  double count = 0;
  for (const float voxel : mask.image.voxels) count += voxel > 0.5f;
  return count * mask.image.voxelVolumeMl();
}

// The working grid's estimate of the tumours: a coarse grid, one voxel too wide all round, as
// the estimate there tends to be.
constexpr std::array<double, 3> kWorkingVoxelMm{1.8, 1.8, 3.3};
PatientVolume coarseEstimate(const std::vector<Ball>& tumours) {
  return maskOf(
      [&](const Vector3& p) {
        for (const Ball& ball : tumours) {
          if (ball.distance(p) <= ball.radius_mm + 1.8) return true;
        }
        return false;
      },
      kWorkingVoxelMm);
}

double redrawnVolumeMl(const std::vector<Ball>& tumours, const std::array<double, 3>& voxel_mm) {
  const auto scan = scanOf([&](const Vector3& p) { return signalAt(tumours, p); }, voxel_mm);
  return volumeMl(tumourOnScanGrid(scan, coarseEstimate(tumours), everywhere(kWorkingVoxelMm)));
}

TEST(TumourOnScanGridTest, MeasuresASolidTumourOnOneMillimetreVoxels) {
  const Ball tumour{{3, -2, 1}, 12, 0};
  EXPECT_NEAR(redrawnVolumeMl({tumour}, {1, 1, 1}), tumour.volumeMl(), 0.03 * tumour.volumeMl());
}

TEST(TumourOnScanGridTest, CountsTheCoreOfARimEnhancingTumour) {
  const Ball tumour{{0, 0, 0}, 14, 3};
  EXPECT_NEAR(redrawnVolumeMl({tumour}, {1, 1, 1}), tumour.volumeMl(), 0.03 * tumour.volumeMl());
}

TEST(TumourOnScanGridTest, MeasuresARimOnThickSlicesByPartialVolume) {
  // 5 mm slices: a slice that the tumour fills more than half of counts, as the truth's voxels.
  const Ball tumour{{1, 2, 1.3}, 13, 3};
  const std::array<double, 3> thick{0.5, 0.5, 5};
  EXPECT_NEAR(redrawnVolumeMl({tumour}, thick), tumour.volumeMl(), 0.06 * tumour.volumeMl());
}

TEST(TumourOnScanGridTest, MeasuresTwoFociEachAtItsOwnLevel) {
  const std::vector<Ball> foci{{{-15, 0, 0}, 8, 0}, {{14, 5, 2}, 10, 2.5}};
  const double truth = foci[0].volumeMl() + foci[1].volumeMl();
  EXPECT_NEAR(redrawnVolumeMl(foci, {1, 1, 1}), truth, 0.04 * truth);
}

TEST(TumourOnScanGridTest, FindsNothingWithoutACoarseTumour) {
  const Ball tumour{{0, 0, 0}, 10, 0};
  const auto scan = scanOf([&](const Vector3& p) { return signalAt({tumour}, p); }, {2, 2, 2});
  const auto none = maskOf([](const Vector3&) { return false; }, kWorkingVoxelMm);
  EXPECT_EQ(volumeMl(tumourOnScanGrid(scan, none, everywhere(kWorkingVoxelMm))), 0);
}

TEST(RigidPlacementTest, MovesVolumesBetweenTheScansBothWays) {
  RigidPlacement placement;
  const double a = 10 * std::numbers::pi / 180;
  placement.matrix = {std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a), 0, 0, 0, 1};
  placement.offset_mm = {4, -3, 2};
  PatientVolume volume = everywhere({2, 2, 2});
  const auto moved = placedInFollowup(volume, placement);
  const Vector3 corner = volume.patientPosition(3, 4, 5);
  const Vector3 expected = placement.followupPoint(corner);
  const Vector3 found = moved.patientPosition(3, 4, 5);
  const auto back = placedInBaseline(moved, placement);
  const Vector3 returned = back.patientPosition(3, 4, 5);
  for (int axis = 0; axis < 3; ++axis) {
    EXPECT_NEAR(found[axis], expected[axis], 1e-9);
    EXPECT_NEAR(returned[axis], corner[axis], 1e-9);
  }
}

// Regions of a tumour that grows eccentrically, the follow-up acquired after the head moved.
struct GrowthCase {
  Ball baseline{{0, 0, 0}, 10, 0};
  Ball followup{{3, 0, 0}, 13, 0};  // baseline coordinates
  RigidPlacement placement;         // baseline point -> follow-up point
  GrowthCase() { placement.offset_mm = {5, -3, 2}; }

  Ball followupInItsScan() const {
    return {placement.followupPoint(followup.centre_mm), followup.radius_mm, 0};
  }
  PatientVolume baselineTumour() const {
    return maskOf([&](const Vector3& p) { return baseline.contains(p); }, {1, 1, 1});
  }
  PatientVolume followupTumour() const {
    const Ball moved = followupInItsScan();
    return maskOf([&](const Vector3& p) { return moved.contains(p); }, {1, 1, 1});
  }
  // The working grid's read-out: growth where the follow-up's tumour is and the baseline's not.
  PatientVolume relatedChange(bool with_growth) const {
    return maskOf(
        [&](const Vector3& p) {
          return with_growth && followup.contains(p) && !baseline.contains(p);
        },
        kWorkingVoxelMm);
  }
  double growthMl() const {
    return volumeMl(
        maskOf([&](const Vector3& p) { return followup.contains(p) && !baseline.contains(p); },
               {0.5, 0.5, 0.5}));
  }
};

TEST(ChangeRegionsTest, DrawsGrowthAtTheScansScaleWhereTheReadOutFoundIt) {
  const GrowthCase c;
  const auto regions = changeRegionsOnScanGrids(c.baselineTumour(), c.followupTumour(),
                                                c.relatedChange(true), c.placement);
  EXPECT_NEAR(regions.growth_ml, c.growthMl(), 0.05 * c.growthMl());
  // The baseline tumour lies wholly inside the follow-up's.
  EXPECT_EQ(regions.reduction_ml, 0);
  // The same growth on the baseline's grid.
  double growth_in_baseline = 0;
  for (const float voxel : regions.in_baseline.image.voxels) growth_in_baseline += voxel > 0.5f;
  EXPECT_NEAR(growth_in_baseline * 1e-3, c.growthMl(), 0.05 * c.growthMl());
}

TEST(ChangeRegionsTest, DrawsNoGrowthWhereTheReadOutFoundNone) {
  const GrowthCase c;
  const auto regions = changeRegionsOnScanGrids(c.baselineTumour(), c.followupTumour(),
                                                c.relatedChange(false), c.placement);
  EXPECT_EQ(regions.growth_ml, 0);
  EXPECT_EQ(regions.reduction_ml, 0);
}

}  // namespace
}  // namespace everynet::engine
