// The admin pages' reads (AdminReads), the job actions they call (JobQueue: log, cancel, retry,
// recovery) and migration 0005.
#include <gtest/gtest.h>

#include "storage/migrations.h"
#include "storage/sqlite_connection.h"
#include "storage_fixture.h"

namespace everynet::storage::testing {
namespace {

class AdminReadsTest : public StorageFixture {
 protected:
  // Two timepoints of patient P1 and a queued job between them; returns the job id.
  std::int64_t queuedJob() {
    index_->ingest.addInstance(instance("P1", "10", "1", "1"));
    auto followup = instance("P1", "20", "1", "1");
    followup.study.study_date = "20260301";
    const auto series_ref = index_->ingest.addInstance(followup).series_ref;
    patient_ref_ = index_->timelines.timelineOfSeries(series_ref).patient_ref;
    EXPECT_TRUE(index_->jobs.enqueue(patient_ref_, "1.2.10.1", "1.2.20.1", "personal-wgan",
                                     "follow-up", 2000));
    return index_->jobs.jobs().back().id;
  }

  // Indexes `count` instances of a series and queues each for `destination`.
  void queueExports(const std::string& destination, int count, std::optional<std::int64_t> job) {
    std::vector<std::string> uids;
    for (int i = 0; i < count; ++i) {
      auto in = instance("P9", "90", destination, std::to_string(i));
      index_->ingest.addInstance(in);
      uids.push_back(in.sop_instance_uid);
    }
    index_->exports.enqueue(job, uids, {destination}, 3000);
  }

  DestinationExportCounts countsOf(const std::string& destination) {
    for (const auto& counts : index_->exports.counts()) {
      if (counts.destination == destination) return counts;
    }
    return {destination, 0, 0, 0, 0};
  }

  std::int64_t patient_ref_ = 0;
};

TEST_F(AdminReadsTest, Migration5AppliesOverAVersion4IndexAndCountsItsExports) {
  const auto file = dir_ / "old.sqlite";
  {
    SqliteConnection db(file, SqliteConnection::Mode::read_write_create);
    for (int version = 0; version < 4; ++version) db.execute(migrations()[version].sql);
    db.execute("PRAGMA user_version = 4");
    db.execute(R"sql(
      INSERT INTO exports (destination, sop_instance_uid, state, attempts, next_attempt_at,
                           created_at, updated_at)
      VALUES ('pacs', '1.1', 'sent', 0, 0, 0, 0), ('pacs', '1.2', 'failed', 12, 0, 0, 0),
             ('pacs', '1.3', 'pending', 2, 0, 0, 0))sql");
  }
  auto index = std::make_unique<Stores>(file, Database::Access::read_write);
  EXPECT_EQ(index->database->schemaVersion(), static_cast<int>(migrations().size()));
  ASSERT_EQ(index->exports.counts().size(), 1u);
  const auto counts = index->exports.counts()[0];
  EXPECT_EQ(counts.destination, "pacs");
  EXPECT_EQ(counts.pending, 1);
  EXPECT_EQ(counts.sent, 1);
  EXPECT_EQ(counts.failed, 1);
  EXPECT_EQ(counts.failed_attempts, 14);
  EXPECT_EQ(index->reads.openAssociationCount(), 0);
}

TEST_F(AdminReadsTest, ExportCountsFollowEveryStateChange) {
  queueExports("pacs", 3, std::nullopt);
  queueExports("backup", 1, std::nullopt);
  EXPECT_EQ(countsOf("pacs").pending, 3);
  const auto due = index_->exports.due("pacs", 3000, 10);
  ASSERT_EQ(due.size(), 3u);
  index_->exports.markSent(due[0].id, 3001);
  const ExportRetryPolicy give_up_at_once{1, 1, 1};
  index_->exports.recordFailure(due[1].id, "refused", give_up_at_once, 3002);
  index_->exports.recordFailure(due[2].id, "timeout", {1, 1, 5}, 3002);
  auto pacs = countsOf("pacs");
  EXPECT_EQ(pacs.pending, 1);
  EXPECT_EQ(pacs.sent, 1);
  EXPECT_EQ(pacs.failed, 1);
  EXPECT_EQ(pacs.failed_attempts, 2);
  EXPECT_EQ(index_->exports.dueCount("pacs", 3002), 0) << "the pending one waits for its delay";
  EXPECT_EQ(index_->exports.dueCount("pacs", 3010), 1);

  EXPECT_EQ(index_->exports.retryFailedTo("backup", 4000), 0);
  EXPECT_EQ(index_->exports.retryFailedTo("pacs", 4000), 1);
  pacs = countsOf("pacs");
  EXPECT_EQ(pacs.pending, 2);
  EXPECT_EQ(pacs.failed, 0);
  EXPECT_EQ(pacs.failed_attempts, 2) << "a retry keeps the count of failed attempts";
  EXPECT_EQ(countsOf("backup").pending, 1);
}

TEST_F(AdminReadsTest, ACancelledQueuedJobStaysCancelledAndCanBeRetried) {
  const auto id = queuedJob();
  EXPECT_EQ(index_->jobs.requestCancel(id, 2100), JobCancelOutcome::cancelled);
  EXPECT_EQ(index_->jobs.job(id)->state, JobState::cancelled);
  EXPECT_EQ(index_->jobs.requestCancel(id, 2101), JobCancelOutcome::already_finished);
  EXPECT_TRUE(index_->jobs.recoverInterrupted(3, 2102).requeued.empty());
  EXPECT_FALSE(index_->jobs.claimNext(2103, {"personal-wgan"}));

  EXPECT_EQ(index_->jobs.retry(id, 2200), JobRetryOutcome::queued);
  EXPECT_EQ(index_->jobs.job(id)->state, JobState::queued);
  EXPECT_EQ(index_->jobs.retry(id, 2201), JobRetryOutcome::not_retryable);
  EXPECT_EQ(index_->jobs.retry(id + 1, 2201), JobRetryOutcome::no_such_job);
  EXPECT_EQ(index_->jobs.requestCancel(id + 1, 2201), JobCancelOutcome::no_such_job);
  const auto log = index_->reads.jobEvents(id, 10);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].message, "cancelled while queued");
  EXPECT_EQ(log[1].message, "queued again after it was cancelled");
}

TEST_F(AdminReadsTest, ARunningJobIsAskedToStopAndEndsCancelledKeepingItsAttempts) {
  const auto id = queuedJob();
  ASSERT_TRUE(index_->jobs.claimNext(2100, {"personal-wgan"}));
  index_->jobs.recordStarted(id, "cpu", 2100);
  EXPECT_FALSE(index_->jobs.cancelRequested(id));
  EXPECT_EQ(index_->jobs.requestCancel(id, 2150), JobCancelOutcome::stop_requested);
  EXPECT_TRUE(index_->jobs.cancelRequested(id));
  EXPECT_EQ(index_->jobs.job(id)->state, JobState::running) << "it stops at its next iteration";
  ASSERT_EQ(index_->reads.runningJobs().size(), 1u);
  EXPECT_EQ(index_->reads.runningJobs()[0].device, "cpu");
  EXPECT_EQ(index_->reads.runningJobs()[0].method, "personal-wgan");
  EXPECT_FALSE(index_->reads.runningJobs()[0].waiting);
  index_->jobs.recordTrainingWait(id, "Slurm job 42 is pending: Resources");
  EXPECT_EQ(index_->reads.runningJobs()[0].waiting, "Slurm job 42 is pending: Resources");

  index_->jobs.recordCancelled(id, 2160);
  EXPECT_EQ(index_->jobs.job(id)->state, JobState::cancelled);
  EXPECT_TRUE(index_->jobs.recoverInterrupted(3, 2170).requeued.empty())
      << "a restart does not queue it again";
  EXPECT_EQ(index_->jobs.retry(id, 2200), JobRetryOutcome::queued);
  EXPECT_FALSE(index_->jobs.cancelRequested(id));
  const auto claimed = index_->jobs.claimNext(2300, {"personal-wgan"});
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->attempts, 2);
}

TEST_F(AdminReadsTest, JobEventsGiveTheLatestLinesOldestFirst) {
  const auto id = queuedJob();
  for (int i = 0; i < 5; ++i) {
    index_->jobs.addEvent(id, i == 4 ? JobEventLevel::error : JobEventLevel::info,
                          "line " + std::to_string(i), 2000 + i);
  }
  const auto latest = index_->reads.jobEvents(id, 3);
  ASSERT_EQ(latest.size(), 3u);
  EXPECT_EQ(latest[0].message, "line 2");
  EXPECT_EQ(latest[2].message, "line 4");
  EXPECT_EQ(latest[2].level, JobEventLevel::error);
  EXPECT_EQ(latest[2].at, 2004);
  EXPECT_TRUE(index_->reads.jobEvents(id + 1, 3).empty());
}

TEST_F(AdminReadsTest, ActivitySinceATimeAndOpenAssociations) {
  const auto open = index_->ingest.recordAssociationStart(
      {0, "PACS", "EVERYNET", "127.0.0.1", 500, std::nullopt, 0, ""});
  const auto ended = index_->ingest.recordAssociationStart(
      {0, "PACS", "EVERYNET", "127.0.0.1", 1500, std::nullopt, 0, ""});
  index_->ingest.recordAssociationEnd(ended, "released", 1600);
  index_->ingest.recordRefusedAssociation(
      {0, "EVIL", "EVERYNET", "10.0.0.9", 1700, 1700, 0, "refused: calling AE title not allowed"});
  index_->ingest.addInstance(instance("P1", "10", "1", "1", 900));
  index_->ingest.addInstance(instance("P1", "10", "1", "2", 1100));
  index_->ingest.addInstance(instance("P1", "10", "1", "3", 1200));
  EXPECT_EQ(index_->reads.instancesReceivedSince(1000), 2);
  EXPECT_EQ(index_->reads.associationsStartedSince(1000), 2);
  EXPECT_EQ(index_->reads.openAssociationCount(), 1);
  index_->ingest.recordAssociationEnd(open, "aborted", 2000);
  EXPECT_EQ(index_->reads.openAssociationCount(), 0);

  const auto totals = index_->reads.totals();
  EXPECT_EQ(totals.instances, 3);
  const std::vector<std::pair<std::string, std::int64_t>> outcomes = {
      {"aborted", 1}, {"refused", 1}, {"released", 1}};
  EXPECT_EQ(totals.associations_by_outcome, outcomes);
}

TEST_F(AdminReadsTest, APatientSummaryWithItsStudiesAndSeriesDecisions) {
  const auto id = queuedJob();
  auto other = instance("P1", "20", "2", "1");
  other.series.series_description = "t2_flair";
  other.series.series_number = 3;
  index_->ingest.addInstance(other);
  const int version = index_->timelines.markSeriesComplete(1);
  index_->timelines.recordClassification(1, version, true, "contrast in description", 1500);
  index_->timelines.recordT1ceChoice(1, 1, "the only T1ce series");

  const auto patients = index_->reads.patientSummaries();
  ASSERT_EQ(patients.size(), 1u);
  EXPECT_EQ(patients[0].id, patient_ref_);
  EXPECT_EQ(patients[0].identity.patient_name, "DOE^P1");
  EXPECT_EQ(patients[0].timepoints, 2);
  EXPECT_EQ(patients[0].jobs, 1);
  EXPECT_EQ(patients[0].last_study_date, "20260301");
  EXPECT_FALSE(index_->reads.patientSummary(patient_ref_ + 1));

  const auto studies = index_->reads.patientStudies(patient_ref_);
  ASSERT_EQ(studies.size(), 2u);
  EXPECT_EQ(studies[0].study_date, "20260101");
  EXPECT_EQ(studies[0].t1ce_choice_reason, "the only T1ce series");
  ASSERT_EQ(studies[0].series.size(), 1u);
  EXPECT_EQ(studies[0].series[0].is_t1ce, true);
  EXPECT_TRUE(studies[0].series[0].chosen_for_timepoint);
  EXPECT_EQ(studies[0].series[0].state, "complete");
  ASSERT_EQ(studies[1].series.size(), 2u);
  EXPECT_EQ(studies[1].series[0].series_description, "t2_flair") << "series number 3 before 7";
  EXPECT_FALSE(studies[1].series[0].is_t1ce);
  EXPECT_EQ(index_->jobs.job(id)->patient_ref, patient_ref_);
}

TEST_F(AdminReadsTest, HeatmapsAreFoundInSliceOrder) {
  const auto id = queuedJob();
  ASSERT_TRUE(index_->jobs.claimNext(2100, {"personal-wgan"}));
  JobCompletion completion{"{}", 1.0, {}, {}, {}};
  // Indexed in reverse slice order: the order comes from the instance number.
  for (int number = 3; number >= 1; --number) {
    auto heatmap = instance("P1", "20", "900", std::to_string(number));
    heatmap.instance_number = number;
    heatmap.file_path = "results/sc" + std::to_string(number) + ".dcm";
    index_->ingest.addInstance(heatmap);
    completion.results.push_back({heatmap.sop_instance_uid, ResultKind::heatmap});
  }
  auto report = instance("P1", "20", "901", "1");
  index_->ingest.addInstance(report);
  completion.results.push_back({report.sop_instance_uid, ResultKind::report});
  index_->jobs.complete(id, completion, 2500);

  EXPECT_EQ(index_->reads.jobResultCounts(id)[ResultKind::heatmap], 3);
  EXPECT_EQ(index_->reads.jobHeatmapFile(id, 0), "results/sc1.dcm");
  EXPECT_EQ(index_->reads.jobHeatmapFile(id, 2), "results/sc3.dcm");
  EXPECT_FALSE(index_->reads.jobHeatmapFile(id, 3));
  EXPECT_FALSE(index_->reads.jobHeatmapFile(id, -1));
  const auto counts = index_->reads.jobResultCounts(id);
  EXPECT_EQ(counts.at(ResultKind::heatmap), 3);
  EXPECT_EQ(counts.at(ResultKind::report), 1);
  EXPECT_EQ(counts.count(ResultKind::segmentation), 0u);
  const auto durations = index_->reads.succeededJobDurations();
  EXPECT_EQ(durations.count, 1);
  EXPECT_DOUBLE_EQ(durations.sum_seconds, 400);
  EXPECT_EQ(index_->reads.jobStateCounts().succeeded, 1);
}

}  // namespace
}  // namespace everynet::storage::testing
