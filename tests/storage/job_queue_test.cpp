#include "storage/index.h"
#include "storage_fixture.h"

namespace everynet::storage::testing {
namespace {

class JobQueueTest : public StorageFixture {
 protected:
  void SetUp() override {
    StorageFixture::SetUp();
    patient_ref_ =
        index_->timelineOfSeries(index_->addInstance(instance("P1", "1", "1", "1")).series_ref)
            .patient_ref;
    index_->addInstance(instance("P1", "2", "1", "1"));
    index_->addInstance(instance("P1", "3", "1", "1"));
  }
  std::int64_t patient_ref_ = 0;
};

TEST_F(JobQueueTest, QueuesOneJobPerPair) {
  EXPECT_TRUE(index_->enqueueJob(patient_ref_, "1.2.1.1", "1.2.2.1", "previous timepoint", 10.0));
  EXPECT_FALSE(index_->enqueueJob(patient_ref_, "1.2.1.1", "1.2.2.1", "again", 11.0));
  EXPECT_TRUE(index_->enqueueJob(patient_ref_, "1.2.2.1", "1.2.3.1", "previous timepoint", 12.0));
  const auto jobs = index_->jobs();
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].state, JobState::queued);
  EXPECT_EQ(jobs[0].patient_id, "P1");
  EXPECT_EQ(jobs[0].issuer_of_patient_id, "HOSPITAL");
  EXPECT_EQ(jobs[0].baseline_series_uid, "1.2.1.1");
  EXPECT_EQ(jobs[0].followup_series_uid, "1.2.2.1");
  EXPECT_EQ(jobs[0].reason, "previous timepoint");
  EXPECT_EQ(jobs[0].created_at, 10.0);
}

TEST_F(JobQueueTest, UnknownSeriesQueueNothing) {
  EXPECT_FALSE(index_->enqueueJob(patient_ref_, "1.2.1.1", "9.9.9", "no such series", 10.0));
  EXPECT_TRUE(index_->jobs().empty());
}

TEST_F(JobQueueTest, ClaimsInOrderAndRecordsAttemptsProgressAndOutcome) {
  index_->enqueueJob(patient_ref_, "1.2.1.1", "1.2.2.1", "a", 10.0);
  index_->enqueueJob(patient_ref_, "1.2.2.1", "1.2.3.1", "b", 11.0);
  auto first = index_->claimNextQueuedJob(20.0);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->reason, "a");
  EXPECT_EQ(first->state, JobState::running);
  EXPECT_EQ(first->attempts, 1);
  EXPECT_EQ(first->started_at, 20.0);
  index_->updateJobProgress(first->id, 0.5, 21.0);
  EXPECT_DOUBLE_EQ(index_->job(first->id)->progress, 0.5);
  index_->finishJob(first->id, JobState::failed, "baseline series has 3 slices", 22.0);
  const auto failed = index_->job(first->id);
  EXPECT_EQ(failed->state, JobState::failed);
  EXPECT_EQ(failed->error, "baseline series has 3 slices");
  EXPECT_EQ(failed->finished_at, 22.0);

  auto second = index_->claimNextQueuedJob(30.0);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->reason, "b");
  EXPECT_FALSE(index_->claimNextQueuedJob(31.0)) << "nothing left to claim";
}

TEST_F(JobQueueTest, RunningJobsOfADeadProcessAreQueuedAgain) {
  index_->enqueueJob(patient_ref_, "1.2.1.1", "1.2.2.1", "a", 10.0);
  const auto claimed = index_->claimNextQueuedJob(20.0);
  index_.reset();  // the process dies with the job running
  index_ = Index::open(dir_ / "index.sqlite", Index::Access::read_write);
  EXPECT_EQ(index_->job(claimed->id)->state, JobState::running);
  EXPECT_EQ(index_->requeueInterruptedJobs(40.0), 1);
  const auto again = index_->claimNextQueuedJob(41.0);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, claimed->id);
  EXPECT_EQ(again->attempts, 2);
}

TEST_F(JobQueueTest, TimelineListsFollowupsThatAlreadyHaveAJob) {
  index_->enqueueJob(patient_ref_, "1.2.1.1", "1.2.2.1", "a", 10.0);
  const auto timeline = index_->timelineOfSeries(1);
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

}  // namespace
}  // namespace everynet::storage::testing
