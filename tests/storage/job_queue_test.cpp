#include "storage/stores.h"
#include "storage_fixture.h"

namespace everynet::storage::testing {
namespace {

class JobQueueTest : public StorageFixture {
 protected:
  void SetUp() override {
    StorageFixture::SetUp();
    patient_ref_ =
        index_->timelines
            .timelineOfSeries(index_->ingest.addInstance(instance("P1", "1", "1", "1")).series_ref)
            .patient_ref;
    index_->ingest.addInstance(instance("P1", "2", "1", "1"));
    index_->ingest.addInstance(instance("P1", "3", "1", "1"));
  }
  std::int64_t patient_ref_ = 0;
};

TEST_F(JobQueueTest, QueuesOneJobPerPair) {
  EXPECT_TRUE(index_->jobs.enqueue(patient_ref_, "1.2.1.1", "1.2.2.1", "personal-wgan",
                                   "previous timepoint", 10.0));
  EXPECT_FALSE(
      index_->jobs.enqueue(patient_ref_, "1.2.1.1", "1.2.2.1", "personal-wgan", "again", 11.0));
  EXPECT_TRUE(index_->jobs.enqueue(patient_ref_, "1.2.2.1", "1.2.3.1", "personal-wgan",
                                   "previous timepoint", 12.0));
  const auto jobs = index_->jobs.jobs();
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].state, JobState::queued);
  EXPECT_EQ(jobs[0].patient_id, "P1");
  EXPECT_EQ(jobs[0].issuer_of_patient_id, "HOSPITAL");
  EXPECT_EQ(jobs[0].baseline_series_uid, "1.2.1.1");
  EXPECT_EQ(jobs[0].followup_series_uid, "1.2.2.1");
  EXPECT_EQ(jobs[0].method, "personal-wgan");
  EXPECT_EQ(jobs[0].reason, "previous timepoint");
  EXPECT_EQ(jobs[0].created_at, 10.0);
}

TEST_F(JobQueueTest, QueuesOneJobPerPairAndMethod) {
  EXPECT_TRUE(index_->jobs.enqueue(patient_ref_, "1.2.1.1", "1.2.2.1", "registration-subtraction",
                                   "previous timepoint", 10.0));
  EXPECT_TRUE(index_->jobs.enqueue(patient_ref_, "1.2.1.1", "1.2.2.1", "personal-wgan",
                                   "previous timepoint", 10.0));
  EXPECT_FALSE(
      index_->jobs.enqueue(patient_ref_, "1.2.1.1", "1.2.2.1", "personal-wgan", "again", 11.0));
  const auto jobs = index_->jobs.jobs();
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].method, "registration-subtraction");
  EXPECT_EQ(jobs[1].method, "personal-wgan");
  EXPECT_EQ(jobs[1].followup_series_uid, jobs[0].followup_series_uid);
}

TEST_F(JobQueueTest, ClaimsOnlyTheMethodsItIsGiven) {
  index_->jobs.enqueue(patient_ref_, "1.2.1.1", "1.2.2.1", "personal-wgan", "a", 10.0);
  index_->jobs.enqueue(patient_ref_, "1.2.1.1", "1.2.2.1", "registration-subtraction", "a", 11.0);
  EXPECT_FALSE(index_->jobs.claimNext(20.0, {})) << "a pool that runs no method claims nothing";
  const auto classical = index_->jobs.claimNext(20.0, {"registration-subtraction"});
  ASSERT_TRUE(classical) << "the older personal-wgan job is not this pool's";
  EXPECT_EQ(classical->method, "registration-subtraction");
  EXPECT_FALSE(index_->jobs.claimNext(21.0, {"registration-subtraction"}));
  const auto personal = index_->jobs.claimNext(22.0, {"registration-subtraction", "personal-wgan"});
  ASSERT_TRUE(personal);
  EXPECT_EQ(personal->method, "personal-wgan");
  EXPECT_LT(personal->id, classical->id);
}

TEST_F(JobQueueTest, UnknownSeriesQueueNothing) {
  EXPECT_FALSE(index_->jobs.enqueue(patient_ref_, "1.2.1.1", "9.9.9", "personal-wgan",
                                    "no such series", 10.0));
  EXPECT_TRUE(index_->jobs.jobs().empty());
}

TEST_F(JobQueueTest, ClaimsInOrderAndRecordsAttemptsProgressAndOutcome) {
  index_->jobs.enqueue(patient_ref_, "1.2.1.1", "1.2.2.1", "personal-wgan", "a", 10.0);
  index_->jobs.enqueue(patient_ref_, "1.2.2.1", "1.2.3.1", "personal-wgan", "b", 11.0);
  auto first = index_->jobs.claimNext(20.0, {"personal-wgan"});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->reason, "a");
  EXPECT_EQ(first->state, JobState::running);
  EXPECT_EQ(first->attempts, 1);
  EXPECT_EQ(first->started_at, 20.0);
  index_->jobs.recordTrainingIteration(first->id, 0.5, {1, 0.2, 0.3}, 60.0, 21.0);
  EXPECT_DOUBLE_EQ(index_->jobs.job(first->id)->progress, 0.5);
  index_->jobs.finish(first->id, JobState::failed, "baseline series has 3 slices", 22.0);
  const auto failed = index_->jobs.job(first->id);
  EXPECT_EQ(failed->state, JobState::failed);
  EXPECT_EQ(failed->error, "baseline series has 3 slices");
  EXPECT_EQ(failed->finished_at, 22.0);

  auto second = index_->jobs.claimNext(30.0, {"personal-wgan"});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->reason, "b");
  EXPECT_FALSE(index_->jobs.claimNext(31.0, {"personal-wgan"})) << "nothing left to claim";
}

TEST_F(JobQueueTest, RunningJobsOfADeadProcessAreQueuedAgain) {
  index_->jobs.enqueue(patient_ref_, "1.2.1.1", "1.2.2.1", "personal-wgan", "a", 10.0);
  const auto claimed = index_->jobs.claimNext(20.0, {"personal-wgan"});
  index_.reset();  // the process dies with the job running
  index_ = std::make_unique<Stores>(dir_ / "index.sqlite", Database::Access::read_write);
  EXPECT_EQ(index_->jobs.job(claimed->id)->state, JobState::running);
  const auto recovered = index_->jobs.recoverInterrupted(3, 40.0);
  ASSERT_EQ(recovered.requeued.size(), 1u);
  EXPECT_EQ(recovered.requeued[0].job_id, claimed->id);
  EXPECT_TRUE(recovered.failed.empty());
  const auto again = index_->jobs.claimNext(41.0, {"personal-wgan"});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, claimed->id);
  EXPECT_EQ(again->attempts, 2);
  EXPECT_EQ(again->interruptions, 1);
  const auto log = index_->reads.jobEvents(claimed->id, 10);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].level, JobEventLevel::warning);
  EXPECT_EQ(log[0].message,
            "the service ended while this job was running (1 of 3 allowed); queued again, to "
            "resume from its last checkpoint");
  EXPECT_EQ(recovered.requeued[0].message, log[0].message) << "what the service logs";
}

TEST_F(JobQueueTest, AJobDuringWhichTheServiceKeepsEndingFailsAndARetryStartsItsCountAfresh) {
  index_->jobs.enqueue(patient_ref_, "1.2.1.1", "1.2.2.1", "personal-wgan", "a", 10.0);
  const auto id = index_->jobs.claimNext(20.0, {"personal-wgan"})->id;
  EXPECT_EQ(index_->jobs.recoverInterrupted(2, 30.0).requeued.size(), 1u);
  ASSERT_TRUE(index_->jobs.claimNext(31.0, {"personal-wgan"}));
  const auto recovered = index_->jobs.recoverInterrupted(2, 40.0);
  EXPECT_TRUE(recovered.requeued.empty());
  ASSERT_EQ(recovered.failed.size(), 1u);
  EXPECT_EQ(recovered.failed[0].job_id, id);
  auto job = index_->jobs.job(id);
  EXPECT_EQ(job->state, JobState::failed);
  EXPECT_EQ(job->interruptions, 2);
  EXPECT_EQ(job->finished_at, 40.0);
  ASSERT_TRUE(job->error);
  EXPECT_NE(job->error->find("the service ended while this job was running, 2 times"),
            std::string::npos)
      << *job->error;
  EXPECT_EQ(recovered.failed[0].message, *job->error) << "what the service logs";
  EXPECT_FALSE(index_->jobs.claimNext(41.0, {"personal-wgan"})) << "not started again on its own";
  EXPECT_EQ(index_->reads.jobEvents(id, 10).back().level, JobEventLevel::error);

  EXPECT_EQ(index_->jobs.retry(id, 50.0), JobRetryOutcome::queued);
  job = index_->jobs.claimNext(51.0, {"personal-wgan"});
  ASSERT_TRUE(job);
  EXPECT_EQ(job->interruptions, 0);
  EXPECT_EQ(job->attempts, 3);
  EXPECT_EQ(index_->jobs.recoverInterrupted(2, 60.0).requeued.size(), 1u)
      << "a retried job is allowed its interruptions again";
}

TEST_F(JobQueueTest, TimelineListsFollowupsThatAlreadyHaveAJob) {
  index_->jobs.enqueue(patient_ref_, "1.2.1.1", "1.2.2.1", "personal-wgan", "a", 10.0);
  const auto timeline = index_->timelines.timelineOfSeries(1);
  ASSERT_EQ(timeline.followups_with_job.size(), 1u);
  EXPECT_EQ(timeline.followups_with_job[0], "1.2.2.1");
}

TEST_F(JobQueueTest, JobStatesRoundTripThroughText) {
  for (auto state : {JobState::queued, JobState::running, JobState::succeeded, JobState::failed,
                     JobState::cancelled}) {
    EXPECT_EQ(parseJobState(toString(state)), state);
  }
  EXPECT_EQ(parseJobState("paused"), std::nullopt);
}

class JobProgressTest : public JobQueueTest {
 protected:
  void SetUp() override {
    JobQueueTest::SetUp();
    index_->jobs.enqueue(patient_ref_, "1.2.1.1", "1.2.2.1", "personal-wgan", "a", 10.0);
    job_id_ = index_->jobs.claimNext(20.0, {"personal-wgan"})->id;
  }
  std::int64_t job_id_ = 0;
};

TEST_F(JobProgressTest, RecordsStageProgressEtaAndOneLossRowPerIteration) {
  index_->jobs.recordStage(job_id_, "training", 21.0);
  index_->jobs.recordTrainingIteration(job_id_, 0.1, {1, 2.5, -1.5}, 90.0, 22.0);
  index_->jobs.recordTrainingIteration(job_id_, 0.2, {2, 2.0, -1.0}, 80.0, 23.0);
  const auto job = index_->jobs.job(job_id_);
  EXPECT_EQ(job->stage, "training");
  EXPECT_DOUBLE_EQ(job->progress, 0.2);
  EXPECT_EQ(job->eta_seconds, 80.0);
  // A resumed training repeats iteration 2: its row is replaced, not doubled.
  index_->jobs.recordTrainingIteration(job_id_, 0.2, {2, 1.0, -0.5}, 70.0, 30.0);
  const auto losses = index_->reads.jobLosses(job_id_);
  ASSERT_EQ(losses.size(), 2u);
  EXPECT_EQ(losses[0].iteration, 1);
  EXPECT_DOUBLE_EQ(losses[0].critic_loss, 2.5);
  EXPECT_DOUBLE_EQ(losses[1].critic_loss, 1.0);
  EXPECT_DOUBLE_EQ(losses[1].generator_loss, -0.5);
  index_->jobs.recordStage(job_id_, "writing results", 31.0);
  EXPECT_FALSE(index_->jobs.job(job_id_)->eta_seconds) << "the ETA is the training's";
}

TEST_F(JobProgressTest, AStoppedJobGoesBackToTheQueue) {
  index_->jobs.recordStage(job_id_, "training", 21.0);
  index_->jobs.requeue(job_id_, 22.0);
  const auto job = index_->jobs.job(job_id_);
  EXPECT_EQ(job->state, JobState::queued);
  EXPECT_FALSE(job->stage);
  EXPECT_EQ(index_->jobs.claimNext(23.0, {"personal-wgan"})->id, job_id_);
}

TEST_F(JobProgressTest, ACompletedJobWithoutAFollowupVolumeGivesNoneToLaterJobs) {
  index_->jobs.complete(
      job_id_, {R"({"rano": {"class": "not assessable"}})", std::nullopt, {}, {}, {}}, 40.0);
  EXPECT_EQ(index_->jobs.job(job_id_)->state, JobState::succeeded);
  EXPECT_FALSE(index_->jobs.job(job_id_)->followup_volume_ml);
  EXPECT_FALSE(index_->jobs.earlierFollowupVolume("1.2.2.1", "personal-wgan"));
}

TEST_F(JobProgressTest, ACompletedJobKeepsItsReportVolumeAndResults) {
  EXPECT_FALSE(index_->jobs.earlierFollowupVolume("1.2.2.1", "personal-wgan"));
  index_->jobs.complete(job_id_,
                        {R"({"rano": "progression"})",
                         7.5,
                         {{"1.2.9.1", ResultKind::heatmap},
                          {"1.2.9.2", ResultKind::report},
                          {"1.2.9.3", ResultKind::segmentation}},
                         {},
                         {}},
                        40.0);
  const auto job = index_->jobs.job(job_id_);
  EXPECT_EQ(job->state, JobState::succeeded);
  EXPECT_EQ(job->report, R"({"rano": "progression"})");
  EXPECT_EQ(job->followup_volume_ml, 7.5);
  EXPECT_DOUBLE_EQ(job->progress, 1.0);
  EXPECT_EQ(job->finished_at, 40.0);
  const auto results = index_->reads.jobResults(job_id_);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[1].sop_instance_uid, "1.2.9.2");
  EXPECT_EQ(results[1].kind, ResultKind::report);
  EXPECT_EQ(results[2].kind, ResultKind::segmentation);
  // The follow-up's study now has a measured volume: a later job whose baseline is any series
  // of that study starts from it.
  EXPECT_EQ(index_->jobs.earlierFollowupVolume("1.2.2.1", "personal-wgan"), 7.5);
  EXPECT_FALSE(index_->jobs.earlierFollowupVolume("1.2.1.1", "personal-wgan"));
  EXPECT_FALSE(index_->jobs.earlierFollowupVolume("1.2.2.1", "registration-subtraction"))
      << "another method's measurement is not reused";
}

TEST_F(JobProgressTest, ListsTheFilesOfASeriesByInstanceNumber) {
  auto later = instance("P1", "1", "1", "7");
  later.instance_number = 7;
  auto earlier = instance("P1", "1", "1", "5");
  earlier.instance_number = 5;
  index_->ingest.addInstance(later);
  index_->ingest.addInstance(earlier);
  const auto files = index_->jobs.seriesInstanceFiles("1.2.1.1");
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[1], earlier.file_path);
  EXPECT_EQ(files[2], later.file_path);
}

TEST_F(JobProgressTest, FindsTheInstancesOfAClassInTheStudyOfASeries) {
  auto segmentation = instance("P1", "1", "5", "1");
  segmentation.sop_class_uid = "1.2.840.10008.5.1.4.1.1.66.4";
  auto elsewhere = instance("P1", "2", "5", "1");
  elsewhere.sop_class_uid = segmentation.sop_class_uid;
  index_->ingest.addInstance(segmentation);
  index_->ingest.addInstance(elsewhere);
  const auto files =
      index_->jobs.studyInstanceFilesOfClass("1.2.1.1", "1.2.840.10008.5.1.4.1.1.66.4");
  ASSERT_EQ(files.size(), 1u) << "only the study of series 1.2.1.1";
  EXPECT_EQ(files[0], segmentation.file_path);
}

}  // namespace
}  // namespace everynet::storage::testing
