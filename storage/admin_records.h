#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/records.h"

namespace everynet::storage {

// What the admin web reads from the index and how its actions went (storage/index_admin.cpp).

enum class JobEventLevel { info, warning, error };
const char* toString(JobEventLevel level);

// One line of a job's log. Never a patient's name or ID.
struct JobEvent {
  double at = 0;  // Unix seconds
  JobEventLevel level = JobEventLevel::info;
  std::string message;
};

// What the admin web shows of a job beyond its JobRecord.
struct RunningJob {
  std::int64_t id = 0;
  std::optional<std::string> stage;
  double progress = 0;
  std::optional<double> eta_seconds;
  std::optional<std::string> device;
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

struct JobStateCounts {
  int queued = 0;
  int running = 0;
  int succeeded = 0;
  int failed = 0;
  int cancelled = 0;
};

// The succeeded jobs' run times (finished_at - started_at of their last attempt), in seconds.
struct JobDurations {
  int count = 0;
  double sum_seconds = 0;
};

struct PatientSummary {
  std::int64_t id = 0;
  PatientIdentity identity;
  std::optional<std::string> identity_conflict;
  int timepoints = 0;  // studies
  int jobs = 0;
  std::string last_study_date;  // DICOM DA; empty without studies
};

struct SeriesOverview {
  std::string series_instance_uid;
  std::string series_description;
  std::string modality;
  std::string state;  // receiving | complete
  int instance_count = 0;
  std::optional<bool> is_t1ce;  // latest decision; empty until the series first completes
  std::string reason;
  bool chosen_for_timepoint = false;
  std::optional<std::int64_t> result_of_job;  // set when the series holds a job's results
};

// A study of a patient (a timepoint) with its series, oldest series number first.
struct StudyOverview {
  std::string study_instance_uid;
  std::string study_date;
  std::string study_description;
  std::optional<std::string> t1ce_choice_reason;
  std::vector<SeriesOverview> series;
};

// Counters of the index for monitoring.
struct IndexTotals {
  std::int64_t instances = 0;
  std::int64_t instance_conflicts = 0;
  // By outcome, the text before any ':' ("released", "aborted", "failed", "refused", "open",
  // "interrupted").
  std::vector<std::pair<std::string, std::int64_t>> associations_by_outcome;
};

// One destination's exports by state, and its failed attempts ever (kept by triggers).
struct DestinationExportCounts {
  std::string destination;
  std::int64_t pending = 0;
  std::int64_t sent = 0;
  std::int64_t failed = 0;
  std::int64_t failed_attempts = 0;
};

}  // namespace everynet::storage
