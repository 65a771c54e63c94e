#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <iostream>

#include "engine/change_model_trainer.h"
#include "engine/training_schedule.h"

namespace everynet::engine {
namespace {

// A 32x32x8 "head" with a bright disc of the given radius centred at (20, 16).
Volume head(double radius) {
  Volume v = Volume::zeros({32, 32, 8});
  for (int z = 0; z < 8; ++z)
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 32; ++x) {
        const double ex = (x - 16) / 13.0, ey = (y - 16) / 14.0;
        float value = ex * ex + ey * ey < 1.0 ? 0.35f : 0.0f;
        if (std::hypot(x - 20.0, y - 16.0) < radius) value = 0.95f;
        v.at(x, y, z) = value;
      }
  return v;
}

TrainingOptions testOptions() {
  TrainingOptions options;
  options.profile = *profileByName("test");
  options.seed = 7;
  options.device = "cpu";
  options.threads = 1;
  return options;
}

TEST(TrainingTest, TheSameSeedGivesTheSameMapOnTheCpu) {
  const TrainingPair pair{head(3), head(5)};
  auto options = testOptions();
  options.profile.generator_iterations = 6;
  const auto first = trainChangeModel(pair, options);
  const auto second = trainChangeModel(pair, options);
  ASSERT_TRUE(first.finished);
  EXPECT_EQ(first.device, "cpu");
  EXPECT_EQ(first.change_map.voxels, second.change_map.voxels);
  options.seed = 8;
  EXPECT_NE(trainChangeModel(pair, options).change_map.voxels, first.change_map.voxels);
}

TEST(TrainingTest, ReportsProgressAndResumesFromACheckpoint) {
  const TrainingPair pair{head(3), head(5)};
  const auto dir = std::filesystem::temp_directory_path() /
                   ("everynet-checkpoint-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto options = testOptions();
  options.checkpoint_dir = dir;
  int calls = 0;
  options.progress = [&](const TrainingProgress& p) {
    ++calls;
    EXPECT_EQ(p.total, 20);
    EXPECT_GE(p.eta_seconds, 0.0);
    return p.iteration < 9;  // stop after iteration 9, as a shutdown would
  };
  const auto stopped = trainChangeModel(pair, options);
  EXPECT_FALSE(stopped.finished);
  EXPECT_EQ(stopped.iterations_run, 9);
  EXPECT_TRUE(std::filesystem::exists(dir / "state.txt"));

  options.progress = [&](const TrainingProgress&) { return true; };
  const auto resumed = trainChangeModel(pair, options);
  EXPECT_TRUE(resumed.finished);
  EXPECT_EQ(resumed.iterations_run, 11) << "resumed at iteration 9 of 20";

  std::filesystem::remove_all(dir);
  options.checkpoint_dir.clear();
  const auto uninterrupted = trainChangeModel(pair, options);
  EXPECT_EQ(uninterrupted.change_map.voxels, resumed.change_map.voxels)
      << "a resumed training ends where an uninterrupted one does";
}

TEST(TrainingTest, RefusesVolumesOffTheProfileGrid) {
  const TrainingPair wrong{Volume::zeros({16, 16, 8}), Volume::zeros({16, 16, 8})};
  EXPECT_THROW(trainChangeModel(wrong, testOptions()), std::invalid_argument);
}

TEST(TrainingTest, TheMapIsPositiveWhereTheTumourGrew) {
  // Baseline disc radius 3, follow-up radius 6: the ring 3.5..5.5 around (20, 16) grew.
  const TrainingPair pair{head(3), head(6)};
  auto options = testOptions();
  options.profile.generator_iterations = 150;
  options.profile.checkpoint_every = 0;
  const auto outcome = trainChangeModel(pair, options);
  ASSERT_TRUE(outcome.finished);
  double ring = 0, elsewhere = 0;
  int ring_n = 0, elsewhere_n = 0;
  for (int z = 0; z < 8; ++z)
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 32; ++x) {
        const double r = std::hypot(x - 20.0, y - 16.0);
        const float m = outcome.change_map.at(x, y, z);
        if (r > 3.5 && r < 5.5)
          ring += m, ++ring_n;
        else if (r > 8 && std::hypot((x - 16) / 13.0, (y - 16) / 14.0) < 0.9)
          elsewhere += m, ++elsewhere_n;
      }
  std::cout << "mean map: growth ring " << ring / ring_n << ", rest of the brain "
            << elsewhere / elsewhere_n << "\n";
  EXPECT_GT(ring / ring_n, elsewhere / elsewhere_n + 0.1)
      << "mean map on the growth ring " << ring / ring_n << ", in the rest of the brain "
      << elsewhere / elsewhere_n;
}

}  // namespace
}  // namespace everynet::engine
