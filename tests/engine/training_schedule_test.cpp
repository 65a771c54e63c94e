#include "engine/core/training_schedule.h"

#include <gtest/gtest.h>

namespace everynet::engine {
namespace {

TEST(TrainingScheduleTest, ThePaperScheduleHas8230CriticUpdates) {
  const auto paper = *profileByName("paper");
  EXPECT_EQ(paper.generator_iterations, 1000);
  EXPECT_EQ(totalCriticUpdates(paper), 8230);
  EXPECT_EQ(criticUpdatesBefore(0, paper), 100);
  EXPECT_EQ(criticUpdatesBefore(24, paper), 100);
  EXPECT_EQ(criticUpdatesBefore(25, paper), 5);
  EXPECT_EQ(criticUpdatesBefore(100, paper), 100);
  EXPECT_EQ(criticUpdatesBefore(101, paper), 5);
  EXPECT_EQ(criticUpdatesBefore(999, paper), 5);
}

TEST(TrainingScheduleTest, EveryProfileExistsAndUnknownNamesDoNot) {
  for (const char* name : {"paper", "cpu", "test"}) {
    const auto profile = profileByName(name);
    ASSERT_TRUE(profile) << name;
    EXPECT_GT(totalCriticUpdates(*profile), profile->generator_iterations);
  }
  EXPECT_FALSE(profileByName("fast"));
}

TEST(TrainingScheduleTest, NoiseSquareMovesAt40And60PercentAndGoesAt80) {
  const auto phases = noiseSquarePhases(1000);
  ASSERT_EQ(phases.size(), 4u);
  EXPECT_EQ(phaseAt(phases, 0).position_fraction, 0.50);
  EXPECT_EQ(phaseAt(phases, 399).position_fraction, 0.50);
  EXPECT_EQ(phaseAt(phases, 400).position_fraction, 0.35);
  EXPECT_EQ(phaseAt(phases, 599).position_fraction, 0.35);
  EXPECT_EQ(phaseAt(phases, 600).position_fraction, 0.65);
  EXPECT_EQ(phaseAt(phases, 799).position_fraction, 0.65);
  EXPECT_FALSE(phaseAt(phases, 800).position_fraction);
  EXPECT_FALSE(phaseAt(phases, 999).position_fraction);
  // Snapshots are taken where phases end: at each move and at the end.
  EXPECT_EQ(phases[0].end_iteration, 400);
  EXPECT_EQ(phases[1].end_iteration, 600);
  EXPECT_EQ(phases[2].end_iteration, 800);
  EXPECT_EQ(phases[3].end_iteration, 1000);
}

TEST(TrainingScheduleTest, SquareBoundsSitAtTheFractionAndStayInside) {
  const auto centre = squareBounds(0.5, 256, 10);
  EXPECT_EQ(centre.begin, 123);
  EXPECT_EQ(centre.end, 133);
  const auto low = squareBounds(0.35, 256, 10);
  EXPECT_EQ(low.begin, 85);
  const auto clipped = squareBounds(0.99, 16, 10);
  EXPECT_EQ(clipped.end, 16);
  EXPECT_EQ(clipped.end - clipped.begin, 10);
}

}  // namespace
}  // namespace everynet::engine
