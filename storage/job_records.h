#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/ingest_records.h"

namespace everynet::storage {

// A job of the JobQueue and what it leaves: its record, losses, results and log.

enum class JobState { queued, running, succeeded, failed, cancelled };
const char* toString(JobState state);
std::optional<JobState> parseJobState(const std::string& text);

struct JobRecord {
  std::int64_t id = 0;
  JobState state = JobState::queued;
  std::string patient_id;
  std::string issuer_of_patient_id;
  std::string baseline_series_uid;
  std::string followup_series_uid;
  std::string method;  // the analysis method: "registration-subtraction", "personal-wgan"
  std::string baseline_study_date;
  std::string followup_study_date;
  std::string reason;
  int attempts = 0;
  int interruptions = 0;  // times the service ended while it was running, since its last retry
  double progress = 0;
  std::optional<std::string> error;
  double created_at = 0;
  std::optional<double> started_at;
  std::optional<double> finished_at;
  std::optional<std::string> stage;   // what a running job is doing
  std::optional<double> eta_seconds;  // while training
  std::optional<double> followup_volume_ml;
  std::optional<std::string> report;  // JSON, once succeeded
  std::int64_t patient_ref = 0;
  std::optional<std::string> device;  // where it last started: "cpu", "cuda:0"
  bool cancel_requested = false;
  // The training it submitted, "BACKEND:ID" ("slurm:42", "local:12345"): kept while the job runs
  // or waits to resume after the service stopped, so that the next start reattaches to it.
  std::optional<std::string> training_run;
  // Why its training has not started yet, e.g. "Slurm job 42 is pending: Resources"; running only.
  std::optional<std::string> training_wait;
};

// The training losses after one generator iteration.
struct JobLossRecord {
  int iteration = 0;
  double critic_loss = 0;
  double generator_loss = 0;
};

enum class ResultKind { heatmap, report, segmentation };
const char* toString(ResultKind kind);
std::optional<ResultKind> parseResultKind(const std::string& text);

// A DICOM object a job wrote; it is indexed as an instance too.
struct JobResultRecord {
  std::string sop_instance_uid;
  ResultKind kind = ResultKind::heatmap;
};

// What a job that succeeded leaves in the index, all in one commit (JobQueue::complete).
struct JobCompletion {
  std::string report;  // JSON
  // None where the report gives no class ("not assessable"): a volume measured against an
  // untrusted baseline is no baseline for a later job.
  std::optional<double> followup_volume_ml;
  std::vector<JobResultRecord> results;
  // The results' instances (their files already durable), indexed in the completion's commit;
  // a result not among them must be indexed already.
  std::vector<IncomingInstance> instances;
  // Where every result is queued for export, in the same commit.
  std::vector<std::string> export_destinations;
};

enum class JobEventLevel { info, warning, error };
const char* toString(JobEventLevel level);
std::optional<JobEventLevel> parseJobEventLevel(const std::string& text);

// One line of a job's log. Never a patient's name or ID.
struct JobEvent {
  double at = 0;  // Unix seconds
  JobEventLevel level = JobEventLevel::info;
  std::string message;
};

enum class JobCancelOutcome {
  cancelled,         // it was queued: now 'cancelled'
  stop_requested,    // it is running: it stops at its next training iteration
  already_finished,  // succeeded, failed or cancelled: nothing to do
  no_such_job,
};

enum class JobRetryOutcome {
  queued,         // it had failed or was cancelled: queued again
  not_retryable,  // queued, running or succeeded
  no_such_job,
};

// One job that the last process left running, and what its log now says of it.
struct InterruptedJob {
  std::int64_t job_id = 0;
  std::string message;  // the line added to the job's log; for a failed job also its error
};
// What a start made of the jobs that the last process left running.
struct InterruptedJobs {
  std::vector<InterruptedJob> requeued;  // queued again, to resume from their checkpoints
  std::vector<InterruptedJob> failed;    // interrupted too often: not started again
};

}  // namespace everynet::storage
