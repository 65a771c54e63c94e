#pragma once

#include <functional>
#include <string>

namespace everynet::engine {

// How a training begins: where it runs and where its checkpoint left it.
struct TrainingStart {
  std::string device;    // "cpu" or "cuda"
  int total = 0;         // generator iterations of the whole schedule
  int resumed_from = 0;  // iterations the checkpoint held; 0: a fresh start
};

struct TrainingProgress {
  int iteration = 0;  // generator iterations done
  int total = 0;
  double critic_loss = 0;
  double generator_loss = 0;
  double eta_seconds = 0;
};

// Called once, before the first iteration.
using StartCallback = std::function<void(const TrainingStart&)>;
// Called after every generator iteration.
using ProgressCallback = std::function<void(const TrainingProgress&)>;

}  // namespace everynet::engine
