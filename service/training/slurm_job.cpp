#include "service/training/slurm_job.h"

#include <array>
#include <map>
#include <sstream>

namespace everynet::service {

std::optional<SlurmJob> parseSlurmJob(const std::string& line) {
  std::map<std::string, std::string> fields;
  std::string* last_value = nullptr;
  std::istringstream words(line);
  for (std::string word; words >> word;) {
    const auto equals = word.find('=');
    if (equals == std::string::npos || equals == 0) {
      if (last_value) *last_value += " " + word;
      continue;
    }
    last_value = &fields[word.substr(0, equals)];
    *last_value = word.substr(equals + 1);
  }
  if (!fields.contains("JobId")) return std::nullopt;
  return SlurmJob{fields["JobId"],  fields["JobName"],  fields["JobState"],
                  fields["Reason"], fields["ExitCode"], fields["StdOut"]};
}

bool isFinalSlurmState(const std::string& state) {
  static constexpr std::array<const char*, 9> kFinal = {"COMPLETED", "FAILED",        "TIMEOUT",
                                                        "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED",
                                                        "CANCELLED", "BOOT_FAIL",     "DEADLINE"};
  for (const char* final_state : kFinal) {
    if (state == final_state) return true;
  }
  return false;
}

std::string howSlurmJobEnded(const SlurmJob& job, const Config::Slurm& settings) {
  const std::string name = "Slurm job " + job.id;
  const std::string& state = job.state;
  if (state == "COMPLETED") return name + " completed without writing a map";
  if (state == "CANCELLED") return name + " was cancelled in Slurm, not by this service";
  if (state == "FAILED") {
    return name + " failed with exit status " + job.exit_code.substr(0, job.exit_code.find(':'));
  }
  if (state == "TIMEOUT") {
    return name + " reached its time limit of " + std::to_string(settings.time_limit_minutes) +
           " minutes (slurm.time_limit_minutes); a retry resumes from its checkpoint";
  }
  if (state == "OUT_OF_MEMORY") {
    return name + " ran out of memory (slurm.memory = \"" + settings.memory + "\")";
  }
  if (state == "NODE_FAIL")
    return name + " ended as its node failed; a retry resumes from its checkpoint";
  if (state == "PREEMPTED") {
    return name + " was preempted and not requeued; a retry resumes from its checkpoint";
  }
  return name + " ended as " + state;
}

}  // namespace everynet::service
