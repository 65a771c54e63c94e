#include "engine/core/training_profile.h"

namespace everynet::engine {

std::optional<TrainingProfile> profileByName(const std::string& name) {
  TrainingProfile p;
  p.name = name;
  if (name == "paper") return p;
  if (name == "cpu") {
    // The method's structure, shortened to end a job within 10 minutes on 2 cores
    // (engine/PROFILES.md#decision-cpu-profile).
    p.grid_xy = 128;
    p.grid_z = 64;
    p.generator_iterations = 240;
    p.warmup_iterations = 8;
    p.heavy_critic_updates = 30;
    p.heavy_period = 30;
    p.batch_size = 2;
    p.noise_square_size = 5;
    p.checkpoint_every = 25;
    return p;
  }
  if (name == "test") {
    // The cpu profile's grid, so that preprocessing, the tumour estimate and the read-out meet
    // what they meet in use; tiny networks and few iterations keep a whole analysis in seconds
    // (engine/PROFILES.md#decision-test-profile-grid).
    p.grid_xy = 128;
    p.grid_z = 64;
    p.generator_iterations = 20;
    p.critic_updates = 5;
    p.heavy_critic_updates = 10;
    p.warmup_iterations = 2;
    p.heavy_period = 10;
    p.batch_size = 2;
    p.generator_learning_rate = 1e-3;
    p.critic_learning_rate = 1e-3;
    p.generator_widths = {8, 16, 32};
    p.critic_levels = {{8}, {16}, {32}};
    p.noise_square_size = 3;
    p.checkpoint_every = 5;
    p.inference_batch = 8;
    return p;
  }
  return std::nullopt;
}

}  // namespace everynet::engine
