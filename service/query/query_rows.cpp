#include "service/query/query_rows.h"

#include "dicom/query/matching.h"
#include "dicom/query/query_attributes.h"

namespace everynet::service {
namespace {

namespace tags = dicom::tags;

std::string number(const std::optional<int>& value) {
  return value ? std::to_string(*value) : std::string();
}

void addPatient(AttributeValues& values, const storage::PatientIdentity& patient) {
  values[tags::patient_id] = patient.patient_id;
  values[tags::issuer_of_patient_id] = patient.issuer_of_patient_id;
  values[tags::patient_name] = patient.patient_name;
  values[tags::patient_birth_date] = patient.birth_date;
}

void addStudy(AttributeValues& values, const storage::StudyInfo& study) {
  values[tags::study_instance_uid] = study.study_instance_uid;
  values[tags::study_date] = study.study_date;
  values[tags::study_time] = study.study_time;
  values[tags::accession_number] = study.accession_number;
  values[tags::study_description] = study.study_description;
}

// The values of a unique key that restrict the index: one value or a list, not a wildcard.
std::vector<std::string> restriction(const dicom::QueryRequest& request, dicom::AttributeTag tag) {
  const dicom::QueryKey* key = request.find(tag);
  if (!key) return {};
  if (key->kind == dicom::MatchKind::single_value) return {key->value};
  if (key->kind != dicom::MatchKind::list) return {};
  std::vector<std::string> values;
  std::size_t start = 0;
  while (true) {
    const auto end = key->value.find('\\', start);
    values.push_back(key->value.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) return values;
    start = end + 1;
  }
}

}  // namespace

AttributeValues valuesOf(const storage::PatientQueryRow& row) {
  AttributeValues values;
  addPatient(values, row.patient);
  values[tags::number_of_patient_related_studies] = std::to_string(row.studies);
  values[tags::number_of_patient_related_series] = std::to_string(row.series);
  values[tags::number_of_patient_related_instances] = std::to_string(row.instances);
  return values;
}

AttributeValues valuesOf(const storage::StudyQueryRow& row) {
  AttributeValues values;
  addPatient(values, row.patient);
  addStudy(values, row.study);
  values[tags::modalities_in_study] = row.modalities;
  values[tags::number_of_study_related_series] = std::to_string(row.series);
  values[tags::number_of_study_related_instances] = std::to_string(row.instances);
  return values;
}

AttributeValues valuesOf(const storage::SeriesQueryRow& row) {
  AttributeValues values;
  addPatient(values, row.patient);
  addStudy(values, row.study);
  values[tags::series_instance_uid] = row.series_instance_uid;
  values[tags::modality] = row.modality;
  values[tags::series_description] = row.series_description;
  values[tags::protocol_name] = row.protocol_name;
  values[tags::series_number] = number(row.series_number);
  values[tags::number_of_series_related_instances] = std::to_string(row.instances);
  return values;
}

AttributeValues valuesOf(const storage::InstanceQueryRow& row) {
  AttributeValues values;
  addPatient(values, row.patient);
  addStudy(values, row.study);
  values[tags::series_instance_uid] = row.series_instance_uid;
  values[tags::sop_instance_uid] = row.sop_instance_uid;
  values[tags::sop_class_uid] = row.sop_class_uid;
  values[tags::instance_number] = number(row.instance_number);
  return values;
}

storage::QueryScope scopeOf(const dicom::QueryRequest& request, bool results_only) {
  storage::QueryScope scope;
  scope.results_only = results_only;
  const auto level = static_cast<int>(request.level);
  using L = dicom::QueryLevel;
  if (level >= static_cast<int>(L::patient)) {
    scope.patient_ids = restriction(request, tags::patient_id);
  }
  if (level >= static_cast<int>(L::study)) {
    scope.study_instance_uids = restriction(request, tags::study_instance_uid);
  }
  if (level >= static_cast<int>(L::series)) {
    scope.series_instance_uids = restriction(request, tags::series_instance_uid);
  }
  if (level >= static_cast<int>(L::image)) {
    scope.sop_instance_uids = restriction(request, tags::sop_instance_uid);
  }
  return scope;
}

bool matchesRow(const dicom::QueryRequest& request, const AttributeValues& values) {
  for (const auto& key : request.keys) {
    const dicom::QueryAttribute* attribute = dicom::findQueryAttribute(key.tag);
    if (!attribute || !attribute->matchable) continue;
    const auto value = values.find(key.tag);
    if (value == values.end()) continue;
    if (!dicom::matches(key, value->second)) return false;
  }
  return true;
}

}  // namespace everynet::service
