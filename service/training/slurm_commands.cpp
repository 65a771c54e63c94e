#include "service/training/slurm_commands.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "service/training/command_output.h"

namespace everynet::service {
namespace {

std::filesystem::path requireOnPath(const std::string& name) {
  if (auto path = findOnPath(name)) return *path;
  throw std::runtime_error(name +
                           " is not on PATH: Slurm's client commands are needed for "
                           "engine.backend = \"slurm\"");
}

// The command's message for an error: its stderr, else its stdout, on one line.
std::string messageOf(const std::string& err, const std::string& out) {
  std::string message = err.empty() ? out : err;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  for (auto& c : message) {
    if (c == '\n') c = ' ';
  }
  return message;
}

}  // namespace

std::optional<std::filesystem::path> findOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream directories(path ? path : "");
  for (std::string directory; std::getline(directories, directory, ':');) {
    if (directory.empty()) continue;
    const auto candidate = std::filesystem::path(directory) / name;
    std::error_code error;
    if (std::filesystem::is_regular_file(candidate, error) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

SlurmCommands::SlurmCommands(std::chrono::seconds time_limit)
    : time_limit_(time_limit),
      sbatch_(requireOnPath("sbatch")),
      scontrol_(requireOnPath("scontrol")),
      scancel_(requireOnPath("scancel")) {}

SlurmCommands::Result SlurmCommands::run(const std::filesystem::path& command,
                                         const std::vector<std::string>& arguments) const {
  std::vector<std::string> argv{command.string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  const auto output = runCommandForOutput(argv, time_limit_);
  if (output.timed_out) {
    throw std::runtime_error(command.filename().string() + " did not answer within " +
                             std::to_string(time_limit_.count()) +
                             " s: is the Slurm controller reachable?");
  }
  const int status = output.wait_status;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output.out, output.err};
}

std::string SlurmCommands::submit(const std::vector<std::string>& arguments) const {
  std::vector<std::string> with_parsable{"--parsable"};
  with_parsable.insert(with_parsable.end(), arguments.begin(), arguments.end());
  const auto result = run(sbatch_, with_parsable);
  // --parsable prints "ID" or "ID;CLUSTER".
  const std::string id = result.out.substr(0, result.out.find_first_of(";\n"));
  if (result.exit_status != 0 || id.empty() ||
      id.find_first_not_of("0123456789") != std::string::npos) {
    throw std::runtime_error("sbatch refused the job: " + messageOf(result.err, result.out));
  }
  return id;
}

std::optional<SlurmJob> SlurmCommands::job(const std::string& id) const {
  const auto result = run(scontrol_, {"show", "job", "-o", id});
  if (result.exit_status != 0) {
    if (result.err.find("Invalid job id") != std::string::npos) return std::nullopt;
    throw std::runtime_error("scontrol show job " + id +
                             " failed: " + messageOf(result.err, result.out));
  }
  return parseSlurmJob(result.out.substr(0, result.out.find('\n')));
}

void SlurmCommands::cancel(const std::string& id) const {
  const auto result = run(scancel_, {id});
  if (result.exit_status != 0) {
    throw std::runtime_error("scancel " + id + " failed: " + messageOf(result.err, result.out));
  }
}

}  // namespace everynet::service
