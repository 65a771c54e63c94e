// everynet: the service and its administration commands.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <map>
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

  auto* version = app.add_subcommand("version", "Print the version");

  everynet::service::PhantomRequest phantom_request;
  std::string phantom_out;
  auto* phantom = app.add_subcommand(
      "phantom", "Write a phantom patient (two MR studies on Colin27) as DICOM, with the truth");
  phantom->add_option("--out", phantom_out, "Output directory")->required();
  phantom->add_option("--change", phantom_request.change, "What happens to the tumour")
      ->required()
      ->check(CLI::IsMember({"progression", "stable", "response", "complete", "nochange", "new"}));
  phantom->add_option("--seed", phantom_request.seed, "Random seed")->required();
  phantom->add_option("--thick", phantom_request.thick, "Visit whose T1ce has 0.5x0.5x5 mm voxels")
      ->check(CLI::IsMember({"none", "baseline", "followup"}));
  phantom->add_option("--voxel-mm", phantom_request.voxel_mm, "Isotropic voxel size (mm)")
      ->check(CLI::Range(0.5, 4.0));
  phantom->add_flag("--tumour-only", phantom_request.tumour_only,
                    "Follow-up differs from the baseline only in the tumour and the noise (same "
                    "pose, gain, bias field and anatomy)");

  everynet::service::AnalyzeRequest analyze_request;
  auto* analyze = app.add_subcommand(
      "analyze", "Train a personal change model on two T1ce series and write its results");
  analyze->add_option("--baseline", analyze_request.baseline_dir, "Baseline T1ce series directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  analyze->add_option("--followup", analyze_request.followup_dir, "Follow-up T1ce series directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  analyze->add_option("--out", analyze_request.out_dir, "Output directory (created)")->required();
  analyze->add_option("--profile", analyze_request.profile, "Training profile: paper, cpu or test")
      ->check(CLI::IsMember({"paper", "cpu", "test"}));
  analyze
      ->add_option("--set", analyze_request.profile_settings,
                   "Change one profile field, KEY=VALUE (repeatable; for tuning and "
                   "measurements), e.g. generator_iterations=1000")
      ->take_all()
      ->allow_extra_args(false);
  analyze->add_option("--seed", analyze_request.seed, "Random seed");
  analyze
      ->add_option("--method", analyze_request.method,
                   "personal-wgan (the product) or registration-subtraction (to compare)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, everynet::engine::ChangeMethod>{
              {"personal-wgan", everynet::engine::ChangeMethod::personal_wgan},
              {"registration-subtraction",
               everynet::engine::ChangeMethod::registration_subtraction}},
          CLI::ignore_case));
  analyze->add_option("--device", analyze_request.device, "auto, cpu or cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  analyze->add_option("--threads", analyze_request.threads, "CPU threads (0: one per core)");
  analyze
      ->add_option("--baseline-mask", analyze_request.baseline_mask,
                   "NIfTI segmentation of the baseline enhancing tumour")
      ->check(CLI::ExistingFile);
  analyze->add_option("--baseline-ml", analyze_request.baseline_ml,
                      "Baseline tumour volume an earlier analysis measured (mL)");
  auto* export_pair =
      analyze->add_flag("--export-pair", analyze_request.export_pair,
                        "Write the preprocessed training pair to OUT/training_pair and stop, to "
                        "train it on another machine (engine-bench --pair DIR --map-out FILE)");
  analyze
      ->add_option("--change-map", analyze_request.change_map,
                   "Read out this map, trained elsewhere on the pair of --export-pair with the "
                   "same profile, instead of training")
      ->check(CLI::ExistingFile)
      ->excludes(export_pair);

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
    if (exports->parsed()) {
      Config loaded = loadOrDefault(export_config_file);
      if (!export_data_dir.empty()) loaded.storage.data_dir = export_data_dir;
      everynet::service::validateConfig(loaded, everynet::service::DataDir::check_only);
      if (export_list->parsed()) {
        return everynet::service::exportListCommand(loaded.storage.data_dir, export_json);
      }
      return everynet::service::exportRetryCommand(loaded.storage.data_dir, retry_job);
    }
    if (hash_password->parsed()) return everynet::service::adminHashPasswordCommand();
    if (new_token->parsed()) return everynet::service::adminNewTokenCommand();
    if (version->parsed()) return everynet::service::versionCommand();
    if (analyze->parsed()) return everynet::service::analyzeCommand(analyze_request);
    if (phantom->parsed()) {
      phantom_request.out_dir = phantom_out;
      return everynet::service::phantomCommand(phantom_request);
    }
  } catch (const ConfigError& error) {
    std::cerr << "everynet: configuration error: " << error.what() << '\n';
    return kConfigErrorStatus;
  } catch (const std::exception& error) {
    std::cerr << "everynet: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
