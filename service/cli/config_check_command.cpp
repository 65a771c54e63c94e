#include <chrono>
#include <iostream>

#include "service/cli/command_runner.h"
#include "service/cli/commands.h"
#include "service/cli/slurm_cluster_check.h"
#include "service/config/config_loader.h"

namespace everynet::service {
namespace {

// How long the cluster's controller has to answer; a silent one must not hang the check.
constexpr std::chrono::seconds kClusterAnswerTimeLimit{10};

}  // namespace

int configCheckCommand(const std::filesystem::path& file) {
  Config loaded = loadConfigFile(file);
  validateConfig(loaded, DataDir::check_only);
  if (loaded.engine.backend != TrainingBackendKind::slurm) {
    std::cout << file.string() << ": configuration is valid\n";
    return 0;
  }
  const auto cluster = checkSlurmCluster(loaded.slurm, kClusterAnswerTimeLimit);
  for (const auto& finding : cluster.findings) std::cout << finding << '\n';
  for (const auto& warning : cluster.warnings)
    std::cerr << "everynet: warning: " << warning << '\n';
  for (const auto& problem : cluster.problems) {
    std::cerr << "everynet: configuration error: " << problem << '\n';
  }
  if (!cluster.problems.empty()) return kConfigErrorStatus;
  std::cout << file.string() << ": configuration is valid\n";
  return 0;
}

}  // namespace everynet::service
