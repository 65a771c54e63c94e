// End to end with a real PACS: Orthanc routes a phantom pair to EveryNet, the default methods run
// (registration and subtraction without a GPU), and the heatmaps, the SR and the SEG come back into
// the follow-up study in Orthanc, once each and valid (dciodvfy); the SR read back from Orthanc
// carries the job's values. With the personal WGAN as well, its results follow as a second set of
// series, once each, also when the service restarts while it trains, locally or on a Slurm
// cluster. A PACS that is down when the results are ready gets them, once, when it is up again.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include "dicom/results/measurement_report_reader.h"
#include "dicom/results/tumour_segmentation_reader.h"
#include "orthanc_peer.h"
#include "service_fixture.h"
#include "slurm_config.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// A method's result series, by their Series Description.
struct ResultSeriesNames {
  std::string heatmap, report, segmentation;
};
ResultSeriesNames resultSeriesOf(const std::string& method_label) {
  return {"EveryNet change heatmap (" + method_label + ")",
          "EveryNet change report (" + method_label + ")",
          "EveryNet change segmentation (" + method_label + ")"};
}
const ResultSeriesNames kClassical = resultSeriesOf("registration and subtraction");
const ResultSeriesNames kPersonal = resultSeriesOf("personal WGAN");

class OrthancEndToEndTest : public ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    orthanc_ = std::make_unique<OrthancPeer>(dir() / "orthanc", port());
    useEngineConfig(kTestEngineConfig);
    const RunResult phantom =
        runCommand({everynetBinary(), "phantom", "--out", (dir() / "phantom").string(), "--change",
                    "progression", "--seed", "11", "--voxel-mm", "3"},
                   120s);
    ASSERT_EQ(phantom.exit_code, 0) << phantom.output;
    truth_ = nlohmann::json::parse(std::ifstream(dir() / "phantom" / "truth" / "truth.json"));
  }

  void useEngineConfig(const std::string& engine_config) {
    setExtraConfig(
        "[dicom]\n"
        "allowed_peers = [ { ae_title = \"ORTHANC\", host = \"127.0.0.1\" },\n"
        "                  { ae_title = \"" +
        std::string(kScuAeTitle) + "\", host = \"127.0.0.1\" } ]\n" + engine_config +
        "[export]\ninitial_retry_seconds = 1\nmax_retry_seconds = 2\n"
        "[[destinations]]\nname = \"pacs\"\nae_title = \"ORTHANC\"\nhost = \"127.0.0.1\"\n"
        "port = " +
        std::to_string(orthanc_->dicomPort()) + "\n");
  }

  // The PACS receives both studies from the scanner, then routes them to EveryNet.
  void routePairThroughThePacs() {
    for (const std::string visit : {"baseline", "followup"}) {
      const auto sent = runCommand(
          {"storescu", "-aet", kScuAeTitle, "-aec", OrthancPeer::kAeTitle, "+sd", "+r", "127.0.0.1",
           std::to_string(orthanc_->dicomPort()), (dir() / "phantom" / visit).string()},
          120s);
      ASSERT_EQ(sent.exit_code, 0) << sent.output;
    }
    for (const std::string visit : {"baseline", "followup"}) {
      const auto study = orthancStudy(studyUid(visit));
      ASSERT_FALSE(study.empty()) << visit << " is not in Orthanc";
      orthanc_->post("/modalities/everynet/store", study);
    }
  }

  fs::path t1ce(const std::string& visit) const {
    return dir() / "phantom" / truth_[visit]["t1ce_series_folder"].get<std::string>();
  }
  std::string studyUid(const std::string& visit) const {
    return truth_[visit]["study_instance_uid"].get<std::string>();
  }
  long followupSlices() const {
    return std::distance(fs::directory_iterator(t1ce("followup")), fs::directory_iterator());
  }

  // Orthanc's ID of a study, or "" when Orthanc does not hold it.
  std::string orthancStudy(const std::string& study_uid) {
    const auto found = orthanc_->post(
        "/tools/find",
        nlohmann::json{{"Level", "Study"}, {"Query", {{"StudyInstanceUID", study_uid}}}}.dump());
    return found.empty() ? "" : found[0].get<std::string>();
  }

  // The instances of each series in a study in Orthanc (Orthanc instance IDs), by the series'
  // description.
  std::map<std::string, std::vector<std::string>> instancesBySeries(const std::string& study) {
    std::map<std::string, std::vector<std::string>> found;
    if (study.empty()) return found;
    for (const auto& series : orthanc_->get("/studies/" + study + "/series")) {
      auto& ids = found[series["MainDicomTags"].value("SeriesDescription", "")];
      for (const auto& id : series["Instances"]) ids.push_back(id.get<std::string>());
    }
    return found;
  }

  // Waits until Orthanc holds a method's SR, SEG and every heatmap in the follow-up study;
  // returns what it holds by series description.
  std::map<std::string, std::vector<std::string>> waitForResultsInOrthanc(
      const ResultSeriesNames& method, std::chrono::seconds timeout) {
    std::map<std::string, std::vector<std::string>> held;
    waitUntil(
        [&] {
          held = instancesBySeries(orthancStudy(studyUid("followup")));
          return !held[method.report].empty() && !held[method.segmentation].empty() &&
                 static_cast<long>(held[method.heatmap].size()) >= followupSlices();
        },
        timeout);
    return held;
  }

  // Orthanc holds each of the method's results once.
  void expectEachResultOnce(std::map<std::string, std::vector<std::string>>& held,
                            const ResultSeriesNames& method) {
    EXPECT_EQ(held[method.report].size(), 1u) << method.report << ", once";
    EXPECT_EQ(held[method.segmentation].size(), 1u) << method.segmentation << ", once";
    EXPECT_EQ(static_cast<long>(held[method.heatmap].size()), followupSlices())
        << "a heatmap per slice, once: " << method.heatmap;
  }

  // dciodvfy finds no error in the instances as Orthanc holds them: the SR, the SEG and the first
  // heatmap of a method.
  void expectValidInOrthanc(std::map<std::string, std::vector<std::string>>& held,
                            const ResultSeriesNames& method) {
    for (const auto* series : {&method.report, &method.segmentation, &method.heatmap}) {
      ASSERT_FALSE(held[*series].empty()) << *series;
      const auto file = dir() / "from-orthanc.dcm";
      orthanc_->download(held[*series][0], file);
      const auto verified = runCommand({"dciodvfy", file.string()}, 60s);
      EXPECT_EQ(verified.output.find("Error"), std::string::npos) << *series << verified.output;
    }
  }

  // The SR in Orthanc carries what the job reported, and the SEG beside it marks regions of the
  // volumes the SR gives.
  void expectReportEqualsJob(std::map<std::string, std::vector<std::string>>& held,
                             const ResultSeriesNames& method, const nlohmann::json& job) {
    ASSERT_FALSE(held[method.report].empty());
    ASSERT_FALSE(held[method.segmentation].empty());
    const auto& sr_instance = held[method.report][0];
    const auto file = dir() / "sr-from-orthanc.dcm";
    orthanc_->download(sr_instance, file);
    const auto sr = dicom::readMeasurementReport(file);
    const auto& volumes = job["report"]["volumes_ml"];
    EXPECT_EQ(sr.study_instance_uid, studyUid("followup"));
    EXPECT_NEAR(sr.values.baseline_ml, volumes["baseline"].get<double>(), 1e-3);
    EXPECT_NEAR(sr.values.followup_ml, volumes["followup"].get<double>(), 1e-3);
    EXPECT_NEAR(sr.values.growth_ml, volumes["growth"].get<double>(), 1e-3);
    EXPECT_NEAR(sr.values.reduction_ml, volumes["reduction"].get<double>(), 1e-3);
    EXPECT_EQ(sr.values.rano_class, job["report"]["rano"]["class"]);
    EXPECT_NE(sr.summary.find(job["report"]["rano"]["class"].get<std::string>()), std::string::npos)
        << sr.summary;
    EXPECT_EQ(sr.values.cautions, job["report"]["cautions"].get<std::vector<std::string>>());

    const auto seg = dir() / "seg-from-orthanc.dcm";
    orthanc_->download(held[method.segmentation][0], seg);
    for (const char* region : {"growth", "reduction"}) {
      const double reported = volumes[region].get<double>();
      EXPECT_NEAR(dicom::segmentVolumeMl(seg, region), reported, 1e-3 + 1e-4 * reported)
          << region << ": the SEG marks other regions than the SR measures";
    }
  }

  std::unique_ptr<OrthancPeer> orthanc_;
  nlohmann::json truth_;
};

TEST_F(OrthancEndToEndTest, AStudyRoutedFromThePacsComesBackAnalysedByTheDefaultMethod) {
  startService();
  routePairThroughThePacs();
  const auto job = waitForJobEnd(120s);
  ASSERT_EQ(job["state"], "succeeded") << job.dump(2) << serviceLog();
  EXPECT_EQ(job["method"], "registration-subtraction");
  auto held = waitForResultsInOrthanc(kClassical, 60s);
  expectEachResultOnce(held, kClassical);
  EXPECT_TRUE(held[kPersonal.report].empty()) << "no personal WGAN without a GPU by default";
  ASSERT_FALSE(held[kClassical.report].empty()) << serviceLog() << orthanc_->log();
  expectReportEqualsJob(held, kClassical, job);
  expectValidInOrthanc(held, kClassical);
}

// The classical answer does not wait for the personal network, and a restart while it trains
// sends nothing twice.
TEST_F(OrthancEndToEndTest, ThePersonalWganResultsFollowTheClassicalOnesOnceEachAcrossARestart) {
  useEngineConfig(kBothMethodsEngineConfig);
  startService();
  routePairThroughThePacs();
  auto classical = waitForJobEnd("registration-subtraction", 120s);
  ASSERT_EQ(classical["state"], "succeeded") << jobsJson().dump(2) << serviceLog();
  auto held = waitForResultsInOrthanc(kClassical, 60s);
  ASSERT_FALSE(held[kClassical.report].empty()) << serviceLog() << orthanc_->log();
  EXPECT_NE(jobOfMethod("personal-wgan")["state"], "succeeded")
      << "the classical results arrive first";

  ASSERT_TRUE(waitUntil(
      [&] {
        const auto jobs = indexedJobs();
        return std::any_of(jobs.begin(), jobs.end(), [](const storage::JobRecord& job) {
          return job.method == "personal-wgan" && job.stage == "training" && job.progress > 0;
        });
      },
      120s))
      << jobsJson().dump(2) << serviceLog();
  stopService();
  startService();
  const auto personal = waitForJobEnd("personal-wgan", 300s);
  ASSERT_EQ(personal["state"], "succeeded") << personal.dump(2) << serviceLog();
  EXPECT_EQ(personal["attempts"], 2);
  held = waitForResultsInOrthanc(kPersonal, 60s);
  std::this_thread::sleep_for(3s);  // a duplicate would come within a retry interval
  held = instancesBySeries(orthancStudy(studyUid("followup")));
  expectEachResultOnce(held, kClassical);
  expectEachResultOnce(held, kPersonal);
  ASSERT_FALSE(held[kPersonal.report].empty()) << serviceLog() << orthanc_->log();
  expectReportEqualsJob(held, kPersonal, personal);
  expectValidInOrthanc(held, kPersonal);
  EXPECT_EQ(indexedJobs().size(), 2u) << "one job per method, also after the restart";
}

// The personal network trained by everynet-train under sbatch on a real one-node cluster: a
// service restart while the job runs leaves it running and reattaches to it, with no second
// submission, and its results reach the PACS once.
TEST_F(OrthancEndToEndTest, ThePersonalWganTrainedOnSlurmReachesThePacsOnceAcrossARestart) {
  SlurmCluster cluster(dir() / "slurm");
  ::setenv("SLURM_CONF", cluster.slurmConf().c_str(), 1);  // the service inherits it
  const auto shared_dir = dir() / "shared";
  fs::create_directories(shared_dir);
  useEngineConfig(kBothMethodsEngineConfig + "backend = \"slurm\"\n" + slurmTableFor(shared_dir));
  startService();
  routePairThroughThePacs();

  using Clock = std::chrono::steady_clock;
  std::optional<Clock::time_point> submitted, first_iteration;
  storage::JobRecord personal_record;
  ASSERT_TRUE(waitUntil(
      [&] {
        for (const auto& job : indexedJobs()) {
          if (job.method != "personal-wgan") continue;
          personal_record = job;
          if (job.training_run && !submitted) submitted = Clock::now();
          if (job.progress > 0 && !first_iteration) first_iteration = Clock::now();
        }
        return first_iteration.has_value();
      },
      300s))
      << jobsJson().dump(2) << serviceLog();
  ASSERT_TRUE(personal_record.training_run && submitted);
  const std::string slurm_id = personal_record.training_run->substr(std::string("slurm:").size());
  std::cout << "[ timing ] submission to first iteration in the index "
            << std::chrono::duration<double>(*first_iteration - *submitted).count() << " s\n";
  stopService();
  const auto state_while_down = cluster.jobState(slurm_id);
  EXPECT_TRUE(state_while_down == "RUNNING" || state_while_down == "COMPLETING" ||
              state_while_down == "COMPLETED")
      << "the service's stop leaves the job to Slurm: " << state_while_down;

  startService();
  std::optional<Clock::time_point> last_iteration;
  ASSERT_TRUE(waitUntil(
      [&] {
        const auto jobs = indexedJobs();
        const auto job = std::find_if(jobs.begin(), jobs.end(),
                                      [](const auto& j) { return j.method == "personal-wgan"; });
        if (job == jobs.end()) return false;
        if (job->progress >= 1.0 && !last_iteration) last_iteration = Clock::now();
        return job->state != storage::JobState::running && job->state != storage::JobState::queued;
      },
      300s));
  const auto personal = jobOfMethod("personal-wgan");
  ASSERT_EQ(personal["state"], "succeeded") << personal.dump(2) << serviceLog();
  if (last_iteration) {
    std::cout << "[ timing ] last iteration to results stored "
              << std::chrono::duration<double>(Clock::now() - *last_iteration).count() << " s\n";
  }
  EXPECT_FALSE(personal["report"]["versions"]["libtorch"].get<std::string>().empty())
      << "the trainer on the node names its LibTorch";
  const auto job_name = "everynet-job-" + personal["id"].dump();
  EXPECT_EQ(cluster.jobsNamed(job_name), std::vector<std::string>{slurm_id})
      << "exactly one submission";
  EXPECT_EQ(cluster.jobState(slurm_id), "COMPLETED");
  EXPECT_TRUE(fs::is_empty(shared_dir)) << "the job's folder is deleted afterwards";
  auto held = waitForResultsInOrthanc(kPersonal, 60s);
  std::this_thread::sleep_for(3s);  // a duplicate would come within a retry interval
  held = instancesBySeries(orthancStudy(studyUid("followup")));
  expectEachResultOnce(held, kPersonal);
  ASSERT_FALSE(held[kPersonal.report].empty()) << serviceLog() << orthanc_->log();
  expectReportEqualsJob(held, kPersonal, personal);
  ::unsetenv("SLURM_CONF");
}

TEST_F(OrthancEndToEndTest, APacsThatIsDownGetsTheResultsOnceWhenItIsUpAgain) {
  orthanc_->stop();
  startService();
  ASSERT_EQ(store({t1ce("baseline")}).exit_code, 0);
  ASSERT_EQ(store({t1ce("followup")}).exit_code, 0);
  const auto job = waitForJobEnd(300s);
  ASSERT_EQ(job["state"], "succeeded") << job.dump(2) << serviceLog();
  // Attempts fail while the PACS is down...
  ASSERT_TRUE(
      waitUntil([&] { return serviceLog().find("will be tried again") != std::string::npos; }, 60s))
      << serviceLog();
  orthanc_->start();
  // ...and once it is up, the results arrive, each once.
  auto held = waitForResultsInOrthanc(kClassical, 120s);
  std::this_thread::sleep_for(3s);  // a duplicate would come within a retry interval
  held = instancesBySeries(orthancStudy(studyUid("followup")));
  expectEachResultOnce(held, kClassical);
  ASSERT_FALSE(held[kClassical.report].empty()) << serviceLog() << orthanc_->log();
  expectReportEqualsJob(held, kClassical, job);
}

}  // namespace
}  // namespace everynet::test
