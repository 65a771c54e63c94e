#pragma once

#include <chrono>

#include "engine/core/training_progress.h"

namespace everynet::service {

// Shows training progress on stderr: a bar redrawn in place on a terminal, else a plain line
// every tenth of the way (for logs). Not thread-safe; one per training.
class ProgressDisplay {
 public:
  ProgressDisplay();
  void show(const engine::TrainingProgress& progress);
  void finish();

 private:
  bool terminal_;
  int last_tenth_ = -1;
};

}  // namespace everynet::service
