#include "engine/readout/training_focus.h"

#include <gtest/gtest.h>

namespace everynet::engine {
namespace {

TEST(TrainingFocusTest, TheTumourSlicesWidenedByTheMarginInWholeSlices) {
  geometry::Volume mask = geometry::Volume::zeros({4, 4, 12}, {1.0, 1.0, 2.5});
  mask.at(1, 2, 5) = 1;
  mask.at(3, 0, 6) = 1;
  // 5 mm of 2.5 mm slices: two more on each side.
  EXPECT_EQ(slicesThrough(mask, 5.0), (std::vector<std::int64_t>{3, 4, 5, 6, 7, 8}));
  // 4 mm: a slice and a half, rounded up to two.
  EXPECT_EQ(slicesThrough(mask, 4.0), (std::vector<std::int64_t>{3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(slicesThrough(mask, 0.0), (std::vector<std::int64_t>{5, 6}));
}

TEST(TrainingFocusTest, TheMarginStopsAtTheGridsEnds) {
  geometry::Volume mask = geometry::Volume::zeros({2, 2, 5}, {1.0, 1.0, 2.0});
  mask.at(0, 0, 0) = 1;
  mask.at(1, 1, 4) = 1;
  EXPECT_EQ(slicesThrough(mask, 10.0), (std::vector<std::int64_t>{0, 1, 2, 3, 4}));
}

TEST(TrainingFocusTest, NoTumourNoSlices) {
  EXPECT_TRUE(slicesThrough(geometry::Volume::zeros({4, 4, 6}), 10.0).empty());
}

}  // namespace
}  // namespace everynet::engine
