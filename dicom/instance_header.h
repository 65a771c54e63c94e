#pragma once

#include <optional>
#include <string>

namespace everynet::dicom {

// What the service indexes of one received instance; text as UTF-8, DICOM's own spelling.
struct InstanceHeader {
  std::string sop_class_uid;
  std::string sop_instance_uid;
  std::string study_instance_uid;
  std::string series_instance_uid;
  std::string transfer_syntax_uid;  // as received and as stored

  std::string patient_id;
  std::string issuer_of_patient_id;
  std::string patient_name;
  std::string patient_birth_date;

  std::string study_date;
  std::string study_time;
  std::string accession_number;
  std::string study_description;

  std::string modality;
  std::string series_description;
  std::string protocol_name;
  std::string contrast_bolus_agent;
  std::string image_type;  // values joined by '\'
  std::string scanning_sequence;
  std::string sequence_variant;
  std::string mr_acquisition_type;
  std::optional<double> repetition_time_ms;
  std::optional<double> echo_time_ms;
  std::optional<double> inversion_time_ms;
  std::optional<double> slice_thickness_mm;
  std::optional<int> series_number;
  std::optional<int> instance_number;
};

}  // namespace everynet::dicom
