// everynet: the service and its administration commands. The commands that load the engine run in
// everynet-engine, which takes this process's place for them (engine_binary.h).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "service/cli/command_runner.h"
#include "service/cli/commands.h"
#include "service/cli/engine_binary.h"
#include "service/config/config_loader.h"

namespace everynet::service {
namespace {

// The data directory of a running (or stopped) service: --data-dir, else the configuration's.
std::filesystem::path serviceDataDir(const std::string& config_file, const std::string& data_dir) {
  Config loaded = loadConfigFileOrDefaults(config_file);
  if (!data_dir.empty()) loaded.storage.data_dir = data_dir;
  validateConfig(loaded, DataDir::check_only);
  return loaded.storage.data_dir;
}

// Where the commands that read the service's data find it.
struct DataDirOptions {
  std::string config_file;
  std::string data_dir;

  void addTo(CLI::App& command) {
    command.add_option("--data-dir", data_dir, "Data directory of the service");
    command.add_option("--config", config_file, "Take the data directory from this configuration");
  }
  std::filesystem::path resolve() const { return serviceDataDir(config_file, data_dir); }
};

std::vector<Subcommand> addConfigCommands(CLI::App& app) {
  auto* config = app.add_subcommand("config", "Configuration tools");
  config->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* check = config->add_subcommand("check", "Validate a configuration file without starting");
  check->add_option("file", *file, "TOML configuration file")->required();
  return {{check, [file] { return configCheckCommand(*file); }}};
}

std::vector<Subcommand> addJobsCommand(CLI::App& app) {
  struct Options {
    DataDirOptions where;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* jobs = app.add_subcommand("jobs", "List jobs and T1ce decisions (works while serve runs)");
  options->where.addTo(*jobs);
  jobs->add_flag("--json", options->json, "Print JSON instead of text");
  return {{jobs, [options] { return jobsCommand(options->where.resolve(), options->json); }}};
}

std::vector<Subcommand> addExportCommands(CLI::App& app) {
  struct Options {
    DataDirOptions where;
    bool json = false;
    std::optional<std::int64_t> retry_job;
    bool retry_all_failed = false;
  };
  auto options = std::make_shared<Options>();
  auto* exports = app.add_subcommand("export", "The queue of results for the destinations");
  exports->require_subcommand(1);
  exports->fallthrough();  // --data-dir and --config also after list or retry
  options->where.addTo(*exports);
  auto* list = exports->add_subcommand(
      "list", "Counts per destination, and the exports that failed (works while serve runs)");
  list->add_flag("--json", options->json, "Print JSON instead of text");
  auto* retry = exports->add_subcommand(
      "retry", "Send a job's results again (sent ones included), or every failed export");
  auto* retry_job_option = retry->add_option("job", options->retry_job, "Job number");
  retry->add_flag("--all-failed", options->retry_all_failed, "Every export that failed")
      ->excludes(retry_job_option);
  retry->require_option(1);
  return {{list, [options] { return exportListCommand(options->where.resolve(), options->json); }},
          {retry,
           [options] { return exportRetryCommand(options->where.resolve(), options->retry_job); }}};
}

std::vector<Subcommand> addAdminCommands(CLI::App& app) {
  auto* admin = app.add_subcommand("admin", "Credentials for the admin web");
  admin->require_subcommand(1);
  auto* hash_password = admin->add_subcommand(
      "hash-password", "Read a new password from standard input and print its admin.password_hash");
  auto* new_token = admin->add_subcommand(
      "new-token", "Print a fresh bearer token and the admin.token_hashes line for it");
  return {{hash_password, adminHashPasswordCommand}, {new_token, adminNewTokenCommand}};
}

std::vector<Subcommand> addVersionCommand(CLI::App& app) {
  return {{app.add_subcommand("version", "Print the version"), versionCommand}};
}

}  // namespace
}  // namespace everynet::service

int main(int argc, char** argv) {
  using namespace everynet::service;
  if (argc > 1 && isEngineCommand(argv[1])) {
    return runReportingErrors([&]() -> int { runEngineBinary(argv); });
  }
  CLI::App app{"EveryNet: personal change maps for brain-tumour follow-up, as a DICOM service",
               "everynet"};
  app.require_subcommand(1);
  // Listed for --help; they never get here (above).
  for (const auto& command : engineCommands()) {
    app.add_subcommand(std::string(command.name), std::string(command.summary));
  }
  std::vector<Subcommand> subcommands;
  for (auto add : {addConfigCommands, addJobsCommand, addExportCommands, addAdminCommands,
                   addVersionCommand}) {
    for (auto& subcommand : add(app)) subcommands.push_back(std::move(subcommand));
  }
  if (const auto status = parseCommandLine(app, argc, argv)) return *status;
  return runParsedSubcommand(subcommands);
}
