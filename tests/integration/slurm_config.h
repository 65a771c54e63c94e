#pragma once

#include <filesystem>
#include <string>

#include "tests/support/slurm_cluster.h"

namespace everynet::test {

// The [slurm] table of a service that trains on the test cluster: one CPU, the trainer built
// here, state read every second. `extra` goes into the table as it is (e.g. extra_arguments).
inline std::string slurmTableFor(const std::filesystem::path& shared_dir,
                                 const std::string& extra = "") {
  return "[slurm]\npartition = \"" + std::string(SlurmCluster::kPartition) +
         "\"\ncpus = 1\nmemory = \"1G\"\ntime_limit_minutes = 10\nshared_dir = \"" +
         shared_dir.string() + "\"\ntrainer = \"" + EVERYNET_TRAIN_BINARY +
         "\"\ndevice = \"cpu\"\npoll_seconds = 1\n" + extra;
}

}  // namespace everynet::test
