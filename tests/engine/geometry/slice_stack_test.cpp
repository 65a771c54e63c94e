#include "engine/geometry/slice_stack.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

namespace everynet::geometry {
namespace {

void expectNear(const Vector3& actual, const Vector3& expected) {
  for (int axis = 0; axis < 3; ++axis) {
    EXPECT_NEAR(actual[axis], expected[axis], 1e-12) << "axis " << axis;
  }
}

// An oblique orientation: the axial one turned 30 degrees about x, then 20 degrees about z.
ImageOrientation obliqueOrientation() {
  const double a = 30 * std::numbers::pi / 180, b = 20 * std::numbers::pi / 180;
  const Vector3 row{std::cos(b), std::sin(b), 0};
  const Vector3 column{-std::sin(b) * std::cos(a), std::cos(b) * std::cos(a), std::sin(a)};
  return {row[0], row[1], row[2], column[0], column[1], column[2]};
}

TEST(SliceNormalTest, IsRowCrossColumnForTheStandardPlanes) {
  expectNear(sliceNormal(ImageOrientation{1, 0, 0, 0, 1, 0}), {0, 0, 1});    // axial
  expectNear(sliceNormal(ImageOrientation{0, 1, 0, 0, 0, -1}), {-1, 0, 0});  // sagittal
  expectNear(sliceNormal(ImageOrientation{1, 0, 0, 0, 0, -1}), {0, 1, 0});   // coronal
}

TEST(SliceNormalTest, IsAUnitVectorPerpendicularToTheSlicePlane) {
  const ImageOrientation o = obliqueOrientation();
  const Vector3 normal = sliceNormal(o);
  EXPECT_NEAR(dot(normal, normal), 1.0, 1e-12);
  EXPECT_NEAR(dot(normal, {o[0], o[1], o[2]}), 0.0, 1e-12);
  EXPECT_NEAR(dot(normal, {o[3], o[4], o[5]}), 0.0, 1e-12);
  // Direction cosines written with few digits are not quite unit vectors; the normal still is.
  expectNear(sliceNormal(ImageOrientation{2, 0, 0, 0, 0.5, 0}), {0, 0, 1});
}

TEST(SliceNormalTest, RefusesADegenerateOrientation) {
  EXPECT_THROW(sliceNormal(ImageOrientation{1, 0, 0, 1, 0, 0}), std::runtime_error);
  EXPECT_THROW(sliceNormal(ImageOrientation{0, 0, 0, 0, 0, 0}), std::runtime_error);
  EXPECT_THROW(stackDirection(ImageOrientation{0, 1, 0, 0, -1, 0}), std::runtime_error);
}

TEST(StackDirectionTest, HasTheRowsColumnsAndNormalAsItsAxes) {
  const ImageOrientation o = obliqueOrientation();
  const std::array<double, 9> d = stackDirection(o);
  const Vector3 normal = sliceNormal(o);
  for (int axis = 0; axis < 3; ++axis) {
    EXPECT_EQ(d[3 * axis], o[axis]);
    EXPECT_EQ(d[3 * axis + 1], o[3 + axis]);
    EXPECT_EQ(d[3 * axis + 2], normal[axis]);
  }
  EXPECT_EQ(imageOrientation(d), o);
}

struct Slice {
  int id = 0;
  Vector3 position;
};

// Slices k = 0..count-1 (their ids) of an oblique stack, 2.5 mm apart, each shifted within its
// plane (the shift must not change the order).
std::vector<Slice> obliqueStack(int count) {
  const ImageOrientation o = obliqueOrientation();
  const Vector3 normal = sliceNormal(o);
  std::vector<Slice> slices;
  for (int k = 0; k < count; ++k) {
    const double along = -10 + 2.5 * k, shift = (k % 3) * 7.0;
    Vector3 position{};
    for (int axis = 0; axis < 3; ++axis) {
      position[axis] = along * normal[axis] + shift * o[axis] - shift * o[3 + axis];
    }
    slices.push_back({k, position});
  }
  return slices;
}

std::vector<int> idsOf(const std::vector<Slice>& slices) {
  std::vector<int> ids;
  for (const Slice& slice : slices) ids.push_back(slice.id);
  return ids;
}

const Vector3& positionOf(const Slice& slice) {
  return slice.position;
}

TEST(SortAlongNormalTest, RestoresTheStackFromShuffledSlices) {
  const std::vector<Slice> stack = obliqueStack(12);
  std::vector<Slice> shuffled = stack;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
  ASSERT_NE(idsOf(shuffled), idsOf(stack));
  sortAlongNormal(shuffled, sliceNormal(obliqueOrientation()), positionOf);
  EXPECT_EQ(idsOf(shuffled), idsOf(stack));
}

TEST(SortAlongNormalTest, RestoresTheStackFromReversedSlices) {
  const std::vector<Slice> stack = obliqueStack(20);
  std::vector<Slice> reversed(stack.rbegin(), stack.rend());
  sortAlongNormal(reversed, sliceNormal(obliqueOrientation()), positionOf);
  EXPECT_EQ(idsOf(reversed), idsOf(stack));
}

TEST(SortAlongNormalTest, OrdersAgainstTheNormalWhenItPointsTheOtherWay) {
  std::vector<Slice> slices = obliqueStack(5);
  Vector3 flipped = sliceNormal(obliqueOrientation());
  for (double& value : flipped) value = -value;
  sortAlongNormal(slices, flipped, positionOf);
  EXPECT_EQ(idsOf(slices), (std::vector<int>{4, 3, 2, 1, 0}));
}

TEST(SortAlongNormalTest, KeepsSlicesAtOnePositionInTheirOrder) {
  // Slices 1 and 3 share a position (3 shifted within the plane).
  std::vector<Slice> slices{{0, {0, 0, 5}}, {1, {0, 0, 2}}, {2, {0, 0, 1}}, {3, {3, 4, 2}}};
  sortAlongNormal(slices, {0, 0, 1}, positionOf);
  EXPECT_EQ(idsOf(slices), (std::vector<int>{2, 1, 3, 0}));
}

TEST(GapsAlongNormalTest, AreTheSliceSpacingOfASortedStack) {
  std::vector<Slice> slices = obliqueStack(6);
  std::reverse(slices.begin(), slices.end());
  const Vector3 normal = sliceNormal(obliqueOrientation());
  sortAlongNormal(slices, normal, positionOf);
  const std::vector<double> gaps = gapsAlongNormal(slices, normal, positionOf);
  ASSERT_EQ(gaps.size(), 5u);
  for (const double gap : gaps) EXPECT_NEAR(gap, 2.5, 1e-9);
  EXPECT_TRUE(gapsAlongNormal(obliqueStack(1), normal, positionOf).empty());
}

}  // namespace
}  // namespace everynet::geometry
