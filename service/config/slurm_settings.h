#pragma once

#include "service/config/config.h"
#include "service/config/table_reader.h"

namespace everynet::service {

// [slurm], as far as it can be judged alone: each key's type and form (sbatch's --mem, the
// trainer's --device). Throws ConfigError naming the key.
void readSlurm(TableReader& t, Config::Slurm& s);

// What engine.backend = "slurm" requires of [slurm]: a partition, and the shared directory and
// the trainer as absolute paths. Throws ConfigError naming the key.
void checkSlurm(const Config& config);

}  // namespace everynet::service
