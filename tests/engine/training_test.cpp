#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <numbers>
#include <string>
#include <thread>

#include "engine/core/change_model_trainer.h"
#include "engine/core/compute_devices.h"
#include "engine/core/internal/plane_augmentation.h"
#include "engine/core/training_schedule.h"

namespace everynet::engine {
namespace {

// A 32x32x8 "head" with a bright disc of the given radius centred at (20, 16).
geometry::Volume head(double radius) {
  // 4 mm slices: a cube of 32 mm, as a working grid holds about as much in z as in-plane (so
  // that the augmentation's tilted planes stay mostly inside).
  geometry::Volume v = geometry::Volume::zeros({32, 32, 8}, {1.0, 1.0, 4.0});
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

// A volume whose value is a linear function of the position in mm, as a 1 x 1 x Z x Y x X tensor
// (trilinear sampling reproduces a linear function exactly inside the volume).
struct LinearVolume {
  geometry::Volume geometry;
  torch::Tensor tensor;
};
LinearVolume linearVolume(std::array<int, 3> size, std::array<double, 3> spacing,
                          std::array<double, 3> mm_weight) {
  geometry::Volume v = geometry::Volume::zeros(size, spacing);
  for (int z = 0; z < size[2]; ++z)
    for (int y = 0; y < size[1]; ++y)
      for (int x = 0; x < size[0]; ++x)
        v.at(x, y, z) =
            static_cast<float>(mm_weight[0] * x * spacing[0] + mm_weight[1] * y * spacing[1] +
                               mm_weight[2] * z * spacing[2]);
  auto tensor = torch::from_blob(v.voxels.data(), {1, 1, size[2], size[1], size[0]}).clone();
  return {std::move(v), tensor};
}

TEST(PlaneAugmentationTest, WithoutRotationOrShiftThePlaneIsTheSlice) {
  torch::manual_seed(3);
  const geometry::Volume geometry = geometry::Volume::zeros({12, 10, 6}, {1.0, 1.0, 2.5});
  const auto volume = torch::rand({1, 1, 6, 10, 12});
  const auto planes = internal::samplePlanes(volume, geometry, {{2, {}, {}}, {5, {}, {}}});
  ASSERT_EQ(planes.sizes(), (std::vector<int64_t>{2, 1, 10, 12}));
  EXPECT_TRUE(torch::allclose(planes[0][0], volume[0][0][2], 1e-5, 1e-5));
  EXPECT_TRUE(torch::allclose(planes[1][0], volume[0][0][5], 1e-5, 1e-5));
}

TEST(PlaneAugmentationTest, ShiftsMoveThePlaneByWholeVoxels) {
  const auto [geometry, volume] = linearVolume({12, 10, 6}, {1.0, 1.0, 2.5}, {1, 10, 100});
  // Slice 2 shifted one slice up and two voxels in x: the value at output (x, y) is that of
  // voxel (x + 2, y, 3), where x + 2 lies inside.
  const auto plane = internal::samplePlanes(volume, geometry, {{2, {}, {2, 0, 1}}})[0][0];
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 10; ++x)
      EXPECT_NEAR(plane[y][x].item<float>(), volume[0][0][3][y][x + 2].item<float>(), 1e-2);
  EXPECT_EQ(plane[0][11].item<float>(), 0.0f) << "zero outside the volume";
}

TEST(PlaneAugmentationTest, RotationsActInMillimetresOnAnAnisotropicGrid) {
  // Value = z in mm. Tilted by 30 degrees about x through the centre of slice 3 (z = 7.5 mm,
  // 2.5 mm slices), a row dy mm from the centre row lies dy * sin(30) = dy / 2 mm higher.
  const auto [geometry, volume] = linearVolume({16, 16, 8}, {1.0, 1.0, 2.5}, {0, 0, 1});
  const double angle = std::numbers::pi / 6;
  const auto plane = internal::samplePlanes(volume, geometry, {{3, {angle, 0, 0}, {}}})[0][0];
  for (int y = 2; y < 14; ++y) {
    const double dy_mm = y + 0.5 - 8.0;  // row centre to grid centre, 1 mm rows
    EXPECT_NEAR(plane[y][8].item<float>(), 7.5 + dy_mm / 2, 1e-2) << "row " << y;
  }
}

TEST(PlaneAugmentationTest, RandomPlacementsStayWithinTheProfileAndFollowTheSeed) {
  auto profile = *profileByName("cpu");
  const geometry::Volume geometry = geometry::Volume::zeros({128, 128, 64});
  torch::manual_seed(5);
  const auto first = internal::randomPlacements({0, 10, 20, 30, 40, 50, 60, 63}, geometry, profile);
  torch::manual_seed(5);
  const auto again = internal::randomPlacements({0, 10, 20, 30, 40, 50, 60, 63}, geometry, profile);
  const double max_angle = 15 * std::numbers::pi / 180;
  bool tilted_out_of_plane = false;
  for (std::size_t n = 0; n < first.size(); ++n) {
    EXPECT_EQ(first[n].rotation_radians, again[n].rotation_radians);
    EXPECT_EQ(first[n].shift_voxels, again[n].shift_voxels);
    for (int i = 0; i < 3; ++i) EXPECT_LE(std::abs(first[n].rotation_radians[i]), max_angle);
    // 10 voxels of 256 (x, y) and of 128 (z) at 128x128x64: 5 voxels in each dimension.
    for (int i = 0; i < 3; ++i) EXPECT_LE(std::abs(first[n].shift_voxels[i]), 5.0);
    tilted_out_of_plane |= std::abs(first[n].rotation_radians[0]) > 0.01;
  }
  EXPECT_TRUE(tilted_out_of_plane);
}

TEST(PlaneAugmentationTest, NoiseHasAStandardDeviationDrawnUpToTheMaximum) {
  // The paper's "variance 0..0.1" is, in the batchgenerators code it used, the standard deviation.
  torch::manual_seed(3);
  const auto noisy = internal::randomNoise(torch::zeros({400, 1, 64, 64}), 0.1);
  const auto sigma = noisy.view({400, -1}).std(1);
  EXPECT_LE(sigma.max().item<double>(), 0.1 * 1.05);
  EXPECT_GE(sigma.max().item<double>(), 0.09);
  EXPECT_LE(sigma.min().item<double>(), 0.01);
  EXPECT_NEAR(sigma.mean().item<double>(), 0.05, 0.005) << "uniform in [0, 0.1]";
}

TEST(PlaneAugmentationTest, TheTumourFractionOfSlicesIsDrawnThroughTheTumour) {
  torch::manual_seed(4);
  const std::vector<std::int64_t> tumour{30, 31, 32};
  const auto inside = [&](std::int64_t z) { return z >= 30 && z <= 32; };
  const auto all = internal::randomSlices(400, 64, tumour, 1.0);
  EXPECT_TRUE(std::all_of(all.begin(), all.end(), inside));
  const auto half = internal::randomSlices(4000, 64, tumour, 0.5);
  const auto through = std::count_if(half.begin(), half.end(), inside);
  // Half drawn through the tumour, and 3 in 64 of the other half land there by chance.
  EXPECT_NEAR(static_cast<double>(through) / 4000, 0.5 + 0.5 * 3 / 64.0, 0.03);
  const auto none = internal::randomSlices(4000, 64, {}, 0.5);
  EXPECT_NEAR(static_cast<double>(std::count_if(none.begin(), none.end(), inside)) / 4000, 3 / 64.0,
              0.015)
      << "without tumour slices, uniform";
  EXPECT_TRUE(
      std::all_of(none.begin(), none.end(), [](std::int64_t z) { return z >= 0 && z < 64; }));
}

TEST(PlaneAugmentationTest, BothScansOfAPairAreDrawnAtTheSamePlacementsWithTheSameNoise) {
  auto profile = *profileByName("cpu");
  const auto [geometry, ramp] = linearVolume({32, 32, 16}, {1.0, 1.0, 2.0}, {0.01, 0.01, 0.01});
  const auto empty = torch::zeros_like(ramp);
  const std::vector<std::int64_t> slices{4, 8, 8, 12};

  torch::manual_seed(11);
  const auto same = internal::augmentedPlanePair(ramp, ramp, geometry, slices, profile);
  EXPECT_TRUE(torch::equal(same.baseline, same.followup)) << "one scan twice: the same images";
  EXPECT_FALSE(torch::allclose(same.baseline[1], same.baseline[2])) << "a new draw per image";

  // An empty baseline's images are the noise alone; the follow-up's carry the same noise, so the
  // difference is the ramp's plane without any.
  torch::manual_seed(11);
  const auto pair = internal::augmentedPlanePair(empty, ramp, geometry, slices, profile);
  using torch::indexing::Slice;
  const auto interior = Slice(8, 24);
  const auto noise = pair.baseline.index({Slice(), 0, interior, interior});
  const auto plane = (pair.followup - pair.baseline).index({Slice(), 0, interior, interior});
  const auto sigma = noise.flatten(1).std(1);
  EXPECT_GT(sigma.max().item<double>(), 0.01);
  EXPECT_LE(sigma.max().item<double>(), 0.1 * 1.2);
  const auto step = (plane.diff(1, 1).abs().max() + plane.diff(1, 2).abs().max()).item<double>();
  EXPECT_LT(step, 0.05) << "a smooth ramp: no noise is left in the difference";
}

TrainingOptions testOptions() {
  TrainingOptions options;
  options.profile = *profileByName("test");
  // The test profile's networks on a still smaller grid: these tests check mechanics, not maps.
  options.profile.grid_xy = 32;
  options.profile.grid_z = 8;
  options.seed = 7;
  options.device = "cpu";
  options.threads = 1;
  return options;
}

TEST(TrainingTest, TheSameSeedGivesTheSameMapOnTheCpu) {
  const TrainingPair pair{head(3), head(5), {}};
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

// An empty checkpoint directory of this test process's own.
std::filesystem::path emptyCheckpointDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("everynet-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

// Resumes a stopped training from its checkpoint to the end: it runs `iterations` more and ends
// where a training from scratch ends.
void expectResumesToTheUninterruptedMap(const TrainingPair& pair, TrainingOptions options,
                                        int iterations) {
  options.stop_requested = nullptr;
  int resumed_from = 0;
  options.started = [&](const TrainingStart& start) { resumed_from = start.resumed_from; };
  const auto resumed = trainChangeModel(pair, options);
  EXPECT_EQ(resumed_from, options.profile.generator_iterations - iterations);
  EXPECT_TRUE(resumed.finished);
  EXPECT_EQ(resumed.iterations_run, iterations);
  std::filesystem::remove_all(options.checkpoint_dir);
  options.checkpoint_dir.clear();
  EXPECT_EQ(trainChangeModel(pair, options).change_map.voxels, resumed.change_map.voxels)
      << "a resumed training ends where an uninterrupted one does";
}

TEST(TrainingTest, ReportsProgressAndResumesFromACheckpoint) {
  const TrainingPair pair{head(3), head(5), {}};
  auto options = testOptions();
  options.checkpoint_dir = emptyCheckpointDir("checkpoint");
  int last_iteration = 0;
  options.progress = [&](const TrainingProgress& p) {
    last_iteration = p.iteration;
    EXPECT_EQ(p.total, 20);
    EXPECT_GE(p.eta_seconds, 0.0);
  };
  options.stop_requested = [&] { return last_iteration == 9; };  // as a shutdown would
  TrainingStart start;
  options.started = [&](const TrainingStart& s) { start = s; };
  const auto stopped = trainChangeModel(pair, options);
  EXPECT_EQ(start.device, "cpu");
  EXPECT_EQ(start.total, 20);
  EXPECT_EQ(start.resumed_from, 0);
  EXPECT_FALSE(stopped.finished);
  EXPECT_EQ(stopped.iterations_run, 9);
  EXPECT_TRUE(std::filesystem::exists(options.checkpoint_dir / "state.txt"));
  expectResumesToTheUninterruptedMap(pair, options, 11);  // from iteration 9 of 20
}

TEST(TrainingTest, StopsBetweenCriticUpdatesAndResumesFromTheLastCheckpoint) {
  const TrainingPair pair{head(3), head(5), {}};
  auto options = testOptions();
  options.checkpoint_dir = emptyCheckpointDir("mid-iteration");  // saved every 5 iterations
  // Stops after 3 of the critic updates of the 8th iteration. It is asked once at the end of the
  // 7th iteration, then before each update.
  int done = 0;
  int asked_since = 0;
  options.progress = [&](const TrainingProgress& p) {
    done = p.iteration;
    asked_since = 0;
  };
  options.stop_requested = [&] { return done == 7 && ++asked_since > 1 + 3; };
  const auto stopped = trainChangeModel(pair, options);
  EXPECT_FALSE(stopped.finished);
  // Iterations 1 and 2 are heavy (10 updates each), 3 to 7 have 5 each.
  EXPECT_EQ(stopped.timings.critic_steps, 2 * 10 + 5 * 5 + 3) << "no update after the stop";
  EXPECT_EQ(stopped.iterations_run, 7);
  // Iterations 6 and 7 are done again: the checkpoint is at 5.
  expectResumesToTheUninterruptedMap(pair, options, 15);
}

TEST(TrainingTest, OpenBlasRunsOnOneThreadUnderTraining) {
  if (openBlasThreads() == 0) GTEST_SKIP() << "the BLAS in use is not OpenBLAS";
  auto options = testOptions();
  options.profile.generator_iterations = 1;
  options.threads = 2;
  ASSERT_TRUE(trainChangeModel(TrainingPair{head(3), head(5), {}}, options).finished);
  EXPECT_EQ(openBlasThreads(), 1) << "LibTorch's threads call it; a pool of its own would spin";
}

TEST(TrainingTest, CpuThreadsAreTheCoresSharedAmongTrainingsUnlessConfigured) {
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  EXPECT_EQ(cpuThreadsPerTraining(3, 4), 3) << "a configured count is kept";
  EXPECT_EQ(cpuThreadsPerTraining(0, 1), cores);
  EXPECT_EQ(cpuThreadsPerTraining(0, 2), std::max(1, cores / 2));
  EXPECT_EQ(cpuThreadsPerTraining(0, 2 * cores), 1) << "never fewer than one";
}

TEST(TrainingTest, RefusesVolumesOffTheProfileGrid) {
  const TrainingPair wrong{
      geometry::Volume::zeros({16, 16, 8}), geometry::Volume::zeros({16, 16, 8}), {}};
  EXPECT_THROW(trainChangeModel(wrong, testOptions()), std::invalid_argument);
}

TEST(TrainingTest, TheMapIsPositiveWhereTheTumourGrew) {
  // Baseline disc radius 3, follow-up radius 6: the ring 3.5..5.5 around (20, 16) grew.
  const TrainingPair pair{head(3), head(6), {}};
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
  EXPECT_LT(std::abs(elsewhere / elsewhere_n), 0.1) << "the map stays near zero where nothing grew";
}

}  // namespace
}  // namespace everynet::engine
