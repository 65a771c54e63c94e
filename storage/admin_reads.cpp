// The dashboard's counters, the association log, patients and series as the admin pages and the
// command line read them. Part of AdminReads (declared in storage/admin_reads.h).
#include "storage/admin_reads.h"

#include "storage/database.h"

namespace everynet::storage {
namespace {

std::int64_t countOf(Database::Reader& reader, const char* sql, std::optional<double> bound) {
  auto count = reader.prepare(sql);
  if (bound) count.bind(1, *bound);
  count.step();
  return count.integer(0);
}

constexpr const char* kPatientSummarySelect = R"sql(
  SELECT p.id, p.patient_id, p.issuer_of_patient_id, p.patient_name, p.birth_date,
         p.identity_conflict,
         (SELECT count(*) FROM studies st WHERE st.patient_ref = p.id),
         (SELECT count(*) FROM jobs j WHERE j.patient_ref = p.id),
         (SELECT max(st.study_date) FROM studies st WHERE st.patient_ref = p.id)
  FROM patients p)sql";

PatientSummary readPatientSummary(const Statement& row) {
  PatientSummary summary;
  summary.id = row.integer(0);
  summary.identity = {row.text(1), row.text(2), row.text(3), row.text(4)};
  summary.identity_conflict = row.optionalText(5);
  summary.timepoints = static_cast<int>(row.integer(6));
  summary.jobs = static_cast<int>(row.integer(7));
  summary.last_study_date = row.optionalText(8).value_or("");
  return summary;
}

// Columns 5-13 of patientStudies' query: a series of the study, when it has one.
SeriesOverview readSeriesOverview(const Statement& row) {
  SeriesOverview series;
  series.series_instance_uid = row.text(5);
  series.series_description = row.text(6);
  series.modality = row.text(7);
  series.state = row.text(8);
  series.instance_count = static_cast<int>(row.integer(9));
  if (!row.isNull(10)) series.is_t1ce = row.integer(10) != 0;
  series.reason = row.optionalText(11).value_or("");
  series.chosen_for_timepoint = row.optionalInteger(12).value_or(0) != 0;
  series.result_of_job = row.optionalInteger(13);
  return series;
}

SeriesDecision readSeriesDecision(const Statement& row) {
  SeriesDecision d;
  d.patient_id = row.text(0);
  d.issuer_of_patient_id = row.text(1);
  d.study_date = row.text(2);
  d.series_instance_uid = row.text(3);
  d.series_description = row.text(4);
  d.state = row.text(5);
  d.version = static_cast<int>(row.integer(6));
  d.instance_count = static_cast<int>(row.integer(7));
  if (!row.isNull(8)) d.is_t1ce = row.integer(8) != 0;
  d.reason = row.text(9);
  d.chosen_for_timepoint = row.integer(10) != 0;
  d.result_of_job = row.optionalInteger(11);
  return d;
}

}  // namespace

void AdminReads::checkReadable() {
  database_.checkReadable();
}

std::int64_t AdminReads::instancesReceivedSince(double since) {
  auto reader = database_.read();
  return countOf(reader, "SELECT count(*) FROM instances WHERE received_at >= ?", since);
}

std::int64_t AdminReads::associationsStartedSince(double since) {
  auto reader = database_.read();
  return countOf(reader, "SELECT count(*) FROM associations WHERE started_at >= ?", since);
}

std::int64_t AdminReads::openAssociationCount() {
  auto reader = database_.read();
  return countOf(reader, "SELECT count(*) FROM associations WHERE outcome = 'open'", std::nullopt);
}

IndexTotals AdminReads::totals() {
  auto reader = database_.read();
  IndexTotals totals;
  totals.instances = countOf(reader, "SELECT count(*) FROM instances", std::nullopt);
  totals.instance_conflicts =
      countOf(reader, "SELECT count(*) FROM instance_conflicts", std::nullopt);
  auto outcomes = reader.prepare(R"sql(
    SELECT CASE WHEN instr(outcome, ':') > 0 THEN substr(outcome, 1, instr(outcome, ':') - 1)
                ELSE outcome END AS kind,
           count(*)
    FROM associations GROUP BY kind ORDER BY kind)sql");
  while (outcomes.step()) {
    totals.associations_by_outcome.emplace_back(outcomes.text(0), outcomes.integer(1));
  }
  return totals;
}

std::vector<AssociationRecord> AdminReads::recentAssociations(int limit) {
  auto reader = database_.read();
  auto query = reader.prepare(
      "SELECT id, calling_ae, called_ae, peer_address, started_at, ended_at, "
      "instances_received, outcome FROM associations ORDER BY id DESC LIMIT ?");
  query.bind(1, limit);
  std::vector<AssociationRecord> result;
  while (query.step()) {
    result.push_back({query.integer(0), query.text(1), query.text(2), query.text(3), query.real(4),
                      query.optionalReal(5), static_cast<int>(query.integer(6)), query.text(7)});
  }
  return result;
}

std::vector<PatientSummary> AdminReads::patientSummaries() {
  auto reader = database_.read();
  auto query = reader.prepare(std::string(kPatientSummarySelect) + " ORDER BY p.id");
  std::vector<PatientSummary> result;
  while (query.step()) result.push_back(readPatientSummary(query));
  return result;
}

std::optional<PatientSummary> AdminReads::patientSummary(std::int64_t patient_ref) {
  auto reader = database_.read();
  auto query = reader.prepare(std::string(kPatientSummarySelect) + " WHERE p.id = ?");
  query.bind(1, patient_ref);
  if (!query.step()) return std::nullopt;
  return readPatientSummary(query);
}

std::vector<StudyOverview> AdminReads::patientStudies(std::int64_t patient_ref) {
  auto reader = database_.read();
  auto query = reader.prepare(R"sql(
    SELECT st.id, st.study_instance_uid, st.study_date, st.study_description,
           st.t1ce_choice_reason, s.series_instance_uid, s.series_description, s.modality,
           s.state, s.instance_count, c.is_t1ce, c.reason, st.t1ce_series_ref = s.id,
           (SELECT r.job_ref FROM instances i
            JOIN job_results r ON r.sop_instance_uid = i.sop_instance_uid
            WHERE i.series_ref = s.id LIMIT 1)  -- the job whose results the series holds, if any
    FROM studies st
    LEFT JOIN series s ON s.study_ref = st.id
    LEFT JOIN series_classifications c ON c.series_ref = s.id AND c.series_version = (
      SELECT max(series_version) FROM series_classifications WHERE series_ref = s.id)
    WHERE st.patient_ref = ?
    ORDER BY st.study_date, st.id, s.series_number, s.id)sql");
  query.bind(1, patient_ref);
  std::vector<StudyOverview> studies;
  std::int64_t current_study = -1;
  while (query.step()) {
    if (query.integer(0) != current_study) {
      current_study = query.integer(0);
      studies.push_back({query.text(1), query.text(2), query.text(3), query.optionalText(4), {}});
    }
    if (query.isNull(5)) continue;  // a study without series
    studies.back().series.push_back(readSeriesOverview(query));
  }
  return studies;
}

std::vector<SeriesDecision> AdminReads::seriesDecisions() {
  auto reader = database_.read();
  auto query = reader.prepare(R"sql(
    SELECT p.patient_id, p.issuer_of_patient_id, st.study_date, s.series_instance_uid,
           s.series_description, s.state, s.version, s.instance_count, c.is_t1ce, c.reason,
           st.t1ce_series_ref = s.id,
           (SELECT r.job_ref FROM instances i
            JOIN job_results r ON r.sop_instance_uid = i.sop_instance_uid
            WHERE i.series_ref = s.id LIMIT 1)  -- the job whose results the series holds, if any
    FROM series s
    JOIN studies st ON st.id = s.study_ref
    JOIN patients p ON p.id = st.patient_ref
    LEFT JOIN series_classifications c ON c.series_ref = s.id AND c.series_version = (
      SELECT max(series_version) FROM series_classifications WHERE series_ref = s.id)
    ORDER BY p.id, st.study_date, s.series_number, s.id)sql");
  std::vector<SeriesDecision> result;
  while (query.step()) result.push_back(readSeriesDecision(query));
  return result;
}

}  // namespace everynet::storage
