// `everynet analyze`: the whole method on two series directories, outside the service.
#include <chrono>
#include <fstream>
#include <iostream>

#include "engine/analysis/analysis_files.h"
#include "engine/analysis/change_analysis.h"
#include "engine/core/profile_settings.h"
#include "engine/core/training_pair_files.h"
#include "engine/imaging/dicom_series_reader.h"
#include "engine/imaging/nifti_io.h"
#include "engine/imaging/series_files.h"
#include "service/analysis/analysis_report.h"
#include "service/cli/engine_commands.h"
#include "service/cli/personal_training.h"
#include "service/training/trainer_description.h"

namespace everynet::service {
namespace {

geometry::PatientVolume readSeries(const std::filesystem::path& directory,
                                   std::string& series_uid) {
  const auto series = engine::seriesFilesIn(directory);
  series_uid = series.series_instance_uid;
  return engine::readDicomSeries(series.files);
}

void printSummary(const engine::ChangeAnalysis& a, const std::filesystem::path& out) {
  std::printf(
      "baseline %.2f mL (%s), follow-up %.2f mL: growth %.2f mL, reduction %.2f mL\n"
      "modified RANO: %s (%s)\n"
      "results in %s (report.json, NIfTI maps, previews/)\n",
      a.baseline_ml, engine::toString(a.baseline_source), a.followup_ml, a.growth_ml,
      a.reduction_ml, engine::toString(a.rano.rano_class), a.rano.reason.c_str(),
      out.string().c_str());
  for (const auto& caution : a.cautions) std::printf("caution: %s\n", caution.c_str());
}

// The profile's options, as everynet-train and everynet analyze take them: the map must be of
// this grid and schedule (and on the CPU, of these threads to be the same map).
std::string profileOptions(const AnalyzeRequest& request) {
  std::string options = "--profile " + request.profile + " --seed " + std::to_string(request.seed);
  if (request.threads > 0) options += " --threads " + std::to_string(request.threads);
  for (const auto& setting : request.profile_settings) options += " --set " + setting;
  return options;
}

int exportTrainingPair(const engine::AnalysisInputs& inputs, const engine::TrainingProfile& profile,
                       const AnalyzeRequest& request) {
  const auto dir = request.out_dir / "training_pair";
  engine::writePairFiles(dir, engine::trainingPairFor(inputs, profile));
  const auto options = profileOptions(request);
  std::printf(
      "training pair written to %s (%dx%dx%d)\n"
      "train it: everynet-train --pair %s --out TRAINING_DIR %s\n"
      "then: everynet analyze ... %s --change-map TRAINING_DIR/map.vol\n",
      dir.string().c_str(), profile.grid_xy, profile.grid_xy, profile.grid_z, dir.string().c_str(),
      options.c_str(), options.c_str());
  return 0;
}

// The personal network trained on this analysis's pair by the trainer, into OUT/training;
// nothing when it was stopped.
std::optional<TrainedMap> trainPersonalNetwork(const engine::AnalysisInputs& inputs,
                                               const engine::TrainingProfile& profile,
                                               const AnalyzeRequest& request) {
  const auto pair_dir = request.out_dir / "training_pair";
  engine::writePairFiles(pair_dir, engine::trainingPairFor(inputs, profile));
  const TrainingRequest training{pair_dir,        request.out_dir / "training",
                                 request.profile, request.profile_settings,
                                 request.seed,    request.threads,
                                 request.device,  request.out_dir.filename().string()};
  auto trained = trainWithLocalTrainer(request.trainer, training);
  if (!trained) {
    std::cerr << "everynet analyze: training stopped; the same command resumes it from "
              << (training.out_dir / "checkpoint").string() << '\n';
    return std::nullopt;
  }
  // The pair and the checkpoint are only there to train and to resume an interrupted run; the
  // patient's model goes with them. The map stays (training/map.vol), the figures' source.
  std::filesystem::remove_all(pair_dir);
  std::filesystem::remove_all(training.out_dir / "checkpoint");
  return trained;
}

}  // namespace

int analyzeCommand(const AnalyzeRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  engine::TrainingProfile profile;
  try {
    profile = engine::profileWithSettings(request.profile, request.profile_settings);
  } catch (const std::invalid_argument& error) {
    std::cerr << "everynet analyze: " << error.what() << '\n';
    return 2;
  }
  if ((request.export_pair || request.change_map) &&
      request.method != engine::ChangeMethod::personal_wgan) {
    std::cerr << "everynet analyze: --export-pair and --change-map are for the personal WGAN\n";
    return 2;
  }
  const bool trains_here = request.method == engine::ChangeMethod::personal_wgan &&
                           !request.export_pair && !request.change_map;
  std::optional<TrainerDescription> trainer;
  if (trains_here) {
    try {
      trainer = describeTrainer(request.trainer);
    } catch (const std::runtime_error& error) {
      std::cerr << "everynet analyze: " << error.what() << '\n';
      return 2;
    }
  }
  AnalysisRun run{request.profile, request.profile_settings, request.seed, {}, {}, 0, {}};
  if (trainer) run.libtorch = trainer->libtorch;
  engine::AnalysisInputs inputs;
  inputs.baseline = readSeries(request.baseline_dir, run.baseline_series_uid);
  inputs.followup = readSeries(request.followup_dir, run.followup_series_uid);
  if (request.baseline_mask)
    inputs.baseline_segmentation = engine::readNifti(*request.baseline_mask);
  inputs.earlier_job_followup_ml = request.baseline_ml;
  if (request.export_pair) return exportTrainingPair(inputs, profile, request);

  engine::AnalysisSettings settings;
  settings.method = request.method;
  settings.profile = profile;
  std::optional<TrainedMap> trained;
  if (trains_here) {
    trained = trainPersonalNetwork(inputs, profile, request);
    if (!trained) return 1;
    settings.trained_map = trained->map;
  }
  if (request.change_map) settings.trained_map = engine::readVolumeFile(*request.change_map);
  auto analysis = engine::analyseChange(inputs, settings);
  if (trained) {
    // The analysis only took the map; making it was the trainer's work.
    analysis.device = trained->device;
    analysis.timings.change_map_seconds = trained->seconds;
  }
  engine::writeAnalysisFiles(analysis, request.out_dir);
  run.total_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::ofstream(request.out_dir / "report.json") << analysisReport(analysis, run).dump(2) << '\n';
  printSummary(analysis, request.out_dir);
  return 0;
}

}  // namespace everynet::service
