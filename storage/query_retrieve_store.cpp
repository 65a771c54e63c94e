#include "storage/query_retrieve_store.h"

#include <string>

#include "storage/database.h"
#include "storage/json_array.h"

namespace everynet::storage {
namespace {

// FROM and WHERE over patients p, studies st, series se and visible instances i. A restriction is
// written only when its list is given, so that SQLite can use the UNIQUE indexes on the keys;
// bindScope binds the parameters it wrote.
std::string scopedFrom(const QueryScope& scope) {
  std::string sql = R"sql(
    FROM patients p JOIN studies st ON st.patient_ref = p.id
    JOIN series se ON se.study_ref = st.id JOIN instances i ON i.series_ref = se.id
    WHERE (?1 = 0 OR i.sop_instance_uid IN (SELECT sop_instance_uid FROM job_results)))sql";
  if (!scope.patient_ids.empty()) {
    sql += " AND p.patient_id IN (SELECT value FROM json_each(?2))";
  }
  if (!scope.study_instance_uids.empty()) {
    sql += " AND st.study_instance_uid IN (SELECT value FROM json_each(?3))";
  }
  if (!scope.series_instance_uids.empty()) {
    sql += " AND se.series_instance_uid IN (SELECT value FROM json_each(?4))";
  }
  if (!scope.sop_instance_uids.empty()) {
    sql += " AND i.sop_instance_uid IN (SELECT value FROM json_each(?5))";
  }
  return sql;
}

void bindScope(Statement& statement, const QueryScope& scope) {
  statement.bind(1, scope.results_only ? 1 : 0);
  // Only the parameters scopedFrom wrote: SQLite refuses to bind past the highest one.
  int index = 2;
  for (const auto* list : {&scope.patient_ids, &scope.study_instance_uids,
                           &scope.series_instance_uids, &scope.sop_instance_uids}) {
    if (!list->empty()) statement.bind(index, jsonArray(*list));
    ++index;
  }
}

// Columns 0-3, and 4-8 with the study's.
constexpr const char* kPatientColumns =
    "p.patient_id, p.issuer_of_patient_id, p.patient_name, p.birth_date";
constexpr const char* kStudyColumns =
    ", st.study_instance_uid, st.study_date, st.study_time, st.accession_number,"
    " st.study_description";

PatientIdentity readPatient(const Statement& row) {
  return {row.text(0), row.text(1), row.text(2), row.text(3)};
}

StudyInfo readStudy(const Statement& row) {
  return {row.text(4), row.text(5), row.text(6), row.text(7), row.text(8)};
}

std::optional<int> optionalInt(const Statement& row, int column) {
  const auto value = row.optionalInteger(column);
  return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

}  // namespace

std::vector<PatientQueryRow> QueryRetrieveStore::queryPatients(const QueryScope& scope) {
  auto reader = database_.read();
  auto query = reader.prepare(std::string("SELECT ") + kPatientColumns +
                              ", COUNT(DISTINCT st.id), COUNT(DISTINCT se.id), COUNT(i.id)" +
                              scopedFrom(scope) + " GROUP BY p.id ORDER BY p.patient_id, p.id");
  bindScope(query, scope);
  std::vector<PatientQueryRow> rows;
  while (query.step()) {
    rows.push_back({readPatient(query), static_cast<int>(query.integer(4)),
                    static_cast<int>(query.integer(5)), static_cast<int>(query.integer(6))});
  }
  return rows;
}

std::vector<StudyQueryRow> QueryRetrieveStore::queryStudies(const QueryScope& scope) {
  auto reader = database_.read();
  // Modalities are collected distinct by a subquery: GROUP_CONCAT(DISTINCT) takes no separator.
  auto query = reader.prepare(std::string("SELECT ") + kPatientColumns + kStudyColumns +
                              ", COUNT(DISTINCT se.id), COUNT(i.id),"
                              " GROUP_CONCAT(DISTINCT se.modality)" +
                              scopedFrom(scope) +
                              " GROUP BY st.id ORDER BY st.study_date, st.study_time, st.id");
  bindScope(query, scope);
  std::vector<StudyQueryRow> rows;
  while (query.step()) {
    StudyQueryRow row;
    row.patient = readPatient(query);
    row.study = readStudy(query);
    row.series = static_cast<int>(query.integer(9));
    row.instances = static_cast<int>(query.integer(10));
    // SQLite joins GROUP_CONCAT(DISTINCT) values with ','; modalities (CS) hold no comma.
    std::string modalities = query.optionalText(11).value_or("");
    for (char& c : modalities) {
      if (c == ',') c = '\\';
    }
    row.modalities = std::move(modalities);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<SeriesQueryRow> QueryRetrieveStore::querySeries(const QueryScope& scope) {
  auto reader = database_.read();
  auto query = reader.prepare(std::string("SELECT ") + kPatientColumns + kStudyColumns +
                              ", se.series_instance_uid, se.modality, se.series_description,"
                              " se.protocol_name, se.series_number,"
                              " COUNT(i.id), MIN(i.instance_number), i.file_path" +
                              scopedFrom(scope) +
                              " GROUP BY se.id ORDER BY st.study_date, se.series_number, se.id");
  bindScope(query, scope);
  std::vector<SeriesQueryRow> rows;
  while (query.step()) {
    SeriesQueryRow row;
    row.patient = readPatient(query);
    row.study = readStudy(query);
    row.series_instance_uid = query.text(9);
    row.modality = query.text(10);
    row.series_description = query.text(11);
    row.protocol_name = query.text(12);
    row.series_number = optionalInt(query, 13);
    row.instances = static_cast<int>(query.integer(14));
    // SQLite takes the bare column from the row that gave MIN(): the lowest instance number.
    row.first_instance_file = query.text(16);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<InstanceQueryRow> QueryRetrieveStore::queryInstances(const QueryScope& scope) {
  auto reader = database_.read();
  auto query = reader.prepare(std::string("SELECT ") + kPatientColumns + kStudyColumns +
                              ", se.series_instance_uid, i.sop_instance_uid, i.sop_class_uid,"
                              " i.transfer_syntax_uid, i.instance_number, i.file_path" +
                              scopedFrom(scope) +
                              " ORDER BY st.study_date, se.series_number, se.id,"
                              " i.instance_number, i.id");
  bindScope(query, scope);
  std::vector<InstanceQueryRow> rows;
  while (query.step()) {
    rows.push_back({readPatient(query), readStudy(query), query.text(9), query.text(10),
                    query.text(11), query.text(12), optionalInt(query, 13), query.text(14)});
  }
  return rows;
}

}  // namespace everynet::storage
