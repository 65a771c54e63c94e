#include "engine/geometry/patient_volume.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "engine/geometry/slice_stack.h"

namespace everynet::geometry {
namespace {

void expectNear(const Vector3& actual, const Vector3& expected) {
  for (int axis = 0; axis < 3; ++axis) {
    EXPECT_NEAR(actual[axis], expected[axis], 1e-9) << "axis " << axis;
  }
}

TEST(VolumeTest, StoresVoxelsXFastest) {
  Volume volume = Volume::zeros({4, 3, 2}, {0.5, 2.0, 4.0});
  ASSERT_EQ(volume.voxels.size(), 24u);
  EXPECT_EQ(volume.index(1, 0, 0), 1u);
  EXPECT_EQ(volume.index(0, 1, 0), 4u);
  EXPECT_EQ(volume.index(0, 0, 1), 12u);
  volume.at(3, 2, 1) = 7;
  EXPECT_EQ(volume.voxels.back(), 7);
  EXPECT_DOUBLE_EQ(volume.voxelVolumeMl(), 0.004);
}

TEST(PatientPositionTest, ScalesByTheSpacingAndStartsAtTheOrigin) {
  const PatientVolume volume{Volume::zeros({10, 10, 10}, {0.5, 2.0, 3.0}), {-20, 10, 5}};
  expectNear(volume.patientPosition(0, 0, 0), {-20, 10, 5});
  expectNear(volume.patientPosition(4, 1, 2), {-20 + 2.0, 10 + 2.0, 5 + 6.0});
  expectNear(volume.patientPosition(0.5, 0, 0), {-19.75, 10, 5});  // fractional indices too
}

TEST(PatientPositionTest, FollowsTheDirectionsColumns) {
  // A sagittal stack: i runs anterior to posterior (+y), j head to feet (-z), k along -x.
  PatientVolume volume{Volume::zeros({8, 8, 4}, {1.0, 1.5, 2.0}), {30, -40, 60}};
  volume.direction = stackDirection(ImageOrientation{0, 1, 0, 0, 0, -1});
  expectNear(volume.patientPosition(1, 0, 0), {30, -39, 60});
  expectNear(volume.patientPosition(0, 1, 0), {30, -40, 58.5});
  expectNear(volume.patientPosition(0, 0, 1), {28, -40, 60});
  expectNear(volume.patientPosition(2, 2, 3), {30 - 6, -40 + 2, 60 - 3});
}

TEST(PatientPositionTest, KeepsDistancesOnAnObliqueGrid) {
  const double a = 25 * std::numbers::pi / 180;
  PatientVolume volume{Volume::zeros({8, 8, 8}, {1.0, 1.0, 2.5}), {1, 2, 3}};
  volume.direction = stackDirection(ImageOrientation{std::cos(a), std::sin(a), 0, 0, 0, -1});
  const Vector3 p = volume.patientPosition(0, 0, 0), q = volume.patientPosition(3, 4, 0),
                r = volume.patientPosition(0, 0, 2);
  EXPECT_NEAR(std::hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2]), 5.0, 1e-9);
  EXPECT_NEAR(std::hypot(r[0] - p[0], r[1] - p[1], r[2] - p[2]), 5.0, 1e-9);
}

TEST(PatientVolumeTest, EmptyLikeKeepsThePlacementAndClearsTheVoxels) {
  PatientVolume volume{Volume::zeros({3, 2, 2}, {1, 2, 3}), {4, 5, 6}};
  volume.direction = stackDirection(ImageOrientation{0, 1, 0, 0, 0, -1});
  volume.image.at(1, 1, 1) = 9;
  const PatientVolume empty = volume.emptyLike();
  EXPECT_EQ(empty.image.size, volume.image.size);
  EXPECT_EQ(empty.image.spacing_mm, volume.image.spacing_mm);
  EXPECT_EQ(empty.origin_mm, volume.origin_mm);
  EXPECT_EQ(empty.direction, volume.direction);
  EXPECT_EQ(empty.image.voxels, std::vector<float>(12, 0.0f));
}

}  // namespace
}  // namespace everynet::geometry
