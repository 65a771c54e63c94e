#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "service/training/slurm_job.h"

namespace everynet::service {

// The first executable file of this name in the directories of PATH.
std::optional<std::filesystem::path> findOnPath(const std::string& name);

// Slurm's client commands (sbatch, scontrol, scancel) run as this process's user, with its
// environment (SLURM_CONF, when set, names the cluster). Each command is killed after the time
// limit: a controller that does not answer fails the call instead of hanging it. Thread-safe.
class SlurmCommands {
 public:
  // Throws std::runtime_error naming the first command not on PATH.
  explicit SlurmCommands(std::chrono::seconds time_limit = std::chrono::seconds(30));

  // sbatch --parsable ARGUMENTS: the new job's ID. Throws std::runtime_error with sbatch's own
  // message when it refuses the job.
  std::string submit(const std::vector<std::string>& arguments) const;
  // Nothing when Slurm does not know the job (never did, or forgot it MinJobAge after its end).
  // Throws std::runtime_error when scontrol fails otherwise (the controller does not answer).
  std::optional<SlurmJob> job(const std::string& id) const;
  // scancel ID; throws std::runtime_error with scancel's message when it fails.
  void cancel(const std::string& id) const;

 private:
  struct Result {
    int exit_status = -1;  // -1: it did not exit (killed at the time limit, or by a signal)
    std::string out;
    std::string err;
  };
  Result run(const std::filesystem::path& command, const std::vector<std::string>& arguments) const;

  std::chrono::seconds time_limit_;
  std::filesystem::path sbatch_;
  std::filesystem::path scontrol_;
  std::filesystem::path scancel_;
};

}  // namespace everynet::service
