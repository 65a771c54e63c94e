#include "tests/bench/evaluation/volume_error.h"

#include <gtest/gtest.h>

namespace everynet::bench {
namespace {

TEST(VolumeErrorTest, SignedInMlAndPercentOfTheTruth) {
  const auto high = volumeError(17.8, 14.8);
  EXPECT_NEAR(high.ml, 3.0, 1e-12);
  ASSERT_TRUE(high.percent);
  EXPECT_NEAR(*high.percent, 3.0 / 14.8 * 100, 1e-9);
  const auto low = volumeError(0.0, 8.4);
  EXPECT_DOUBLE_EQ(low.ml, -8.4);
  EXPECT_DOUBLE_EQ(*low.percent, -100.0);
}

TEST(VolumeErrorTest, NoPercentOfAnEmptyTruth) {
  const auto e = volumeError(1.5, 0.0);
  EXPECT_DOUBLE_EQ(e.ml, 1.5);
  EXPECT_FALSE(e.percent);
}

}  // namespace
}  // namespace everynet::bench
