// What the admin web reads from the index, the job log and the job actions (cancel, retry, the
// recovery of jobs a dead process left running). Part of storage::Index (declared in index.h,
// "Admin pages").
#include <utility>

#include "storage/index.h"
#include "storage/sqlite_connection.h"

namespace everynet::storage {
namespace {

std::optional<JobEventLevel> parseJobEventLevel(const std::string& text) {
  for (auto level : {JobEventLevel::info, JobEventLevel::warning, JobEventLevel::error}) {
    if (text == toString(level)) return level;
  }
  return std::nullopt;
}

// Appends a log line to the job; the caller holds the mutex.
void insertJobEvent(SqliteConnection& db, std::int64_t job_id, JobEventLevel level,
                    const std::string& message, double at) {
  Statement insert(db, "INSERT INTO job_events (job_ref, at, level, message) VALUES (?, ?, ?, ?)");
  insert.bind(1, job_id).bind(2, at).bind(3, toString(level)).bind(4, message).run();
}

std::optional<JobState> stateOfJob(SqliteConnection& db, std::int64_t job_id) {
  Statement query(db, "SELECT state FROM jobs WHERE id = ?");
  query.bind(1, job_id);
  if (!query.step()) return std::nullopt;
  return parseJobState(query.text(0));
}

std::int64_t countOf(SqliteConnection& db, const char* sql, std::optional<double> bound) {
  Statement count(db, sql);
  if (bound) count.bind(1, *bound);
  count.step();
  return count.integer(0);
}

constexpr const char* kPatientSummarySelect = R"sql(
  SELECT p.id, p.patient_id, p.issuer_of_patient_id, p.patient_name, p.birth_date,
         p.identity_conflict,
         (SELECT count(*) FROM studies st WHERE st.patient_ref = p.id),
         (SELECT count(*) FROM jobs j WHERE j.patient_ref = p.id),
         (SELECT max(st.study_date) FROM studies st WHERE st.patient_ref = p.id)
  FROM patients p)sql";

PatientSummary readPatientSummary(const Statement& row) {
  PatientSummary summary;
  summary.id = row.integer(0);
  summary.identity = {row.text(1), row.text(2), row.text(3), row.text(4)};
  summary.identity_conflict = row.optionalText(5);
  summary.timepoints = static_cast<int>(row.integer(6));
  summary.jobs = static_cast<int>(row.integer(7));
  summary.last_study_date = row.optionalText(8).value_or("");
  return summary;
}

}  // namespace

const char* toString(JobEventLevel level) {
  switch (level) {
    case JobEventLevel::info:
      return "info";
    case JobEventLevel::warning:
      return "warning";
    case JobEventLevel::error:
      return "error";
  }
  return "info";
}

void Index::checkReadable() {
  std::lock_guard lock(mutex_);
  Statement query(*db_, "SELECT count(*) FROM sqlite_schema");
  query.step();
}

std::int64_t Index::instancesReceivedSince(double since) {
  std::lock_guard lock(mutex_);
  return countOf(*db_, "SELECT count(*) FROM instances WHERE received_at >= ?", since);
}

std::int64_t Index::associationsStartedSince(double since) {
  std::lock_guard lock(mutex_);
  return countOf(*db_, "SELECT count(*) FROM associations WHERE started_at >= ?", since);
}

std::int64_t Index::openAssociationCount() {
  std::lock_guard lock(mutex_);
  return countOf(*db_, "SELECT count(*) FROM associations WHERE outcome = 'open'", std::nullopt);
}

IndexTotals Index::totals() {
  std::lock_guard lock(mutex_);
  IndexTotals totals;
  totals.instances = countOf(*db_, "SELECT count(*) FROM instances", std::nullopt);
  totals.instance_conflicts =
      countOf(*db_, "SELECT count(*) FROM instance_conflicts", std::nullopt);
  Statement outcomes(*db_, R"sql(
    SELECT CASE WHEN instr(outcome, ':') > 0 THEN substr(outcome, 1, instr(outcome, ':') - 1)
                ELSE outcome END AS kind,
           count(*)
    FROM associations GROUP BY kind ORDER BY kind)sql");
  while (outcomes.step()) {
    totals.associations_by_outcome.emplace_back(outcomes.text(0), outcomes.integer(1));
  }
  return totals;
}

std::vector<PatientSummary> Index::patientSummaries() {
  std::lock_guard lock(mutex_);
  Statement query(*db_, std::string(kPatientSummarySelect) + " ORDER BY p.id");
  std::vector<PatientSummary> result;
  while (query.step()) result.push_back(readPatientSummary(query));
  return result;
}

std::optional<PatientSummary> Index::patientSummary(std::int64_t patient_ref) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, std::string(kPatientSummarySelect) + " WHERE p.id = ?");
  query.bind(1, patient_ref);
  if (!query.step()) return std::nullopt;
  return readPatientSummary(query);
}

std::vector<StudyOverview> Index::patientStudies(std::int64_t patient_ref) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, R"sql(
    SELECT st.id, st.study_instance_uid, st.study_date, st.study_description,
           st.t1ce_choice_reason, s.series_instance_uid, s.series_description, s.modality,
           s.state, s.instance_count, c.is_t1ce, c.reason, st.t1ce_series_ref = s.id,
           (SELECT r.job_ref FROM instances i
            JOIN job_results r ON r.sop_instance_uid = i.sop_instance_uid
            WHERE i.series_ref = s.id LIMIT 1)  -- the job whose results the series holds, if any
    FROM studies st
    LEFT JOIN series s ON s.study_ref = st.id
    LEFT JOIN series_classifications c ON c.series_ref = s.id AND c.series_version = (
      SELECT max(series_version) FROM series_classifications WHERE series_ref = s.id)
    WHERE st.patient_ref = ?
    ORDER BY st.study_date, st.id, s.series_number, s.id)sql");
  query.bind(1, patient_ref);
  std::vector<StudyOverview> studies;
  std::int64_t current_study = -1;
  while (query.step()) {
    if (query.integer(0) != current_study) {
      current_study = query.integer(0);
      studies.push_back({query.text(1), query.text(2), query.text(3), query.optionalText(4), {}});
    }
    if (query.isNull(5)) continue;  // a study without series
    SeriesOverview series;
    series.series_instance_uid = query.text(5);
    series.series_description = query.text(6);
    series.modality = query.text(7);
    series.state = query.text(8);
    series.instance_count = static_cast<int>(query.integer(9));
    if (!query.isNull(10)) series.is_t1ce = query.integer(10) != 0;
    series.reason = query.optionalText(11).value_or("");
    series.chosen_for_timepoint = query.optionalInteger(12).value_or(0) != 0;
    series.result_of_job = query.optionalInteger(13);
    studies.back().series.push_back(std::move(series));
  }
  return studies;
}

JobStateCounts Index::jobStateCounts() {
  std::lock_guard lock(mutex_);
  Statement query(*db_, "SELECT state, count(*) FROM jobs GROUP BY state");
  JobStateCounts counts;
  while (query.step()) {
    const int n = static_cast<int>(query.integer(1));
    switch (parseJobState(query.text(0)).value_or(JobState::failed)) {
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
  return counts;
}

std::vector<RunningJob> Index::runningJobs() {
  std::lock_guard lock(mutex_);
  Statement query(*db_,
                  "SELECT id, stage, progress, eta_seconds, device FROM jobs "
                  "WHERE state = 'running' ORDER BY id");
  std::vector<RunningJob> result;
  while (query.step()) {
    result.push_back({query.integer(0), query.optionalText(1), query.real(2), query.optionalReal(3),
                      query.optionalText(4)});
  }
  return result;
}

JobDurations Index::succeededJobDurations() {
  std::lock_guard lock(mutex_);
  Statement query(
      *db_,
      "SELECT count(*), total(finished_at - started_at) FROM jobs "
      "WHERE state = 'succeeded' AND started_at IS NOT NULL AND finished_at IS NOT NULL");
  query.step();
  return {static_cast<int>(query.integer(0)), query.real(1)};
}

std::map<ResultKind, int> Index::jobResultCounts(std::int64_t job_id) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, "SELECT kind, count(*) FROM job_results WHERE job_ref = ? GROUP BY kind");
  query.bind(1, job_id);
  std::map<ResultKind, int> counts;
  while (query.step()) {
    // The table's CHECK admits only the kinds there are.
    counts[*parseResultKind(query.text(0))] = static_cast<int>(query.integer(1));
  }
  return counts;
}

int Index::jobHeatmapCount(std::int64_t job_id) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, "SELECT count(*) FROM job_results WHERE job_ref = ? AND kind = 'heatmap'");
  query.bind(1, job_id);
  query.step();
  return static_cast<int>(query.integer(0));
}

std::optional<std::string> Index::jobHeatmapFile(std::int64_t job_id, int n) {
  if (n < 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  Statement query(*db_, R"sql(
    SELECT i.file_path FROM job_results r JOIN instances i ON i.sop_instance_uid = r.sop_instance_uid
    WHERE r.job_ref = ? AND r.kind = 'heatmap'
    ORDER BY i.instance_number, i.id LIMIT 1 OFFSET ?)sql");
  query.bind(1, job_id).bind(2, n);
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

void Index::addJobEvent(std::int64_t job_id, JobEventLevel level, const std::string& message,
                        double at) {
  std::lock_guard lock(mutex_);
  insertJobEvent(*db_, job_id, level, message, at);
}

std::vector<JobEvent> Index::jobEvents(std::int64_t job_id, int limit) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, R"sql(
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

void Index::recordJobStarted(std::int64_t job_id, const std::string& device, double now) {
  std::lock_guard lock(mutex_);
  WriteTransaction transaction(*db_);
  Statement update(*db_, "UPDATE jobs SET device = ?, updated_at = ? WHERE id = ?");
  update.bind(1, device).bind(2, now).bind(3, job_id).run();
  Statement attempts(*db_, "SELECT attempts FROM jobs WHERE id = ?");
  attempts.bind(1, job_id);
  const auto attempt = attempts.step() ? attempts.integer(0) : 0;
  insertJobEvent(*db_, job_id, JobEventLevel::info,
                 "started on " + device + " (attempt " + std::to_string(attempt) + ")", now);
  transaction.commit();
}

JobCancelOutcome Index::requestJobCancel(std::int64_t job_id, double now) {
  std::lock_guard lock(mutex_);
  WriteTransaction transaction(*db_);
  const auto state = stateOfJob(*db_, job_id);
  if (!state) return JobCancelOutcome::no_such_job;
  JobCancelOutcome outcome = JobCancelOutcome::already_finished;
  if (*state == JobState::queued) {
    Statement update(*db_,
                     "UPDATE jobs SET state = 'cancelled', finished_at = ?, updated_at = ? "
                     "WHERE id = ?");
    update.bind(1, now).bind(2, now).bind(3, job_id).run();
    insertJobEvent(*db_, job_id, JobEventLevel::info, "cancelled while queued", now);
    outcome = JobCancelOutcome::cancelled;
  } else if (*state == JobState::running) {
    Statement update(*db_, "UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ?");
    update.bind(1, now).bind(2, job_id).run();
    insertJobEvent(*db_, job_id, JobEventLevel::info,
                   "cancel requested: the training stops at its next iteration", now);
    outcome = JobCancelOutcome::stop_requested;
  }
  transaction.commit();
  return outcome;
}

bool Index::jobCancelRequested(std::int64_t job_id) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, "SELECT cancel_requested FROM jobs WHERE id = ?");
  query.bind(1, job_id);
  return query.step() && query.integer(0) != 0;
}

void Index::recordJobCancelled(std::int64_t job_id, double now) {
  std::lock_guard lock(mutex_);
  WriteTransaction transaction(*db_);
  Statement update(*db_, R"sql(
    UPDATE jobs SET state = 'cancelled', stage = NULL, eta_seconds = NULL, finished_at = ?,
                    updated_at = ?
    WHERE id = ?)sql");
  update.bind(1, now).bind(2, now).bind(3, job_id).run();
  insertJobEvent(*db_, job_id, JobEventLevel::info,
                 "cancelled: stopped on request, its checkpoint deleted", now);
  transaction.commit();
}

JobRetryOutcome Index::retryJob(std::int64_t job_id, double now) {
  std::lock_guard lock(mutex_);
  WriteTransaction transaction(*db_);
  const auto state = stateOfJob(*db_, job_id);
  if (!state) return JobRetryOutcome::no_such_job;
  if (*state != JobState::failed && *state != JobState::cancelled) {
    return JobRetryOutcome::not_retryable;
  }
  Statement update(*db_, R"sql(
    UPDATE jobs SET state = 'queued', error = NULL, progress = 0, stage = NULL, eta_seconds = NULL,
                    cancel_requested = 0, interruptions = 0, finished_at = NULL, updated_at = ?
    WHERE id = ?)sql");
  update.bind(1, now).bind(2, job_id).run();
  insertJobEvent(*db_, job_id, JobEventLevel::info,
                 std::string("queued again after it ") +
                     (*state == JobState::failed ? "failed" : "was cancelled"),
                 now);
  transaction.commit();
  return JobRetryOutcome::queued;
}

InterruptedJobs Index::recoverInterruptedJobs(int max_interruptions, double now) {
  std::lock_guard lock(mutex_);
  WriteTransaction transaction(*db_);
  Statement running(*db_, "SELECT id, interruptions + 1 FROM jobs WHERE state = 'running'");
  std::vector<std::pair<std::int64_t, int>> interrupted;
  while (running.step()) {
    interrupted.emplace_back(running.integer(0), static_cast<int>(running.integer(1)));
  }
  InterruptedJobs outcome;
  for (const auto& [job_id, interruptions] : interrupted) {
    const std::string times =
        std::to_string(interruptions) + " of " + std::to_string(max_interruptions) + " allowed";
    if (interruptions < max_interruptions) {
      Statement requeue(*db_, R"sql(
        UPDATE jobs SET state = 'queued', interruptions = ?, stage = NULL, eta_seconds = NULL,
                        updated_at = ?
        WHERE id = ?)sql");
      requeue.bind(1, interruptions).bind(2, now).bind(3, job_id).run();
      const std::string message = "the service ended while this job was running (" + times +
                                  "); queued again, to resume from its last checkpoint";
      insertJobEvent(*db_, job_id, JobEventLevel::warning, message, now);
      outcome.requeued.push_back({job_id, message});
      continue;
    }
    const std::string error =
        "the service ended while this job was running, " + std::to_string(interruptions) +
        " times (a crash, a kill, memory running out or a power loss; see the service log). "
        "It is not started again on its own, since it may be what ended the service: retry it "
        "once the cause is known";
    Statement fail(*db_, R"sql(
      UPDATE jobs SET state = 'failed', interruptions = ?, error = ?, stage = NULL,
                      eta_seconds = NULL, finished_at = ?, updated_at = ?
      WHERE id = ?)sql");
    fail.bind(1, interruptions).bind(2, error).bind(3, now).bind(4, now).bind(5, job_id).run();
    insertJobEvent(*db_, job_id, JobEventLevel::error, "failed: " + error, now);
    outcome.failed.push_back({job_id, error});
  }
  transaction.commit();
  return outcome;
}

int Index::retryFailedExportsTo(const std::string& destination, double now) {
  std::lock_guard lock(mutex_);
  Statement update(*db_,
                   "UPDATE exports SET state = 'pending', attempts = 0, next_attempt_at = ?, "
                   "updated_at = ? WHERE destination = ? AND state = 'failed'");
  update.bind(1, now).bind(2, now).bind(3, destination).run();
  return db_->changes();
}

std::vector<DestinationExportCounts> Index::exportCounts() {
  std::lock_guard lock(mutex_);
  Statement query(*db_,
                  "SELECT destination, pending, sent, failed, failed_attempts FROM export_counts "
                  "ORDER BY destination");
  std::vector<DestinationExportCounts> counts;
  while (query.step()) {
    counts.push_back(
        {query.text(0), query.integer(1), query.integer(2), query.integer(3), query.integer(4)});
  }
  return counts;
}

std::int64_t Index::dueExportCount(const std::string& destination, double now) {
  std::lock_guard lock(mutex_);
  Statement count(*db_,
                  "SELECT count(*) FROM exports "
                  "WHERE destination = ? AND state = 'pending' AND next_attempt_at <= ?");
  count.bind(1, destination).bind(2, now);
  count.step();
  return count.integer(0);
}

}  // namespace everynet::storage
