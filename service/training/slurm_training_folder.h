#pragma once

#include <filesystem>
#include <string>

#include "service/training/training_backend.h"

namespace everynet::service {

// A training's folder in the directory the service host and the cluster's nodes share:
// SHARED/NAME, readable by the service's user alone. It holds the prepared pair (arrays only: no
// names, IDs or DICOM headers), the trainer's output, the batch script and the job's output.
class SlurmTrainingFolder {
 public:
  SlurmTrainingFolder(const std::filesystem::path& shared_dir, const std::string& name);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path pair() const { return root_ / "pair"; }
  std::filesystem::path trainerOut() const { return root_ / "training"; }  // the trainer's --out
  std::filesystem::path script() const { return root_ / "train.sh"; }
  std::filesystem::path jobOutput() const { return root_ / "slurm.out"; }  // sbatch --output
  bool hasMap() const;

  // Copies the request's pair in and the training's progress and checkpoint so far from its
  // out_dir, unless a submission before left them here (they are then the newer), and removes a
  // map left by an earlier run.
  void prepare(const TrainingRequest& request) const;
  // Appends what the trainer wrote to its progress since the last call to OUT/progress.jsonl,
  // which is kept a copy of the folder's.
  void mirrorProgress(const std::filesystem::path& out_dir) const;
  // Brings the map, the checkpoint (for a retry to resume from, or to be kept) and the job's
  // output (appended to OUT/trainer.log) back to out_dir.
  void bringBack(const std::filesystem::path& out_dir) const;
  // The job's output, its last lines at most `bytes` long, on one line ("A | B"); "" when none.
  std::string jobOutputTail(std::size_t bytes = 600) const;
  void remove() const;

 private:
  std::filesystem::path root_;
};

}  // namespace everynet::service
