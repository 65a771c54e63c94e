#include "engine/core/cpu_threads.h"

#include <algorithm>
#include <thread>

namespace everynet::engine {

int cpuThreadsPerTraining(int configured, int trainings) {
  if (configured > 0) return configured;
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  return std::max(1, cores / std::max(1, trainings));
}

}  // namespace everynet::engine
