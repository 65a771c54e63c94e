// A job's completion indexes its results, queues their export and marks it succeeded in one
// commit: all of it, or nothing when one step fails.
#include "storage/stores.h"
#include "storage_fixture.h"

namespace everynet::storage::testing {
namespace {

class JobCompletionTest : public StorageFixture {
 protected:
  void SetUp() override {
    StorageFixture::SetUp();
    const auto baseline = index_->ingest.addInstance(instance("P1", "1", "1", "1"));
    index_->ingest.addInstance(instance("P1", "2", "1", "1"));
    const auto patient_ref = index_->timelines.timelineOfSeries(baseline.series_ref).patient_ref;
    index_->jobs.enqueue(patient_ref, "1.2.1.1", "1.2.2.1", "personal-wgan", "a", 10.0);
    job_id_ = index_->jobs.claimNext(20.0, {"personal-wgan"})->id;
  }

  // Two heatmaps and a report in result series of the follow-up's study.
  static JobCompletion completion() {
    JobCompletion completion{R"({"rano": "stable"})", 5.0, {}, {}, {"pacs", "archive"}};
    for (const auto& [series, sop, kind] :
         {std::tuple{"9", "1", ResultKind::heatmap}, std::tuple{"9", "2", ResultKind::heatmap},
          std::tuple{"8", "1", ResultKind::report}}) {
      completion.instances.push_back(instance("P1", "2", series, sop, 40.0));
      completion.results.push_back({completion.instances.back().sop_instance_uid, kind});
    }
    return completion;
  }

  // Nothing of the job's results is seen, and the job still runs.
  void expectNothingOfTheResults(const JobCompletion& tried) {
    for (const auto& result : tried.results) {
      EXPECT_FALSE(index_->ingest.instanceFilePath(result.sop_instance_uid))
          << result.sop_instance_uid << " is indexed";
    }
    EXPECT_TRUE(index_->exports.counts().empty()) << "exports were queued";
    EXPECT_TRUE(index_->reads.jobResults(job_id_).empty());
    const auto job = index_->jobs.job(job_id_);
    EXPECT_EQ(job->state, JobState::running);
    EXPECT_FALSE(job->report);
  }

  std::int64_t job_id_ = 0;
};

TEST_F(JobCompletionTest, IndexesTheResultsQueuesTheirExportsAndSettlesTheirSeries) {
  const auto tried = completion();
  index_->jobs.complete(job_id_, tried, 50.0);
  EXPECT_EQ(index_->jobs.job(job_id_)->state, JobState::succeeded);
  for (const auto& instance : tried.instances) {
    EXPECT_EQ(index_->ingest.instanceFilePath(instance.sop_instance_uid), instance.file_path);
  }
  EXPECT_EQ(index_->reads.jobResults(job_id_).size(), 3u);
  const auto exports = index_->exports.counts();
  ASSERT_EQ(exports.size(), 2u) << "one queue per destination";
  for (const auto& destination : exports) {
    EXPECT_EQ(destination.pending, 3) << destination.destination;
  }
  EXPECT_EQ(index_->exports.due("pacs", 50.0, 10).size(), 3u) << "due at once";
  int settled = 0;
  for (const auto& series : index_->reads.seriesDecisions()) {
    if (series.reason != "EveryNet result of job " + std::to_string(job_id_)) continue;
    ++settled;
    EXPECT_EQ(series.state, "complete");
    EXPECT_EQ(series.is_t1ce, false);
  }
  EXPECT_EQ(settled, 2) << "the heatmap series and the report's";
}

TEST_F(JobCompletionTest, AResultIndexedAlreadyLeavesNothingOfTheOthers) {
  auto tried = completion();
  // The last result's UID is taken, by an instance stored elsewhere.
  auto other = tried.instances.back();
  other.file_path = "instances/elsewhere.dcm";
  index_->ingest.addInstance(other);
  EXPECT_THROW(index_->jobs.complete(job_id_, tried, 50.0), DatabaseError);
  tried.results.pop_back();
  expectNothingOfTheResults(tried);
  EXPECT_EQ(index_->ingest.instanceCount(), 3) << "the pair and the other instance";
}

TEST_F(JobCompletionTest, AResultToExportThatIsNotIndexedLeavesNothingOfTheOthers) {
  auto tried = completion();
  tried.instances.pop_back();  // its result is neither indexed nor among the instances
  EXPECT_THROW(index_->jobs.complete(job_id_, tried, 50.0), DatabaseError);
  expectNothingOfTheResults(tried);
  EXPECT_EQ(index_->ingest.instanceCount(), 2) << "the pair";
}

TEST_F(JobCompletionTest, WithoutDestinationsNothingIsQueued) {
  auto tried = completion();
  tried.export_destinations.clear();
  index_->jobs.complete(job_id_, tried, 50.0);
  EXPECT_EQ(index_->jobs.job(job_id_)->state, JobState::succeeded);
  EXPECT_EQ(index_->ingest.instanceCount(), 5);
  EXPECT_TRUE(index_->exports.counts().empty());
}

}  // namespace
}  // namespace everynet::storage::testing
