// The command line as an administrator meets it.
#include <algorithm>
#include <fstream>
#include <thread>

#include "service_fixture.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;

using CliTest = ServiceFixture;

TEST_F(CliTest, ConfigCheckAcceptsTheExampleAndNamesTheBadKeyWithStatus2) {
  const auto example =
      runCommand({everynetBinary(), "config", "check", EVERYNET_EXAMPLE_CONFIG}, 10s);
  EXPECT_EQ(example.exit_code, 0) << example.output;

  const auto bad = dir() / "bad.toml";
  std::ofstream(bad) << "[dicom]\nport = 99999\n";
  const auto refused = runCommand({everynetBinary(), "config", "check", bad.string()}, 10s);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.output.find("dicom.port"), std::string::npos) << refused.output;

  std::ofstream(bad) << "[engine]\nmethods = ['registration-subtraction', 'deep-magic']\n";
  const auto method = runCommand({everynetBinary(), "config", "check", bad.string()}, 10s);
  EXPECT_EQ(method.exit_code, 2);
  EXPECT_NE(method.output.find("engine.methods: 'deep-magic' is no method"), std::string::npos)
      << method.output;
}

TEST_F(CliTest, ServeRefusesABadConfigurationWithStatus2) {
  const auto bad = dir() / "bad.toml";
  std::ofstream(bad) << "[dicom]\nae_titel = \"X\"\n";
  const auto result = runCommand(
      {everynetBinary(), "serve", "--config", bad.string(), "--data-dir", dataDir().string()}, 10s);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("dicom.ae_titel: unknown key"), std::string::npos) << result.output;
  const auto missing =
      runCommand({everynetBinary(), "serve", "--config", "/nonexistent.toml"}, 10s);
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
}

TEST_F(CliTest, ServeRunsWithoutAConfigurationFile) {
  Process service({everynetBinary(), "serve", "--data-dir", dataDir().string(), "--dicom-port",
                   std::to_string(port())},
                  dir() / "service.log");
  EXPECT_TRUE(waitUntil([&] { return echo().exit_code == 0; }, 20s)) << serviceLog();
  const auto log = readFile(dir() / "service.log");
  EXPECT_NE(log.find("dicom.allowed_peers is empty"), std::string::npos) << log;
  // Without a GPU the defaults run registration and subtraction alone, and say why.
  EXPECT_NE(log.find("analysis methods: registration-subtraction; working grid of engine profile "
                     "cpu"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("personal WGAN not run by default: the trainer "), std::string::npos) << log;
  EXPECT_NE(log.find("sees no GPU"), std::string::npos) << log;
}

TEST_F(CliTest, VersionAndJobsOnAnEmptyService) {
  const auto version = runCommand({everynetBinary(), "version"}, 10s);
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find("everynet 0."), std::string::npos) << version.output;
  startService();
  const auto jobs = runCommand({everynetBinary(), "jobs", "--data-dir", dataDir().string()}, 10s);
  EXPECT_EQ(jobs.exit_code, 0) << jobs.output;
  EXPECT_NE(jobs.output.find("Jobs: 0"), std::string::npos) << jobs.output;
}

// A patient with one MR series in each of two studies (series 1.2.1.5 and 1.2.2.5), indexed as
// ingest would; the patient's reference.
std::int64_t patientWithTwoSeries(storage::Stores& index) {
  std::int64_t patient_ref = 0;
  for (const std::string study : {"1", "2"}) {
    storage::IncomingInstance in;
    in.patient = {"P1", "", "DOE^JANE", "19700101"};
    in.study = {"1.2." + study, "2026010" + study, "120000", "", "MR head"};
    in.series_instance_uid = "1.2." + study + ".5";
    in.series.modality = "MR";
    in.sop_instance_uid = in.series_instance_uid + ".1";
    in.sop_class_uid = "1.2.840.10008.5.1.4.1.1.4";
    in.file_path = "x";
    const auto series_ref = index.ingest.addInstance(in).series_ref;
    patient_ref = index.timelines.timelineOfSeries(series_ref).patient_ref;
  }
  return patient_ref;
}

TEST_F(CliTest, JobsShowEachMethodsJobOfAPair) {
  std::filesystem::create_directories(dataDir());
  {
    storage::Stores index(dataDir() / "index.sqlite", storage::Database::Access::read_write);
    const std::int64_t patient_ref = patientWithTwoSeries(index);
    for (const std::string method : {"registration-subtraction", "personal-wgan"}) {
      ASSERT_TRUE(
          index.jobs.enqueue(patient_ref, "1.2.1.5", "1.2.2.5", method, "previous timepoint", 10));
    }
  }
  const auto text = runCommand({everynetBinary(), "jobs", "--data-dir", dataDir().string()}, 10s);
  EXPECT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("Jobs: 2"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("job 1  registration-subtraction  queued"), std::string::npos)
      << text.output;
  EXPECT_NE(text.output.find("job 2  personal-wgan  queued"), std::string::npos) << text.output;

  const auto json =
      runCommand({everynetBinary(), "jobs", "--json", "--data-dir", dataDir().string()}, 10s);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const auto jobs = nlohmann::json::parse(json.output)["jobs"];
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0]["method"], "registration-subtraction");
  EXPECT_EQ(jobs[1]["method"], "personal-wgan");
  EXPECT_EQ(jobs[1]["followup_series_uid"], jobs[0]["followup_series_uid"]);
}

// A training in a cluster's queue: the status says why it waits, the JSON has its run too.
TEST_F(CliTest, JobsShowWhyATrainingWaitsAndItsRun) {
  std::filesystem::create_directories(dataDir());
  {
    storage::Stores index(dataDir() / "index.sqlite", storage::Database::Access::read_write);
    const std::int64_t patient_ref = patientWithTwoSeries(index);
    ASSERT_TRUE(index.jobs.enqueue(patient_ref, "1.2.1.5", "1.2.2.5", "personal-wgan",
                                   "previous timepoint", 10));
    const auto job = index.jobs.claimNext(11, {"personal-wgan"});
    ASSERT_TRUE(job);
    index.jobs.recordStage(job->id, "preprocessing", 11);
    index.jobs.recordTrainingRun(job->id, "slurm:42");
    index.jobs.recordTrainingWait(job->id, "Slurm job 42 is pending: Resources");
  }
  const auto text = runCommand({everynetBinary(), "jobs", "--data-dir", dataDir().string()}, 10s);
  EXPECT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("status     waiting: Slurm job 42 is pending: Resources"),
            std::string::npos)
      << text.output;
  const auto json =
      runCommand({everynetBinary(), "jobs", "--json", "--data-dir", dataDir().string()}, 10s);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const auto jobs = nlohmann::json::parse(json.output)["jobs"];
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["training_run"], "slurm:42");
  EXPECT_EQ(jobs[0]["waiting"], "Slurm job 42 is pending: Resources");
}

// A report that gives no class reads as a caution with its reason, never as a class.
TEST_F(CliTest, JobsShowAClassNotAssessableAsACautionWithItsReason) {
  std::filesystem::create_directories(dataDir());
  {
    storage::Stores index(dataDir() / "index.sqlite", storage::Database::Access::read_write);
    const std::int64_t patient_ref = patientWithTwoSeries(index);
    ASSERT_TRUE(index.jobs.enqueue(patient_ref, "1.2.1.5", "1.2.2.5", "registration-subtraction",
                                   "previous timepoint", 10));
    const auto job = index.jobs.claimNext(11, {"registration-subtraction"});
    ASSERT_TRUE(job);
    index.jobs.complete(job->id,
                        {R"({"volumes_ml": {"baseline": 0.0, "followup": 8.1},
                             "rano": {"class": "not assessable",
                                      "reason": "no measurable enhancing tumour found on the baseline"},
                             "baseline_confidence": {"usable": false}})",
                         std::nullopt,
                         {},
                         {},
                         {}},
                        12);
  }
  const auto text = runCommand({everynetBinary(), "jobs", "--data-dir", dataDir().string()}, 10s);
  EXPECT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("status     tumour 0.00 -> 8.10 mL: CAUTION: modified RANO not "
                             "assessable (no measurable enhancing tumour found on the baseline): "
                             "supply a segmentation of the baseline tumour (DICOM SEG)"),
            std::string::npos)
      << text.output;

  const auto json =
      runCommand({everynetBinary(), "jobs", "--json", "--data-dir", dataDir().string()}, 10s);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const auto report = nlohmann::json::parse(json.output)["jobs"][0]["report"];
  EXPECT_EQ(report["rano"]["class"], "not assessable");
  EXPECT_EQ(report["rano"]["reason"], "no measurable enhancing tumour found on the baseline");
  EXPECT_EQ(report["baseline_confidence"]["usable"], false);
}

// Administrators' scripts poll `everynet jobs` and the like: they must not load LibTorch (about a
// second of CPU each time). Nor do serve, analyze and phantom (in everynet-engine): only the
// trainer, everynet-train, does.
TEST_F(CliTest, OnlyTheTrainerLoadsLibTorch) {
  // The dynamic loader names each library it loads on standard error.
  const auto run = [](std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {"env", "LD_DEBUG=files", everynetBinary()});
    return runCommand(arguments, 30s);
  };
  const auto loadsLibTorch = [](const RunResult& result) {
    return result.output.find("file=libtorch_cpu.so") != std::string::npos;
  };
  const auto version = run({"version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_FALSE(loadsLibTorch(version));
  const auto check = run({"config", "check", EVERYNET_EXAMPLE_CONFIG});
  EXPECT_EQ(check.exit_code, 0);
  EXPECT_FALSE(loadsLibTorch(check));
  std::filesystem::create_directories(dataDir());
  storage::Stores(dataDir() / "index.sqlite", storage::Database::Access::read_write);
  const auto jobs = run({"jobs", "--data-dir", dataDir().string()});
  EXPECT_NE(jobs.output.find("Jobs: 0"), std::string::npos) << jobs.output;
  EXPECT_FALSE(loadsLibTorch(jobs));

  const auto analyze = run({"analyze"});
  EXPECT_EQ(analyze.exit_code, 2);
  EXPECT_NE(analyze.output.find("--baseline is required"), std::string::npos) << analyze.output;
  EXPECT_FALSE(loadsLibTorch(analyze)) << "analyze runs in everynet-engine";

  const auto trainer =
      runCommand({"env", "LD_DEBUG=files", EVERYNET_TRAIN_BINARY, "--describe"}, 30s);
  EXPECT_EQ(trainer.exit_code, 0) << trainer.output;
  EXPECT_TRUE(loadsLibTorch(trainer)) << "the test sees LibTorch where it is loaded";
}

}  // namespace
}  // namespace everynet::test
