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

}  // namespace everynet::service
