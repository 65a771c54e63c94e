#include "service/cli/slurm_cluster_check.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "service/training/command_output.h"
#include "service/training/slurm_commands.h"

namespace everynet::service {
namespace {

namespace fs = std::filesystem;

// What the Slurm backend runs (SlurmCommands): submission, state, cancellation.
constexpr const char* kSlurmCommands[] = {"sbatch", "scontrol", "scancel"};

void checkCommandsOnPath(SlurmClusterCheck& check) {
  std::string found;
  for (const auto command : kSlurmCommands) {
    if (!findOnPath(command)) {
      check.problems.push_back("engine.backend = \"slurm\": " + std::string(command) +
                               " is not on PATH (install Slurm's client commands on this host, "
                               "or give the service a PATH that has them)");
    } else {
      found += (found.empty() ? "" : ", ") + std::string(command);
    }
  }
  if (!found.empty()) check.findings.push_back("engine.backend = \"slurm\": on PATH: " + found);
}

void checkSharedDirectory(const fs::path& shared_dir, SlurmClusterCheck& check) {
  const std::string key = "slurm.shared_dir: ";
  std::error_code error;
  const auto status = fs::status(shared_dir, error);
  if (status.type() == fs::file_type::not_found) {
    check.problems.push_back(key + shared_dir.string() + " does not exist");
  } else if (error) {
    check.problems.push_back(key + "cannot look at " + shared_dir.string() + ": " +
                             error.message());
  } else if (!fs::is_directory(status)) {
    check.problems.push_back(key + shared_dir.string() + " is not a directory");
  } else if (::access(shared_dir.c_str(), W_OK | X_OK) != 0) {
    check.problems.push_back(key + shared_dir.string() + " is not writable by this user");
  } else {
    check.findings.push_back(key + shared_dir.string() +
                             " is a writable directory here; the nodes must see it at the same "
                             "path (checked at the first submission)");
  }
}

// `scontrol --oneliner show partition`: one line per partition, "PartitionName=NAME ... State=UP
// ..."; the partitions by name, with their state.
std::map<std::string, std::string> partitionStates(const std::string& listing) {
  std::map<std::string, std::string> states;
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) {
    const auto field = [&](std::string_view name) -> std::string {
      const auto at = line.find(std::string(name) + "=");
      if (at == std::string::npos || (at > 0 && line[at - 1] != ' ')) return "";
      const auto begin = at + name.size() + 1;
      return line.substr(begin, line.find(' ', begin) - begin);
    };
    if (auto name = field("PartitionName"); !name.empty()) states[name] = field("State");
  }
  return states;
}

// What a command wrote on stderr, as one line ("a; b"), for a message; at most about 500 bytes.
std::string asOneLine(const std::string& text) {
  std::string joined;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line) && joined.size() < 500;) {
    if (!line.empty()) joined += (joined.empty() ? "" : "; ") + line;
  }
  return joined.empty() ? "(nothing on stderr)" : joined;
}

// The cluster's partitions and their states, as scontrol lists them; empty, with a warning, when
// the controller does not answer within the time limit or scontrol fails.
std::optional<std::map<std::string, std::string>> askForPartitions(const fs::path& scontrol,
                                                                   const std::string& partition,
                                                                   std::chrono::seconds time_limit,
                                                                   SlurmClusterCheck& check) {
  // --all shows hidden partitions too: jobs may still be submitted to them.
  const std::vector<std::string> argv = {scontrol.string(), "--all", "--oneliner", "show",
                                         "partition"};
  const std::string shown = "`scontrol --all --oneliner show partition`";
  const std::string cannot = "slurm.partition: cannot check '" + partition + "': ";
  CommandOutput answer;
  try {
    answer = runCommandForOutput(argv, time_limit);
  } catch (const std::runtime_error& error) {
    check.warnings.push_back(cannot + error.what());
    return std::nullopt;
  }
  if (answer.timed_out) {
    check.warnings.push_back(cannot + "the cluster did not answer " + shown + " within " +
                             std::to_string(time_limit.count()) +
                             " s (is slurmctld running and reachable from here?)");
    return std::nullopt;
  }
  if (!WIFEXITED(answer.wait_status) || WEXITSTATUS(answer.wait_status) != 0) {
    check.warnings.push_back(cannot + shown + " failed: " + asOneLine(answer.err));
    return std::nullopt;
  }
  return partitionStates(answer.out);
}

void checkPartition(const std::string& partition, std::chrono::seconds time_limit,
                    SlurmClusterCheck& check) {
  const auto scontrol = findOnPath("scontrol");
  if (!scontrol) return;  // reported with the commands
  const auto states = askForPartitions(*scontrol, partition, time_limit, check);
  if (!states) return;
  const auto found = states->find(partition);
  if (found == states->end()) {
    std::string known;
    for (const auto& [name, state] : *states) known += (known.empty() ? "" : ", ") + name;
    check.problems.push_back("slurm.partition: the cluster has no partition '" + partition +
                             "' (its partitions: " + (known.empty() ? "none" : known) + ")");
    return;
  }
  check.findings.push_back("slurm.partition: '" + partition + "' exists (State=" + found->second +
                           ")");
}

}  // namespace

SlurmClusterCheck checkSlurmCluster(const Config::Slurm& slurm,
                                    std::chrono::seconds answer_time_limit) {
  SlurmClusterCheck check;
  checkCommandsOnPath(check);
  checkSharedDirectory(slurm.shared_dir, check);
  checkPartition(slurm.partition, answer_time_limit, check);
  check.findings.push_back("slurm.trainer: " + slurm.trainer.string() +
                           " runs on the nodes and cannot be checked from here; it is checked at "
                           "the first submission");
  return check;
}

}  // namespace everynet::service
