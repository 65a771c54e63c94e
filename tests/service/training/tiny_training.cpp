#include "tests/service/training/tiny_training.h"

#include <cmath>
#include <thread>

#include "engine/core/profile_settings.h"

namespace everynet::service::training_test {
namespace {

geometry::Volume head(double lesion_radius) {
  const auto profile = engine::profileWithSettings("test", {});
  auto v =
      geometry::Volume::zeros({profile.grid_xy, profile.grid_xy, profile.grid_z}, {1.5, 1.5, 2.5});
  const int xy = profile.grid_xy;
  for (int k = 0; k < profile.grid_z; ++k)
    for (int j = 0; j < xy; ++j)
      for (int i = 0; i < xy; ++i) {
        const double dx = (i - xy / 2.0) / (0.4 * xy), dy = (j - xy / 2.0) / (0.45 * xy);
        float value = dx * dx + dy * dy < 1.0 ? 0.4f : 0.0f;
        if (std::hypot(i - 0.6 * xy, j - 0.5 * xy) < lesion_radius) value = 0.9f;
        v.at(i, j, k) = value;
      }
  return v;
}

}  // namespace

std::vector<std::string> tinySettings(int iterations) {
  return {"generator_iterations=" + std::to_string(iterations), "checkpoint_every=2",
          "warmup_iterations=1", "heavy_critic_updates=2", "critic_updates=1"};
}

engine::PairFiles tinyPair() {
  auto mask = head(0);
  for (auto& voxel : mask.voxels) voxel = voxel > 0 ? 1.0f : 0.0f;
  return {{head(6), head(9), {30, 31, 32}}, mask};
}

TrainingStatus waitForEnd(TrainingRun& run, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto status = run.poll();
  while (status.state == TrainingState::running && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = run.poll();
  }
  return status;
}

const char* stateName(TrainingState state) {
  switch (state) {
    case TrainingState::running:
      return "running";
    case TrainingState::finished:
      return "finished";
    case TrainingState::stopped:
      return "stopped";
    case TrainingState::failed:
      return "failed";
  }
  return "?";
}

}  // namespace everynet::service::training_test
