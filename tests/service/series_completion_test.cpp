#include "service/series/series_completion.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "service/ingest/open_associations.h"
#include "storage/stores.h"

namespace everynet::service {
namespace {

namespace fs = std::filesystem;

constexpr int kQuiet = 20;

class SeriesCompletionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("everynet-completion-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    index_ = std::make_unique<storage::Stores>(dir_ / "index.sqlite",
                                               storage::Database::Access::read_write);
    completeWith({AnalysisMethod::registration_subtraction});
  }
  void completeWith(std::vector<AnalysisMethod> methods) {
    completion_ =
        std::make_unique<SeriesCompletion>(index_->timelines, index_->jobs, open_, classifier_,
                                           BaselinePolicy::previous, kQuiet, std::move(methods));
  }
  void TearDown() override {
    completion_.reset();
    index_.reset();
    fs::remove_all(dir_);
  }

  // Adds `count` instances of a series; returns its series_ref.
  std::int64_t addSeries(const std::string& study, const std::string& date,
                         const std::string& series, const std::string& description,
                         const std::string& contrast, double at, int count = 3,
                         const std::string& acquisition = "3D") {
    std::int64_t ref = 0;
    for (int i = 0; i < count; ++i) {
      storage::IncomingInstance in;
      in.patient = {"P1", "", "DOE^JANE", "19700101"};
      in.study = {"1.2." + study, date, "120000", "", "MR head"};
      in.series_instance_uid = "1.2." + study + "." + series;
      in.series.modality = "MR";
      in.series.series_description = description;
      in.series.contrast_bolus_agent = contrast;
      in.series.image_type = "ORIGINAL\\PRIMARY\\M\\ND";
      in.series.mr_acquisition_type = acquisition;
      in.series.repetition_time_ms = 2000;
      in.series.echo_time_ms = 2.5;
      in.series.inversion_time_ms = 900;
      in.series.slice_thickness_mm = 1.0;
      in.series.series_number = std::stoi(series);
      in.sop_instance_uid = in.series_instance_uid + "." + std::to_string(i + 1) + "." +
                            std::to_string(static_cast<long>(at));
      in.sop_class_uid = "1.2.840.10008.5.1.4.1.1.4";
      in.transfer_syntax_uid = "1.2.840.10008.1.2.1";
      in.file_path = "x";
      in.received_at = at;
      ref = index_->ingest.addInstance(in).series_ref;
    }
    return ref;
  }

  // A patient with two timepoints: each a T1ce plus distractors.
  void addTwoTimepoints(double at) {
    addSeries("1", "20260105", "2", "t2_tse_tra", "", at);
    addSeries("1", "20260105", "5", "t1_mprage_tra_KM", "Gadovist", at);
    addSeries("1", "20260105", "3", "t1_mprage_tra_nativ", "", at);
    addSeries("2", "20260410", "2", "t2_flair_tra", "", at);
    addSeries("2", "20260410", "5", "t1_mprage_tra_KM", "Gadovist", at);
  }

  fs::path dir_;
  std::unique_ptr<storage::Stores> index_;
  OpenAssociations open_;
  T1ceClassifier classifier_{ClassifierRules::defaults()};
  std::unique_ptr<SeriesCompletion> completion_;
};

TEST_F(SeriesCompletionTest, TwoTimepointsQueueExactlyOneJobForTheT1cePair) {
  addTwoTimepoints(100.0);
  EXPECT_EQ(completion_->completeDueSeries(100.0 + kQuiet), 5);
  const auto jobs = index_->jobs.jobs();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].baseline_series_uid, "1.2.1.5");
  EXPECT_EQ(jobs[0].followup_series_uid, "1.2.2.5");
  EXPECT_EQ(jobs[0].method, "registration-subtraction");
  EXPECT_EQ(jobs[0].state, storage::JobState::queued);
  for (const auto& decision : index_->reads.seriesDecisions()) {
    ASSERT_TRUE(decision.is_t1ce);
    EXPECT_EQ(*decision.is_t1ce, decision.series_description == "t1_mprage_tra_KM")
        << decision.series_description << ": " << decision.reason;
    EXPECT_FALSE(decision.reason.empty());
  }
}

TEST_F(SeriesCompletionTest, EachMethodGetsAJobForThePairTheClassicalOneFirst) {
  completeWith({AnalysisMethod::personal_wgan, AnalysisMethod::registration_subtraction});
  addTwoTimepoints(100.0);
  completion_->completeDueSeries(100.0 + kQuiet);
  auto jobs = index_->jobs.jobs();
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].method, "registration-subtraction") << "claimed first, its results first";
  EXPECT_EQ(jobs[1].method, "personal-wgan");
  for (const auto& job : jobs) {
    EXPECT_EQ(job.baseline_series_uid, "1.2.1.5");
    EXPECT_EQ(job.followup_series_uid, "1.2.2.5");
  }
  addSeries("2", "20260410", "5", "t1_mprage_tra_KM", "Gadovist", 300.0, 1);
  completion_->completeDueSeries(400.0);
  EXPECT_EQ(index_->jobs.jobs().size(), 2u) << "a late instance adds no job of either method";
}

TEST_F(SeriesCompletionTest, NothingCompletesBeforeTheQuietPeriod) {
  addTwoTimepoints(100.0);
  EXPECT_EQ(completion_->completeDueSeries(100.0 + kQuiet - 1), 0);
  EXPECT_TRUE(index_->jobs.jobs().empty());
}

TEST_F(SeriesCompletionTest, OneTimepointQueuesNoJob) {
  addSeries("1", "20260105", "5", "t1_mprage_tra_KM", "Gadovist", 100.0);
  EXPECT_EQ(completion_->completeDueSeries(1000.0), 1);
  EXPECT_TRUE(index_->jobs.jobs().empty());
}

TEST_F(SeriesCompletionTest, ASeriesStillOnAnOpenAssociationWaitsForItsRelease) {
  addSeries("1", "20260105", "5", "t1_mprage_tra_KM", "Gadovist", 100.0);
  const auto followup = addSeries("2", "20260410", "5", "t1_mprage_tra_KM", "Gadovist", 100.0);
  open_.sentOn(followup, 42);
  EXPECT_EQ(completion_->completeDueSeries(1000.0), 1);
  EXPECT_TRUE(index_->jobs.jobs().empty());
  open_.ended(42);
  EXPECT_EQ(completion_->completeDueSeries(1001.0), 1);
  EXPECT_EQ(index_->jobs.jobs().size(), 1u);
}

TEST_F(SeriesCompletionTest, ALateInstanceReopensTheSeriesWithoutASecondJob) {
  addTwoTimepoints(100.0);
  completion_->completeDueSeries(200.0);
  addSeries("2", "20260410", "5", "t1_mprage_tra_KM", "Gadovist", 300.0, 1);
  EXPECT_EQ(completion_->completeDueSeries(400.0), 1);
  EXPECT_EQ(index_->jobs.jobs().size(), 1u);
  for (const auto& decision : index_->reads.seriesDecisions()) {
    if (decision.series_instance_uid == "1.2.2.5") {
      EXPECT_EQ(decision.version, 2);
    }
  }
}

TEST_F(SeriesCompletionTest, APatientWithConflictingIdentityIsNotAnalysed) {
  addSeries("1", "20260105", "5", "t1_mprage_tra_KM", "Gadovist", 100.0);
  storage::IncomingInstance other;
  other.patient = {"P1", "", "ROE^RICHARD", "19700101"};
  other.study = {"1.2.2", "20260410", "", "", ""};
  other.series_instance_uid = "1.2.2.5";
  other.series.modality = "MR";
  other.series.series_description = "t1_mprage_tra_KM";
  other.series.contrast_bolus_agent = "Gadovist";
  other.sop_instance_uid = "1.2.2.5.1";
  other.received_at = 100.0;
  ASSERT_TRUE(index_->ingest.addInstance(other).new_identity_conflict);
  completion_->completeDueSeries(1000.0);
  EXPECT_TRUE(index_->jobs.jobs().empty());
}

TEST_F(SeriesCompletionTest, OfSeveralT1ceSeriesThe3dOneIsChosenAndWhyIsRecorded) {
  addSeries("1", "20260105", "5", "t1_mprage_tra_KM", "Gadovist", 100.0);
  addSeries("2", "20260410", "6", "t1_se_tra_KM", "Gadovist", 100.0, 3, "2D");
  addSeries("2", "20260410", "5", "t1_mprage_tra_KM", "Gadovist", 100.0, 3, "3D");
  completion_->completeDueSeries(1000.0);
  const auto jobs = index_->jobs.jobs();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].followup_series_uid, "1.2.2.5");
  int chosen = 0;
  for (const auto& decision : index_->reads.seriesDecisions())
    chosen += decision.chosen_for_timepoint;
  EXPECT_EQ(chosen, 2) << "one chosen series per timepoint";
}

}  // namespace
}  // namespace everynet::service
