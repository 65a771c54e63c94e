#include "engine/imaging/enhancing_tumour.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace everynet::engine {
namespace {

using Vec3 = std::array<double, 3>;

constexpr double kTumourRadiusMm = 12;
constexpr double kRimMm = 3;
const Vec3 kTumourCentreMm{20, -15, 6};

double distance(const Vec3& a, const Vec3& b) {
  return std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

// A vessel: a tube 3 voxels across (5.4 mm at 1.8 mm voxels) running posterior over 60 mm, on the
// other side of the brain from the tumour.
bool insideVessel(const Vec3& p) {
  return p[1] > -30 && p[1] < 30 && std::hypot(p[0] + 25, p[2] - 10) < 2.7;
}

// A venous sinus: a bright ball of 10 mm radius centred on the brain's posterior surface, so the
// brain mask holds half of it (2.1 mL), two thirds of that in the outer 5 mm.
const Vec3 kSinusCentreMm{0, 52, 0};
bool insideSinus(const Vec3& p) {
  return distance(p, kSinusCentreMm) < 10;
}

// A prepared T1ce scan (working grid, intensities in [0, 1]): an ellipsoid brain of grey and
// white matter with noise, a rim-enhancing tumour (bright rim, dark necrotic core), a vessel and a
// sinus.
PreparedScan preparedScan(bool with_tumour) {
  const geometry::PatientVolume image{
      .image = geometry::Volume::zeros({64, 64, 32}, {1.8, 1.8, 3.0}),
      .origin_mm = {-0.5 * 63 * 1.8, -0.5 * 63 * 1.8, -0.5 * 31 * 3.0}};
  PreparedScan scan{image, image.emptyLike()};
  std::mt19937 random(7);
  std::normal_distribution<float> noise(0, 0.02f);
  const auto& size = image.image.size;
  for (int k = 0; k < size[2]; ++k) {
    for (int j = 0; j < size[1]; ++j) {
      for (int i = 0; i < size[0]; ++i) {
        const Vec3 p = image.patientPosition(i, j, k);
        const double brain_radius = std::hypot(p[0] / 48, p[1] / 52, p[2] / 40);
        if (brain_radius >= 1) continue;
        // As preparePair scales: white matter 0.5, grey matter 0.36, enhancement 1.7 to 1.8 times
        // white matter, a necrotic core darker than grey matter.
        float signal = brain_radius > 0.93 ? 0.36f : 0.5f;
        const double r = distance(p, kTumourCentreMm);
        if (with_tumour && r < kTumourRadiusMm)
          signal = r < kTumourRadiusMm - kRimMm ? 0.15f : 0.85f;
        if (insideVessel(p) || insideSinus(p)) signal = 0.9f;
        scan.image.image.at(i, j, k) = std::clamp(signal + noise(random), 0.0f, 1.0f);
        scan.brain_mask.image.at(i, j, k) = 1;
      }
    }
  }
  return scan;
}

TEST(EnhancingTumourTest, FindsARimEnhancingTumourWithItsCoreAndLeavesOutVesselAndSinus) {
  const auto scan = preparedScan(true);
  const auto tumour = estimateEnhancingTumour(scan);
  ASSERT_EQ(tumour.image.size, scan.image.image.size);
  EXPECT_EQ(tumour.origin_mm, scan.image.origin_mm);

  std::size_t voxels = 0, in_vessel = 0, in_sinus = 0, far_from_tumour = 0;
  bool core_included = false;
  const auto& size = tumour.image.size;
  for (int k = 0; k < size[2]; ++k) {
    for (int j = 0; j < size[1]; ++j) {
      for (int i = 0; i < size[0]; ++i) {
        if (tumour.image.at(i, j, k) != 1.0f) continue;
        const Vec3 p = tumour.patientPosition(i, j, k);
        ++voxels;
        in_vessel += insideVessel(p);
        in_sinus += insideSinus(p);
        far_from_tumour += distance(p, kTumourCentreMm) > kTumourRadiusMm + 3;
        core_included = core_included || distance(p, kTumourCentreMm) < 3;
      }
    }
  }
  const double expected_ml = 4.0 / 3.0 * std::numbers::pi * std::pow(kTumourRadiusMm, 3) / 1000;
  EXPECT_NEAR(voxels * tumour.image.voxelVolumeMl(), expected_ml, 0.15 * expected_ml);
  EXPECT_TRUE(core_included);
  EXPECT_EQ(in_vessel, 0u);
  EXPECT_EQ(in_sinus, 0u);
  EXPECT_EQ(far_from_tumour, 0u);
}

TEST(EnhancingTumourTest, FindsNothingInABrainWithOnlyVesselAndSinus) {
  const auto tumour = estimateEnhancingTumour(preparedScan(false));
  for (const float v : tumour.image.voxels) ASSERT_EQ(v, 0.0f);
}

TEST(EnhancingTumourTest, KeepsTheComponentsThatLieMostlyInTheOtherScansBrain) {
  // Two balls of 6 mm radius on a 2 mm grid; the other scan's brain covers all of the first and a
  // third of the second.
  geometry::PatientVolume tumour{.image = geometry::Volume::zeros({40, 20, 20}, {2, 2, 2})};
  geometry::PatientVolume brain{.image = geometry::Volume::zeros({40, 20, 20}, {2, 2, 2})};
  const Vec3 first{20, 20, 20}, second{60, 20, 20};
  for (int z = 0; z < 20; ++z) {
    for (int y = 0; y < 20; ++y) {
      for (int x = 0; x < 40; ++x) {
        const Vec3 p{2.0 * x, 2.0 * y, 2.0 * z};
        const bool in_first = distance(p, first) < 6, in_second = distance(p, second) < 6;
        tumour.image.at(x, y, z) = in_first || in_second ? 1.0f : 0.0f;
        brain.image.at(x, y, z) = p[0] < second[0] - 2 ? 1.0f : 0.0f;
      }
    }
  }
  const auto kept = componentsInsideBrain(tumour, brain);
  EXPECT_EQ(kept.image.at(10, 10, 10), 1.0f) << "the first ball stays";
  EXPECT_EQ(kept.image.at(30, 10, 10), 0.0f) << "the second ball, mostly outside, goes";
}

}  // namespace
}  // namespace everynet::engine
