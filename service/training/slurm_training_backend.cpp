#include "service/training/slurm_training_backend.h"

#include <fstream>
#include <stdexcept>

#include "service/training/slurm_training_run.h"

namespace everynet::service {
namespace fs = std::filesystem;
namespace {

// 'text' for sh: single quotes, each of its own single quotes closed, escaped and reopened.
std::string shellQuoted(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

bool mentions(const std::string& message, const std::string& word) {
  const auto lower = [](std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  return lower(message).find(word) != std::string::npos;
}

// sbatch's refusal with the [slurm] key it points at.
std::string refusalNamingTheKey(const std::string& message, const Config::Slurm& settings) {
  std::string key;
  if (mentions(message, "partition")) {
    key = "slurm.partition = \"" + settings.partition + "\"";
  } else if (mentions(message, "account")) {
    key = "slurm.account = \"" + settings.account + "\"";
  } else if (mentions(message, "qos")) {
    key = "slurm.qos = \"" + settings.qos + "\"";
  } else if (mentions(message, "gres") || mentions(message, "generic resource")) {
    key = "slurm.gres = \"" + settings.gres + "\"";
  } else if (mentions(message, "memory")) {
    key = "slurm.memory = \"" + settings.memory + "\"";
  } else if (mentions(message, "time limit")) {
    key = "slurm.time_limit_minutes = " + std::to_string(settings.time_limit_minutes);
  } else if (mentions(message, "node configuration is not available")) {
    key = "slurm.cpus, slurm.memory or slurm.gres: more than a node of partition \"" +
          settings.partition + "\" has";
  } else {
    key = "[slurm] (partition, account, qos, gres, cpus, memory, extra_arguments)";
  }
  return message + " (" + key + ")";
}

}  // namespace

SlurmTrainingBackend::SlurmTrainingBackend(Config::Slurm settings)
    : settings_(std::move(settings)) {}

std::string SlurmTrainingBackend::jobName(const TrainingRequest& request) const {
  return "everynet-" + request.name;
}

std::vector<std::string> SlurmTrainingBackend::sbatchArguments(
    const TrainingRequest& request) const {
  const SlurmTrainingFolder folder(settings_.shared_dir, request.name);
  std::vector<std::string> arguments{
      "--job-name=" + jobName(request), "--partition=" + settings_.partition,
      "--cpus-per-task=" + std::to_string(settings_.cpus), "--mem=" + settings_.memory,
      "--time=" + std::to_string(settings_.time_limit_minutes), "--chdir=" + folder.root().string(),
      "--output=" + folder.jobOutput().string(),
      // A requeued job's output follows its first run's.
      "--open-mode=append", "--requeue"};
  if (!settings_.account.empty()) arguments.push_back("--account=" + settings_.account);
  if (!settings_.qos.empty()) arguments.push_back("--qos=" + settings_.qos);
  if (!settings_.gres.empty()) arguments.push_back("--gres=" + settings_.gres);
  arguments.insert(arguments.end(), settings_.extra_arguments.begin(),
                   settings_.extra_arguments.end());
  arguments.push_back(folder.script().string());
  return arguments;
}

std::string SlurmTrainingBackend::batchScript(const TrainingRequest& request) const {
  const SlurmTrainingFolder folder(settings_.shared_dir, request.name);
  const std::string trainer = shellQuoted(settings_.trainer.string());
  std::string command =
      "exec " + trainer + " --pair " + shellQuoted(folder.pair().string()) + " --out " +
      shellQuoted(folder.trainerOut().string()) + " --seed " + std::to_string(request.seed) +
      " --threads " + std::to_string(settings_.cpus) + " --device " + shellQuoted(settings_.device);
  if (!request.profile.empty()) command += " --profile " + shellQuoted(request.profile);
  for (const auto& setting : request.profile_settings) command += " --set " + shellQuoted(setting);
  return "#!/bin/sh\n"
         "# The EveryNet service's personal training " +
         request.name +
         ", run by sbatch.\n"
         "umask 077\n"
         "if [ ! -x " +
         trainer +
         " ]; then\n"
         "  echo \"slurm.trainer: \"" +
         trainer +
         "\" is not an executable file on node $(hostname)\" >&2\n"
         "  exit 2\n"
         "fi\n" +
         command + "\n";
}

std::unique_ptr<TrainingRun> SlurmTrainingBackend::submit(const TrainingRequest& request) {
  const SlurmTrainingFolder folder(settings_.shared_dir, request.name);
  fs::create_directories(request.out_dir);
  // A map of an earlier run must not pass for this run's.
  fs::remove(request.out_dir / "map.vol");
  folder.prepare(request);
  {
    std::ofstream script(folder.script(), std::ios::trunc);
    script << batchScript(request);
    if (!script) throw std::runtime_error("cannot write " + folder.script().string());
  }
  fs::permissions(folder.script(), fs::perms::owner_all, fs::perm_options::replace);
  // Made here, so that it is private: Slurm would create it with the service's umask, and with
  // --open-mode=append it keeps the file as it is.
  std::ofstream(folder.jobOutput(), std::ios::app).flush();
  fs::permissions(folder.jobOutput(), fs::perms::owner_read | fs::perms::owner_write,
                  fs::perm_options::replace);
  std::string job_id;
  try {
    job_id = commands_.submit(sbatchArguments(request));
  } catch (const std::runtime_error& error) {
    // Nothing ran: the pair does not stay on the shared file system, the progress and
    // checkpoint so far are still in out_dir.
    folder.remove();
    throw std::runtime_error(refusalNamingTheKey(error.what(), settings_));
  }
  return std::make_unique<SlurmTrainingRun>(commands_, settings_, job_id, folder, request.out_dir);
}

std::unique_ptr<TrainingRun> SlurmTrainingBackend::reattach(const std::string& id,
                                                            const TrainingRequest& request) {
  const SlurmTrainingFolder folder(settings_.shared_dir, request.name);
  std::optional<SlurmJob> job;
  try {
    job = commands_.job(id);
  } catch (const std::runtime_error&) {
    // A controller that does not answer now: the run waits for it as for any other answer.
    return std::make_unique<SlurmTrainingRun>(commands_, settings_, id, folder, request.out_dir);
  }
  const bool ours = job ? job->name == jobName(request) : folder.hasMap();
  if (!ours) return nullptr;
  return std::make_unique<SlurmTrainingRun>(commands_, settings_, id, folder, request.out_dir);
}

}  // namespace everynet::service
