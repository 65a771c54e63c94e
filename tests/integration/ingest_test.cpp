// The DICOM node end to end: `everynet serve` against DCMTK's echoscu and storescu.
#include <set>

#include "service_fixture.h"
#include "storage/stores.h"
#include "tests/support/mr_series_writer.h"
#include "tests/support/test_study.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;

class IngestTest : public ServiceFixture {
 protected:
  // Waits for `count` jobs, then a little longer to be sure no more come.
  nlohmann::json jobsAfterSettling(std::size_t count) {
    waitUntil([&] { return indexedJobs().size() >= count; }, 30s);
    EXPECT_TRUE(waitUntilAllSeriesDecided(30s));
    return jobsJson()["jobs"];
  }
};

TEST_F(IngestTest, AnswersEcho) {
  startService();
  const auto result = echo();
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST_F(IngestTest, TwoTimepointsMakeExactlyOneJobForTheT1cePair) {
  const auto patient = writeTwoTimepointPatient(dir() / "incoming");
  startService();
  const auto sent = store({patient.baseline.directory, patient.followup.directory});
  ASSERT_EQ(sent.exit_code, 0) << sent.output;

  const auto jobs = jobsAfterSettling(1);
  ASSERT_EQ(jobs.size(), 1u) << jobs.dump(2);
  EXPECT_EQ(jobs[0]["baseline_series_uid"], patient.baseline.t1ce_series_uid);
  EXPECT_EQ(jobs[0]["followup_series_uid"], patient.followup.t1ce_series_uid);

  std::set<std::string> t1ce;
  const auto listing = jobsJson();
  for (const auto& series : listing["series"]) {
    if (series["t1ce"] == true) t1ce.insert(series["series_uid"].get<std::string>());
  }
  EXPECT_EQ(t1ce, (std::set<std::string>{patient.baseline.t1ce_series_uid,
                                         patient.followup.t1ce_series_uid}))
      << "distractor series were taken for T1ce";
}

TEST_F(IngestTest, OneTimepointMakesNoJob) {
  const auto patient = writeTwoTimepointPatient(dir() / "incoming");
  startService();
  ASSERT_EQ(store({patient.baseline.directory}).exit_code, 0);
  ASSERT_TRUE(waitUntilAllSeriesDecided(30s));
  EXPECT_TRUE(jobsJson()["jobs"].empty());
}

TEST_F(IngestTest, RefusesCallersOutsideTheAllowList) {
  setExtraConfig(
      "[dicom]\nallowed_peers = [ { ae_title = \"TEST_SCU\", host = \"127.0.0.1\" } ]\n");
  const auto patient = writeTwoTimepointPatient(dir() / "incoming");
  startService();
  EXPECT_EQ(echo().exit_code, 0) << "an allowed caller is accepted";
  EXPECT_NE(echo("STRANGER").exit_code, 0) << "an unknown calling AE title is refused";
  EXPECT_NE(store({patient.baseline.directory}, {}, "STRANGER").exit_code, 0);
  const auto wrong_called = runCommand(
      {"echoscu", "-aet", kScuAeTitle, "-aec", "NOT_US", "127.0.0.1", std::to_string(port())}, 10s);
  EXPECT_NE(wrong_called.exit_code, 0) << "a wrong called AE title is refused";
  EXPECT_TRUE(jobsJson()["series"].empty()) << "nothing from a refused caller is stored";
  const auto log = serviceLog();
  EXPECT_NE(log.find("refused association from 'STRANGER'"), std::string::npos) << log;
  EXPECT_NE(log.find("not in dicom.allowed_peers"), std::string::npos) << log;
  EXPECT_NE(log.find("called AE title 'NOT_US' is not ours"), std::string::npos) << log;
}

TEST_F(IngestTest, RefusesAMalformedInstanceAndKeepsServing) {
  const auto bad = dir() / "bad" / "malformed.dcm";
  writeMalformedInstance(bad);
  const auto patient = writeTwoTimepointPatient(dir() / "incoming");
  startService();
  const auto refused = store({bad}, {"-v"});
  EXPECT_NE(refused.output.find("DataSetDoesNotMatchSOPClass"), std::string::npos)
      << refused.output;
  EXPECT_NE(serviceLog().find("refused an instance"), std::string::npos) << serviceLog();
  EXPECT_NE(serviceLog().find("Study Instance UID is missing"), std::string::npos) << serviceLog();
  EXPECT_TRUE(serviceRunning());
  EXPECT_EQ(echo().exit_code, 0);
  EXPECT_EQ(store({patient.baseline.directory}).exit_code, 0) << "still stores good instances";
}

TEST_F(IngestTest, ResendingAndRestartingNeverMakeASecondJob) {
  const auto patient = writeTwoTimepointPatient(dir() / "incoming");
  startService();
  ASSERT_EQ(store({patient.baseline.directory, patient.followup.directory}).exit_code, 0);
  ASSERT_EQ(jobsAfterSettling(1).size(), 1u);
  const auto before = jobsJson()["series"];

  ASSERT_EQ(store({patient.baseline.directory, patient.followup.directory}).exit_code, 0);
  stopService();
  startService();
  ASSERT_EQ(store({patient.followup.directory}).exit_code, 0);
  std::this_thread::sleep_for(3s);  // three quiet periods
  EXPECT_EQ(jobsJson()["jobs"].size(), 1u);
  EXPECT_EQ(jobsJson()["series"], before) << "re-sent instances were stored again";
}

}  // namespace
}  // namespace everynet::test

namespace everynet::test {
namespace {

// The transfer syntax of a stored file, as dcmdump names it.
std::string transferSyntaxOf(const std::filesystem::path& file) {
  return runCommand({"dcmdump", "-M", "+P", "0002,0010", file.string()}, 10s).output;
}

TEST_F(IngestTest, StoresCompressedInstancesInTheTransferSyntaxTheyArriveIn) {
  MrSeriesSpec spec;
  spec.slices = 3;
  const auto files = writeMrSeries(spec, dir() / "plain");
  struct Codec {
    std::string tool;           // DCMTK tool that compresses a file
    std::string syntax;         // dcmdump's name of the transfer syntax it writes
    std::string storescu_flag;  // makes storescu propose that transfer syntax
  };
  const std::vector<Codec> codecs = {
      {"dcmcjpeg", "JPEGLossless:Non-hierarchical-1stOrderPrediction", "-xs"},
      {"dcmcrle", "RLELossless", "-xr"},
      {"dcmcjpls", "JPEGLSLossless", "-xt"}};
  std::vector<std::filesystem::path> compressed;
  for (std::size_t i = 0; i < codecs.size(); ++i) {
    const auto out = dir() / "compressed" / (codecs[i].tool + ".dcm");
    std::filesystem::create_directories(out.parent_path());
    ASSERT_EQ(runCommand({codecs[i].tool, files[i].string(), out.string()}, 30s).exit_code, 0);
    ASSERT_NE(transferSyntaxOf(out).find(codecs[i].syntax), std::string::npos);
    compressed.push_back(out);
  }
  startService();
  for (std::size_t i = 0; i < codecs.size(); ++i) {
    const auto sent = store({compressed[i]}, {codecs[i].storescu_flag});
    ASSERT_EQ(sent.exit_code, 0) << sent.output;
  }
  stopService();
  auto index = std::make_unique<storage::Stores>(dataDir() / "index.sqlite",
                                                 storage::Database::Access::read_only);
  for (std::size_t i = 0; i < codecs.size(); ++i) {
    const auto stored = index->ingest.instanceFilePath(readSopInstanceUid(compressed[i]));
    ASSERT_TRUE(stored) << codecs[i].tool;
    EXPECT_NE(transferSyntaxOf(dataDir() / *stored).find(codecs[i].syntax), std::string::npos)
        << codecs[i].tool << " was not stored as received";
  }
}

TEST_F(IngestTest, ServesSeveralAssociationsAtOnce) {
  std::vector<std::vector<std::filesystem::path>> series;
  for (int i = 0; i < 4; ++i) {
    MrSeriesSpec spec;
    spec.slices = 30;
    spec.series_number = i + 1;
    series.push_back(writeMrSeries(spec, dir() / ("series" + std::to_string(i))));
  }
  startService();
  std::vector<std::unique_ptr<Process>> senders;
  for (int i = 0; i < 4; ++i) {
    senders.push_back(std::make_unique<Process>(
        std::vector<std::string>{"storescu", "-aet", kScuAeTitle, "-aec", "EVERYNET", "+sd",
                                 "127.0.0.1", std::to_string(port()),
                                 (dir() / ("series" + std::to_string(i))).string()},
        dir() / ("sender" + std::to_string(i) + ".log")));
  }
  for (auto& sender : senders) EXPECT_EQ(sender->waitExit(60s), 0);
  ASSERT_TRUE(waitUntilAllSeriesDecided(30s));
  int instances = 0;
  const auto listing = jobsJson();
  for (const auto& s : listing["series"]) instances += s["instances"].get<int>();
  EXPECT_EQ(instances, 4 * 30);
}

}  // namespace
}  // namespace everynet::test
