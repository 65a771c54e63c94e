#include "service/worker/training_setup.h"

#include "service/training/local_training_backend.h"
#include "service/training/slurm_training_backend.h"
#include "service/worker/worker_pool.h"

namespace everynet::service {

TrainingSetup setUpTraining(const Config& config, const AnalysisPlan& plan) {
  TrainingSetup setup;
  if (!plan.runs(AnalysisMethod::personal_wgan)) return setup;
  switch (config.engine.backend) {
    case TrainingBackendKind::local:
      setup.backend = std::make_unique<LocalTrainingBackend>(plan.trainer);
      setup.slots = workerSlots(config.engine, plan.trainer_description->cuda_devices);
      break;
    case TrainingBackendKind::slurm:
      setup.backend = std::make_unique<SlurmTrainingBackend>(config.slurm);
      setup.slots.assign(static_cast<std::size_t>(config.slurm.max_submitted), "slurm");
      break;
  }
  return setup;
}

}  // namespace everynet::service
