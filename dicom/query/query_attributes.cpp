#include "dicom/query/query_attributes.h"

#include <algorithm>

namespace everynet::dicom {

const char* toString(QueryLevel level) {
  switch (level) {
    case QueryLevel::patient:
      return "PATIENT";
    case QueryLevel::study:
      return "STUDY";
    case QueryLevel::series:
      return "SERIES";
    case QueryLevel::image:
      return "IMAGE";
  }
  return "?";
}

const char* toString(InformationModel model) {
  return model == InformationModel::patient_root ? "patient root" : "study root";
}

const QueryKey* QueryRequest::find(AttributeTag tag) const {
  const auto found =
      std::find_if(keys.begin(), keys.end(), [&](const QueryKey& key) { return key.tag == tag; });
  return found == keys.end() ? nullptr : &*found;
}

const std::vector<QueryAttribute>& queryAttributes() {
  using L = QueryLevel;
  using S = AttributeSource;
  static const std::vector<QueryAttribute> all = {
      {tags::patient_name, "PatientName", "PN", L::patient, S::index, true},
      {tags::patient_id, "PatientID", "LO", L::patient, S::index, true},
      {tags::issuer_of_patient_id, "IssuerOfPatientID", "LO", L::patient, S::index, true},
      {tags::patient_birth_date, "PatientBirthDate", "DA", L::patient, S::index, true},
      {tags::number_of_patient_related_studies, "NumberOfPatientRelatedStudies", "IS", L::patient,
       S::computed, false},
      {tags::number_of_patient_related_series, "NumberOfPatientRelatedSeries", "IS", L::patient,
       S::computed, false},
      {tags::number_of_patient_related_instances, "NumberOfPatientRelatedInstances", "IS",
       L::patient, S::computed, false},
      {tags::study_instance_uid, "StudyInstanceUID", "UI", L::study, S::index, true},
      {tags::study_date, "StudyDate", "DA", L::study, S::index, true},
      {tags::study_time, "StudyTime", "TM", L::study, S::index, true},
      {tags::accession_number, "AccessionNumber", "SH", L::study, S::index, true},
      {tags::study_description, "StudyDescription", "LO", L::study, S::index, true},
      {tags::modalities_in_study, "ModalitiesInStudy", "CS", L::study, S::computed, true},
      {tags::number_of_study_related_series, "NumberOfStudyRelatedSeries", "IS", L::study,
       S::computed, false},
      {tags::number_of_study_related_instances, "NumberOfStudyRelatedInstances", "IS", L::study,
       S::computed, false},
      {tags::series_instance_uid, "SeriesInstanceUID", "UI", L::series, S::index, true},
      {tags::modality, "Modality", "CS", L::series, S::index, true},
      {tags::series_description, "SeriesDescription", "LO", L::series, S::index, true},
      {tags::series_number, "SeriesNumber", "IS", L::series, S::index, true},
      {tags::protocol_name, "ProtocolName", "LO", L::series, S::index, true},
      {tags::number_of_series_related_instances, "NumberOfSeriesRelatedInstances", "IS", L::series,
       S::computed, false},
      {tags::sop_instance_uid, "SOPInstanceUID", "UI", L::image, S::index, true},
      {tags::sop_class_uid, "SOPClassUID", "UI", L::image, S::index, true},
      {tags::instance_number, "InstanceNumber", "IS", L::image, S::index, true},
  };
  return all;
}

const QueryAttribute* findQueryAttribute(AttributeTag tag) {
  const auto& all = queryAttributes();
  const auto found =
      std::find_if(all.begin(), all.end(), [&](const QueryAttribute& a) { return a.tag == tag; });
  return found == all.end() ? nullptr : &*found;
}

AttributeTag uniqueKeyOf(QueryLevel level) {
  switch (level) {
    case QueryLevel::patient:
      return tags::patient_id;
    case QueryLevel::study:
      return tags::study_instance_uid;
    case QueryLevel::series:
      return tags::series_instance_uid;
    case QueryLevel::image:
      return tags::sop_instance_uid;
  }
  return tags::sop_instance_uid;
}

std::vector<QueryLevel> levelsDownTo(InformationModel model, QueryLevel level) {
  std::vector<QueryLevel> levels;
  const QueryLevel top =
      model == InformationModel::patient_root ? QueryLevel::patient : QueryLevel::study;
  for (int l = static_cast<int>(top); l <= static_cast<int>(level); ++l) {
    levels.push_back(static_cast<QueryLevel>(l));
  }
  return levels;
}

}  // namespace everynet::dicom
