#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/series_attributes.h"

namespace everynet::storage {

// Who the instance says the patient is. The key is (patient_id, issuer_of_patient_id).
struct PatientIdentity {
  std::string patient_id;
  std::string issuer_of_patient_id;
  std::string patient_name;
  std::string birth_date;  // DICOM DA
};

struct StudyInfo {
  std::string study_instance_uid;
  std::string study_date;  // DICOM DA; the timepoint's date
  std::string study_time;
  std::string accession_number;
  std::string study_description;
};

// One received instance, already written durably at file_path (relative to the data directory).
struct IncomingInstance {
  PatientIdentity patient;
  StudyInfo study;
  std::string series_instance_uid;
  SeriesAttributes series;
  std::string sop_instance_uid;
  std::string sop_class_uid;
  std::string transfer_syntax_uid;
  std::optional<int> instance_number;
  std::string file_path;
  std::int64_t file_size = 0;
  double received_at = 0;  // Unix seconds
  std::optional<std::int64_t> association_ref;
};

struct IndexedInstance {
  std::int64_t series_ref = 0;
  // Set when this instance was the first to disagree with the patient's recorded name or birth
  // date.
  std::optional<std::string> new_identity_conflict;
};

struct AssociationRecord {
  std::int64_t id = 0;
  std::string calling_ae;
  std::string called_ae;
  std::string peer_address;
  double started_at = 0;
  std::optional<double> ended_at;
  int instances_received = 0;
  std::string outcome;
};

struct SeriesRef {
  std::int64_t id = 0;
  std::string series_instance_uid;
};

// A series that is complete and classified T1ce, as a candidate for its study's timepoint.
struct T1ceSeries {
  std::int64_t series_ref = 0;
  std::string series_instance_uid;
  SeriesAttributes attributes;
};

struct TimepointRecord {
  std::int64_t study_ref = 0;
  std::string study_instance_uid;
  std::string study_date;
  std::vector<T1ceSeries> t1ce_series;
  // Follow-up enhancing volume from an earlier job whose follow-up is this timepoint (nadir
  // policy).
  std::optional<double> enhancing_volume_ml;
};

struct PatientTimeline {
  std::int64_t patient_ref = 0;
  std::optional<std::string> identity_conflict;
  std::vector<TimepointRecord> timepoints;
  std::vector<std::string> followups_with_job;  // series UIDs that already are a job's follow-up
};

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

// What a job that succeeded leaves in the index.
struct JobCompletion {
  std::string report;  // JSON
  double followup_volume_ml = 0;
  std::vector<JobResultRecord> results;
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
