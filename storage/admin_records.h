#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/records.h"

namespace everynet::storage {

// What AdminReads gives the admin pages and the command line.

// What the admin web shows of a job beyond its JobRecord.
struct RunningJob {
  std::int64_t id = 0;
  std::string method;
  std::optional<std::string> stage;
  double progress = 0;
  std::optional<double> eta_seconds;
  std::optional<std::string> device;
  std::optional<std::string> waiting;  // why its training has not started (a cluster's queue)
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

// A series with its latest T1ce decision, for `everynet jobs` and the admin pages.
struct SeriesDecision {
  std::string patient_id;
  std::string issuer_of_patient_id;
  std::string study_date;
  std::string series_instance_uid;
  std::string series_description;
  std::string state;  // receiving | complete
  int version = 0;
  int instance_count = 0;
  std::optional<bool> is_t1ce;  // empty until the series first completes
  std::string reason;
  bool chosen_for_timepoint = false;
  std::optional<std::int64_t> result_of_job;  // set when the series holds a job's results
};

}  // namespace everynet::storage
