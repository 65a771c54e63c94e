#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/records.h"

namespace everynet::storage {

// Which rows a Query/Retrieve question may see. Each non-empty list restricts the rows to those
// whose key is one of its values; `results_only` to the instances a job wrote (job_results), and
// to the patients, studies and series that hold one. Counts count visible instances only.
struct QueryScope {
  bool results_only = false;
  std::vector<std::string> patient_ids;
  std::vector<std::string> study_instance_uids;
  std::vector<std::string> series_instance_uids;
  std::vector<std::string> sop_instance_uids;
};

struct PatientQueryRow {
  PatientIdentity patient;
  int studies = 0;
  int series = 0;
  int instances = 0;
};

struct StudyQueryRow {
  PatientIdentity patient;
  StudyInfo study;
  int series = 0;
  int instances = 0;
  std::string modalities;  // distinct, sorted, joined by '\'
};

struct SeriesQueryRow {
  PatientIdentity patient;
  StudyInfo study;
  std::string series_instance_uid;
  std::string modality;
  std::string series_description;
  std::string protocol_name;
  std::optional<int> series_number;
  int instances = 0;
  std::string first_instance_file;  // relative to the data directory; lowest instance number
};

struct InstanceQueryRow {
  PatientIdentity patient;
  StudyInfo study;
  std::string series_instance_uid;
  std::string sop_instance_uid;
  std::string sop_class_uid;
  std::string transfer_syntax_uid;
  std::optional<int> instance_number;
  std::string file_path;  // relative to the data directory
};

}  // namespace everynet::storage
