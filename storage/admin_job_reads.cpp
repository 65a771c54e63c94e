// What the admin pages and the command line read of jobs: counts by state, the running ones, a
// job's results, heatmaps, log and losses. Part of AdminReads (declared in storage/admin_reads.h).
#include "storage/admin_reads.h"
#include "storage/database.h"

namespace everynet::storage {
namespace {

void countState(JobStateCounts& counts, JobState state, int n) {
  switch (state) {
    case JobState::queued:
      counts.queued = n;
      break;
    case JobState::running:
      counts.running = n;
      break;
    case JobState::succeeded:
      counts.succeeded = n;
      break;
    case JobState::failed:
      counts.failed = n;
      break;
    case JobState::cancelled:
      counts.cancelled = n;
      break;
  }
}

}  // namespace

JobStateCounts AdminReads::jobStateCounts() {
  auto reader = database_.read();
  auto query = reader.prepare("SELECT state, count(*) FROM jobs GROUP BY state");
  JobStateCounts counts;
  while (query.step()) {
    countState(counts, parseJobState(query.text(0)).value_or(JobState::failed),
               static_cast<int>(query.integer(1)));
  }
  return counts;
}

std::vector<RunningJob> AdminReads::runningJobs() {
  auto reader = database_.read();
  auto query = reader.prepare(
      "SELECT id, method, stage, progress, eta_seconds, device, training_wait FROM jobs "
      "WHERE state = 'running' ORDER BY id");
  std::vector<RunningJob> result;
  while (query.step()) {
    result.push_back({query.integer(0), query.text(1), query.optionalText(2), query.real(3),
                      query.optionalReal(4), query.optionalText(5), query.optionalText(6)});
  }
  return result;
}

JobDurations AdminReads::succeededJobDurations() {
  auto reader = database_.read();
  auto query = reader.prepare(
      "SELECT count(*), total(finished_at - started_at) FROM jobs "
      "WHERE state = 'succeeded' AND started_at IS NOT NULL AND finished_at IS NOT NULL");
  query.step();
  return {static_cast<int>(query.integer(0)), query.real(1)};
}

std::vector<JobResultRecord> AdminReads::jobResults(std::int64_t job_id) {
  auto reader = database_.read();
  auto query = reader.prepare(
      "SELECT sop_instance_uid, kind FROM job_results WHERE job_ref = ? ORDER BY rowid");
  query.bind(1, job_id);
  std::vector<JobResultRecord> results;
  while (query.step()) {
    // The table's CHECK admits only the kinds there are.
    results.push_back({query.text(0), *parseResultKind(query.text(1))});
  }
  return results;
}

std::map<ResultKind, int> AdminReads::jobResultCounts(std::int64_t job_id) {
  auto reader = database_.read();
  auto query =
      reader.prepare("SELECT kind, count(*) FROM job_results WHERE job_ref = ? GROUP BY kind");
  query.bind(1, job_id);
  std::map<ResultKind, int> counts;
  while (query.step()) {
    // The table's CHECK admits only the kinds there are.
    counts[*parseResultKind(query.text(0))] = static_cast<int>(query.integer(1));
  }
  return counts;
}

std::optional<std::string> AdminReads::jobHeatmapFile(std::int64_t job_id, int n) {
  if (n < 0) return std::nullopt;
  auto reader = database_.read();
  auto query = reader.prepare(R"sql(
    SELECT i.file_path FROM job_results r JOIN instances i ON i.sop_instance_uid = r.sop_instance_uid
    WHERE r.job_ref = ? AND r.kind = 'heatmap'
    ORDER BY i.instance_number, i.id LIMIT 1 OFFSET ?)sql");
  query.bind(1, job_id).bind(2, n);
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

std::vector<JobEvent> AdminReads::jobEvents(std::int64_t job_id, int limit) {
  auto reader = database_.read();
  auto query = reader.prepare(R"sql(
    SELECT at, level, message FROM (
      SELECT id, at, level, message FROM job_events WHERE job_ref = ? ORDER BY id DESC LIMIT ?)
    ORDER BY id)sql");
  query.bind(1, job_id).bind(2, limit);
  std::vector<JobEvent> events;
  while (query.step()) {
    events.push_back({query.real(0),
                      parseJobEventLevel(query.text(1)).value_or(JobEventLevel::info),
                      query.text(2)});
  }
  return events;
}

std::vector<JobLossRecord> AdminReads::jobLosses(std::int64_t job_id) {
  auto reader = database_.read();
  auto query = reader.prepare(
      "SELECT iteration, critic_loss, generator_loss FROM job_losses WHERE job_ref = ? "
      "ORDER BY iteration");
  query.bind(1, job_id);
  std::vector<JobLossRecord> losses;
  while (query.step()) {
    losses.push_back({static_cast<int>(query.integer(0)), query.real(1), query.real(2)});
  }
  return losses;
}

}  // namespace everynet::storage
