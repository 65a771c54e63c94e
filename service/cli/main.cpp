// everynet: the service and its administration commands.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "service/cli/commands.h"
#include "service/config/config_loader.h"

namespace {

using everynet::service::Config;
using everynet::service::ConfigError;

// Status 2: the command line or the configuration is wrong; nothing was started.
constexpr int kConfigErrorStatus = 2;

Config loadOrDefault(const std::string& file) {
  return file.empty() ? Config{} : everynet::service::loadConfigFile(file);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"EveryNet: personal change maps for brain-tumour follow-up, as a DICOM service"};
  app.require_subcommand(1);

  std::string config_file;
  std::string data_dir;
  std::optional<int> dicom_port;
  std::string ae_title;
  auto* serve =
      app.add_subcommand("serve", "Run the service: DICOM node, series tracking, job queue");
  serve->add_option("--config", config_file, "TOML configuration file");
  serve->add_option("--data-dir", data_dir, "Overrides storage.data_dir");
  serve->add_option("--dicom-port", dicom_port, "Overrides dicom.port")
      ->check(CLI::Range(1, 65535));
  serve->add_option("--ae-title", ae_title, "Overrides dicom.ae_title");

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

  auto* version = app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version end here with 0; every usage error exits 2, like a bad configuration.
    return app.exit(error) == 0 ? 0 : kConfigErrorStatus;
  }

  try {
    if (serve->parsed()) {
      Config loaded = loadOrDefault(config_file);
      if (!data_dir.empty()) loaded.storage.data_dir = data_dir;
      if (dicom_port) loaded.dicom.port = static_cast<std::uint16_t>(*dicom_port);
      if (!ae_title.empty()) loaded.dicom.ae_title = ae_title;
      everynet::service::validateConfig(loaded, everynet::service::DataDir::create_if_missing);
      return everynet::service::serveCommand(std::move(loaded));
    }
    if (check->parsed()) {
      Config loaded = everynet::service::loadConfigFile(checked_file);
      everynet::service::validateConfig(loaded, everynet::service::DataDir::check_only);
      std::cout << checked_file << ": configuration is valid\n";
      return 0;
    }
    if (jobs->parsed()) {
      Config loaded = loadOrDefault(jobs_config_file);
      if (!jobs_data_dir.empty()) loaded.storage.data_dir = jobs_data_dir;
      everynet::service::validateConfig(loaded, everynet::service::DataDir::check_only);
      return everynet::service::jobsCommand(loaded.storage.data_dir, json);
    }
    if (version->parsed()) return everynet::service::versionCommand();
  } catch (const ConfigError& error) {
    std::cerr << "everynet: configuration error: " << error.what() << '\n';
    return kConfigErrorStatus;
  } catch (const std::exception& error) {
    std::cerr << "everynet: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
