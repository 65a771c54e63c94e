// The personal network trains out of the service's process: the service has no LibTorch mapped
// while its trainer trains, a trainer killed with SIGKILL fails its analysis with the reason while
// the DICOM node answers C-ECHO and C-STORE throughout, and a trainer that is missing or reads
// another pair format is refused at start when the configuration asks for the personal WGAN (and
// only left out, saying why, when it does not).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "service_fixture.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class TrainerProcessTest : public ServiceFixture {
 protected:
  // Waits until the personal training runs and has reported an iteration; returns its job.
  nlohmann::json waitForTraining() {
    const bool training = waitUntil(
        [&] {
          const auto jobs = indexedJobs();
          return jobs.size() == 1 && jobs[0].stage == "training" && jobs[0].progress > 0;
        },
        300s);
    return training ? onlyJob() : nlohmann::json();
  }

  // The trainer's process ID, as the index records the job's training run ("local:PID").
  int trainerPid(const nlohmann::json& job) {
    const std::string prefix = "local:";
    for (const auto& indexed : indexedJobs()) {
      if (indexed.id != job["id"].get<std::int64_t>() || !indexed.training_run) continue;
      if (!indexed.training_run->starts_with(prefix)) return -1;
      return std::stoi(indexed.training_run->substr(prefix.size()));
    }
    return -1;
  }

  // `everynet serve` with this [engine] table, expected to refuse to start; returns its output.
  RunResult serveRefusing(const std::string& engine_config) {
    const auto config = dir() / "refused.toml";
    std::ofstream(config) << engine_config;
    return runCommand({everynetBinary(), "serve", "--config", config.string(), "--data-dir",
                       dataDir().string(), "--dicom-port", std::to_string(port())},
                      30s);
  }

  // A stand-in for an everynet-train built from another version, which reads pair format 1.
  fs::path trainerOfFormatOne() {
    const auto script = dir() / "old-everynet-train";
    std::ofstream(script) << "#!/bin/sh\n"
                             "echo '{\"trainer\":\"everynet-train\",\"version\":\"0.0.9\","
                             "\"pair_format\":1,\"libtorch\":\"1.13.1\",\"cuda_devices\":1,"
                             "\"blas\":\"OpenBLAS\"}'\n";
    fs::permissions(script, fs::perms::owner_all);
    return script;
  }
};

bool mapsLibTorch(int pid) {
  const std::string maps = readFile("/proc/" + std::to_string(pid) + "/maps");
  return maps.find("libtorch") != std::string::npos || maps.find("libc10") != std::string::npos;
}

TEST_F(TrainerProcessTest, TheServiceHasNoLibTorchMappedWhileItsTrainerTrains) {
  setExtraConfig(kPersonalWganEngineConfig);
  const auto truth = writePhantom();
  startService();
  sendPhantomPair(truth);
  const auto job = waitForTraining();
  ASSERT_FALSE(job.is_null()) << jobsJson().dump(2) << serviceLog();
  const int trainer = trainerPid(job);
  ASSERT_GT(trainer, 0);
  EXPECT_TRUE(mapsLibTorch(trainer)) << "the trainer itself runs on LibTorch";
  EXPECT_FALSE(mapsLibTorch(servicePid())) << "the service does not";
  stopService();
}

TEST_F(TrainerProcessTest, AKilledTrainerFailsItsAnalysisWhileTheDicomNodeAnswersThroughout) {
  setExtraConfig(kPersonalWganEngineConfig);
  const auto truth = writePhantom();
  const auto baseline = phantomDir() / truth["baseline"]["t1ce_series_folder"].get<std::string>();
  startService();
  sendPhantomPair(truth);
  const auto job = waitForTraining();
  ASSERT_FALSE(job.is_null()) << jobsJson().dump(2) << serviceLog();

  // C-ECHO and C-STORE (of instances the service holds already) go on while the trainer dies.
  std::atomic<bool> done = false;
  std::atomic<int> answered = 0, refused = 0;
  std::thread peer([&] {
    while (!done) {
      const bool ok = echo().exit_code == 0 && store({baseline}).exit_code == 0;
      ++(ok ? answered : refused);
    }
  });
  std::this_thread::sleep_for(1s);
  ASSERT_EQ(::kill(trainerPid(job), SIGKILL), 0);
  const auto ended = waitForJobEnd(60s);
  std::this_thread::sleep_for(1s);
  done = true;
  peer.join();

  EXPECT_EQ(ended["state"], "failed") << ended.dump(2) << serviceLog();
  EXPECT_NE(ended.value("error", "").find("signal 9"), std::string::npos) << ended.dump(2);
  EXPECT_EQ(refused, 0) << "the DICOM node answered every C-ECHO and C-STORE";
  EXPECT_GT(answered, 1);
  EXPECT_TRUE(serviceRunning());
  EXPECT_FALSE(fs::exists(dataDir() / "jobs" / ended["id"].dump()))
      << "nothing of a failed analysis is kept";
  stopService();
}

TEST_F(TrainerProcessTest, AMissingTrainerOrOneOfAnotherPairFormatIsRefusedWithTheReason) {
  const std::string wgan = "[engine]\nmethods = [\"personal-wgan\"]\n";
  const auto missing = serveRefusing(wgan + "trainer = \"/nonexistent/everynet-train\"\n");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("/nonexistent/everynet-train"), std::string::npos)
      << missing.output;

  const auto old = serveRefusing(wgan + "trainer = \"" + trainerOfFormatOne().string() + "\"\n");
  EXPECT_EQ(old.exit_code, 2) << old.output;
  EXPECT_NE(old.output.find("format 1"), std::string::npos) << old.output;
  EXPECT_NE(old.output.find("format 2"), std::string::npos) << old.output;
}

TEST_F(TrainerProcessTest, WithoutAUsableTrainerTheDefaultMethodsRunTheClassicalOneAndSayWhy) {
  setExtraConfig(kTestEngineConfig + "trainer = \"/nonexistent/everynet-train\"\n");
  const auto truth = writePhantom();
  startService();
  EXPECT_NE(serviceLog().find("analysis methods: registration-subtraction;"), std::string::npos)
      << serviceLog();
  EXPECT_NE(serviceLog().find("personal WGAN not run by default"), std::string::npos)
      << serviceLog();
  sendPhantomPair(truth);
  const auto job = waitForJobEnd(120s);
  EXPECT_EQ(job["state"], "succeeded") << job.dump(2) << serviceLog();
  EXPECT_EQ(job["method"], "registration-subtraction");
  stopService();
}

// A trainer that answers --describe as a real one of pair format 2 and then trains forever.
TEST_F(TrainerProcessTest, QueuedJobsOfAMethodNoLongerRunAreNamedAtStart) {
  const auto trainer = dir() / "slow-everynet-train";
  std::ofstream(trainer) << "#!/bin/sh\n"
                            "[ \"$1\" = --describe ] && exec echo '{\"trainer\":\"everynet-train\","
                            "\"version\":\"0.1.0\",\"pair_format\":2,\"libtorch\":\"1.13.1\","
                            "\"cuda_devices\":0,\"blas\":\"OpenBLAS\"}'\n"
                            "exec sleep 600\n";
  fs::permissions(trainer, fs::perms::owner_all);
  setExtraConfig(kPersonalWganEngineConfig + "trainer = \"" + trainer.string() + "\"\n");
  const auto truth = writePhantom();
  startService();
  sendPhantomPair(truth);
  ASSERT_TRUE(waitUntil(
      [&] {
        const auto jobs = indexedJobs();
        return jobs.size() == 1 && jobs[0].stage == "preprocessing";
      },
      60s))
      << jobsJson().dump(2) << serviceLog();
  stopService();
  ASSERT_EQ(onlyJob()["state"], "queued");

  // The GPU trainer is gone: the defaults run registration and subtraction alone.
  setExtraConfig(kTestEngineConfig);
  startService();
  EXPECT_NE(serviceLog().find("1 queued personal-wgan job(s) wait: engine.methods does not run "
                              "personal-wgan"),
            std::string::npos)
      << serviceLog();
  stopService();
}

}  // namespace
}  // namespace everynet::test
