#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "storage/records.h"
#include "storage/stores.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace everynet::test {

// The [engine] table of the tests whose service trains: the test profile on one thread. ctest runs
// two tests at once on CI's two cores, and two trainings of two threads each on them ran 1.3 times
// slower than of one thread each (the worker, Orthanc and analyze tests, side by side).
// Without a GPU, engine.methods = "auto" runs registration and subtraction alone.
inline const std::string kTestEngineConfig = "[engine]\nprofile = \"test\"\nthreads = 1\n";
// The personal WGAN alone, trained by everynet-train as a child process (the local backend).
inline const std::string kPersonalWganEngineConfig =
    kTestEngineConfig + "methods = [\"personal-wgan\"]\n";
// Both methods, as a service with a GPU runs them by default.
inline const std::string kBothMethodsEngineConfig =
    kTestEngineConfig + "methods = [\"registration-subtraction\", \"personal-wgan\"]\n";

// Runs `everynet serve` on a free loopback port with a temporary data directory, and talks to it
// with DCMTK's own command-line tools.
class ServiceFixture : public ::testing::Test {
 protected:
  static constexpr const char* kScuAeTitle = "TEST_SCU";

  void SetUp() override;
  void TearDown() override;

  // Extra TOML appended to the test configuration (quiet_seconds = 1); it starts with a table.
  void setExtraConfig(std::string toml) { extra_config_ = std::move(toml); }
  // Keys for the [admin] table besides listen (127.0.0.1:adminPort()), e.g. credentials: without
  // any the admin web stays off.
  void setAdminConfig(std::string toml) { admin_config_ = std::move(toml); }
  // Keys of the [storage] table. By default both free-space watermarks are off, so that the tests
  // do not depend on the free space of the machine's /tmp.
  void setStorageConfig(std::string toml) { storage_config_ = std::move(toml); }
  void startService();
  void stopService();  // SIGTERM, then waits for a clean exit (status 0)
  void killService();  // SIGKILL: a crash
  bool serviceRunning();
  // The service's process ID (for /proc), or -1 before startService().
  int servicePid() const { return service_ ? service_->pid() : -1; }
  std::string serviceLog();

  RunResult echo(const std::string& calling_ae = kScuAeTitle);
  // storescu of files or directories (recursively); extra arguments go before the peer.
  RunResult store(const std::vector<std::filesystem::path>& inputs,
                  const std::vector<std::string>& extra_arguments = {},
                  const std::string& calling_ae = kScuAeTitle);
  // A DCMTK query/retrieve tool (findscu, movescu, getscu) against the service, verbose (its
  // responses in the output); extra arguments go before the peer.
  RunResult queryTool(const std::string& tool, const std::vector<std::string>& arguments,
                      const std::string& calling_ae = kScuAeTitle);
  nlohmann::json jobsJson();
  // The jobs and series in the service's index, read directly. Waits poll these: a process started
  // every 50 ms would take CPU from the training that the test waits for.
  std::vector<storage::JobRecord> indexedJobs();
  // The index, read-only; null before the service made it.
  std::unique_ptr<storage::Stores> readIndex();
  std::vector<storage::SeriesDecision> indexedSeries();
  // Waits until every series the service knows is complete and classified.
  bool waitUntilAllSeriesDecided(std::chrono::seconds timeout);

  // `everynet phantom` progression pair on 3 mm voxels (a few seconds) in phantomDir(); returns
  // its truth.json.
  nlohmann::json writePhantom();
  std::filesystem::path phantomDir() const { return dir_.path() / "phantom"; }
  // Sends the phantom's two T1ce series, baseline first.
  void sendPhantomPair(const nlohmann::json& truth);
  // The service's only job, or null while there is none or several.
  nlohmann::json onlyJob();
  // Waits until the only job has succeeded or failed; returns it as it was last seen.
  nlohmann::json waitForJobEnd(std::chrono::seconds timeout);
  // The job of one method ("registration-subtraction", "personal-wgan"), or null while there is
  // none or several.
  nlohmann::json jobOfMethod(const std::string& method);
  // Waits until the job of one method has succeeded or failed; returns it as it was last seen.
  nlohmann::json waitForJobEnd(const std::string& method, std::chrono::seconds timeout);

  // Mounts a tmpfs of this size as the data directory (root only), unmounted at TearDown: a disk
  // that fills. Returns why it could not, or "".
  std::string mountDataDirTmpfs(int megabytes);

  std::filesystem::path dir() const { return dir_.path(); }
  std::filesystem::path dataDir() const { return dir_.path() / "data"; }
  int port() const { return port_; }
  int adminPort() const { return admin_port_; }

 private:
  TempDir dir_;
  int port_ = 0;
  int admin_port_ = 0;
  std::string extra_config_;
  std::string admin_config_;
  std::string storage_config_ = "min_free_mb = 0\nindex_reserve_mb = 0\n";
  std::unique_ptr<Process> service_;
  bool data_dir_mounted_ = false;
};

// Path of the everynet binary under test.
std::string everynetBinary();

}  // namespace everynet::test
