#include "storage/export_queue.h"

#include "storage/database.h"

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

void requireIndexed(Database::Writer& writer, const std::string& sop_instance_uid) {
  auto indexed = writer.prepare("SELECT 1 FROM instances WHERE sop_instance_uid = ?");
  indexed.bind(1, sop_instance_uid);
  if (!indexed.step()) {
    throw DatabaseError("cannot queue the export of instance " + sop_instance_uid +
                        ": it is not indexed");
  }
}

// Pending again, due now with no attempts: the exports that `where` selects (its parameters from
// 3 on, bound by `bind`).
template <typename Bind>
int retryWhere(Database& database, const std::string& where, double now, Bind bind) {
  auto writer = database.write();
  auto update = writer.prepare(
      "UPDATE exports SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? "
      "WHERE " +
      where);
  update.bind(1, now).bind(2, now);
  bind(update);
  update.run();
  const int changed = writer.changes();
  writer.commit();
  return changed;
}

}  // namespace

int ExportQueue::enqueue(std::optional<std::int64_t> job_ref,
                         const std::vector<std::string>& sop_instance_uids,
                         const std::vector<std::string>& destinations, double now) {
  auto writer = database_.write();
  const int added = enqueue(writer, job_ref, sop_instance_uids, destinations, now);
  writer.commit();
  return added;
}

int ExportQueue::enqueue(Database::Writer& writer, std::optional<std::int64_t> job_ref,
                         const std::vector<std::string>& sop_instance_uids,
                         const std::vector<std::string>& destinations, double now) {
  int added = 0;
  for (const auto& uid : sop_instance_uids) {
    requireIndexed(writer, uid);
    for (const auto& destination : destinations) {
      writer
          .prepare(R"sql(
        INSERT INTO exports (job_ref, destination, sop_instance_uid, state, next_attempt_at,
                             created_at, updated_at)
        VALUES (?, ?, ?, 'pending', ?, ?, ?)
        ON CONFLICT (destination, sop_instance_uid) DO NOTHING)sql")
          .bind(1, job_ref)
          .bind(2, destination)
          .bind(3, uid)
          .bind(4, now)
          .bind(5, now)
          .bind(6, now)
          .run();
      added += writer.changes();
    }
  }
  return added;
}

std::vector<DueExport> ExportQueue::due(const std::string& destination, double now, int limit) {
  auto reader = database_.read();
  auto query = reader.prepare(R"sql(
    SELECT e.id, e.destination, e.sop_instance_uid, i.sop_class_uid, i.transfer_syntax_uid,
           i.file_path, e.attempts
    FROM exports e JOIN instances i ON i.sop_instance_uid = e.sop_instance_uid
    WHERE e.destination = ? AND e.state = 'pending' AND e.next_attempt_at <= ?
    ORDER BY e.next_attempt_at, e.id LIMIT ?)sql");
  query.bind(1, destination).bind(2, now).bind(3, limit);
  std::vector<DueExport> exports;
  while (query.step()) {
    exports.push_back({query.integer(0), query.text(1), query.text(2), query.text(3), query.text(4),
                       query.text(5), static_cast<int>(query.integer(6))});
  }
  return exports;
}

std::optional<double> ExportQueue::nextAttemptAt(const std::string& destination) {
  auto reader = database_.read();
  auto query = reader.prepare(
      "SELECT min(next_attempt_at) FROM exports WHERE destination = ? AND state = 'pending'");
  query.bind(1, destination);
  query.step();
  return query.optionalReal(0);
}

void ExportQueue::markSent(std::int64_t export_id, double now) {
  auto writer = database_.write();
  writer.prepare("UPDATE exports SET state = 'sent', updated_at = ? WHERE id = ?")
      .bind(1, now)
      .bind(2, export_id)
      .run();
  writer.commit();
}

ExportAttemptOutcome ExportQueue::recordFailure(std::int64_t export_id, const std::string& error,
                                                const ExportRetryPolicy& policy, double now) {
  auto writer = database_.write();
  ExportAttemptOutcome outcome;
  {
    auto attempts = writer.prepare("SELECT attempts FROM exports WHERE id = ?");
    attempts.bind(1, export_id);
    if (!attempts.step()) throw DatabaseError("no export " + std::to_string(export_id));
    outcome.attempts = static_cast<int>(attempts.integer(0)) + 1;
  }
  outcome.state =
      outcome.attempts >= policy.max_attempts ? ExportState::failed : ExportState::pending;
  outcome.next_attempt_at = now + exportRetryDelaySeconds(policy, outcome.attempts);
  writer
      .prepare(
          "UPDATE exports SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
          "updated_at = ? WHERE id = ?")
      .bind(1, toString(outcome.state))
      .bind(2, outcome.attempts)
      .bind(3, outcome.next_attempt_at)
      .bind(4, error)
      .bind(5, now)
      .bind(6, export_id)
      .run();
  writer.commit();
  return outcome;
}

int ExportQueue::retryOfJob(std::int64_t job_ref, double now) {
  return retryWhere(database_, "job_ref = ?", now,
                    [&](Statement& update) { update.bind(3, job_ref); });
}

int ExportQueue::retryFailed(double now) {
  return retryWhere(database_, "state = 'failed'", now, [](Statement&) {});
}

int ExportQueue::retryFailedTo(const std::string& destination, double now) {
  return retryWhere(database_, "destination = ? AND state = 'failed'", now,
                    [&](Statement& update) { update.bind(3, destination); });
}

std::vector<DestinationBacklog> ExportQueue::backlog(double now) {
  auto reader = database_.read();
  auto query = reader.prepare(R"sql(
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

std::vector<ExportRecord> ExportQueue::troubled(int limit) {
  auto reader = database_.read();
  auto query = reader.prepare(R"sql(
    SELECT id, job_ref, destination, sop_instance_uid, state, attempts, next_attempt_at,
           last_error, created_at, updated_at
    FROM exports WHERE state = 'failed' OR (state = 'pending' AND attempts > 0)
    ORDER BY state = 'failed' DESC, updated_at DESC, id DESC LIMIT ?)sql");
  query.bind(1, limit);
  std::vector<ExportRecord> result;
  while (query.step()) result.push_back(readExport(query));
  return result;
}

std::vector<DestinationExportCounts> ExportQueue::counts() {
  auto reader = database_.read();
  auto query = reader.prepare(
      "SELECT destination, pending, sent, failed, failed_attempts FROM export_counts "
      "ORDER BY destination");
  std::vector<DestinationExportCounts> result;
  while (query.step()) {
    result.push_back(
        {query.text(0), query.integer(1), query.integer(2), query.integer(3), query.integer(4)});
  }
  return result;
}

std::int64_t ExportQueue::dueCount(const std::string& destination, double now) {
  auto reader = database_.read();
  auto count = reader.prepare(
      "SELECT count(*) FROM exports "
      "WHERE destination = ? AND state = 'pending' AND next_attempt_at <= ?");
  count.bind(1, destination).bind(2, now);
  count.step();
  return count.integer(0);
}

}  // namespace everynet::storage
