// A job's whole life in the queue, from enqueue to its end, its retries and its recovery after a
// process died. Part of JobQueue (declared in storage/job_queue.h).
#include "storage/job_queue.h"

#include <utility>

#include "storage/database.h"
#include "storage/export_queue.h"
#include "storage/ingest_store.h"
#include "storage/job_rows.h"
#include "storage/json_array.h"
#include "storage/timeline_store.h"

namespace everynet::storage {
namespace {

// Appends a line to the job's log, inside the caller's transaction.
void insertEvent(Database::Writer& writer, std::int64_t job_id, JobEventLevel level,
                 const std::string& message, double at) {
  writer.prepare("INSERT INTO job_events (job_ref, at, level, message) VALUES (?, ?, ?, ?)")
      .bind(1, job_id)
      .bind(2, at)
      .bind(3, toString(level))
      .bind(4, message)
      .run();
}

std::optional<JobState> stateOfJob(Database::Writer& writer, std::int64_t job_id) {
  auto query = writer.prepare("SELECT state FROM jobs WHERE id = ?");
  query.bind(1, job_id);
  if (!query.step()) return std::nullopt;
  return parseJobState(query.text(0));
}

// The steps of JobQueue::complete, each inside its transaction.

void insertResult(Database::Writer& writer, std::int64_t job_id, const JobResultRecord& result) {
  writer
      .prepare(
          "INSERT OR IGNORE INTO job_results (job_ref, sop_instance_uid, kind) VALUES (?, ?, ?)")
      .bind(1, job_id)
      .bind(2, result.sop_instance_uid)
      .bind(3, toString(result.kind))
      .run();
}

void markSucceeded(Database::Writer& writer, std::int64_t job_id, const JobCompletion& completion,
                   double now) {
  writer
      .prepare(R"sql(
    UPDATE jobs SET state = 'succeeded', error = NULL, progress = 1, stage = NULL,
                    eta_seconds = NULL, training_run = NULL, training_wait = NULL, report = ?,
                    followup_volume_ml = ?, finished_at = ?, updated_at = ?
    WHERE id = ?)sql")
      .bind(1, completion.report)
      .bind(2, completion.followup_volume_ml)
      .bind(3, now)
      .bind(4, now)
      .bind(5, job_id)
      .run();
}

// Whether the job's training was submitted by an earlier process and may run on (a cluster's).
bool hasTrainingRun(Database::Writer& writer, std::int64_t job_id) {
  auto query = writer.prepare("SELECT training_run IS NOT NULL FROM jobs WHERE id = ?");
  query.bind(1, job_id);
  return query.step() && query.integer(0) != 0;
}

// The steps of recoverInterrupted for one job, interrupted `interruptions` times now.
InterruptedJob requeueInterrupted(Database::Writer& writer, std::int64_t job_id, int interruptions,
                                  const std::string& times, double now) {
  writer
      .prepare(R"sql(
        UPDATE jobs SET state = 'queued', interruptions = ?, stage = NULL, eta_seconds = NULL,
                        training_wait = NULL, updated_at = ?
        WHERE id = ?)sql")
      .bind(1, interruptions)
      .bind(2, now)
      .bind(3, job_id)
      .run();
  const std::string message = "the service ended while this job was running (" + times +
                              "); queued again, to resume from its last checkpoint";
  insertEvent(writer, job_id, JobEventLevel::warning, message, now);
  return {job_id, message};
}

InterruptedJob failInterrupted(Database::Writer& writer, std::int64_t job_id, int interruptions,
                               double now) {
  const std::string error =
      "the service ended while this job was running, " + std::to_string(interruptions) +
      " times (a crash, a kill, memory running out or a power loss; see the service log). "
      "It is not started again on its own, since it may be what ended the service: retry it "
      "once the cause is known";
  writer
      .prepare(R"sql(
        UPDATE jobs SET state = 'failed', interruptions = ?, error = ?, stage = NULL,
                        eta_seconds = NULL, training_run = NULL, training_wait = NULL,
                        finished_at = ?, updated_at = ?
        WHERE id = ?)sql")
      .bind(1, interruptions)
      .bind(2, error)
      .bind(3, now)
      .bind(4, now)
      .bind(5, job_id)
      .run();
  insertEvent(writer, job_id, JobEventLevel::error, "failed: " + error, now);
  return {job_id, error};
}

}  // namespace

bool JobQueue::enqueue(std::int64_t patient_ref, const std::string& baseline_series_uid,
                       const std::string& followup_series_uid, const std::string& method,
                       const std::string& reason, double now) {
  auto writer = database_.write();
  writer
      .prepare(R"sql(
    INSERT INTO jobs (patient_ref, baseline_series_ref, followup_series_ref, method, state, reason,
                      created_at, updated_at)
    SELECT ?, b.id, f.id, ?, 'queued', ?, ?, ?
    FROM series b, series f WHERE b.series_instance_uid = ? AND f.series_instance_uid = ?
    ON CONFLICT (baseline_series_ref, followup_series_ref, method) DO NOTHING)sql")
      .bind(1, patient_ref)
      .bind(2, method)
      .bind(3, reason)
      .bind(4, now)
      .bind(5, now)
      .bind(6, baseline_series_uid)
      .bind(7, followup_series_uid)
      .run();
  const bool added = writer.changes() > 0;
  writer.commit();
  return added;
}

std::optional<JobRecord> JobQueue::claimNext(double now, const std::vector<std::string>& methods) {
  auto writer = database_.write();
  std::int64_t claimed = 0;
  {
    auto next = writer.prepare(R"sql(
      SELECT id FROM jobs
      WHERE state = 'queued' AND method IN (SELECT value FROM json_each(?))
      ORDER BY training_run IS NULL, id LIMIT 1)sql");
    next.bind(1, jsonArray(methods));
    if (!next.step()) return std::nullopt;
    claimed = next.integer(0);
  }
  writer
      .prepare(
          "UPDATE jobs SET state = 'running', attempts = attempts + 1, progress = 0, "
          "started_at = ?, updated_at = ? WHERE id = ?")
      .bind(1, now)
      .bind(2, now)
      .bind(3, claimed)
      .run();
  auto job = job_rows::find(writer, claimed);
  writer.commit();
  return job;
}

void JobQueue::recordStarted(std::int64_t job_id, const std::string& device, double now) {
  auto writer = database_.write();
  writer.prepare("UPDATE jobs SET device = ?, updated_at = ? WHERE id = ?")
      .bind(1, device)
      .bind(2, now)
      .bind(3, job_id)
      .run();
  std::int64_t attempt = 0;
  {
    auto attempts = writer.prepare("SELECT attempts FROM jobs WHERE id = ?");
    attempts.bind(1, job_id);
    if (attempts.step()) attempt = attempts.integer(0);
  }
  insertEvent(writer, job_id, JobEventLevel::info,
              "started on " + device + " (attempt " + std::to_string(attempt) + ")", now);
  writer.commit();
}

void JobQueue::recordStage(std::int64_t job_id, const std::string& stage, double now) {
  auto writer = database_.write();
  writer.prepare("UPDATE jobs SET stage = ?, eta_seconds = NULL, updated_at = ? WHERE id = ?")
      .bind(1, stage)
      .bind(2, now)
      .bind(3, job_id)
      .run();
  writer.commit();
}

void JobQueue::recordTrainingIteration(std::int64_t job_id, double progress,
                                       const JobLossRecord& losses, double eta_seconds,
                                       double now) {
  auto writer = database_.write();
  writer.prepare("UPDATE jobs SET progress = ?, eta_seconds = ?, updated_at = ? WHERE id = ?")
      .bind(1, progress)
      .bind(2, eta_seconds)
      .bind(3, now)
      .bind(4, job_id)
      .run();
  // A resumed training repeats the iterations after its checkpoint: the later values win.
  writer
      .prepare(R"sql(
    INSERT OR REPLACE INTO job_losses (job_ref, iteration, critic_loss, generator_loss)
    VALUES (?, ?, ?, ?))sql")
      .bind(1, job_id)
      .bind(2, losses.iteration)
      .bind(3, losses.critic_loss)
      .bind(4, losses.generator_loss)
      .run();
  writer.commit();
}

void JobQueue::recordTrainingRun(std::int64_t job_id, const std::string& run) {
  auto writer = database_.write();
  writer.prepare("UPDATE jobs SET training_run = ? WHERE id = ? AND state = 'running'")
      .bind(1, run)
      .bind(2, job_id)
      .run();
  writer.commit();
}

void JobQueue::recordTrainingWait(std::int64_t job_id, const std::string& why) {
  auto writer = database_.write();
  writer.prepare("UPDATE jobs SET training_wait = NULLIF(?, '') WHERE id = ? AND state = 'running'")
      .bind(1, why)
      .bind(2, job_id)
      .run();
  writer.commit();
}

void JobQueue::addEvent(std::int64_t job_id, JobEventLevel level, const std::string& message,
                        double at) {
  auto writer = database_.write();
  insertEvent(writer, job_id, level, message, at);
  writer.commit();
}

void JobQueue::requeue(std::int64_t job_id, double now) {
  auto writer = database_.write();
  writer
      .prepare(
          "UPDATE jobs SET state = 'queued', stage = NULL, eta_seconds = NULL, "
          "training_wait = NULL, updated_at = ? WHERE id = ? AND state = 'running'")
      .bind(1, now)
      .bind(2, job_id)
      .run();
  writer.commit();
}

void JobQueue::complete(std::int64_t job_id, const JobCompletion& completion, double now) {
  auto writer = database_.write();
  std::vector<std::string> uids;
  for (const auto& instance : completion.instances) IngestStore::addInstance(writer, instance);
  for (const auto& result : completion.results) {
    insertResult(writer, job_id, result);
    uids.push_back(result.sop_instance_uid);
  }
  if (!completion.export_destinations.empty()) {
    ExportQueue::enqueue(writer, job_id, uids, completion.export_destinations, now);
  }
  markSucceeded(writer, job_id, completion, now);
  TimelineStore::settleResultSeries(writer, job_id, now);
  writer.commit();
}

void JobQueue::finish(std::int64_t job_id, JobState final_state,
                      const std::optional<std::string>& error, double now) {
  auto writer = database_.write();
  writer
      .prepare(R"sql(
    UPDATE jobs SET state = ?, error = ?, training_run = NULL, training_wait = NULL,
                    finished_at = ?, updated_at = ?
    WHERE id = ?)sql")
      .bind(1, toString(final_state))
      .bind(2, error)
      .bind(3, now)
      .bind(4, now)
      .bind(5, job_id)
      .run();
  writer.commit();
}

JobCancelOutcome JobQueue::requestCancel(std::int64_t job_id, double now) {
  auto writer = database_.write();
  const auto state = stateOfJob(writer, job_id);
  if (!state) return JobCancelOutcome::no_such_job;
  JobCancelOutcome outcome = JobCancelOutcome::already_finished;
  if (*state == JobState::queued && hasTrainingRun(writer, job_id)) {
    // Requeued while its training goes on elsewhere (a cluster): a worker ends that first.
    writer.prepare("UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ?")
        .bind(1, now)
        .bind(2, job_id)
        .run();
    insertEvent(writer, job_id, JobEventLevel::info,
                "cancel requested: its training, which runs on, is ended first", now);
    outcome = JobCancelOutcome::stop_requested;
  } else if (*state == JobState::queued) {
    writer
        .prepare(
            "UPDATE jobs SET state = 'cancelled', training_run = NULL, finished_at = ?, "
            "updated_at = ? WHERE id = ?")
        .bind(1, now)
        .bind(2, now)
        .bind(3, job_id)
        .run();
    insertEvent(writer, job_id, JobEventLevel::info, "cancelled while queued", now);
    outcome = JobCancelOutcome::cancelled;
  } else if (*state == JobState::running) {
    writer.prepare("UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ?")
        .bind(1, now)
        .bind(2, job_id)
        .run();
    insertEvent(writer, job_id, JobEventLevel::info,
                "cancel requested: the training stops at its next iteration", now);
    outcome = JobCancelOutcome::stop_requested;
  }
  writer.commit();
  return outcome;
}

bool JobQueue::cancelRequested(std::int64_t job_id) {
  auto reader = database_.read();
  auto query = reader.prepare("SELECT cancel_requested FROM jobs WHERE id = ?");
  query.bind(1, job_id);
  return query.step() && query.integer(0) != 0;
}

void JobQueue::recordCancelled(std::int64_t job_id, double now) {
  auto writer = database_.write();
  writer
      .prepare(R"sql(
    UPDATE jobs SET state = 'cancelled', stage = NULL, eta_seconds = NULL, training_run = NULL,
                    training_wait = NULL, finished_at = ?, updated_at = ?
    WHERE id = ?)sql")
      .bind(1, now)
      .bind(2, now)
      .bind(3, job_id)
      .run();
  insertEvent(writer, job_id, JobEventLevel::info,
              "cancelled: stopped on request, its checkpoint deleted", now);
  writer.commit();
}

JobRetryOutcome JobQueue::retry(std::int64_t job_id, double now) {
  auto writer = database_.write();
  const auto state = stateOfJob(writer, job_id);
  if (!state) return JobRetryOutcome::no_such_job;
  if (*state != JobState::failed && *state != JobState::cancelled) {
    return JobRetryOutcome::not_retryable;
  }
  writer
      .prepare(R"sql(
    UPDATE jobs SET state = 'queued', error = NULL, progress = 0, stage = NULL, eta_seconds = NULL,
                    cancel_requested = 0, interruptions = 0, training_run = NULL,
                    training_wait = NULL, finished_at = NULL, updated_at = ?
    WHERE id = ?)sql")
      .bind(1, now)
      .bind(2, job_id)
      .run();
  insertEvent(writer, job_id, JobEventLevel::info,
              std::string("queued again after it ") +
                  (*state == JobState::failed ? "failed" : "was cancelled"),
              now);
  writer.commit();
  return JobRetryOutcome::queued;
}

InterruptedJobs JobQueue::recoverInterrupted(int max_interruptions, double now) {
  auto writer = database_.write();
  std::vector<std::pair<std::int64_t, int>> interrupted;
  {
    auto running = writer.prepare("SELECT id, interruptions + 1 FROM jobs WHERE state = 'running'");
    while (running.step()) {
      interrupted.emplace_back(running.integer(0), static_cast<int>(running.integer(1)));
    }
  }
  InterruptedJobs outcome;
  for (const auto& [job_id, interruptions] : interrupted) {
    if (interruptions < max_interruptions) {
      const std::string times =
          std::to_string(interruptions) + " of " + std::to_string(max_interruptions) + " allowed";
      outcome.requeued.push_back(requeueInterrupted(writer, job_id, interruptions, times, now));
    } else {
      outcome.failed.push_back(failInterrupted(writer, job_id, interruptions, now));
    }
  }
  writer.commit();
  return outcome;
}

}  // namespace everynet::storage
