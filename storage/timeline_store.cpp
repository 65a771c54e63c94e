#include "storage/timeline_store.h"

#include <map>

namespace everynet::storage {
namespace {

constexpr const char* kSeriesAttributeColumns =
    "modality, series_description, protocol_name, contrast_bolus_agent, image_type, "
    "scanning_sequence, sequence_variant, mr_acquisition_type, repetition_time_ms, echo_time_ms, "
    "inversion_time_ms, slice_thickness_mm, series_number";
constexpr int kSeriesAttributeColumnCount = 13;

// Reads the columns of kSeriesAttributeColumns starting at `first`.
SeriesAttributes readSeriesAttributes(const Statement& row, int first) {
  SeriesAttributes s;
  s.modality = row.text(first + 0);
  s.series_description = row.text(first + 1);
  s.protocol_name = row.text(first + 2);
  s.contrast_bolus_agent = row.text(first + 3);
  s.image_type = row.text(first + 4);
  s.scanning_sequence = row.text(first + 5);
  s.sequence_variant = row.text(first + 6);
  s.mr_acquisition_type = row.text(first + 7);
  s.repetition_time_ms = row.optionalReal(first + 8);
  s.echo_time_ms = row.optionalReal(first + 9);
  s.inversion_time_ms = row.optionalReal(first + 10);
  s.slice_thickness_mm = row.optionalReal(first + 11);
  if (auto number = row.optionalInteger(first + 12)) s.series_number = static_cast<int>(*number);
  return s;
}

// Complete series whose decision for their current version is T1ce, grouped by study, oldest
// study first; a study with a series still receiving is no timepoint yet.
std::vector<TimepointRecord> t1ceTimepoints(Database::Reader& reader, std::int64_t patient_ref) {
  auto query = reader.prepare(std::string(R"sql(
    SELECT st.id, st.study_instance_uid, st.study_date, s.id, s.series_instance_uid, )sql") +
                              kSeriesAttributeColumns + R"sql(,
           (SELECT j.followup_volume_ml FROM jobs j JOIN series fs ON fs.id = j.followup_series_ref
            WHERE fs.study_ref = st.id AND j.state = 'succeeded'
              AND j.followup_volume_ml IS NOT NULL ORDER BY j.id DESC LIMIT 1)
    FROM studies st
    JOIN series s ON s.study_ref = st.id AND s.state = 'complete'
    JOIN series_classifications c ON c.series_ref = s.id AND c.series_version = s.version
    WHERE st.patient_ref = ? AND c.is_t1ce = 1
      AND NOT EXISTS (SELECT 1 FROM series r WHERE r.study_ref = st.id AND r.state = 'receiving')
    ORDER BY st.study_date, st.id, s.id)sql");
  query.bind(1, patient_ref);
  std::vector<TimepointRecord> timepoints;
  std::map<std::int64_t, std::size_t> position_of_study;
  while (query.step()) {
    const std::int64_t study_ref = query.integer(0);
    auto [it, added] = position_of_study.try_emplace(study_ref, timepoints.size());
    if (added) {
      TimepointRecord timepoint;
      timepoint.study_ref = study_ref;
      timepoint.study_instance_uid = query.text(1);
      timepoint.study_date = query.text(2);
      timepoint.enhancing_volume_ml = query.optionalReal(5 + kSeriesAttributeColumnCount);
      timepoints.push_back(std::move(timepoint));
    }
    timepoints[it->second].t1ce_series.push_back(
        {query.integer(3), query.text(4), readSeriesAttributes(query, 5)});
  }
  return timepoints;
}

}  // namespace

std::vector<SeriesRef> TimelineStore::receivingSeriesQuietSince(double cutoff) {
  auto reader = database_.read();
  auto query = reader.prepare(
      "SELECT id, series_instance_uid FROM series "
      "WHERE state = 'receiving' AND last_instance_at <= ? ORDER BY id");
  query.bind(1, cutoff);
  std::vector<SeriesRef> result;
  while (query.step()) result.push_back({query.integer(0), query.text(1)});
  return result;
}

int TimelineStore::markSeriesComplete(std::int64_t series_ref) {
  auto writer = database_.write();
  writer.prepare("UPDATE series SET state = 'complete', version = version + 1 WHERE id = ?")
      .bind(1, series_ref)
      .run();
  auto version = writer.prepare("SELECT version FROM series WHERE id = ?");
  version.bind(1, series_ref);
  if (!version.step()) throw DatabaseError("no series " + std::to_string(series_ref));
  const int result = static_cast<int>(version.integer(0));
  writer.commit();
  return result;
}

SeriesAttributes TimelineStore::seriesAttributes(std::int64_t series_ref) {
  auto reader = database_.read();
  auto query = reader.prepare(std::string("SELECT ") + kSeriesAttributeColumns +
                              " FROM series WHERE id = ?");
  query.bind(1, series_ref);
  if (!query.step()) throw DatabaseError("no series " + std::to_string(series_ref));
  return readSeriesAttributes(query, 0);
}

void TimelineStore::recordClassification(std::int64_t series_ref, int series_version, bool is_t1ce,
                                         const std::string& reason, double decided_at) {
  auto writer = database_.write();
  writer
      .prepare(
          "INSERT OR REPLACE INTO series_classifications (series_ref, series_version, is_t1ce, "
          "reason, decided_at) VALUES (?, ?, ?, ?, ?)")
      .bind(1, series_ref)
      .bind(2, series_version)
      .bind(3, is_t1ce ? 1 : 0)
      .bind(4, reason)
      .bind(5, decided_at)
      .run();
  writer.commit();
}

PatientTimeline TimelineStore::timelineOfSeries(std::int64_t series_ref) {
  auto reader = database_.read();
  PatientTimeline timeline;
  {
    auto patient = reader.prepare(R"sql(
      SELECT p.id, p.identity_conflict FROM series s
      JOIN studies st ON st.id = s.study_ref JOIN patients p ON p.id = st.patient_ref
      WHERE s.id = ?)sql");
    patient.bind(1, series_ref);
    if (!patient.step()) throw DatabaseError("no series " + std::to_string(series_ref));
    timeline.patient_ref = patient.integer(0);
    timeline.identity_conflict = patient.optionalText(1);
  }
  timeline.timepoints = t1ceTimepoints(reader, timeline.patient_ref);
  auto followups = reader.prepare(R"sql(
    SELECT DISTINCT s.series_instance_uid FROM jobs j JOIN series s ON s.id = j.followup_series_ref
    WHERE j.patient_ref = ?)sql");
  followups.bind(1, timeline.patient_ref);
  while (followups.step()) timeline.followups_with_job.push_back(followups.text(0));
  return timeline;
}

void TimelineStore::recordT1ceChoice(std::int64_t study_ref, std::int64_t series_ref,
                                     const std::string& reason) {
  auto writer = database_.write();
  writer.prepare("UPDATE studies SET t1ce_series_ref = ?, t1ce_choice_reason = ? WHERE id = ?")
      .bind(1, series_ref)
      .bind(2, reason)
      .bind(3, study_ref)
      .run();
  writer.commit();
}

void TimelineStore::settleResultSeries(Database::Writer& writer, std::int64_t job_id, double now) {
  constexpr const char* kResultSeries = R"sql(
    SELECT DISTINCT i.series_ref FROM job_results r
    JOIN instances i ON i.sop_instance_uid = r.sop_instance_uid WHERE r.job_ref = ?)sql";
  writer
      .prepare(std::string("UPDATE series SET state = 'complete', version = version + 1 "
                           "WHERE id IN (") +
               kResultSeries + ")")
      .bind(1, job_id)
      .run();
  writer
      .prepare(std::string(R"sql(
    INSERT INTO series_classifications (series_ref, series_version, is_t1ce, reason, decided_at)
    SELECT id, version, 0, ?, ? FROM series WHERE id IN ()sql") +
               kResultSeries + ")")
      .bind(1, "EveryNet result of job " + std::to_string(job_id))
      .bind(2, now)
      .bind(3, job_id)
      .run();
}

}  // namespace everynet::storage
