#pragma once

#include <memory>
#include <string>
#include <vector>

#include "service/config/config.h"
#include "service/training/slurm_commands.h"
#include "service/training/training_backend.h"

namespace everynet::service {

// Personal trainings as batch jobs on a Slurm cluster ([slurm]; README, "Training on a Slurm
// cluster"). A training's folder in slurm.shared_dir (SlurmTrainingFolder) gets the prepared
// pair and a batch script that runs slurm.trainer on it; sbatch submits the script with the
// [slurm] resources, and each run follows its job (SlurmTrainingRun). The request's device and
// threads are the cluster's: slurm.device and slurm.cpus. Jobs are submitted with --requeue: a
// job that Slurm requeues (a preemption that requeues, a node that fails) waits again and then
// resumes from its checkpoint; one that ends otherwise fails its training with the reason.
class SlurmTrainingBackend final : public TrainingBackend {
 public:
  // Throws std::runtime_error when a Slurm command is not on PATH.
  explicit SlurmTrainingBackend(Config::Slurm settings);

  std::string name() const override { return "slurm"; }
  // Prepares the folder and submits its job; throws std::runtime_error when sbatch refuses it,
  // naming the [slurm] key its message points at.
  std::unique_ptr<TrainingRun> submit(const TrainingRequest& request) override;
  // The job if Slurm still knows it by this ID and name, or its map is in the folder; else
  // nothing (a new submission then resumes from the folder's checkpoint).
  std::unique_ptr<TrainingRun> reattach(const std::string& id,
                                        const TrainingRequest& request) override;

  // sbatch's arguments for the request, the script last (for the tests and the README).
  std::vector<std::string> sbatchArguments(const TrainingRequest& request) const;
  // The batch script: checks the trainer on the node, then runs it on the folder.
  std::string batchScript(const TrainingRequest& request) const;

 private:
  std::string jobName(const TrainingRequest& request) const;

  const Config::Slurm settings_;
  const SlurmCommands commands_;
};

}  // namespace everynet::service
