#include "tests/bench/evaluation/region_overlap.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace everynet::bench {
namespace {

// A row of voxels of 2 mm (0.008 mL each).
geometry::Volume row(std::vector<float> values) {
  geometry::Volume v = geometry::Volume::zeros({static_cast<int>(values.size()), 1, 1}, {2, 2, 2});
  v.voxels = std::move(values);
  return v;
}

TEST(RegionOverlapTest, GrowthCountedAgainstItsTruth) {
  const auto o = regionOverlap(row({1, 1, 0, -1, 1}), +1, row({1, 0, 1, 0, 0}));
  EXPECT_EQ(o.found_voxels, 3u);
  EXPECT_EQ(o.truth_voxels, 2u);
  EXPECT_EQ(o.common_voxels, 1u);
  EXPECT_DOUBLE_EQ(*dice(o), 2.0 / 5);
  EXPECT_DOUBLE_EQ(*precision(o), 1.0 / 3);
  EXPECT_DOUBLE_EQ(*recall(o), 1.0 / 2);
  EXPECT_NEAR(falseMl(o), 2 * 0.008, 1e-12);
}

TEST(RegionOverlapTest, ReductionIsTheNegativeLabel) {
  const auto o = regionOverlap(row({1, 1, 0, -1, 1}), -1, row({0, 0, 0, 1, 1}));
  EXPECT_EQ(o.found_voxels, 1u);
  EXPECT_DOUBLE_EQ(*dice(o), 2.0 / 3);
  EXPECT_DOUBLE_EQ(*precision(o), 1.0);
  EXPECT_DOUBLE_EQ(*recall(o), 0.5);
  EXPECT_DOUBLE_EQ(falseMl(o), 0.0);
}

TEST(RegionOverlapTest, LabelsAreRoundedNotThresholdedAtZero) {
  // A resampled map may carry values near its labels; 0.4 and -0.4 are no change.
  const auto o = regionOverlap(row({0.4f, -0.4f, 0.9f, -0.9f}), +1, row({1, 1, 1, 1}));
  EXPECT_EQ(o.found_voxels, 1u);
  EXPECT_EQ(regionOverlap(row({0.4f, -0.4f, 0.9f, -0.9f}), -1, row({1, 1, 1, 1})).found_voxels, 1u);
}

TEST(RegionOverlapTest, PerfectAndDisjointFindings) {
  const auto perfect = regionOverlap(row({0, 1, 1, 0}), +1, row({0, 1, 1, 0}));
  EXPECT_DOUBLE_EQ(*dice(perfect), 1.0);
  EXPECT_DOUBLE_EQ(*precision(perfect), 1.0);
  EXPECT_DOUBLE_EQ(*recall(perfect), 1.0);
  const auto disjoint = regionOverlap(row({1, 1, 0, 0}), +1, row({0, 0, 1, 1}));
  EXPECT_DOUBLE_EQ(*dice(disjoint), 0.0);
  EXPECT_DOUBLE_EQ(*precision(disjoint), 0.0);
  EXPECT_DOUBLE_EQ(*recall(disjoint), 0.0);
}

TEST(RegionOverlapTest, EmptyTruthAndEmptyFindingIsUndefinedNotPerfect) {
  const auto o = regionOverlap(row({0, -1, 0}), +1, row({0, 0, 0}));
  EXPECT_FALSE(dice(o));
  EXPECT_FALSE(precision(o));
  EXPECT_FALSE(recall(o));
  EXPECT_DOUBLE_EQ(falseMl(o), 0.0);
}

TEST(RegionOverlapTest, FindingOnEmptyTruthIsFalseVolumeNotADice) {
  const auto o = regionOverlap(row({1, 1, 0}), +1, row({0, 0, 0}));
  EXPECT_FALSE(dice(o));
  EXPECT_FALSE(precision(o));
  EXPECT_FALSE(recall(o));
  EXPECT_NEAR(falseMl(o), 2 * 0.008, 1e-12);
}

TEST(RegionOverlapTest, MissedTruthScoresZeroWithoutPrecision) {
  const auto o = regionOverlap(row({0, 0, -1}), +1, row({1, 1, 0}));
  EXPECT_DOUBLE_EQ(*dice(o), 0.0);
  EXPECT_DOUBLE_EQ(*recall(o), 0.0);
  EXPECT_FALSE(precision(o));
}

TEST(RegionOverlapTest, GridsOfDifferentSizesAreRefused) {
  EXPECT_THROW(regionOverlap(row({1, 0}), +1, row({1, 0, 0})), std::invalid_argument);
}

}  // namespace
}  // namespace everynet::bench
