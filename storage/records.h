#pragma once

#include <string>

namespace everynet::storage {

// Records more than one store reads or writes: who a patient is, what a study is.

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

}  // namespace everynet::storage
