#pragma once

#include <optional>
#include <vector>

#include "engine/core/training_profile.h"

namespace everynet::engine {

// Critic updates before generator iteration i (0-based): heavy_critic_updates in the warm-up
// iterations and at every heavy_period-th iteration, critic_updates otherwise. With the paper's
// numbers (1000, 5, 100, 25, 100) the whole training has 8230 critic updates.
int criticUpdatesBefore(int iteration, const TrainingProfile& profile);
int totalCriticUpdates(const TrainingProfile& profile);

// The noise-square stabiliser: one square at a fixed place in the follow-up images, at 50% of
// the image size in both dimensions, moved to 35% after 40% of the iterations and to 65% after
// 60%, removed after 80%. Snapshot k of the generator is taken when phase k ends.
struct NoiseSquarePhase {
  int index = 0;  // 0..3
  std::optional<double>
      position_fraction;  // centre as a fraction of the image size; none: no square
  int first_iteration = 0;
  int end_iteration = 0;  // exclusive; a snapshot is taken here
};
std::vector<NoiseSquarePhase> noiseSquarePhases(int generator_iterations);
const NoiseSquarePhase& phaseAt(const std::vector<NoiseSquarePhase>& phases, int iteration);

// The pixel rectangle a square covers on an image of `image_size` pixels: [begin, end) per axis.
struct SquareBounds {
  int begin = 0;
  int end = 0;
};
SquareBounds squareBounds(double position_fraction, int image_size, int square_size);

}  // namespace everynet::engine
