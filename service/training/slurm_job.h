#pragma once

#include <optional>
#include <string>

#include "service/config/config.h"

namespace everynet::service {

// A Slurm job as `scontrol show job -o` describes it (the fields a training follows).
struct SlurmJob {
  std::string id;
  std::string name;       // JobName
  std::string state;      // JobState: PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, ...
  std::string reason;     // Reason: why it pends, or how it failed; "None" when none
  std::string exit_code;  // ExitCode: "STATUS:SIGNAL", e.g. "1:0"
  std::string std_out;    // StdOut: the job's output file on the nodes' shared file system
};

// One line of `scontrol show job -o`: "JobId=42 JobName=everynet-job-7 ... JobState=PENDING
// Reason=Resources ...". A value may hold spaces (a path, a reason's detail): a word without '='
// belongs to the value before it. Nothing when the line names no JobId.
std::optional<SlurmJob> parseSlurmJob(const std::string& line);

// Slurm's job states from which a job does not come back (it may still be COMPLETING).
bool isFinalSlurmState(const std::string& state);

// Why a training whose job ended in this final state has no map, in words, naming the [slurm]
// key that bears on it (a COMPLETED job that wrote none; a CANCELLED one by someone else).
std::string howSlurmJobEnded(const SlurmJob& job, const Config::Slurm& settings);

}  // namespace everynet::service
