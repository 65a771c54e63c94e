#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/records.h"
#include "storage/series_attributes.h"

namespace everynet::storage {

// What IngestStore records of received instances and of the associations that brought them.

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

}  // namespace everynet::storage
