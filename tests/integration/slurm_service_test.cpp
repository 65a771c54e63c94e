// The service with engine.backend = "slurm" on a real one-node Slurm cluster: a training that
// Slurm keeps pending shows Slurm's reason through the admin API, and a cancel from the admin API
// ends its job in Slurm, as does a cancel while the service was stopped and its job ran on.
// (Its results reaching the PACS across a restart: orthanc_e2e_test.cpp.)
#include <gtest/gtest.h>
#include <stdlib.h>

#include "service_fixture.h"
#include "slurm_config.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* kToken = "slurm-test-token";

class SlurmServiceTest : public ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    cluster_ = std::make_unique<SlurmCluster>(dir() / "slurm");
    ::setenv("SLURM_CONF", cluster_->slurmConf().c_str(), 1);  // the service inherits it
    fs::create_directories(sharedDir());
    const auto hashed =
        runCommand({"sh", "-c", std::string("printf %s ") + kToken + " | sha256sum"}, 30s);
    ASSERT_EQ(hashed.exit_code, 0);
    setAdminConfig("token_hashes = [\"" + hashed.output.substr(0, 64) + "\"]\n");
  }
  void TearDown() override {
    ServiceFixture::TearDown();
    cluster_.reset();
    ::unsetenv("SLURM_CONF");
  }

  fs::path sharedDir() const { return dir() / "shared"; }

  // A service whose trainings Slurm holds back an hour (pending, reason BeginTime).
  void startServiceWithHeldBackTrainings() {
    setExtraConfig(kPersonalWganEngineConfig + "backend = \"slurm\"\n" +
                   slurmTableFor(sharedDir(), "extra_arguments = [\"--begin=now+3600\"]\n"));
    startService();
  }

  // Waits until the only job's training waits in Slurm; its Slurm job ID, "" if it never does.
  std::string waitForPendingTraining() {
    std::string slurm_id;
    waitUntil(
        [&] {
          const auto jobs = indexedJobs();
          if (jobs.size() != 1 || !jobs[0].training_wait || !jobs[0].training_run) return false;
          slurm_id = jobs[0].training_run->substr(std::string("slurm:").size());
          return true;
        },
        120s);
    return slurm_id;
  }

  // The admin API's answer: the HTTP status, then the body.
  std::pair<int, nlohmann::json> api(const std::string& method, const std::string& path) {
    const auto answer =
        runCommand({"curl", "-sS", "--max-time", "20", "-X", method, "-H",
                    std::string("Authorization: Bearer ") + kToken, "-w", "\n%{http_code}",
                    "http://127.0.0.1:" + std::to_string(adminPort()) + path},
                   30s);
    const auto last_line = answer.output.rfind('\n');
    if (answer.exit_code != 0 || last_line == std::string::npos) return {0, {}};
    return {std::stoi(answer.output.substr(last_line + 1)),
            nlohmann::json::parse(answer.output.substr(0, last_line), nullptr, false)};
  }

  std::unique_ptr<SlurmCluster> cluster_;
};

TEST_F(SlurmServiceTest, APendingTrainingShowsSlurmsReasonAndACancelFromTheAdminApiEndsItInSlurm) {
  startServiceWithHeldBackTrainings();
  sendPhantomPair(writePhantom());

  nlohmann::json job;
  ASSERT_TRUE(waitUntil(
      [&] {
        const auto jobs = indexedJobs();
        if (jobs.size() != 1 || !jobs[0].training_wait) return false;
        job = api("GET", "/api/v1/jobs/" + std::to_string(jobs[0].id)).second;
        return job.is_object() && job.value("waiting", nlohmann::json()).is_string();
      },
      120s))
      << jobsJson().dump(2) << serviceLog();
  const auto run = job["training_run"].get<std::string>();
  ASSERT_TRUE(run.starts_with("slurm:")) << run;
  const auto slurm_id = run.substr(6);
  EXPECT_EQ(job["waiting"], "Slurm job " + slurm_id + " is pending: BeginTime");
  EXPECT_EQ(cluster_->jobState(slurm_id), "PENDING");
  EXPECT_FALSE(fs::is_empty(sharedDir()));
  EXPECT_EQ(serviceLog().find("Patient"), std::string::npos);

  const auto [status, cancelled] = api("POST", "/api/v1/jobs/" + job["id"].dump() + "/cancel");
  EXPECT_EQ(status, 200) << cancelled.dump();
  ASSERT_TRUE(waitUntil([&] { return onlyJob()["state"] == "cancelled"; }, 60s))
      << jobsJson().dump(2) << serviceLog();
  EXPECT_EQ(cluster_->jobState(slurm_id), "CANCELLED");
  EXPECT_TRUE(fs::is_empty(sharedDir())) << "the job's folder is deleted afterwards";
  EXPECT_EQ(cluster_->jobsNamed("everynet-job-" + job["id"].dump()).size(), 1u);
}

// The service stops while its training waits in Slurm, which keeps the job; a cancel then (as the
// admin API makes it) is carried out by the next start, which ends the job in Slurm.
TEST_F(SlurmServiceTest, ACancelWhileTheServiceWasStoppedEndsTheJobInSlurmAtTheNextStart) {
  startServiceWithHeldBackTrainings();
  sendPhantomPair(writePhantom());
  const auto slurm_id = waitForPendingTraining();
  ASSERT_FALSE(slurm_id.empty()) << jobsJson().dump(2) << serviceLog();
  stopService();
  ASSERT_EQ(cluster_->jobState(slurm_id), "PENDING") << "the stop leaves the job to Slurm";
  {
    storage::Stores index(dataDir() / "index.sqlite", storage::Database::Access::read_write);
    EXPECT_EQ(index.jobs.requestCancel(index.jobs.jobs().at(0).id, 0),
              storage::JobCancelOutcome::stop_requested);
  }
  startService();
  ASSERT_TRUE(waitUntil([&] { return onlyJob()["state"] == "cancelled"; }, 60s))
      << jobsJson().dump(2) << serviceLog();
  EXPECT_EQ(cluster_->jobState(slurm_id), "CANCELLED");
  EXPECT_TRUE(fs::is_empty(sharedDir()));
}

}  // namespace
}  // namespace everynet::test
