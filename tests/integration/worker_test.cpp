// The job worker of `everynet serve` with the personal WGAN, trained by everynet-train as a child
// process: a phantom pair sent to the service is analysed with the test profile, and its DICOM
// results are stored and indexed; a training stopped with the service resumes at the next start,
// but not after the service died during it too often; a cancelled training stops; an unusable
// follow-up fails with a reason and leaves no results.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "dicom/results/change_segmentation_writer.h"
#include "dicom/results/source_series.h"
#include "engine/imaging/nifti_io.h"
#include "service_fixture.h"
#include "storage/stores.h"
#include "tests/support/free_port.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class WorkerTest : public ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    setExtraConfig(kPersonalWganEngineConfig);
  }

  // Waits until the only job trains and has done at least `progress` of it; returns it, or null.
  nlohmann::json waitForTraining(double progress) {
    const bool training = waitUntil(
        [&] {
          const auto jobs = indexedJobs();
          return jobs.size() == 1 && jobs[0].stage == "training" && jobs[0].progress >= progress;
        },
        300s);
    return training ? onlyJob() : nlohmann::json();
  }

  std::unique_ptr<storage::Stores> index() { return readIndex(); }

  // dciodvfy finds no error in the stored instance.
  void expectValid(storage::Stores& index, const std::string& sop_instance_uid) {
    const auto file = index.ingest.instanceFilePath(sop_instance_uid);
    ASSERT_TRUE(file) << sop_instance_uid << " is not indexed";
    const auto verified = runCommand({"dciodvfy", (dataDir() / *file).string()}, 60s);
    EXPECT_EQ(verified.output.find("Error"), std::string::npos) << verified.output;
  }
};

TEST_F(WorkerTest, AFollowUpIsAnalysedAndItsResultsAreStoredAndIndexed) {
  const auto truth = writePhantom();
  startService();
  sendPhantomPair(truth);
  const auto job = waitForJobEnd(300s);
  ASSERT_EQ(job["state"], "succeeded") << job.dump(2) << serviceLog();

  const auto& report = job["report"];
  EXPECT_EQ(report["profile"], "test");
  EXPECT_EQ(job["method"], "personal-wgan");
  EXPECT_GT(report["volumes_ml"]["baseline"].get<double>(), 0);
  EXPECT_EQ(job["progress"], 1.0);
  std::map<std::string, int> kinds;
  for (const auto& result : job["results"]) ++kinds[result["kind"].get<std::string>()];
  const auto followup_slices =
      std::distance(fs::directory_iterator(
                        phantomDir() / truth["followup"]["t1ce_series_folder"].get<std::string>()),
                    fs::directory_iterator());
  EXPECT_EQ(kinds["heatmap"], followup_slices) << "one heatmap per follow-up slice";
  EXPECT_EQ(kinds["report"], 1);
  EXPECT_EQ(kinds["segmentation"], 1);
  // The three result series are complete as soon as the job is, and named as its results.
  const std::string results_reason = "EveryNet result of job " + job["id"].dump();
  int result_series = 0;
  const auto listing = jobsJson();
  for (const auto& series : listing["series"]) {
    if (series["reason"] != results_reason) {
      EXPECT_EQ(series["result_of_job"], nullptr) << series.dump();
      continue;
    }
    ++result_series;
    EXPECT_EQ(series["state"], "complete") << series.dump();
    EXPECT_EQ(series["t1ce"], false) << series.dump();
    EXPECT_EQ(series["result_of_job"], job["id"]) << series.dump();
  }
  EXPECT_EQ(result_series, 3) << listing.dump(2);

  auto stored = index();
  for (const auto& result : job["results"]) {
    if (result["kind"] == "heatmap" && &result != &job["results"][0]) continue;
    expectValid(*stored, result["sop_instance_uid"]);
  }
  const auto losses = stored->reads.jobLosses(job["id"]);
  ASSERT_EQ(losses.size(), 20u) << "one loss row per generator iteration of the test profile";
  EXPECT_EQ(losses.back().iteration, 20);

  const auto work = dataDir() / "jobs" / std::to_string(job["id"].get<int>());
  // The job counts as succeeded a moment before its working files are removed.
  waitUntil([&] { return !fs::exists(work / "training") && !fs::exists(work / "results"); }, 10s);
  EXPECT_FALSE(fs::exists(work / "training")) << "the patient's model is deleted by default";
  EXPECT_FALSE(fs::exists(work / "pair")) << "and the images it was trained on";
  EXPECT_FALSE(fs::exists(work / "results")) << "results live in the store once stored";
  EXPECT_FALSE(fs::exists(dataDir() / "models"));
  EXPECT_TRUE(fs::exists(work / "analysis" / "previews"));
}

TEST_F(WorkerTest, ASegmentationSentWithTheBaselineGivesTheBaselineVolumeAndAModelCanBeKept) {
  const auto truth = writePhantom();
  // The PACS holds a segmentation of the baseline's enhancing tumour (here: the phantom's truth,
  // which lies on the baseline series' grid) and sends it with the baseline study.
  std::vector<fs::path> baseline_files;
  for (const auto& entry : fs::directory_iterator(
           phantomDir() / truth["baseline"]["t1ce_series_folder"].get<std::string>())) {
    baseline_files.push_back(entry.path());
  }
  const auto tumour = engine::readNifti(phantomDir() / "truth" / "baseline_tumour.nii.gz");
  const auto segmentation = dicom::writeEnhancingTumourSegmentation(
      dicom::readSourceSeries(baseline_files), tumour, {dir() / "segmentation", 80, "test"});
  // Kept models live under the data directory, never with another patient's.
  setExtraConfig(kPersonalWganEngineConfig + "model_retention = \"keep\"\n");
  startService();
  // -R: storescu proposes its default list of SOP classes otherwise, which lacks SEG.
  const auto sent = store({segmentation.instances[0].path}, {"-R"});
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  sendPhantomPair(truth);
  const auto job = waitForJobEnd(300s);
  ASSERT_EQ(job["state"], "succeeded") << job.dump(2) << serviceLog();
  EXPECT_EQ(job["report"]["baseline_volume_source"], "supplied segmentation");
  const double true_ml = truth["baseline_tumour_ml"].get<double>();
  EXPECT_NEAR(job["report"]["volumes_ml"]["baseline"].get<double>(), true_ml, 0.1 * true_ml);
  const auto model = dataDir() / "models" / ("job-" + std::to_string(job["id"].get<int>()));
  EXPECT_TRUE(fs::exists(model / "generator.pt")) << "engine.model_retention = keep";
}

TEST_F(WorkerTest, ATrainingStoppedWithTheServiceResumesAtTheNextStart) {
  const auto truth = writePhantom();
  startService();
  sendPhantomPair(truth);
  auto job = waitForTraining(0.25);
  ASSERT_FALSE(job.is_null()) << jobsJson().dump(2) << serviceLog();
  stopService();
  job = onlyJob();
  EXPECT_EQ(job["state"], "queued") << job.dump(2);
  const auto work = dataDir() / "jobs" / std::to_string(job["id"].get<int>());
  EXPECT_TRUE(fs::exists(work / "training" / "checkpoint" / "state.txt"))
      << "a checkpoint to resume from";
  const auto losses_before = index()->reads.jobLosses(job["id"]).size();

  startService();
  job = waitForJobEnd(300s);
  ASSERT_EQ(job["state"], "succeeded") << job.dump(2) << serviceLog();
  EXPECT_EQ(job["attempts"], 2);
  EXPECT_EQ(index()->reads.jobLosses(job["id"]).size(), 20u);
  EXPECT_LT(losses_before, 20u);
  EXPECT_NE(serviceLog().find("resumed its training from a checkpoint"), std::string::npos)
      << serviceLog();
}

// A job that crashes the service (or runs it out of memory) would do so again at every restart,
// holding up the queue and the DICOM node: after engine.max_interruptions it fails instead.
TEST_F(WorkerTest, AJobDuringWhichTheServiceDiedTooOftenFailsInsteadOfStartingAgain) {
  setExtraConfig(kPersonalWganEngineConfig + "max_interruptions = 2\n");
  const auto truth = writePhantom();
  startService();
  sendPhantomPair(truth);
  for (const int attempt : {1, 2}) {
    ASSERT_TRUE(waitUntil(
        [&] {
          const auto jobs = indexedJobs();
          return jobs.size() == 1 && jobs[0].state == storage::JobState::running &&
                 jobs[0].attempts == attempt;
        },
        120s))
        << jobsJson().dump(2) << serviceLog();
    killService();
    startService();
  }
  const auto job = onlyJob();
  ASSERT_EQ(job["state"], "failed") << job.dump(2) << serviceLog();
  EXPECT_EQ(job["interruptions"], 2);
  EXPECT_EQ(job["attempts"], 2) << "not started a third time";
  EXPECT_NE(job["error"].get<std::string>().find("the service ended while this job was running, 2 "
                                                 "times"),
            std::string::npos)
      << job["error"];
  EXPECT_NE(serviceLog().find("job 1 failed: the service ended while this job was running"),
            std::string::npos)
      << serviceLog();
  EXPECT_FALSE(fs::exists(dataDir() / "jobs" / "1")) << "its work files go, as a failed job's do";
  EXPECT_EQ(echo().exit_code, 0) << "the DICOM node stays up";
  stopService();
}

TEST_F(WorkerTest, ACancelledTrainingStopsAndItsJobEndsCancelledWithoutItsModel) {
  const auto truth = writePhantom();
  startService();
  sendPhantomPair(truth);
  auto job = waitForTraining(0.05);  // one of the test profile's 20 iterations
  ASSERT_FALSE(job.is_null()) << jobsJson().dump(2) << serviceLog();
  const std::int64_t id = job["id"];
  // As the admin web's POST /api/v1/jobs/{id}/cancel does.
  EXPECT_EQ(storage::Stores(dataDir() / "index.sqlite", storage::Database::Access::read_write)
                .jobs.requestCancel(id, 0),
            storage::JobCancelOutcome::stop_requested);
  ASSERT_TRUE(waitUntil(
      [&] {
        const auto jobs = indexedJobs();
        return jobs.size() == 1 && jobs[0].state != storage::JobState::running;
      },
      120s))
      << onlyJob().dump(2) << serviceLog();
  job = onlyJob();
  EXPECT_EQ(job["state"], "cancelled") << job.dump(2);
  EXPECT_LT(index()->reads.jobLosses(id).size(), 20u) << "it stopped before its last iteration";
  EXPECT_FALSE(fs::exists(dataDir() / "jobs" / std::to_string(id))) << "nor checkpoint nor model";
  const auto log = index()->reads.jobEvents(id, 100);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.back().message, "cancelled: stopped on request, its checkpoint deleted");
  stopService();
  EXPECT_EQ(onlyJob()["state"], "cancelled") << "not queued again by the stop";
}

TEST_F(WorkerTest, AnUnusableFollowUpFailsWithItsReasonAndLeavesNoResults) {
  const auto truth = writePhantom();
  // A slice missing in the middle of the follow-up: the series is incomplete.
  std::vector<fs::path> slices;
  for (const auto& entry : fs::directory_iterator(
           phantomDir() / truth["followup"]["t1ce_series_folder"].get<std::string>())) {
    slices.push_back(entry.path());
  }
  std::sort(slices.begin(), slices.end());
  fs::remove(slices[slices.size() / 2]);
  // A destination, so that anything the job exported would show in its queue.
  setExtraConfig(kTestEngineConfig +
                 "[[destinations]]\nname = \"pacs\"\nae_title = \"PACS\"\nhost = \"127.0.0.1\"\n"
                 "port = " +
                 std::to_string(freeTcpPort()) + "\n");
  startService();
  sendPhantomPair(truth);
  const auto job = waitForJobEnd(300s);
  ASSERT_EQ(job["state"], "failed") << job.dump(2);
  EXPECT_NE(job["error"].get<std::string>().find("follow-up"), std::string::npos) << job["error"];
  EXPECT_TRUE(job["results"].empty());
  const auto exports =
      runCommand({everynetBinary(), "export", "list", "--data-dir", dataDir().string()}, 30s);
  EXPECT_NE(exports.output.find("No exports queued."), std::string::npos) << exports.output;
  EXPECT_FALSE(fs::exists(dataDir() / "jobs" / std::to_string(job["id"].get<int>())));
}

}  // namespace
}  // namespace everynet::test
