// everynet-engine: the everynet commands that load the engine (LibTorch, ITK). `everynet` runs it
// in its own place for them (service/cli/engine_binary.h); it is not meant to be run by hand.
#include <CLI/CLI.hpp>
#include <map>
#include <optional>
#include <string>

#include "service/cli/command_runner.h"
#include "service/cli/engine_binary.h"
#include "service/cli/engine_commands.h"
#include "service/config/config_loader.h"

namespace {

std::string summaryOf(std::string_view command) {
  return std::string(everynet::service::engineCommandSummary(command));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"EveryNet: personal change maps for brain-tumour follow-up, as a DICOM service",
               "everynet"};
  app.require_subcommand(1);

  std::string config_file;
  std::string data_dir;
  std::optional<int> dicom_port;
  std::string ae_title;
  auto* serve = app.add_subcommand("serve", summaryOf("serve"));
  serve->add_option("--config", config_file, "TOML configuration file");
  serve->add_option("--data-dir", data_dir, "Overrides storage.data_dir");
  serve->add_option("--dicom-port", dicom_port, "Overrides dicom.port")
      ->check(CLI::Range(1, 65535));
  serve->add_option("--ae-title", ae_title, "Overrides dicom.ae_title");

  everynet::service::PhantomRequest phantom_request;
  std::string phantom_out;
  auto* phantom = app.add_subcommand("phantom", summaryOf("phantom"));
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
  auto* analyze = app.add_subcommand("analyze", summaryOf("analyze"));
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

  if (const auto status = everynet::service::parseCommandLine(app, argc, argv)) return *status;

  return everynet::service::runReportingErrors([&] {
    if (serve->parsed()) {
      auto loaded = everynet::service::loadConfigFileOrDefaults(config_file);
      if (!data_dir.empty()) loaded.storage.data_dir = data_dir;
      if (dicom_port) loaded.dicom.port = static_cast<std::uint16_t>(*dicom_port);
      if (!ae_title.empty()) loaded.dicom.ae_title = ae_title;
      everynet::service::validateConfig(loaded, everynet::service::DataDir::create_if_missing);
      return everynet::service::serveCommand(std::move(loaded));
    }
    if (analyze->parsed()) return everynet::service::analyzeCommand(analyze_request);
    phantom_request.out_dir = phantom_out;
    return everynet::service::phantomCommand(phantom_request);
  });
}
