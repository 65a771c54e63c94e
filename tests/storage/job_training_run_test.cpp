// The training run a job records (to reattach to it after a restart) and why its training waits:
// what each change of the job's state keeps of them.
#include "storage/stores.h"
#include "storage_fixture.h"

namespace everynet::storage::testing {
namespace {

class JobTrainingRunTest : public StorageFixture {
 protected:
  void SetUp() override {
    StorageFixture::SetUp();
    const auto patient_ref =
        index_->timelines
            .timelineOfSeries(index_->ingest.addInstance(instance("P1", "1", "1", "1")).series_ref)
            .patient_ref;
    index_->ingest.addInstance(instance("P1", "2", "1", "1"));
    index_->jobs.enqueue(patient_ref, "1.2.1.1", "1.2.2.1", "personal-wgan", "a", 10.0);
    job_id_ = claim(20.0);
    index_->jobs.recordTrainingRun(job_id_, "slurm:42");
    index_->jobs.recordTrainingWait(job_id_, "Slurm job 42 is pending: Resources");
  }

  std::int64_t claim(double now) {
    const auto job = index_->jobs.claimNext(now, {"personal-wgan"});
    EXPECT_TRUE(job);
    return job ? job->id : 0;
  }
  JobRecord job() { return *index_->jobs.job(job_id_); }

  std::int64_t job_id_ = 0;
};

TEST_F(JobTrainingRunTest, ARunningJobRecordsItsRunAndWhyItWaitsUntilItRuns) {
  EXPECT_EQ(job().training_run, "slurm:42");
  EXPECT_EQ(job().training_wait, "Slurm job 42 is pending: Resources");
  EXPECT_EQ(index_->jobs.jobs().at(0).training_wait, "Slurm job 42 is pending: Resources");
  index_->jobs.recordTrainingWait(job_id_, "");
  EXPECT_FALSE(job().training_wait) << "it runs";
  EXPECT_EQ(job().training_run, "slurm:42");
}

TEST_F(JobTrainingRunTest, AJobStoppedWithTheServiceKeepsItsRunToReattachButNotItsWait) {
  index_->jobs.requeue(job_id_, 30.0);
  EXPECT_EQ(job().state, JobState::queued);
  EXPECT_EQ(job().training_run, "slurm:42");
  EXPECT_FALSE(job().training_wait);
  EXPECT_EQ(claim(31.0), job_id_);
  EXPECT_EQ(job().training_run, "slurm:42") << "what the next start reattaches to";
}

TEST_F(JobTrainingRunTest, AJobOfAProcessThatDiedKeepsItsRunButNotItsWait) {
  ASSERT_EQ(index_->jobs.recoverInterrupted(3, 30.0).requeued.size(), 1u);
  EXPECT_EQ(job().training_run, "slurm:42");
  EXPECT_FALSE(job().training_wait);
}

TEST_F(JobTrainingRunTest, AJobInterruptedTooOftenFailsAndForgetsItsRun) {
  ASSERT_EQ(index_->jobs.recoverInterrupted(1, 30.0).failed.size(), 1u);
  EXPECT_EQ(job().state, JobState::failed);
  EXPECT_FALSE(job().training_run);
  EXPECT_FALSE(job().training_wait);
}

TEST_F(JobTrainingRunTest, ASucceededJobForgetsItsRunAndWait) {
  index_->jobs.complete(job_id_, {R"({"class":"stable"})", 1.5, {}, {}, {}}, 30.0);
  EXPECT_EQ(job().state, JobState::succeeded);
  EXPECT_FALSE(job().training_run);
  EXPECT_FALSE(job().training_wait);
}

TEST_F(JobTrainingRunTest, AFailedJobForgetsItsRunAndARetrySubmitsAnew) {
  index_->jobs.finish(job_id_, JobState::failed, "Slurm job 42 ended: TIMEOUT", 30.0);
  EXPECT_FALSE(job().training_run);
  EXPECT_FALSE(job().training_wait);
  ASSERT_EQ(index_->jobs.retry(job_id_, 40.0), JobRetryOutcome::queued);
  EXPECT_EQ(claim(41.0), job_id_);
  EXPECT_FALSE(job().training_run) << "nothing to reattach to";
}

TEST_F(JobTrainingRunTest, AJobCancelledWhileRunningForgetsItsRunAndWait) {
  index_->jobs.requestCancel(job_id_, 30.0);
  index_->jobs.recordCancelled(job_id_, 31.0);
  EXPECT_EQ(job().state, JobState::cancelled);
  EXPECT_FALSE(job().training_run);
  EXPECT_FALSE(job().training_wait);
}

// Its training may still run on a cluster: a worker takes the job up to end that first.
TEST_F(JobTrainingRunTest, AJobCancelledWhileQueuedWithItsRunIsLeftForAWorkerToEndItsTraining) {
  index_->jobs.requeue(job_id_, 30.0);
  ASSERT_EQ(index_->jobs.requestCancel(job_id_, 31.0), JobCancelOutcome::stop_requested);
  EXPECT_EQ(job().state, JobState::queued);
  EXPECT_TRUE(index_->jobs.cancelRequested(job_id_));
  EXPECT_EQ(claim(32.0), job_id_);
  EXPECT_EQ(job().training_run, "slurm:42") << "what the worker cancels";
  index_->jobs.recordCancelled(job_id_, 33.0);
  EXPECT_EQ(job().state, JobState::cancelled);
  EXPECT_FALSE(job().training_run);
}

TEST_F(JobTrainingRunTest, AJobCancelledWhileQueuedWithoutARunIsCancelledAtOnce) {
  index_->jobs.finish(job_id_, JobState::failed, "failed", 30.0);
  ASSERT_EQ(index_->jobs.retry(job_id_, 31.0), JobRetryOutcome::queued);
  ASSERT_EQ(index_->jobs.requestCancel(job_id_, 32.0), JobCancelOutcome::cancelled);
  EXPECT_EQ(job().state, JobState::cancelled);
}

TEST_F(JobTrainingRunTest, AJobWhoseTrainingRunsOnIsClaimedBeforeOlderJobs) {
  index_->jobs.finish(job_id_, JobState::failed, "failed", 30.0);
  ASSERT_EQ(index_->jobs.retry(job_id_, 31.0), JobRetryOutcome::queued);  // older, no run
  index_->jobs.enqueue(job().patient_ref, "1.2.1.1", "1.2.2.1", "registration-subtraction", "b",
                       32.0);
  const auto newer = index_->jobs.claimNext(33.0, {"registration-subtraction"});
  ASSERT_TRUE(newer);
  index_->jobs.recordTrainingRun(newer->id, "slurm:43");
  index_->jobs.requeue(newer->id, 34.0);
  const auto first = index_->jobs.claimNext(35.0, {"personal-wgan", "registration-subtraction"});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->id, newer->id);
}

TEST_F(JobTrainingRunTest, AJobThatIsNotRunningRecordsNoRunOrWait) {
  index_->jobs.requeue(job_id_, 30.0);
  index_->jobs.recordTrainingRun(job_id_, "slurm:43");
  index_->jobs.recordTrainingWait(job_id_, "late");
  EXPECT_EQ(job().training_run, "slurm:42") << "a late write of a stopped worker changes nothing";
  EXPECT_FALSE(job().training_wait);
}

}  // namespace
}  // namespace everynet::storage::testing
