// The export queue of the index: which instance goes to which destination, and how its attempts
// went. Part of storage::Index (declared in index.h).
#include <algorithm>
#include <cmath>

#include "storage/index.h"
#include "storage/sqlite_connection.h"

namespace everynet::storage {
namespace {

ExportRecord readExport(const Statement& row) {
  ExportRecord record;
  record.id = row.integer(0);
  record.job_ref = row.optionalInteger(1);
  record.destination = row.text(2);
  record.sop_instance_uid = row.text(3);
  record.state = parseExportState(row.text(4)).value_or(ExportState::failed);
  record.attempts = static_cast<int>(row.integer(5));
  record.next_attempt_at = row.real(6);
  record.last_error = row.optionalText(7);
  record.created_at = row.real(8);
  record.updated_at = row.real(9);
  return record;
}

}  // namespace

const char* toString(ExportState state) {
  switch (state) {
    case ExportState::pending:
      return "pending";
    case ExportState::sent:
      return "sent";
    case ExportState::failed:
      return "failed";
  }
  return "unknown";
}

std::optional<ExportState> parseExportState(const std::string& text) {
  for (auto state : {ExportState::pending, ExportState::sent, ExportState::failed}) {
    if (text == toString(state)) return state;
  }
  return std::nullopt;
}

double exportRetryDelaySeconds(const ExportRetryPolicy& policy, int failed_attempts) {
  // 2^62 seconds is past any cap; the exponent is bounded so the power stays finite.
  const int doublings = std::clamp(failed_attempts - 1, 0, 62);
  return std::min(policy.initial_delay_seconds * std::ldexp(1.0, doublings),
                  policy.max_delay_seconds);
}

int Index::enqueueExports(std::optional<std::int64_t> job_ref,
                          const std::vector<std::string>& sop_instance_uids,
                          const std::vector<std::string>& destinations, double now) {
  std::lock_guard lock(mutex_);
  WriteTransaction transaction(*db_);
  int added = 0;
  for (const auto& uid : sop_instance_uids) {
    Statement indexed(*db_, "SELECT 1 FROM instances WHERE sop_instance_uid = ?");
    indexed.bind(1, uid);
    if (!indexed.step()) {
      throw DatabaseError("cannot queue the export of instance " + uid + ": it is not indexed");
    }
    for (const auto& destination : destinations) {
      Statement insert(*db_, R"sql(
        INSERT INTO exports (job_ref, destination, sop_instance_uid, state, next_attempt_at,
                             created_at, updated_at)
        VALUES (?, ?, ?, 'pending', ?, ?, ?)
        ON CONFLICT (destination, sop_instance_uid) DO NOTHING)sql");
      insert.bind(1, job_ref)
          .bind(2, destination)
          .bind(3, uid)
          .bind(4, now)
          .bind(5, now)
          .bind(6, now)
          .run();
      added += db_->changes();
    }
  }
  transaction.commit();
  return added;
}

std::vector<DueExport> Index::dueExports(const std::string& destination, double now, int limit) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, R"sql(
    SELECT e.id, e.destination, e.sop_instance_uid, i.sop_class_uid, i.transfer_syntax_uid,
           i.file_path, e.attempts
    FROM exports e JOIN instances i ON i.sop_instance_uid = e.sop_instance_uid
    WHERE e.destination = ? AND e.state = 'pending' AND e.next_attempt_at <= ?
    ORDER BY e.next_attempt_at, e.id LIMIT ?)sql");
  query.bind(1, destination).bind(2, now).bind(3, limit);
  std::vector<DueExport> due;
  while (query.step()) {
    due.push_back({query.integer(0), query.text(1), query.text(2), query.text(3), query.text(4),
                   query.text(5), static_cast<int>(query.integer(6))});
  }
  return due;
}

std::optional<double> Index::nextExportAttemptAt(const std::string& destination) {
  std::lock_guard lock(mutex_);
  Statement query(*db_,
                  "SELECT min(next_attempt_at) FROM exports "
                  "WHERE destination = ? AND state = 'pending'");
  query.bind(1, destination);
  query.step();
  return query.optionalReal(0);
}

void Index::markExportSent(std::int64_t export_id, double now) {
  std::lock_guard lock(mutex_);
  Statement update(*db_, "UPDATE exports SET state = 'sent', updated_at = ? WHERE id = ?");
  update.bind(1, now).bind(2, export_id).run();
}

ExportAttemptOutcome Index::recordExportFailure(std::int64_t export_id, const std::string& error,
                                                const ExportRetryPolicy& policy, double now) {
  std::lock_guard lock(mutex_);
  WriteTransaction transaction(*db_);
  Statement attempts(*db_, "SELECT attempts FROM exports WHERE id = ?");
  attempts.bind(1, export_id);
  if (!attempts.step()) throw DatabaseError("no export " + std::to_string(export_id));
  ExportAttemptOutcome outcome;
  outcome.attempts = static_cast<int>(attempts.integer(0)) + 1;
  outcome.state =
      outcome.attempts >= policy.max_attempts ? ExportState::failed : ExportState::pending;
  outcome.next_attempt_at = now + exportRetryDelaySeconds(policy, outcome.attempts);
  Statement update(*db_,
                   "UPDATE exports SET state = ?, attempts = ?, next_attempt_at = ?, "
                   "last_error = ?, updated_at = ? WHERE id = ?");
  update.bind(1, toString(outcome.state))
      .bind(2, outcome.attempts)
      .bind(3, outcome.next_attempt_at)
      .bind(4, error)
      .bind(5, now)
      .bind(6, export_id)
      .run();
  transaction.commit();
  return outcome;
}

int Index::retryExportsOfJob(std::int64_t job_ref, double now) {
  std::lock_guard lock(mutex_);
  Statement update(*db_,
                   "UPDATE exports SET state = 'pending', attempts = 0, next_attempt_at = ?, "
                   "updated_at = ? WHERE job_ref = ?");
  update.bind(1, now).bind(2, now).bind(3, job_ref).run();
  return db_->changes();
}

int Index::retryFailedExports(double now) {
  std::lock_guard lock(mutex_);
  Statement update(*db_,
                   "UPDATE exports SET state = 'pending', attempts = 0, next_attempt_at = ?, "
                   "updated_at = ? WHERE state = 'failed'");
  update.bind(1, now).bind(2, now).run();
  return db_->changes();
}

std::vector<DestinationBacklog> Index::exportBacklog(double now) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, R"sql(
    SELECT destination,
           sum(state = 'pending'), sum(state = 'pending' AND next_attempt_at <= ?),
           sum(state = 'sent'), sum(state = 'failed'),
           min(CASE WHEN state = 'pending' THEN next_attempt_at END)
    FROM exports GROUP BY destination ORDER BY destination)sql");
  query.bind(1, now);
  std::vector<DestinationBacklog> result;
  while (query.step()) {
    result.push_back({query.text(0), static_cast<int>(query.integer(1)),
                      static_cast<int>(query.integer(2)), static_cast<int>(query.integer(3)),
                      static_cast<int>(query.integer(4)), query.optionalReal(5)});
  }
  return result;
}

std::vector<ExportRecord> Index::troubledExports(int limit) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, R"sql(
    SELECT id, job_ref, destination, sop_instance_uid, state, attempts, next_attempt_at,
           last_error, created_at, updated_at
    FROM exports WHERE state = 'failed' OR (state = 'pending' AND attempts > 0)
    ORDER BY state = 'failed' DESC, updated_at DESC, id DESC LIMIT ?)sql");
  query.bind(1, limit);
  std::vector<ExportRecord> result;
  while (query.step()) result.push_back(readExport(query));
  return result;
}

}  // namespace everynet::storage
