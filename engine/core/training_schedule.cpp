#include "engine/core/training_schedule.h"

#include <algorithm>
#include <cmath>

namespace everynet::engine {

int criticUpdatesBefore(int iteration, const TrainingProfile& p) {
  const bool heavy =
      iteration < p.warmup_iterations || (p.heavy_period > 0 && iteration % p.heavy_period == 0);
  return heavy ? p.heavy_critic_updates : p.critic_updates;
}

int totalCriticUpdates(const TrainingProfile& profile) {
  int total = 0;
  for (int i = 0; i < profile.generator_iterations; ++i) total += criticUpdatesBefore(i, profile);
  return total;
}

std::vector<NoiseSquarePhase> noiseSquarePhases(int iterations) {
  const auto at = [&](double fraction) {
    return static_cast<int>(std::lround(fraction * iterations));
  };
  return {{0, 0.50, 0, at(0.4)},
          {1, 0.35, at(0.4), at(0.6)},
          {2, 0.65, at(0.6), at(0.8)},
          {3, std::nullopt, at(0.8), iterations}};
}

const NoiseSquarePhase& phaseAt(const std::vector<NoiseSquarePhase>& phases, int iteration) {
  for (const auto& phase : phases) {
    if (iteration < phase.end_iteration) return phase;
  }
  return phases.back();
}

SquareBounds squareBounds(double position_fraction, int image_size, int square_size) {
  const int centre = static_cast<int>(std::lround(position_fraction * image_size));
  const int begin = std::clamp(centre - square_size / 2, 0, std::max(0, image_size - square_size));
  return {begin, std::min(image_size, begin + square_size)};
}

}  // namespace everynet::engine
