// What is read of the job queue: the jobs themselves, and a job's inputs (the files of its series,
// an earlier measurement). Part of JobQueue (declared in storage/job_queue.h).
#include "storage/database.h"
#include "storage/job_queue.h"
#include "storage/job_rows.h"

namespace everynet::storage {

namespace job_rows {

const char* const kSelect = R"sql(
  SELECT j.id, j.state, p.patient_id, p.issuer_of_patient_id, bs.series_instance_uid,
         fs.series_instance_uid, bst.study_date, fst.study_date, j.reason, j.attempts, j.progress,
         j.error, j.created_at, j.started_at, j.finished_at, j.stage, j.eta_seconds,
         j.followup_volume_ml, j.report, j.patient_ref, j.device, j.cancel_requested, j.interruptions,
         j.method, j.training_run, j.training_wait
  FROM jobs j
  JOIN patients p ON p.id = j.patient_ref
  JOIN series bs ON bs.id = j.baseline_series_ref
  JOIN series fs ON fs.id = j.followup_series_ref
  JOIN studies bst ON bst.id = bs.study_ref
  JOIN studies fst ON fst.id = fs.study_ref
)sql";

JobRecord readJob(const Statement& row) {
  JobRecord job;
  job.id = row.integer(0);
  job.state = parseJobState(row.text(1)).value_or(JobState::failed);
  job.patient_id = row.text(2);
  job.issuer_of_patient_id = row.text(3);
  job.baseline_series_uid = row.text(4);
  job.followup_series_uid = row.text(5);
  job.baseline_study_date = row.text(6);
  job.followup_study_date = row.text(7);
  job.reason = row.text(8);
  job.attempts = static_cast<int>(row.integer(9));
  job.progress = row.real(10);
  job.error = row.optionalText(11);
  job.created_at = row.real(12);
  job.started_at = row.optionalReal(13);
  job.finished_at = row.optionalReal(14);
  job.stage = row.optionalText(15);
  job.eta_seconds = row.optionalReal(16);
  job.followup_volume_ml = row.optionalReal(17);
  job.report = row.optionalText(18);
  job.patient_ref = row.integer(19);
  job.device = row.optionalText(20);
  job.cancel_requested = row.integer(21) != 0;
  job.interruptions = static_cast<int>(row.integer(22));
  job.method = row.text(23);
  job.training_run = row.optionalText(24);
  job.training_wait = row.optionalText(25);
  return job;
}

}  // namespace job_rows

namespace {

std::vector<std::string> filePaths(Statement& query) {
  std::vector<std::string> files;
  while (query.step()) files.push_back(query.text(0));
  return files;
}

}  // namespace

std::vector<JobRecord> JobQueue::jobs() {
  auto reader = database_.read();
  auto query = reader.prepare(std::string(job_rows::kSelect) + " ORDER BY j.id");
  std::vector<JobRecord> result;
  while (query.step()) result.push_back(job_rows::readJob(query));
  return result;
}

std::optional<JobRecord> JobQueue::job(std::int64_t job_id) {
  auto reader = database_.read();
  return job_rows::find(reader, job_id);
}

std::vector<std::string> JobQueue::seriesInstanceFiles(const std::string& series_instance_uid) {
  auto reader = database_.read();
  auto query = reader.prepare(R"sql(
    SELECT i.file_path FROM instances i JOIN series s ON s.id = i.series_ref
    WHERE s.series_instance_uid = ? ORDER BY i.instance_number, i.id)sql");
  query.bind(1, series_instance_uid);
  return filePaths(query);
}

std::vector<std::string> JobQueue::studyInstanceFilesOfClass(const std::string& series_instance_uid,
                                                             const std::string& sop_class_uid) {
  auto reader = database_.read();
  auto query = reader.prepare(R"sql(
    SELECT i.file_path FROM instances i
    JOIN series s ON s.id = i.series_ref
    JOIN series known ON known.study_ref = s.study_ref
    WHERE known.series_instance_uid = ? AND i.sop_class_uid = ? ORDER BY i.id)sql");
  query.bind(1, series_instance_uid).bind(2, sop_class_uid);
  return filePaths(query);
}

std::optional<double> JobQueue::earlierFollowupVolume(const std::string& series_instance_uid,
                                                      const std::string& method) {
  auto reader = database_.read();
  auto query = reader.prepare(R"sql(
    SELECT j.followup_volume_ml FROM jobs j
    JOIN series fs ON fs.id = j.followup_series_ref
    JOIN series s ON s.study_ref = fs.study_ref
    WHERE s.series_instance_uid = ? AND j.method = ? AND j.state = 'succeeded'
      AND j.followup_volume_ml IS NOT NULL
    ORDER BY j.id DESC LIMIT 1)sql");
  query.bind(1, series_instance_uid).bind(2, method);
  if (!query.step()) return std::nullopt;
  return query.real(0);
}

}  // namespace everynet::storage
