// everynet-engine: the everynet commands that load the engine (LibTorch, ITK). `everynet` runs it
// in its own place for them (service/cli/engine_binary.h); it is not meant to be run by hand.
#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "service/cli/command_runner.h"
#include "service/cli/engine_binary.h"
#include "service/cli/engine_commands.h"
#include "service/training/trainer_description.h"

namespace everynet::service {
namespace {

std::string summaryOf(std::string_view command) {
  return std::string(engineCommandSummary(command));
}

Subcommand addServeCommand(CLI::App& app) {
  struct Options {
    std::string config_file;
    std::string data_dir;
    std::optional<int> dicom_port;
    std::string ae_title;
  };
  auto options = std::make_shared<Options>();
  auto* serve = app.add_subcommand("serve", summaryOf("serve"));
  serve->add_option("--config", options->config_file, "TOML configuration file");
  serve->add_option("--data-dir", options->data_dir, "Overrides storage.data_dir");
  serve->add_option("--dicom-port", options->dicom_port, "Overrides dicom.port")
      ->check(CLI::Range(1, 65535));
  serve->add_option("--ae-title", options->ae_title, "Overrides dicom.ae_title");
  return {serve, [options] {
            ServeRequest request{options->config_file, options->data_dir, std::nullopt,
                                 options->ae_title};
            if (options->dicom_port) {
              request.dicom_port = static_cast<std::uint16_t>(*options->dicom_port);
            }
            return serveCommand(request);
          }};
}

Subcommand addPhantomCommand(CLI::App& app) {
  auto request = std::make_shared<PhantomRequest>();
  auto* phantom = app.add_subcommand("phantom", summaryOf("phantom"));
  phantom->add_option("--out", request->out_dir, "Output directory")->required();
  phantom->add_option("--change", request->change, "What happens to the tumour")
      ->required()
      ->check(CLI::IsMember({"progression", "stable", "response", "complete", "nochange", "new"}));
  phantom->add_option("--seed", request->seed, "Random seed")->required();
  phantom->add_option("--thick", request->thick, "Visit whose T1ce has 0.5x0.5x5 mm voxels")
      ->check(CLI::IsMember({"none", "baseline", "followup"}));
  phantom->add_option("--voxel-mm", request->voxel_mm, "Isotropic voxel size (mm)")
      ->check(CLI::Range(0.5, 4.0));
  phantom->add_flag("--tumour-only", request->tumour_only,
                    "Follow-up differs from the baseline only in the tumour and the noise (same "
                    "pose, gain, bias field and anatomy)");
  phantom
      ->add_option("--enhancement", request->enhancement,
                   "Enhancing tumour's T1ce signal as a multiple of white matter's (default 1.75; "
                   "1.2 is faint, as at 1.5 T or with a low dose)")
      ->check(CLI::Range(1.0, 2.5));
  phantom
      ->add_option("--tumour", request->tumour,
                   "Kind of tumour: rim (bright rim, dark core; the default), solid, multifocal "
                   "(2 or 3 foci) or irregular (lobulated)")
      ->check(CLI::IsMember({"rim", "solid", "multifocal", "irregular"}));
  phantom
      ->add_option("--site", request->site,
                   "Where the tumour grows: deep (white matter; the default), periventricular or "
                   "cortical")
      ->check(CLI::IsMember({"deep", "periventricular", "cortical"}));
  for (const auto& [visit, voxel, gap] :
       {std::tuple{"baseline", &request->baseline_voxel_mm, &request->baseline_gap_mm},
        std::tuple{"followup", &request->followup_voxel_mm, &request->followup_gap_mm}}) {
    phantom
        ->add_option(std::string("--") + visit + "-voxel", *voxel,
                     std::string("The ") + visit +
                         " T1ce's voxel, X,Y,Z mm (in-plane 0.45-1.2, slices 1-6; times "
                         "--voxel-mm)")
        ->delimiter(',')
        ->expected(3);
    phantom->add_option(
        std::string("--") + visit + "-gap", *gap,
        std::string("Gap between the ") + visit + " T1ce's slices, mm (0-2; times --voxel-mm)");
  }
  phantom->add_flag("--varied", request->varied,
                    "Draw tumour kind, site, enhancement and each visit's voxel and gap from the "
                    "seed; the options above override what it draws");
  return {phantom, [request] { return phantomCommand(*request); }};
}

// What to analyse, and how.
void addAnalysisOptions(CLI::App& analyze, AnalyzeRequest& request) {
  analyze.add_option("--baseline", request.baseline_dir, "Baseline T1ce series directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  analyze.add_option("--followup", request.followup_dir, "Follow-up T1ce series directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  analyze.add_option("--out", request.out_dir, "Output directory (created)")->required();
  analyze.add_option("--profile", request.profile, "Training profile: paper, cpu or test")
      ->check(CLI::IsMember({"paper", "cpu", "test"}));
  analyze
      .add_option("--set", request.profile_settings,
                  "Change one profile field, KEY=VALUE (repeatable; for tuning and "
                  "measurements), e.g. generator_iterations=1000")
      ->take_all()
      ->allow_extra_args(false);
  analyze.add_option("--seed", request.seed, "Random seed");
  analyze
      .add_option("--method", request.method,
                  "personal-wgan (the product) or registration-subtraction (to compare)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, engine::ChangeMethod>{
              {"personal-wgan", engine::ChangeMethod::personal_wgan},
              {"registration-subtraction", engine::ChangeMethod::registration_subtraction}},
          CLI::ignore_case));
  analyze.add_option("--device", request.device, "auto, cpu or cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  analyze.add_option("--threads", request.threads, "CPU threads (0: one per core)");
  analyze.add_option("--trainer", request.trainer,
                     "The personal WGAN's trainer, run as a child process (default: "
                     "everynet-train beside everynet-engine)");
  analyze
      .add_option("--baseline-mask", request.baseline_mask,
                  "NIfTI segmentation of the baseline enhancing tumour")
      ->check(CLI::ExistingFile);
  analyze.add_option("--baseline-ml", request.baseline_ml,
                     "Baseline tumour volume an earlier analysis measured (mL)");
}

// Training elsewhere: the pair out, or a map trained on it in.
void addTrainElsewhereOptions(CLI::App& analyze, AnalyzeRequest& request) {
  auto* export_pair =
      analyze.add_flag("--export-pair", request.export_pair,
                       "Write the preprocessed training pair to OUT/training_pair and stop, to "
                       "train it on another machine (everynet-train --pair DIR --out DIR2)");
  analyze
      .add_option("--change-map", request.change_map,
                  "Read out this map, trained elsewhere on the pair of --export-pair with the "
                  "same profile, instead of training")
      ->check(CLI::ExistingFile)
      ->excludes(export_pair);
}

Subcommand addAnalyzeCommand(CLI::App& app) {
  auto request = std::make_shared<AnalyzeRequest>();
  auto* analyze = app.add_subcommand("analyze", summaryOf("analyze"));
  addAnalysisOptions(*analyze, *request);
  addTrainElsewhereOptions(*analyze, *request);
  return {analyze, [request] {
            if (request->trainer.empty()) request->trainer = defaultTrainerPath();
            return analyzeCommand(*request);
          }};
}

}  // namespace
}  // namespace everynet::service

int main(int argc, char** argv) {
  using namespace everynet::service;
  CLI::App app{"EveryNet: personal change maps for brain-tumour follow-up, as a DICOM service",
               "everynet"};
  app.require_subcommand(1);
  const std::vector<Subcommand> subcommands{addServeCommand(app), addPhantomCommand(app),
                                            addAnalyzeCommand(app)};
  if (const auto status = parseCommandLine(app, argc, argv)) return *status;
  return runParsedSubcommand(subcommands);
}
