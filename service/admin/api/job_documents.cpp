#include "service/admin/api/job_documents.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "service/json_output.h"
#include "service/records_json.h"
#include "storage/admin_reads.h"
#include "storage/job_queue.h"

namespace everynet::service::admin {
namespace {

using nlohmann::json;

json lossesDocument(const std::vector<storage::JobLossRecord>& losses) {
  json iteration = json::array();
  json critic = json::array();
  json generator = json::array();
  for (const auto position : evenlySpreadPositions(losses.size(), kMaxLossPoints)) {
    const auto& loss = losses[position];
    iteration.push_back(loss.iteration);
    critic.push_back(loss.critic_loss);
    generator.push_back(loss.generator_loss);
  }
  return {{"iteration", std::move(iteration)},
          {"critic", std::move(critic)},
          {"generator", std::move(generator)}};
}

}  // namespace

std::vector<std::size_t> evenlySpreadPositions(std::size_t count, std::size_t max_points) {
  std::vector<std::size_t> positions;
  if (count <= max_points) {
    for (std::size_t i = 0; i < count; ++i) positions.push_back(i);
    return positions;
  }
  if (max_points == 1) return {count - 1};
  for (std::size_t i = 0; i < max_points; ++i) {
    positions.push_back(static_cast<std::size_t>(
        std::llround(static_cast<double>(i) * static_cast<double>(count - 1) / (max_points - 1))));
  }
  return positions;
}

std::vector<int> previewSlices(int heatmaps) {
  std::vector<int> slices;
  const int first = std::max(0, std::min(heatmaps / 2 - kMaxPreviews / 2, heatmaps - kMaxPreviews));
  for (int slice = first; slice < heatmaps && slice < first + kMaxPreviews; ++slice) {
    slices.push_back(slice);
  }
  return slices;
}

json jobEntry(const storage::JobRecord& job) {
  const json report = storedReport(job.report);
  json entry = jobStateJson(job);
  entry["patient_ref"] = job.patient_ref;
  entry["rano"] =
      report.is_object() ? report.value(json::json_pointer("/rano/class"), json()) : json();
  // Why that class: above all why none could be given ("not assessable").
  entry["rano_reason"] =
      report.is_object() ? report.value(json::json_pointer("/rano/reason"), json()) : json();
  entry["change_percent"] = report.is_object() ? report.value("change_percent", json()) : json();
  entry["device"] = orNull(job.device);
  entry["cancel_requested"] = job.cancel_requested;
  return entry;
}

std::optional<json> jobDetailDocument(storage::JobQueue& jobs, storage::AdminReads& reads,
                                      std::int64_t job_id) {
  const auto job = jobs.job(job_id);
  if (!job) return std::nullopt;
  json document = jobEntry(*job);
  addJobPairJson(document, *job);
  document["losses"] = lossesDocument(reads.jobLosses(job_id));

  const auto counts = reads.jobResultCounts(job_id);
  const auto count = [&](storage::ResultKind kind) {
    const auto found = counts.find(kind);
    return found == counts.end() ? 0 : found->second;
  };
  const int heatmaps = count(storage::ResultKind::heatmap);
  document["results"] = {{"heatmaps", heatmaps},
                         {"reports", count(storage::ResultKind::report)},
                         {"segmentations", count(storage::ResultKind::segmentation)}};
  json previews = json::array();
  for (const int slice : previewSlices(heatmaps)) {
    previews.push_back("/api/v1/jobs/" + std::to_string(job_id) + "/previews/" +
                       std::to_string(slice) + ".png");
  }
  document["previews"] = std::move(previews);

  json log = json::array();
  for (const auto& event : reads.jobEvents(job_id, kJobLogLines)) {
    log.push_back(
        {{"at", event.at}, {"level", storage::toString(event.level)}, {"message", event.message}});
  }
  document["log"] = std::move(log);
  document["can_retry"] =
      job->state == storage::JobState::failed || job->state == storage::JobState::cancelled;
  document["can_cancel"] = job->state == storage::JobState::queued ||
                           (job->state == storage::JobState::running && !job->cancel_requested);
  return document;
}

}  // namespace everynet::service::admin
