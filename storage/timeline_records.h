#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/series_attributes.h"

namespace everynet::storage {

// What TimelineStore records of series and reads of a patient's timepoints.

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

}  // namespace everynet::storage
