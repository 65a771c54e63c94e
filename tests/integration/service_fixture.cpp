#include "service_fixture.h"

#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <fstream>

#include "storage/stores.h"
#include "tests/support/free_port.h"

namespace everynet::test {

using namespace std::chrono_literals;

std::string everynetBinary() {
  // Another build's binary, to run these tests against it (an earlier one, to see a test fail
  // before its fix).
  if (const char* other = std::getenv("EVERYNET_BINARY")) return other;
  return EVERYNET_BINARY;
}

void ServiceFixture::SetUp() {
  port_ = freeTcpPort();
  // Its own admin port too, so that tests running at once never collide on 8080.
  do {
    admin_port_ = freeTcpPort();
  } while (admin_port_ == port_);
  // DCMTK's tools leave Nagle's algorithm on without it, which makes every small C-STORE wait
  // for a delayed ACK; a PACS would normally run with it off.
  ::setenv("TCP_NODELAY", "1", 1);
}

void ServiceFixture::TearDown() {
  if (service_ && service_->running()) killService();
  if (HasFailure()) std::cerr << "--- service log ---\n" << serviceLog() << "--- end ---\n";
  if (data_dir_mounted_) {
    const auto unmounted = runCommand({"umount", dataDir().string()}, std::chrono::seconds(30));
    EXPECT_EQ(unmounted.exit_code, 0) << unmounted.output;
  }
}

std::string ServiceFixture::mountDataDirTmpfs(int megabytes) {
  std::filesystem::create_directories(dataDir());
  const auto mounted =
      runCommand({"mount", "-t", "tmpfs", "-o", "size=" + std::to_string(megabytes) + "m", "tmpfs",
                  dataDir().string()},
                 std::chrono::seconds(30));
  if (mounted.exit_code != 0) return "cannot mount a tmpfs: " + mounted.output;
  data_dir_mounted_ = true;
  return "";
}

void ServiceFixture::startService() {
  const auto config = dir() / "everynet.toml";
  std::ofstream(config) << "[series]\nquiet_seconds = 1\n"
                        << "[storage]\n"
                        << storage_config_ << "[admin]\nlisten = \"127.0.0.1:" << admin_port_
                        << "\"\n"
                        << admin_config_ << extra_config_;
  service_ = std::make_unique<Process>(
      std::vector<std::string>{everynetBinary(), "serve", "--config", config.string(), "--data-dir",
                               dataDir().string(), "--dicom-port", std::to_string(port_)},
      dir() / "service.log");
  const bool up = waitUntil([&] { return !service_->running() || echo().exit_code == 0; }, 20s);
  ASSERT_TRUE(up && service_->running()) << "service did not start:\n" << serviceLog();
}

void ServiceFixture::stopService() {
  service_->signal(SIGTERM);
  const auto status = service_->waitExit(30s);
  ASSERT_TRUE(status) << "service did not stop on SIGTERM";
  EXPECT_EQ(*status, 0) << serviceLog();
}

void ServiceFixture::killService() {
  service_->signal(SIGKILL);
  service_->waitExit(10s);
}

bool ServiceFixture::serviceRunning() {
  return service_ && service_->running();
}

std::string ServiceFixture::serviceLog() {
  const auto log = dir() / "service.log";
  return std::filesystem::exists(log) ? readFile(log) : std::string();
}

RunResult ServiceFixture::echo(const std::string& calling_ae) {
  return runCommand(
      {"echoscu", "-aet", calling_ae, "-aec", "EVERYNET", "127.0.0.1", std::to_string(port_)}, 10s);
}

RunResult ServiceFixture::store(const std::vector<std::filesystem::path>& inputs,
                                const std::vector<std::string>& extra_arguments,
                                const std::string& calling_ae) {
  std::vector<std::string> argv{"storescu", "-aet", calling_ae, "-aec", "EVERYNET", "+sd", "+r"};
  argv.insert(argv.end(), extra_arguments.begin(), extra_arguments.end());
  argv.push_back("127.0.0.1");
  argv.push_back(std::to_string(port_));
  for (const auto& input : inputs) argv.push_back(input.string());
  return runCommand(argv, 120s);
}

RunResult ServiceFixture::queryTool(const std::string& tool,
                                    const std::vector<std::string>& arguments,
                                    const std::string& calling_ae) {
  std::vector<std::string> argv{tool, "-v", "-aet", calling_ae, "-aec", "EVERYNET"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  argv.push_back("127.0.0.1");
  argv.push_back(std::to_string(port_));
  return runCommand(argv, 120s);
}

nlohmann::json ServiceFixture::jobsJson() {
  const auto result =
      runCommand({everynetBinary(), "jobs", "--data-dir", dataDir().string(), "--json"}, 30s);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  return result.exit_code == 0 ? nlohmann::json::parse(result.output) : nlohmann::json();
}

nlohmann::json ServiceFixture::writePhantom() {
  const RunResult result = runCommand({everynetBinary(), "phantom", "--out", phantomDir().string(),
                                       "--change", "progression", "--seed", "7", "--voxel-mm", "3"},
                                      120s);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  return nlohmann::json::parse(std::ifstream(phantomDir() / "truth" / "truth.json"));
}

void ServiceFixture::sendPhantomPair(const nlohmann::json& truth) {
  for (const std::string visit : {"baseline", "followup"}) {
    const auto series = phantomDir() / truth[visit]["t1ce_series_folder"].get<std::string>();
    const RunResult sent = store({series});
    ASSERT_EQ(sent.exit_code, 0) << sent.output;
  }
}

std::unique_ptr<storage::Stores> ServiceFixture::readIndex() {
  const auto file = dataDir() / "index.sqlite";
  if (!std::filesystem::exists(file)) return nullptr;
  return std::make_unique<storage::Stores>(file, storage::Database::Access::read_only);
}

std::vector<storage::JobRecord> ServiceFixture::indexedJobs() {
  const auto index = readIndex();
  return index ? index->jobs.jobs() : std::vector<storage::JobRecord>{};
}

std::vector<storage::SeriesDecision> ServiceFixture::indexedSeries() {
  const auto index = readIndex();
  return index ? index->reads.seriesDecisions() : std::vector<storage::SeriesDecision>{};
}

nlohmann::json ServiceFixture::onlyJob() {
  const auto jobs = jobsJson()["jobs"];
  return jobs.size() == 1 ? jobs[0] : nlohmann::json();
}

nlohmann::json ServiceFixture::waitForJobEnd(std::chrono::seconds timeout) {
  waitUntil(
      [&] {
        const auto jobs = indexedJobs();
        return jobs.size() == 1 && (jobs[0].state == storage::JobState::succeeded ||
                                    jobs[0].state == storage::JobState::failed);
      },
      timeout);
  return onlyJob();
}

nlohmann::json ServiceFixture::jobOfMethod(const std::string& method) {
  nlohmann::json found;
  int count = 0;
  const auto listing = jobsJson();
  for (const auto& job : listing["jobs"]) {
    if (job.value("method", "") == method) {
      found = job;
      ++count;
    }
  }
  return count == 1 ? found : nlohmann::json();
}

nlohmann::json ServiceFixture::waitForJobEnd(const std::string& method,
                                             std::chrono::seconds timeout) {
  waitUntil(
      [&] {
        const auto jobs = indexedJobs();
        return std::count_if(jobs.begin(), jobs.end(), [&](const storage::JobRecord& job) {
                 return job.method == method && (job.state == storage::JobState::succeeded ||
                                                 job.state == storage::JobState::failed);
               }) == 1;
      },
      timeout);
  return jobOfMethod(method);
}

bool ServiceFixture::waitUntilAllSeriesDecided(std::chrono::seconds timeout) {
  return waitUntil(
      [&] {
        const auto series = indexedSeries();
        return !series.empty() &&
               std::all_of(series.begin(), series.end(), [](const storage::SeriesDecision& s) {
                 return s.state == "complete" && s.is_t1ce.has_value();
               });
      },
      timeout);
}

}  // namespace everynet::test
