// engine-bench: times a personal training on a synthetic pair for a profile, on this machine's
// CPU or GPU, and prints JSON. Used to measure profiles (engine/PROFILES.md#figures-that-stand);
// not a test. With --pair it trains on a pair exported by `everynet analyze --export-pair` instead,
// and --map-out writes the map for `everynet analyze --change-map`: a GPU machine with LibTorch
// alone can then train the pairs of the accuracy benchmark.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/change_model_trainer.h"
#include "engine/core/profile_settings.h"
#include "engine/core/training_pair_files.h"
#include "engine/core/training_schedule.h"

namespace {

using everynet::geometry::Volume;

// A bright disc in a dimmer ellipse: enough structure for the networks to work on.
Volume syntheticHead(int xy, int z, double lesion_radius) {
  Volume v = Volume::zeros({xy, xy, z});
  for (int k = 0; k < z; ++k) {
    for (int j = 0; j < xy; ++j) {
      for (int i = 0; i < xy; ++i) {
        const double dx = (i - xy / 2.0) / (0.4 * xy), dy = (j - xy / 2.0) / (0.45 * xy);
        const double lx = i - 0.6 * xy, ly = j - 0.5 * xy;
        float value = dx * dx + dy * dy < 1.0 ? 0.4f : 0.0f;
        if (std::sqrt(lx * lx + ly * ly) < lesion_radius) value = 0.9f;
        v.at(i, j, k) = value;
      }
    }
  }
  return v;
}

// What the command line asks for.
struct BenchArguments {
  std::string profile_name = "cpu";
  int iterations = 0;  // 0: the profile's
  std::string device = "auto";
  int threads = 0;
  std::uint64_t seed = 1;
  std::string pair_dir;  // empty: a synthetic pair
  std::string map_out;   // empty: the map is not written
  std::vector<std::string> settings;
};

// Nothing when a flag is unknown or lacks its value.
std::optional<BenchArguments> parseArguments(int argc, char** argv) {
  BenchArguments a;
  // Every flag takes a value: a lone one (such as --help) gets the usage, not a run.
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 == argc) return std::nullopt;
    const char* value = argv[i + 1];
    if (flag == "--profile")
      a.profile_name = value;
    else if (flag == "--iterations")
      a.iterations = std::atoi(value);
    else if (flag == "--device")
      a.device = value;
    else if (flag == "--threads")
      a.threads = std::atoi(value);
    else if (flag == "--set")
      a.settings.emplace_back(value);
    else if (flag == "--seed")
      a.seed = std::strtoull(value, nullptr, 10);
    else if (flag == "--pair")
      a.pair_dir = value;
    else if (flag == "--map-out")
      a.map_out = value;
    else
      return std::nullopt;
  }
  return a;
}

// Trains on the exported pair, or on a synthetic one of the profile's grid; writes the map when
// asked to.
everynet::engine::TrainingOutcome train(const BenchArguments& a,
                                        const everynet::engine::TrainingProfile& profile) {
  everynet::engine::TrainingOutcome outcome;
  const everynet::engine::TrainingOptions options{profile, a.seed, a.device, a.threads,
                                                  {},      {},     {},       {}};
  if (a.pair_dir.empty()) {
    const int xy = profile.grid_xy, z = profile.grid_z;
    // Drawing through a tumour's slices costs what drawing uniformly does.
    outcome = everynet::engine::trainChangeModel(
        {syntheticHead(xy, z, xy * 0.08), syntheticHead(xy, z, xy * 0.11), {}}, options);
  } else {
    const auto files = everynet::engine::readPairFiles(a.pair_dir);
    outcome = everynet::engine::trainChangeModel(files.pair, options);
    // The analysis ignores the map outside the brain; there it is left out of the file.
    auto& map = outcome.change_map.voxels;
    for (std::size_t i = 0; i < map.size(); ++i) map[i] *= files.brain_mask.voxels.at(i);
  }
  if (!a.map_out.empty()) everynet::engine::writeVolumeFile(a.map_out, outcome.change_map);
  return outcome;
}

// The run's timings and, from its time per step, the whole schedule's, as one line of JSON.
void printTimings(const BenchArguments& a, const everynet::engine::TrainingProfile& profile,
                  const everynet::engine::TrainingOutcome& outcome, int full_iterations,
                  int full_critic_updates) {
  const auto& t = outcome.timings;
  const double critic_step = t.critic_seconds / std::max(1, t.critic_steps);
  const double generator_step = t.generator_seconds / std::max(1, t.generator_steps);
  // The ensemble's inference does not depend on the iterations but on the snapshots (four in a
  // whole run).
  const int full_snapshots =
      static_cast<int>(everynet::engine::noiseSquarePhases(full_iterations).size());
  const double ensemble = t.ensemble_seconds / std::max(1, t.ensemble_snapshots) * full_snapshots;
  const double estimate =
      critic_step * full_critic_updates + generator_step * full_iterations + ensemble;
  std::cout << "{\"profile\": \"" << a.profile_name << "\", \"device\": \"" << outcome.device
            << "\", \"grid\": [" << profile.grid_xy << ", " << profile.grid_xy << ", "
            << profile.grid_z << "], \"iterations\": " << profile.generator_iterations
            << ", \"critic_updates\": " << t.critic_steps << ", \"seconds\": " << outcome.seconds
            << ", \"critic_step_ms\": " << 1000 * critic_step
            << ", \"generator_step_ms\": " << 1000 * generator_step
            << ", \"ensemble_seconds\": " << t.ensemble_seconds
            << ", \"ensemble_snapshots\": " << t.ensemble_snapshots
            << ", \"full_schedule_iterations\": " << full_iterations
            << ", \"full_schedule_critic_updates\": " << full_critic_updates
            << ", \"full_schedule_estimate_seconds\": " << estimate << "}\n";
}

}  // namespace

int main(int argc, char** argv) {
  const auto arguments = parseArguments(argc, argv);
  if (!arguments) {
    std::cerr << "usage: engine-bench [--profile paper|cpu|test] [--iterations N] "
                 "[--device auto|cpu|cuda] [--threads N] [--set KEY=VALUE ...] [--seed N] "
                 "[--pair DIR] [--map-out FILE]\n";
    return 2;
  }
  everynet::engine::TrainingProfile profile;
  try {
    profile = everynet::engine::profileWithSettings(arguments->profile_name, arguments->settings);
  } catch (const std::invalid_argument& error) {
    std::cerr << "engine-bench: " << error.what() << "\n";
    return 2;
  }
  const int full_critic_updates = everynet::engine::totalCriticUpdates(profile);
  const int full_iterations = profile.generator_iterations;
  if (arguments->iterations > 0) profile.generator_iterations = arguments->iterations;
  everynet::engine::TrainingOutcome outcome;
  try {
    outcome = train(*arguments, profile);
  } catch (const std::exception& error) {
    std::cerr << "engine-bench: " << error.what() << "\n";
    return 1;
  }
  printTimings(*arguments, profile, outcome, full_iterations, full_critic_updates);
  return 0;
}
