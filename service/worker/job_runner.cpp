#include "service/worker/job_runner.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "dicom/instance_file.h"
#include "dicom/results/source_series.h"
#include "engine/analysis/analysis_files.h"
#include "engine/analysis/change_analysis.h"
#include "engine/imaging/dicom_series_reader.h"
#include "service/analysis/analysis_report.h"
#include "service/ingest/instance_store.h"
#include "service/unix_time.h"
#include "service/worker/job_failure.h"
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

// Renames a finished directory into place and makes the rename durable.
void publishDirectory(const fs::path& from, const fs::path& to) {
  fs::rename(from, to);
  storage::FileStore::syncDirectory(to.parent_path());
}

}  // namespace

fs::path jobWorkDirectory(const storage::FileStore& files, std::int64_t job_id) {
  return files.root() / "jobs" / std::to_string(job_id);
}

JobRunner::JobRunner(const Config& config, int cpu_threads, storage::FileStore& files,
                     storage::JobQueue& jobs, InstanceStore& store, QueueExport queue_export)
    : config_(config),
      cpu_threads_(cpu_threads),
      files_(files),
      jobs_(jobs),
      store_(store),
      queue_export_(std::move(queue_export)) {}

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
      const JobEnd end = analyse(run, stopping);
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

JobEnd JobRunner::analyse(Run& run, const std::function<bool()>& stopping) {
  const auto& job = run.job;
  const auto& work = run.work;
  const double started = unixNow();
  if (cancelRequested(run)) return JobEnd::cancelled;
  engine::AnalysisInputs inputs;
  enterStage(run, JobStage::reading_baseline);
  const auto baseline_files = seriesFiles(jobs_, files_, job.baseline_series_uid);
  inputs.baseline = engine::readDicomSeries(baseline_files);
  const auto baseline_source = dicom::readSourceSeries(baseline_files);
  inputs.baseline_segmentation = suppliedBaselineSegmentation(
      jobs_, files_, job.baseline_series_uid, baseline_source.frame_of_reference_uid);
  inputs.earlier_job_followup_ml = jobs_.earlierFollowupVolume(job.baseline_series_uid);
  enterStage(run, JobStage::reading_followup);
  const auto followup_files = seriesFiles(jobs_, files_, job.followup_series_uid);
  inputs.followup = engine::readDicomSeries(followup_files);
  const auto followup_source = dicom::readSourceSeries(followup_files);

  engine::AnalysisSettings settings;
  settings.profile = *engine::profileByName(config_.engine.profile);
  if (cancelRequested(run)) return JobEnd::cancelled;
  if (stopping()) return JobEnd::stopped;
  enterStage(run, JobStage::preprocessing);
  const auto analysis = engine::analyseChange(inputs, settings);
  if (cancelRequested(run)) return JobEnd::cancelled;

  enterStage(run, JobStage::writing_results);
  const fs::path partial = work / "results.partial";
  fs::remove_all(partial);
  fs::create_directories(partial);
  AnalysisRun how{
      config_.engine.profile, {}, kTrainingSeed, job.baseline_series_uid, job.followup_series_uid,
      unixNow() - started,    {}};
  json report = analysisReport(analysis, how);
  json manifest = {{"followup_ml", analysis.followup_ml}, {"results", json::array()}};
  const double writing_started = unixNow();
  for (const auto& written : writeResultObjects(
           analysis, {baseline_source, followup_source, inputs.followup}, report, partial)) {
    manifest["results"].push_back(
        {{"file", written.file.filename().string()}, {"kind", storage::toString(written.kind)}});
  }
  report["timings_seconds"]["writing_results"] = unixNow() - writing_started;
  manifest["report"] = report;
  files_.writeDurably(fs::relative(partial / "manifest.json", files_.root()), manifest.dump(2));
  // The maps and previews stay beside the job for the admin page; only results are DICOM.
  engine::writeAnalysisFiles(analysis, work / "analysis");
  publishDirectory(partial, work / "results");
  return JobEnd::succeeded;
}

void JobRunner::storeResults(Run& run) {
  const auto& job = run.job;
  const auto& work = run.work;
  enterStage(run, JobStage::storing_results);
  const json manifest = json::parse(std::ifstream(work / "results" / "manifest.json"));
  storage::JobCompletion completion{
      manifest.at("report").dump(), manifest.at("followup_ml").get<double>(), {}};
  std::vector<std::string> uids;
  for (const auto& entry : manifest.at("results")) {
    const auto file = work / "results" / entry.at("file").get<std::string>();
    const std::string bytes = files_.read(fs::relative(file, files_.root()));
    const auto header = dicom::readInstanceFileHeader(bytes);
    store_.store(header, bytes, std::nullopt, unixNow());
    uids.push_back(header.sop_instance_uid);
    completion.results.push_back(
        {header.sop_instance_uid,
         storage::parseResultKind(entry.at("kind").get<std::string>()).value()});
  }
  const std::string outcome = completionSummary(manifest.at("report"), uids.size());
  // Queued before the job counts as done: a crash in between repeats both, and each is idempotent.
  queue_export_(job.id, uids);
  jobs_.complete(job.id, completion, unixNow());
  jobs_.addEvent(job.id, storage::JobEventLevel::info, outcome, unixNow());
  for (const auto& caution : manifest.at("report").value("cautions", json::array())) {
    jobs_.addEvent(job.id, storage::JobEventLevel::warning, caution.get<std::string>(), unixNow());
    spdlog::warn("job {}: {}", job.id, caution.get<std::string>());
  }

  const fs::path model = work / "checkpoint";
  if (config_.engine.model_retention == ModelRetention::keep && fs::exists(model)) {
    fs::create_directories(files_.root() / "models");
    publishDirectory(model, files_.root() / "models" / ("job-" + std::to_string(job.id)));
  } else {
    fs::remove_all(model);
  }
  fs::remove_all(work / "results");
  spdlog::info("job {} succeeded: {} result object(s) stored", job.id, uids.size());
}

}  // namespace everynet::service
