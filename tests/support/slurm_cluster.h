#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace everynet::test {

// A real one-node Slurm cluster for a test (Debian's munged, slurmctld and slurmd, no mocks):
// its own munge key and socket, slurm.conf, state, spool and logs in `directory`, the daemons as
// child processes of the test on free loopback ports, run as the current user (root or not).
// Several clusters may run at once in different directories. Not thread-safe.
class SlurmCluster {
 public:
  static constexpr const char* kPartition = "everynet-test";
  static constexpr const char* kNodeName = "localhost";

  // Starts the daemons and waits until sinfo shows the node idle; throws std::runtime_error
  // naming the daemon's log when one exits or the node is not idle within the timeout.
  // `directory` and every folder above it are made traversable by all: munged refuses a socket
  // in a folder others cannot enter.
  explicit SlurmCluster(const std::filesystem::path& directory,
                        std::chrono::seconds start_timeout = std::chrono::seconds(30));
  // Cancels the cluster's jobs, then stops the daemons (SIGTERM, then SIGKILL); the directory
  // and its logs stay for the test to read.
  ~SlurmCluster();
  SlurmCluster(const SlurmCluster&) = delete;
  SlurmCluster& operator=(const SlurmCluster&) = delete;

  const std::filesystem::path& directory() const { return directory_; }
  const std::filesystem::path& slurmConf() const { return slurm_conf_; }
  // Where jobs submitted through run() start (sbatch's working directory, output files).
  std::filesystem::path jobDirectory() const { return directory_ / "jobs"; }
  // The daemon's stdout and stderr: "munged", "slurmctld" or "slurmd".
  std::filesystem::path logFile(const std::string& daemon) const;
  // From the constructor's start to the node shown idle.
  std::chrono::milliseconds startupTime() const { return startup_time_; }

  // The environment for Slurm's commands against this cluster, "NAME=value" each: the test's
  // own without any SLURM_*/SBATCH_*/S*-option variables that would redirect or alter them,
  // plus SLURM_CONF.
  std::vector<std::string> environment() const;
  // Runs a Slurm command (sbatch, squeue, scancel, scontrol, sinfo) with environment(), in
  // jobDirectory().
  RunResult run(const std::vector<std::string>& argv,
                std::chrono::seconds timeout = std::chrono::seconds(30)) const;
  // `scontrol show job -o ID` as its fields (JobState, ExitCode, StdOut, Reason, ...); empty
  // once Slurm has forgotten the job (MinJobAge after its end) or never knew it. A value with a
  // space in it is cut at the space.
  std::map<std::string, std::string> job(const std::string& job_id) const;
  // job()'s JobState; "" when Slurm does not know the job.
  std::string jobState(const std::string& job_id) const;
  // The IDs of the jobs of this name that Slurm knows, ended ones included (squeue -t all).
  std::vector<std::string> jobsNamed(const std::string& name) const;

 private:
  void writeConfig(int controller_port, int node_port) const;
  void startDaemons();
  void waitUntilIdle(std::chrono::seconds timeout);
  void cancelJobs();
  void stopDaemons();
  void stopDaemon(std::unique_ptr<Process>& daemon);

  std::filesystem::path directory_;
  std::filesystem::path slurm_conf_;
  std::filesystem::path munge_socket_;
  std::unique_ptr<Process> munged_;
  std::unique_ptr<Process> slurmctld_;
  std::unique_ptr<Process> slurmd_;
  std::chrono::milliseconds startup_time_{0};
};

}  // namespace everynet::test
