// everynet: the service and its administration commands. The commands that load the engine run in
// everynet-engine, which takes this process's place for them (engine_binary.h).
#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>
#include <string>

#include "service/cli/command_runner.h"
#include "service/cli/commands.h"
#include "service/cli/engine_binary.h"
#include "service/config/config_loader.h"

using everynet::service::Config;
using everynet::service::loadConfigFileOrDefaults;

int main(int argc, char** argv) {
  if (argc > 1 && everynet::service::isEngineCommand(argv[1])) {
    return everynet::service::runReportingErrors(
        [&]() -> int { everynet::service::runEngineBinary(argv); });
  }
  CLI::App app{"EveryNet: personal change maps for brain-tumour follow-up, as a DICOM service",
               "everynet"};
  app.require_subcommand(1);
  // Listed for --help; they never get here (above).
  for (const auto& command : everynet::service::engineCommands()) {
    app.add_subcommand(std::string(command.name), std::string(command.summary));
  }

  auto* config = app.add_subcommand("config", "Configuration tools");
  config->require_subcommand(1);
  std::string checked_file;
  auto* check = config->add_subcommand("check", "Validate a configuration file without starting");
  check->add_option("file", checked_file, "TOML configuration file")->required();

  bool json = false;
  std::string jobs_config_file;
  std::string jobs_data_dir;
  auto* jobs = app.add_subcommand("jobs", "List jobs and T1ce decisions (works while serve runs)");
  jobs->add_option("--data-dir", jobs_data_dir, "Data directory of the service");
  jobs->add_option("--config", jobs_config_file, "Take the data directory from this configuration");
  jobs->add_flag("--json", json, "Print JSON instead of text");

  std::string export_config_file;
  std::string export_data_dir;
  auto* exports = app.add_subcommand("export", "The queue of results for the destinations");
  exports->require_subcommand(1);
  exports->fallthrough();  // --data-dir and --config also after list or retry
  exports->add_option("--data-dir", export_data_dir, "Data directory of the service");
  exports->add_option("--config", export_config_file,
                      "Take the data directory from this configuration");
  bool export_json = false;
  auto* export_list = exports->add_subcommand(
      "list", "Counts per destination, and the exports that failed (works while serve runs)");
  export_list->add_flag("--json", export_json, "Print JSON instead of text");
  std::optional<std::int64_t> retry_job;
  bool retry_all_failed = false;
  auto* export_retry = exports->add_subcommand(
      "retry", "Send a job's results again (sent ones included), or every failed export");
  auto* retry_job_option = export_retry->add_option("job", retry_job, "Job number");
  export_retry->add_flag("--all-failed", retry_all_failed, "Every export that failed")
      ->excludes(retry_job_option);
  export_retry->require_option(1);

  auto* admin = app.add_subcommand("admin", "Credentials for the admin web");
  admin->require_subcommand(1);
  auto* hash_password = admin->add_subcommand(
      "hash-password", "Read a new password from standard input and print its admin.password_hash");
  auto* new_token = admin->add_subcommand(
      "new-token", "Print a fresh bearer token and the admin.token_hashes line for it");

  app.add_subcommand("version", "Print the version");

  if (const auto status = everynet::service::parseCommandLine(app, argc, argv)) return *status;

  return everynet::service::runReportingErrors([&] {
    if (check->parsed()) {
      Config loaded = everynet::service::loadConfigFile(checked_file);
      everynet::service::validateConfig(loaded, everynet::service::DataDir::check_only);
      std::cout << checked_file << ": configuration is valid\n";
      return 0;
    }
    if (jobs->parsed()) {
      Config loaded = loadConfigFileOrDefaults(jobs_config_file);
      if (!jobs_data_dir.empty()) loaded.storage.data_dir = jobs_data_dir;
      everynet::service::validateConfig(loaded, everynet::service::DataDir::check_only);
      return everynet::service::jobsCommand(loaded.storage.data_dir, json);
    }
    if (exports->parsed()) {
      Config loaded = loadConfigFileOrDefaults(export_config_file);
      if (!export_data_dir.empty()) loaded.storage.data_dir = export_data_dir;
      everynet::service::validateConfig(loaded, everynet::service::DataDir::check_only);
      if (export_list->parsed()) {
        return everynet::service::exportListCommand(loaded.storage.data_dir, export_json);
      }
      return everynet::service::exportRetryCommand(loaded.storage.data_dir, retry_job);
    }
    if (hash_password->parsed()) return everynet::service::adminHashPasswordCommand();
    if (new_token->parsed()) return everynet::service::adminNewTokenCommand();
    return everynet::service::versionCommand();  // the one command left
  });
}
