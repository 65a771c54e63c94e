// QueryRetrieveStore: the scope's keys narrow each level, counts are per level, and results_only
// shows only what a job wrote.
#include <map>

#include "storage/stores.h"
#include "storage_fixture.h"

namespace everynet::storage::testing {
namespace {

class QueryRetrieveStoreTest : public StorageFixture {
 protected:
  void SetUp() override {
    StorageFixture::SetUp();
    // P1: study 1 (series 1 with two instances), study 2 (series 1, and series 9 holding a
    // job's two results); P2: study 3.
    const auto baseline = index_->ingest.addInstance(instance("P1", "1", "1", "1"));
    index_->ingest.addInstance(instance("P1", "1", "1", "2"));
    index_->ingest.addInstance(instance("P1", "2", "1", "1"));
    index_->ingest.addInstance(instance("P1", "2", "9", "1"));
    index_->ingest.addInstance(instance("P1", "2", "9", "2"));
    index_->ingest.addInstance(instance("P2", "3", "1", "1"));
    const auto patient_ref = index_->timelines.timelineOfSeries(baseline.series_ref).patient_ref;
    index_->jobs.enqueue(patient_ref, "1.2.1.1", "1.2.2.1", "personal-wgan", "follow-up", 10.0);
    const auto job = index_->jobs.claimNext(11.0, {"personal-wgan"});
    index_->jobs.complete(job->id,
                          {"{}",
                           1.0,
                           {{"1.2.2.9.1", ResultKind::heatmap}, {"1.2.2.9.2", ResultKind::report}},
                           {},
                           {}},
                          12.0);
  }
};

TEST_F(QueryRetrieveStoreTest, AJobsResultSeriesAreCompleteAndNamedAsItsResults) {
  std::map<std::string, SeriesDecision> decisions;
  for (auto& decision : index_->reads.seriesDecisions())
    decisions[decision.series_instance_uid] = decision;
  const auto& results = decisions.at("1.2.2.9");
  EXPECT_EQ(results.state, "complete");
  EXPECT_EQ(results.is_t1ce, false);
  EXPECT_EQ(results.reason, "EveryNet result of job 1");
  EXPECT_EQ(results.result_of_job, 1);
  EXPECT_EQ(decisions.at("1.2.2.1").state, "receiving") << "received series wait as before";
  EXPECT_FALSE(decisions.at("1.2.2.1").result_of_job);

  // The admin page's view of the same study says the same.
  const auto patient_ref = index_->timelines.timelineOfSeries(1).patient_ref;
  const auto studies = index_->reads.patientStudies(patient_ref);
  ASSERT_EQ(studies.size(), 2u);
  ASSERT_EQ(studies[1].series.size(), 2u);
  for (const auto& series : studies[1].series) {
    EXPECT_EQ(series.result_of_job.has_value(), series.series_instance_uid == "1.2.2.9")
        << series.series_instance_uid;
  }
}

TEST_F(QueryRetrieveStoreTest, CountsEachLevelOverEverythingStored) {
  const auto patients = index_->queries.queryPatients({});
  ASSERT_EQ(patients.size(), 2u);
  const auto& p1 = patients[0].patient.patient_id == "P1" ? patients[0] : patients[1];
  EXPECT_EQ(p1.studies, 2);
  EXPECT_EQ(p1.series, 3);
  EXPECT_EQ(p1.instances, 5);

  QueryScope study_two;
  study_two.study_instance_uids = {"1.2.2"};
  const auto studies = index_->queries.queryStudies(study_two);
  ASSERT_EQ(studies.size(), 1u);
  EXPECT_EQ(studies[0].series, 2);
  EXPECT_EQ(studies[0].instances, 3);
  EXPECT_EQ(studies[0].modalities, "MR");

  const auto series = index_->queries.querySeries(study_two);
  ASSERT_EQ(series.size(), 2u);
  QueryScope one_series;
  one_series.series_instance_uids = {"1.2.1.1"};
  const auto instances = index_->queries.queryInstances(one_series);
  ASSERT_EQ(instances.size(), 2u);
  EXPECT_EQ(instances[0].series_instance_uid, "1.2.1.1");
  EXPECT_EQ(instances[0].file_path, "instances/x/" + instances[0].sop_instance_uid + ".dcm");
}

TEST_F(QueryRetrieveStoreTest, KeysOfSeveralLevelsNarrowTogether) {
  QueryScope scope;
  scope.patient_ids = {"P2"};
  scope.study_instance_uids = {"1.2.1", "1.2.3"};
  const auto studies = index_->queries.queryStudies(scope);
  ASSERT_EQ(studies.size(), 1u);
  EXPECT_EQ(studies[0].study.study_instance_uid, "1.2.3");
  scope.sop_instance_uids = {"1.2.1.1.1"};
  EXPECT_TRUE(index_->queries.queryInstances(scope).empty()) << "that instance is P1's";
}

TEST_F(QueryRetrieveStoreTest, ResultsOnlyShowsWhatAJobWroteAndCountsOnlyThat) {
  QueryScope scope;
  scope.results_only = true;
  const auto patients = index_->queries.queryPatients(scope);
  ASSERT_EQ(patients.size(), 1u);
  EXPECT_EQ(patients[0].patient.patient_id, "P1");
  EXPECT_EQ(patients[0].studies, 1);
  EXPECT_EQ(patients[0].series, 1);
  EXPECT_EQ(patients[0].instances, 2);
  const auto studies = index_->queries.queryStudies(scope);
  ASSERT_EQ(studies.size(), 1u);
  EXPECT_EQ(studies[0].study.study_instance_uid, "1.2.2");
  const auto series = index_->queries.querySeries(scope);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].series_instance_uid, "1.2.2.9");
  EXPECT_EQ(index_->queries.queryInstances(scope).size(), 2u);
  scope.series_instance_uids = {"1.2.1.1"};
  EXPECT_TRUE(index_->queries.queryInstances(scope).empty()) << "an input series is not served";
}

}  // namespace
}  // namespace everynet::storage::testing
