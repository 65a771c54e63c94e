#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/job_records.h"

namespace everynet::storage {

class Database;

// The queue of analysis jobs, one per analysis method and (baseline, follow-up) pair (methods are
// named as engine.methods names them), and each job's whole life:
// queued, claimed by a worker, its stages, training progress and log, then succeeded, failed or
// cancelled; retried on request, and recovered when a process died while it ran (job_queue.cpp).
// Also what a worker reads to run a job (job_queue_reads.cpp). Thread-safe.
class JobQueue {
 public:
  explicit JobQueue(Database& database) : database_(database) {}

  // --- A job's life (storage/job_queue.cpp) -----------------------------------------------------
  // Queues the method's job for the pair unless that pair already has one of that method; true
  // when a job was added.
  bool enqueue(std::int64_t patient_ref, const std::string& baseline_series_uid,
               const std::string& followup_series_uid, const std::string& method,
               const std::string& reason, double now);
  // The oldest queued job of one of `methods`, now running (one attempt more): a pool of workers
  // claims only the methods it runs. Jobs with a recorded training run come first: their
  // trainings go on elsewhere (a cluster) and are followed again.
  std::optional<JobRecord> claimNext(double now, const std::vector<std::string>& methods);
  // A claimed job starts on `device` (logged).
  void recordStarted(std::int64_t job_id, const std::string& device, double now);
  void recordStage(std::int64_t job_id, const std::string& stage, double now);
  // One generator iteration of the job's training: progress 0..1, its losses, the ETA.
  void recordTrainingIteration(std::int64_t job_id, double progress, const JobLossRecord& losses,
                               double eta_seconds, double now);
  // The training the job's run submitted ("BACKEND:ID"), read back after a restart. Kept when
  // the job is requeued (the service stopped, or died); cleared when it ends or is retried, so
  // that a retry submits anew.
  void recordTrainingRun(std::int64_t job_id, const std::string& run);
  // Why the job's training waits (a cluster's queue); empty: it runs. Cleared when the job
  // leaves 'running'.
  void recordTrainingWait(std::int64_t job_id, const std::string& why);
  // Job log lines (job_events).
  void addEvent(std::int64_t job_id, JobEventLevel level, const std::string& message, double at);
  // A running job that the service stopped goes back to the queue (it resumes from its
  // checkpoint).
  void requeue(std::int64_t job_id, double now);
  // Marks the job succeeded with its report, follow-up volume and results. The one transaction
  // that writes beyond its store, so that a job's results are seen with its completion or not at
  // all: in the same commit its result instances are indexed (IngestStore::addInstance), queued
  // for export to each destination (ExportQueue::enqueue), and the series that hold them are
  // settled (TimelineStore::settleResultSeries), so that no result series is ever seen as a
  // received series waiting for its quiet period or a T1ce decision. The commit is durable.
  // Throws DatabaseError, changing nothing, when a result instance is indexed already or a result
  // to export is not indexed.
  void complete(std::int64_t job_id, const JobCompletion& completion, double now);
  void finish(std::int64_t job_id, JobState final_state, const std::optional<std::string>& error,
              double now);
  // A queued job is cancelled at once; a running one is asked to stop (cancelRequested), and so
  // is a queued one with a recorded training run, whose training a worker then ends.
  JobCancelOutcome requestCancel(std::int64_t job_id, double now);
  bool cancelRequested(std::int64_t job_id);
  // A running job that stopped on request ends 'cancelled' (logged).
  void recordCancelled(std::int64_t job_id, double now);
  // A failed or cancelled job is queued again; its attempts are kept, its interruptions are not
  // (logged).
  JobRetryOutcome retry(std::int64_t job_id, double now);
  // Jobs left 'running' by a process that died go back to 'queued', each interruption counted
  // and logged. One interrupted `max_interruptions` times fails instead: it may be what ends the
  // process (a crash, memory running out), and would end it again at every start.
  InterruptedJobs recoverInterrupted(int max_interruptions, double now);

  // --- Reading jobs and their inputs (storage/job_queue_reads.cpp) ------------------------------
  std::vector<JobRecord> jobs();
  std::optional<JobRecord> job(std::int64_t job_id);
  // The files of a series' instances, relative to the data directory, by instance number.
  std::vector<std::string> seriesInstanceFiles(const std::string& series_instance_uid);
  // The files of the instances of one SOP class in the study of a series (e.g. segmentations
  // sent with a baseline), relative to the data directory, oldest first.
  std::vector<std::string> studyInstanceFilesOfClass(const std::string& series_instance_uid,
                                                     const std::string& sop_class_uid);
  // The follow-up volume the latest succeeded job of `method` measured in the study of this
  // series, if any: one method's measurement is not another's.
  std::optional<double> earlierFollowupVolume(const std::string& series_instance_uid,
                                              const std::string& method);

 private:
  Database& database_;
};

}  // namespace everynet::storage
