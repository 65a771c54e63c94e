#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "service/config/config.h"

namespace everynet::service {

// What `everynet config check` finds out from this host about the cluster that engine.backend =
// "slurm" submits to. Each item is a line for the administrator that starts with the key it is
// about, e.g. "slurm.partition: ...".
struct SlurmClusterCheck {
  std::vector<std::string> problems;  // the configuration cannot work as it is
  // What could not be checked now (a controller that does not answer): the service still starts,
  // to receive and analyse with the classical method; its trainings wait for the cluster.
  std::vector<std::string> warnings;
  std::vector<std::string> findings;  // what was checked, and what only a submission can check
};

// Slurm's commands that the backend runs, looked up on PATH; the shared directory, as this host
// sees it; the partition, asked of the cluster (`scontrol show partition`), which must answer
// within `answer_time_limit`. The nodes' side (the trainer, the shared directory there) is left
// to the first submission. Never waits longer than the time limit.
SlurmClusterCheck checkSlurmCluster(const Config::Slurm& slurm,
                                    std::chrono::seconds answer_time_limit);

}  // namespace everynet::service
