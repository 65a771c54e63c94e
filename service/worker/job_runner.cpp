#include "service/worker/job_runner.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "dicom/instance_file.h"
#include "dicom/results/source_series.h"
#include "engine/analysis/analysis_files.h"
#include "engine/analysis/change_analysis.h"
#include "engine/core/training_pair_files.h"
#include "engine/core/training_profile.h"
#include "engine/imaging/dicom_series_reader.h"
#include "service/analysis/analysis_report.h"
#include "service/ingest/incoming_instance.h"
#include "service/training/training_backend.h"
#include "service/unix_time.h"
#include "service/worker/job_failure.h"
#include "service/worker/personal_training.h"
#include "service/worker/result_objects.h"
#include "service/worker/supplied_segmentation.h"
#include "storage/file_store.h"
#include "storage/job_queue.h"

namespace everynet::service {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Seeded alike for every job, so that a job run again gives the same result on the CPU.
constexpr std::uint64_t kTrainingSeed = 1;

std::vector<fs::path> seriesFiles(storage::JobQueue& jobs, const storage::FileStore& files,
                                  const std::string& series_uid) {
  std::vector<fs::path> paths;
  for (const auto& relative : jobs.seriesInstanceFiles(series_uid)) {
    paths.push_back(files.root() / relative);
  }
  return paths;
}

// The log line of a job that succeeded: volumes and RANO class, nothing that names the patient.
std::string completionSummary(const json& report, std::size_t result_count) {
  const auto volume = [&](const char* which) {
    return report.value(json::json_pointer(std::string("/volumes_ml/") + which), 0.0);
  };
  char text[200];
  std::snprintf(text, sizeof text,
                "succeeded: %zu result object(s) stored; tumour %.2f -> %.2f mL, RANO %s",
                result_count, volume("baseline"), volume("followup"),
                report.value(json::json_pointer("/rano/class"), std::string("unknown")).c_str());
  return text;
}

// The job's completion from its results' manifest, without its results yet.
storage::JobCompletion completionOf(const json& manifest) {
  const auto& followup_ml = manifest.at("followup_ml");
  return {manifest.at("report").dump(),
          followup_ml.is_null() ? std::nullopt : std::optional(followup_ml.get<double>()),
          {},
          {},
          {}};
}

// Stores one result file where its UIDs place an instance, unindexed: only the job's completion
// indexes it. Its directory is not listed as recent (storage::IngestStore::leaseInstanceDirectory),
// so no start indexes it on its own after a crash; the next run of the job writes the same bytes
// there (or finds them) and indexes it then.
fs::path storeResultFile(const storage::FileStore& files, const dicom::InstanceHeader& header,
                         const std::string& bytes) {
  const auto path = storage::FileStore::instancePath(
      header.study_instance_uid, header.series_instance_uid, header.sop_instance_uid);
  if (files.hasSameContent(path, bytes)) return path;
  if (fs::exists(files.root() / path)) {
    // Result UIDs are new: this is another instance, which a result must never replace.
    throw std::runtime_error("another instance is stored under result UID " +
                             header.sop_instance_uid);
  }
  files.writeDurably(path, bytes);
  return path;
}

// Renames a finished directory into place and makes the rename durable.
void publishDirectory(const fs::path& from, const fs::path& to) {
  fs::rename(from, to);
  storage::FileStore::syncDirectory(to.parent_path());
}

}  // namespace

fs::path jobWorkDirectory(const storage::FileStore& files, std::int64_t job_id) {
  return files.root() / "jobs" / std::to_string(job_id);
}

JobRunner::JobRunner(const Config& config, const AnalysisPlan& plan, int cpu_threads,
                     storage::FileStore& files, storage::JobQueue& jobs, TrainingBackend* training,
                     WakeExports wake_exports)
    : config_(config),
      plan_(plan),
      profile_(*engine::profileByName(config.engine.profile)),
      cpu_threads_(cpu_threads),
      files_(files),
      jobs_(jobs),
      training_(training),
      wake_exports_(std::move(wake_exports)) {}

void JobRunner::enterStage(Run& run, JobStage stage) {
  run.stage = stage;
  const std::string text(describe(stage));
  jobs_.recordStage(run.job.id, text, unixNow());
  jobs_.addEvent(run.job.id, storage::JobEventLevel::info, text, unixNow());
}

bool JobRunner::cancelRequested(const Run& run) {
  return jobs_.cancelRequested(run.job.id);
}

void JobRunner::cancel(Run& run) {
  // The patient's model goes with the rest: a cancelled job keeps nothing.
  fs::remove_all(run.work);
  jobs_.recordCancelled(run.job.id, unixNow());
  spdlog::info("job {} cancelled on request", run.job.id);
}

JobEnd JobRunner::run(const storage::JobRecord& job, const std::string& device,
                      const std::function<bool()>& stopping) {
  Run run{job, jobWorkDirectory(files_, job.id), JobStage::starting};
  const fs::path& work = run.work;
  try {
    jobs_.recordStarted(job.id, device, unixNow());
    fs::create_directories(work);
    // Results already written by an earlier run of this job are stored as they are: writing them
    // again would give them new UIDs, and the PACS would get the same results twice.
    if (!fs::exists(work / "results")) {
      const JobEnd end = analyse(run, device, stopping);
      if (end == JobEnd::cancelled) cancel(run);
      if (end != JobEnd::succeeded) return end;
    }
    storeResults(run);
    return JobEnd::succeeded;
  } catch (const std::exception& error) {
    const std::string reason = jobFailureReason(run.stage, error);
    jobs_.finish(job.id, storage::JobState::failed, reason, unixNow());
    jobs_.addEvent(job.id, storage::JobEventLevel::error, "failed: " + reason, unixNow());
    spdlog::error("job {} failed: {}", job.id, reason);
    // Nothing of a failed job is kept but what it had stored; the model goes with the rest.
    std::error_code ignored;
    fs::remove_all(work, ignored);
    return JobEnd::failed;
  }
}

struct JobRunner::JobInputs {
  engine::AnalysisInputs scans;
  dicom::SourceSeries baseline_source;
  dicom::SourceSeries followup_source;
};

JobRunner::JobInputs JobRunner::readInputs(Run& run) {
  const auto& job = run.job;
  JobInputs inputs;
  enterStage(run, JobStage::reading_baseline);
  const auto baseline_files = seriesFiles(jobs_, files_, job.baseline_series_uid);
  inputs.scans.baseline = engine::readDicomSeries(baseline_files);
  inputs.baseline_source = dicom::readSourceSeries(baseline_files);
  inputs.scans.baseline_segmentation = suppliedBaselineSegmentation(
      jobs_, files_, job.baseline_series_uid, inputs.baseline_source.frame_of_reference_uid);
  inputs.scans.earlier_job_followup_ml =
      jobs_.earlierFollowupVolume(job.baseline_series_uid, job.method);
  enterStage(run, JobStage::reading_followup);
  const auto followup_files = seriesFiles(jobs_, files_, job.followup_series_uid);
  inputs.scans.followup = engine::readDicomSeries(followup_files);
  inputs.followup_source = dicom::readSourceSeries(followup_files);
  return inputs;
}

JobRunner::PersonalMap JobRunner::trainPersonalNetwork(Run& run, const JobInputs& inputs,
                                                       const std::string& device,
                                                       const std::function<bool()>& stopping) {
  if (!training_) {
    throw std::runtime_error(
        "the personal WGAN is not run by this service (engine.methods); retry it once it is");
  }
  const auto& job = run.job;
  enterStage(run, JobStage::preprocessing);
  // The pair is written once: a resumed training goes on with the pair its checkpoint was made on.
  const fs::path pair = run.work / "pair";
  if (!fs::exists(pair / "FORMAT")) {
    const fs::path partial = run.work / "pair.partial";
    fs::remove_all(partial);
    engine::writePairFiles(partial, engine::trainingPairFor(inputs.scans, profile_));
    publishDirectory(partial, pair);
  }
  if (cancelRequested(run)) return {JobEnd::cancelled, {}, {}};

  TrainingWatch watch;
  watch.started = [&](const TrainerProgress& p) {
    enterStage(run, JobStage::training);
    if (p.resumed_from > 0) {
      const std::string resumed = "resumed its training from a checkpoint at iteration " +
                                  std::to_string(p.resumed_from) + " of " + std::to_string(p.total);
      spdlog::info("job {} {}", job.id, resumed);
      jobs_.addEvent(job.id, storage::JobEventLevel::info, resumed, unixNow());
    }
  };
  watch.iteration = [&](const TrainerIteration& i) {
    if (i.total <= 0) return;
    jobs_.recordTrainingIteration(job.id, static_cast<double>(i.iteration) / i.total,
                                  {i.iteration, i.critic_loss, i.generator_loss}, i.eta_seconds,
                                  unixNow());
  };
  watch.cancel_requested = [&] { return cancelRequested(run); };
  // As claimed: what an earlier process recorded for this job.
  watch.recorded_run = [&] { return job.training_run.value_or(""); };
  watch.record_run = [&](const std::string& training_run) {
    jobs_.recordTrainingRun(job.id, training_run);
  };
  // Called only when the reason changes: one log line per change, not one per poll.
  watch.waiting = [&](const std::string& why) {
    jobs_.recordTrainingWait(job.id, why);
    if (!why.empty()) {
      spdlog::info("job {} waits: {}", job.id, why);
      jobs_.addEvent(job.id, storage::JobEventLevel::info, "waits: " + why, unixNow());
    }
  };
  watch.stopping = stopping;
  watch.silent_limit = std::chrono::seconds(config_.engine.trainer_silent_seconds);
  const TrainingRequest request = trainingRequest(run, device);
  const auto outcome = followTraining(*training_, request, watch);
  switch (outcome.end) {
    case TrainingEnd::stopped:
      return {JobEnd::stopped, {}, {}};
    case TrainingEnd::cancelled:
      return {JobEnd::cancelled, {}, {}};
    case TrainingEnd::finished:
      break;
  }
  PersonalMap result{
      JobEnd::succeeded,
      {},
      {outcome.progress.device, outcome.progress.seconds, outcome.progress.libtorch}};
  result.map = engine::readVolumeFile(request.out_dir / "map.vol");
  return result;
}

TrainingRequest JobRunner::trainingRequest(const Run& run, const std::string& device) const {
  return {run.work / "pair",
          run.work / "training",
          config_.engine.profile,
          {},
          kTrainingSeed,
          cpu_threads_,
          device,
          "job-" + std::to_string(run.job.id)};
}

void JobRunner::endRecordedTraining(const Run& run, const std::string& device) {
  const auto& recorded = run.job.training_run;
  if (!training_ || !recorded || !recorded->starts_with(training_->name() + ":")) return;
  const auto id = recorded->substr(training_->name().size() + 1);
  try {
    if (auto training = training_->reattach(id, trainingRequest(run, device))) training->cancel();
  } catch (const std::exception& error) {
    spdlog::warn("job {}: its training {} could not be ended: {}", run.job.id, *recorded,
                 error.what());
  }
}

JobEnd JobRunner::analyse(Run& run, const std::string& device,
                          const std::function<bool()>& stopping) {
  const double started = unixNow();
  if (cancelRequested(run)) {
    // Cancelled while it waited for a worker after a restart: its cluster job still runs.
    endRecordedTraining(run, device);
    return JobEnd::cancelled;
  }
  const auto inputs = readInputs(run);
  if (cancelRequested(run)) return JobEnd::cancelled;

  engine::AnalysisSettings settings;
  settings.profile = profile_;
  TrainingRecord training;
  if (run.job.method == toString(AnalysisMethod::personal_wgan)) {
    auto trained = trainPersonalNetwork(run, inputs, device, stopping);
    if (!trained.map) return trained.end;
    settings.method = engine::ChangeMethod::personal_wgan;
    settings.trained_map = std::move(trained.map);
    training = trained.training;
    enterStage(run, JobStage::reading_out);
  } else {
    settings.method = engine::ChangeMethod::registration_subtraction;
    enterStage(run, JobStage::registering);
  }
  auto analysis = engine::analyseChange(inputs.scans, settings);
  // A cancel request is seen first: a service stopping meanwhile must not queue the job again.
  if (cancelRequested(run)) return JobEnd::cancelled;
  if (!training.device.empty()) analysis.device = training.device;
  writeResults(run, analysis, inputs, started, training);
  return JobEnd::succeeded;
}

std::string JobRunner::libTorchOf(const TrainingRecord& training) const {
  if (training.seconds <= 0) return "";
  // A trainer that does not report it (an older one) is the one described at start.
  if (training.libtorch.empty() && plan_.trainer_description) {
    return plan_.trainer_description->libtorch;
  }
  return training.libtorch;
}

void JobRunner::writeResults(Run& run, const engine::ChangeAnalysis& analysis,
                             const JobInputs& inputs, double started,
                             const TrainingRecord& training) {
  const auto& job = run.job;
  const auto& work = run.work;
  enterStage(run, JobStage::writing_results);
  const fs::path partial = work / "results.partial";
  fs::remove_all(partial);
  fs::create_directories(partial);
  AnalysisRun how{config_.engine.profile,  {},
                  kTrainingSeed,           job.baseline_series_uid,
                  job.followup_series_uid, unixNow() - started,
                  libTorchOf(training),    training.seconds};
  json report = analysisReport(analysis, how);
  // A follow-up volume measured against a baseline that gave no class is kept from later jobs.
  const bool assessable = analysis.rano.rano_class != engine::RanoClass::not_assessable;
  json manifest = {{"followup_ml", assessable ? json(analysis.followup_ml) : json()},
                   {"results", json::array()}};
  const double writing_started = unixNow();
  for (const auto& written : writeResultObjects(
           analysis, {inputs.baseline_source, inputs.followup_source, inputs.scans.followup},
           report, partial)) {
    manifest["results"].push_back(
        {{"file", written.file.filename().string()}, {"kind", storage::toString(written.kind)}});
  }
  report["timings_seconds"]["writing_results"] = unixNow() - writing_started;
  manifest["report"] = report;
  files_.writeDurably(fs::relative(partial / "manifest.json", files_.root()), manifest.dump(2));
  // The maps and previews stay beside the job for the admin page; only results are DICOM.
  engine::writeAnalysisFiles(analysis, work / "analysis");
  publishDirectory(partial, work / "results");
}

void JobRunner::storeResults(Run& run) {
  const auto& job = run.job;
  const auto& work = run.work;
  enterStage(run, JobStage::storing_results);
  const json manifest = json::parse(std::ifstream(work / "results" / "manifest.json"));
  auto completion = completionOf(manifest);
  const double now = unixNow();
  for (const auto& entry : manifest.at("results")) {
    const auto file = work / "results" / entry.at("file").get<std::string>();
    const std::string bytes = files_.read(fs::relative(file, files_.root()));
    const auto header = dicom::readInstanceFileHeader(bytes);
    const auto path = storeResultFile(files_, header, bytes);
    completion.instances.push_back(
        incomingInstance(header, path, static_cast<std::int64_t>(bytes.size()), now));
    completion.results.push_back(
        {header.sop_instance_uid,
         storage::parseResultKind(entry.at("kind").get<std::string>()).value()});
  }
  for (const auto& destination : config_.destinations) {
    completion.export_destinations.push_back(destination.name);
  }
  const std::size_t result_count = completion.results.size();
  const std::string outcome = completionSummary(manifest.at("report"), result_count);
  // Indexed, queued for export and succeeded in one commit: a crash before it leaves none of them,
  // and the next run of the job stores the same results again.
  jobs_.complete(job.id, completion, unixNow());
  wake_exports_();
  jobs_.addEvent(job.id, storage::JobEventLevel::info, outcome, unixNow());
  for (const auto& caution : manifest.at("report").value("cautions", json::array())) {
    jobs_.addEvent(job.id, storage::JobEventLevel::warning, caution.get<std::string>(), unixNow());
    spdlog::warn("job {}: {}", job.id, caution.get<std::string>());
  }

  const fs::path model = work / "training" / "checkpoint";
  if (config_.engine.model_retention == ModelRetention::keep && fs::exists(model)) {
    fs::create_directories(files_.root() / "models");
    publishDirectory(model, files_.root() / "models" / ("job-" + std::to_string(job.id)));
  } else {
    fs::remove_all(model);
  }
  // The pair and the training's other files are the patient's images and a map already stored.
  fs::remove_all(work / "results");
  fs::remove_all(work / "training");
  fs::remove_all(work / "pair");
  spdlog::info("job {} succeeded: {} result object(s) stored", job.id, result_count);
}

}  // namespace everynet::service
