#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/admin_records.h"
#include "storage/export_records.h"
#include "storage/query_records.h"
#include "storage/records.h"

namespace everynet::storage {

class SqliteConnection;

// The SQLite index of everything received and everything to do: patients, studies, series,
// instances, T1ce decisions, jobs, exports and the association audit log.
// Thread-safe: one connection, one mutex; every method is one transaction. Every write is durable
// when the method returns, except addInstance (see leaseInstanceDirectory).
class Index {
 public:
  enum class Access { read_write, read_only };

  // Keeps a directory listed as recent (see leaseInstanceDirectory) while it lives.
  class DirectoryLease {
   public:
    DirectoryLease(DirectoryLease&& other) noexcept;
    DirectoryLease(const DirectoryLease&) = delete;
    DirectoryLease& operator=(const DirectoryLease&) = delete;
    DirectoryLease& operator=(DirectoryLease&&) = delete;
    ~DirectoryLease();

   private:
    friend class Index;
    DirectoryLease(Index& index, std::string directory);
    Index* index_;
    std::string directory_;
  };

  // Opens (creating and migrating when read-write) the index at `file`. WAL mode lets a read-only
  // index in another process (everynet jobs) read while the service writes.
  static std::unique_ptr<Index> open(const std::filesystem::path& file, Access access);
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  int schemaVersion();

  // Associations (audit log).
  std::int64_t recordAssociationStart(const AssociationRecord& association);
  void recordAssociationEnd(std::int64_t id, const std::string& outcome, double ended_at);
  void recordRefusedAssociation(const AssociationRecord& association);
  // Associations still 'open' from a process that died: closed with outcome "interrupted".
  int closeInterruptedAssociations(double now);
  std::vector<AssociationRecord> recentAssociations(int limit);

  // Instances.
  std::optional<std::string> instanceFilePath(const std::string& sop_instance_uid);
  // Adds the instance (its file is already durable), creating or updating its patient, study and
  // series; a series that was complete is re-opened. Throws DatabaseError if the SOP Instance UID
  // is already indexed. The commit does not wait for the disk (a power failure can lose it), so
  // the instance's file must have been written under a lease on its directory.
  IndexedInstance addInstance(const IncomingInstance& instance);
  // Lists `directory` (relative to the data directory) durably as recent before returning, unless
  // it is listed already. A listed directory is where an instance file may lack its index entry
  // after a power failure; it stays listed while a lease on it lives and until
  // syncRecentInstances() has made the commits of its instances durable.
  [[nodiscard]] DirectoryLease leaseInstanceDirectory(const std::string& directory);
  // Unlists the recent directories that no lease holds, in a commit that makes every earlier
  // commit durable, their instances' with them. A service calls it only after indexing the files
  // in recentInstanceDirectories() that lack an entry.
  void syncRecentInstances();
  // The directories listed as recent, including those a process that died left listed.
  std::vector<std::string> recentInstanceDirectories();
  void addInstanceConflict(const std::string& sop_instance_uid, const std::string& file_path,
                           double received_at, std::optional<std::int64_t> association_ref);
  std::int64_t instanceCount();
  std::int64_t instanceConflictCount();

  // Series completion and classification.
  std::vector<SeriesRef> receivingSeriesQuietSince(double cutoff);
  // Marks the series complete and returns its new version.
  int markSeriesComplete(std::int64_t series_ref);
  SeriesAttributes seriesAttributes(std::int64_t series_ref);
  void recordClassification(std::int64_t series_ref, int series_version, bool is_t1ce,
                            const std::string& reason, double decided_at);
  std::vector<SeriesDecision> seriesDecisions();

  // Timelines and jobs. A timeline holds the studies of the series' patient whose series are all
  // complete and that have at least one T1ce series.
  PatientTimeline timelineOfSeries(std::int64_t series_ref);
  void recordT1ceChoice(std::int64_t study_ref, std::int64_t series_ref, const std::string& reason);
  // Queues a job for the pair unless that pair already has one; true when a job was added.
  bool enqueueJob(std::int64_t patient_ref, const std::string& baseline_series_uid,
                  const std::string& followup_series_uid, const std::string& reason, double now);
  std::optional<JobRecord> claimNextQueuedJob(double now);
  void updateJobProgress(std::int64_t job_id, double progress, double now);
  void recordJobStage(std::int64_t job_id, const std::string& stage, double now);
  // One generator iteration of the job's training: progress 0..1, its losses, the ETA.
  void recordTrainingIteration(std::int64_t job_id, double progress, const JobLossRecord& losses,
                               double eta_seconds, double now);
  std::vector<JobLossRecord> jobLosses(std::int64_t job_id);
  // A running job that the service stopped goes back to the queue (it resumes from its
  // checkpoint).
  void requeueJob(std::int64_t job_id, double now);
  void finishJob(std::int64_t job_id, JobState final_state, const std::optional<std::string>& error,
                 double now);
  // Marks the job succeeded with its report, follow-up volume and results, in one commit.
  void completeJob(std::int64_t job_id, const JobCompletion& completion, double now);
  std::vector<JobResultRecord> jobResults(std::int64_t job_id);
  // The follow-up volume the latest succeeded job measured in the study of this series, if any.
  std::optional<double> earlierFollowupVolume(const std::string& series_instance_uid);
  // The files of the instances of one SOP class in the study of a series (e.g. segmentations
  // sent with a baseline), relative to the data directory, oldest first.
  std::vector<std::string> studyInstanceFilesOfClass(const std::string& series_instance_uid,
                                                     const std::string& sop_class_uid);
  // The files of a series' instances, relative to the data directory, by instance number.
  std::vector<std::string> seriesInstanceFiles(const std::string& series_instance_uid);
  std::vector<JobRecord> jobs();
  std::optional<JobRecord> job(std::int64_t job_id);

  // Exports of results to destinations (storage/index_exports.cpp). An instance is queued once per
  // destination: queueing it again changes nothing, so nothing is sent twice unless a retry asks.
  // Queues each instance (already indexed) for each destination, due at `now`; returns how many
  // were new. Throws DatabaseError, queueing none, when an instance is not indexed.
  int enqueueExports(std::optional<std::int64_t> job_ref,
                     const std::vector<std::string>& sop_instance_uids,
                     const std::vector<std::string>& destinations, double now);
  // The destination's pending exports due at `now`, earliest due first, at most `limit`. They stay
  // pending until marked: each destination has one sender.
  std::vector<DueExport> dueExports(const std::string& destination, double now, int limit);
  // When the destination's earliest pending export is due; empty when none is pending.
  std::optional<double> nextExportAttemptAt(const std::string& destination);
  void markExportSent(std::int64_t export_id, double now);
  // Counts a failed attempt: pending again after the policy's delay, or failed after its last.
  ExportAttemptOutcome recordExportFailure(std::int64_t export_id, const std::string& error,
                                           const ExportRetryPolicy& policy, double now);
  // Every export of the job (sent ones included) pending again, due now with no attempts; and
  // every failed export. Each returns how many.
  int retryExportsOfJob(std::int64_t job_ref, double now);
  int retryFailedExports(double now);
  std::vector<DestinationBacklog> exportBacklog(double now);
  // Failed exports, then pending ones that have failed attempts; most recently updated first.
  std::vector<ExportRecord> troubledExports(int limit);

  // --- Admin pages (storage/index_admin.cpp) ---------------------------------------------------
  // Reads for the admin web and its actions. The dashboard polls: its reads are index ranges.
  // Throws DatabaseError when the index does not answer a trivial query.
  void checkReadable();
  // Instances received, and associations started, at or after `since` (Unix seconds).
  std::int64_t instancesReceivedSince(double since);
  std::int64_t associationsStartedSince(double since);
  std::int64_t openAssociationCount();
  IndexTotals totals();

  std::vector<PatientSummary> patientSummaries();
  std::optional<PatientSummary> patientSummary(std::int64_t patient_ref);
  // The patient's studies, by study date, with their series and T1ce decisions.
  std::vector<StudyOverview> patientStudies(std::int64_t patient_ref);

  JobStateCounts jobStateCounts();
  std::vector<RunningJob> runningJobs();
  JobDurations succeededJobDurations();
  std::map<ResultKind, int> jobResultCounts(std::int64_t job_id);
  // The job's heatmaps in slice order (instance number): how many, and the file (relative to the
  // data directory) of the n-th, 0-based.
  int jobHeatmapCount(std::int64_t job_id);
  std::optional<std::string> jobHeatmapFile(std::int64_t job_id, int n);

  // Job log lines: the latest `limit`, oldest first.
  void addJobEvent(std::int64_t job_id, JobEventLevel level, const std::string& message, double at);
  std::vector<JobEvent> jobEvents(std::int64_t job_id, int limit);
  // A claimed job starts on `device` (logged).
  void recordJobStarted(std::int64_t job_id, const std::string& device, double now);
  // A queued job is cancelled at once; a running one is asked to stop (jobCancelRequested).
  JobCancelOutcome requestJobCancel(std::int64_t job_id, double now);
  bool jobCancelRequested(std::int64_t job_id);
  // A running job that stopped on request ends 'cancelled' (logged).
  void recordJobCancelled(std::int64_t job_id, double now);
  // A failed or cancelled job is queued again; its attempts are kept, its interruptions are not
  // (logged).
  JobRetryOutcome retryJob(std::int64_t job_id, double now);
  // Jobs left 'running' by a process that died go back to 'queued', each interruption counted
  // and logged. One interrupted `max_interruptions` times fails instead: it may be what ends the
  // process (a crash, memory running out), and would end it again at every start.
  InterruptedJobs recoverInterruptedJobs(int max_interruptions, double now);

  // The destination's failed exports pending again, due now with no attempts; how many.
  int retryFailedExportsTo(const std::string& destination, double now);
  std::vector<DestinationExportCounts> exportCounts();
  // The destination's pending exports due at `now`.
  std::int64_t dueExportCount(const std::string& destination, double now);
  // --- end of Admin pages ----------------------------------------------------------------------

  // --- Query/retrieve (storage/index_queries.cpp) ------------------------------------------------
  // Candidate rows for the DICOM Query/Retrieve SCP, one per patient (ID and issuer), study,
  // series or instance that holds a visible instance of the scope (see QueryScope), with the
  // counts of its visible studies, series and instances. Patients by Patient ID, studies by date,
  // series by number, instances by number. The caller matches the other keys.
  std::vector<PatientQueryRow> queryPatients(const QueryScope& scope);
  std::vector<StudyQueryRow> queryStudies(const QueryScope& scope);
  std::vector<SeriesQueryRow> querySeries(const QueryScope& scope);
  // Also what a C-MOVE or C-GET sends: the rows carry each instance's file.
  std::vector<InstanceQueryRow> queryInstances(const QueryScope& scope);
  // --- end of Query/retrieve ---------------------------------------------------------------------

 private:
  explicit Index(std::unique_ptr<SqliteConnection> connection);
  void migrate();
  void releaseLease(const std::string& directory);

  std::mutex mutex_;
  std::unique_ptr<SqliteConnection> db_;
  // The directories listed as recent, with the number of leases that hold each. Under mutex_.
  std::map<std::string, int> recent_directories_;
};

}  // namespace everynet::storage
