#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/export_records.h"

namespace everynet::storage {

// The export queue: which instance goes to which destination, how its attempts went, and the
// retries after failures, automatic or asked for. An instance is queued once per destination:
// queueing it again changes nothing, so nothing is sent twice unless a retry asks. Thread-safe.
class ExportQueue {
 public:
  explicit ExportQueue(Database& database) : database_(database) {}

  // Queues each instance (already indexed) for each destination, due at `now`; returns how many
  // were new. Throws DatabaseError, queueing none, when an instance is not indexed.
  int enqueue(std::optional<std::int64_t> job_ref,
              const std::vector<std::string>& sop_instance_uids,
              const std::vector<std::string>& destinations, double now);
  // The same inside the caller's transaction (JobQueue::complete queues a job's results so).
  static int enqueue(Database::Writer& writer, std::optional<std::int64_t> job_ref,
                     const std::vector<std::string>& sop_instance_uids,
                     const std::vector<std::string>& destinations, double now);

  // Sending. The destination's pending exports due at `now`, earliest due first, at most
  // `limit`. They stay pending until marked: each destination has one sender.
  std::vector<DueExport> due(const std::string& destination, double now, int limit);
  // When the destination's earliest pending export is due; empty when none is pending.
  std::optional<double> nextAttemptAt(const std::string& destination);
  void markSent(std::int64_t export_id, double now);
  // Counts a failed attempt: pending again after the policy's delay, or failed after its last.
  ExportAttemptOutcome recordFailure(std::int64_t export_id, const std::string& error,
                                     const ExportRetryPolicy& policy, double now);

  // Retries asked for: pending again, due now with no attempts. Each returns how many.
  // Every export of the job, sent ones included.
  int retryOfJob(std::int64_t job_ref, double now);
  // Every failed export.
  int retryFailed(double now);
  // The destination's failed exports.
  int retryFailedTo(const std::string& destination, double now);

  // Reading the queue.
  std::vector<DestinationBacklog> backlog(double now);
  // Failed exports, then pending ones that have failed attempts; most recently updated first.
  std::vector<ExportRecord> troubled(int limit);
  // Each destination's exports by state and its failed attempts ever (kept by triggers).
  std::vector<DestinationExportCounts> counts();
  // The destination's pending exports due at `now`.
  std::int64_t dueCount(const std::string& destination, double now);

 private:
  Database& database_;
};

}  // namespace everynet::storage
