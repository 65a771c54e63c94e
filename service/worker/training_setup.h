#pragma once

#include <memory>
#include <string>
#include <vector>

#include "service/config/config.h"
#include "service/training/training_backend.h"
#include "service/worker/analysis_plan.h"

namespace everynet::service {

// Where this service's personal trainings run, and how many at once.
struct TrainingSetup {
  std::unique_ptr<TrainingBackend> backend;  // none when the personal WGAN is not run
  // One per training followed at once: its device ("cpu", "cuda:0"), or "slurm" for a
  // submission to the cluster (slurm.max_submitted of them).
  std::vector<std::string> slots;
};

// engine.backend's backend for the plan. Throws std::runtime_error when it cannot be set up
// (Slurm's commands not on PATH).
TrainingSetup setUpTraining(const Config& config, const AnalysisPlan& plan);

}  // namespace everynet::service
