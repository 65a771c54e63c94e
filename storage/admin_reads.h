#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/admin_records.h"
#include "storage/ingest_records.h"
#include "storage/job_records.h"

namespace everynet::storage {

class Database;

// What the admin pages and the command line read beyond the queues themselves: the dashboard's
// counters, patients and their studies, series decisions, a job's results, log and losses. The
// dashboard polls: its reads are index ranges. Thread-safe; reads only.
class AdminReads {
 public:
  explicit AdminReads(Database& database) : database_(database) {}

  // Throws DatabaseError when the index does not answer a trivial query.
  void checkReadable();

  // --- Dashboard and monitoring (storage/admin_reads.cpp) ---------------------------------------
  // Instances received, and associations started, at or after `since` (Unix seconds).
  std::int64_t instancesReceivedSince(double since);
  std::int64_t associationsStartedSince(double since);
  std::int64_t openAssociationCount();
  IndexTotals totals();
  std::vector<AssociationRecord> recentAssociations(int limit);

  // --- Patients and series (storage/admin_reads.cpp) --------------------------------------------
  std::vector<PatientSummary> patientSummaries();
  std::optional<PatientSummary> patientSummary(std::int64_t patient_ref);
  // The patient's studies, by study date, with their series and T1ce decisions.
  std::vector<StudyOverview> patientStudies(std::int64_t patient_ref);
  // Every series with its latest T1ce decision, by patient, study date and series number.
  std::vector<SeriesDecision> seriesDecisions();

  // --- Jobs (storage/admin_job_reads.cpp) -------------------------------------------------------
  JobStateCounts jobStateCounts();
  std::vector<RunningJob> runningJobs();
  JobDurations succeededJobDurations();
  std::vector<JobResultRecord> jobResults(std::int64_t job_id);
  std::map<ResultKind, int> jobResultCounts(std::int64_t job_id);
  // The file (relative to the data directory) of the job's n-th heatmap, 0-based, in slice order
  // (instance number).
  std::optional<std::string> jobHeatmapFile(std::int64_t job_id, int n);
  // Job log lines: the latest `limit`, oldest first.
  std::vector<JobEvent> jobEvents(std::int64_t job_id, int limit);
  std::vector<JobLossRecord> jobLosses(std::int64_t job_id);

 private:
  Database& database_;
};

}  // namespace everynet::storage
