#pragma once

#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "service/config/config.h"
#include "service/training/slurm_commands.h"
#include "service/training/slurm_training_folder.h"
#include "service/training/training_backend.h"

namespace everynet::service {

// One training submitted to Slurm (SlurmTrainingBackend), followed by its job's state. Polls
// between two of scontrol's (slurm.poll_seconds) only mirror the trainer's progress. When the job
// has ended, its map, checkpoint and output are brought back to out_dir and its folder in the
// shared directory is deleted. Thread-safe: the service may stop it while its job polls it.
class SlurmTrainingRun final : public TrainingRun {
 public:
  SlurmTrainingRun(const SlurmCommands& commands, const Config::Slurm& settings, std::string job_id,
                   SlurmTrainingFolder folder, std::filesystem::path out_dir);

  std::string id() const override { return job_id_; }
  TrainingStatus poll() override;
  // scancel, then waits (a minute at most) for Slurm to end the job, so that its files are left;
  // throws std::runtime_error when Slurm refuses, or does not end it in that time.
  void cancel() override;
  // Leaves the job to Slurm: it goes on, and the next service process reattaches to it.
  void stop() override {}

 private:
  using Clock = std::chrono::steady_clock;

  TrainingStatus statusOf(const std::optional<SlurmJob>& job) const;
  TrainingStatus statusOfEnd(const SlurmJob& job) const;
  TrainingStatus failedSaying(const std::string& what) const;
  TrainingStatus end(TrainingStatus status);

  const SlurmCommands& commands_;
  const Config::Slurm& settings_;
  const std::string job_id_;
  const SlurmTrainingFolder folder_;
  const std::filesystem::path out_dir_;
  std::mutex mutex_;
  TrainingStatus last_;
  Clock::time_point next_query_{};
  Clock::time_point last_answer_ = Clock::now();
  bool cancelled_here_ = false;
  std::optional<TrainingStatus> ended_;
};

}  // namespace everynet::service
