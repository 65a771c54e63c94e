// The free-space watermarks with real peers on a small file system of the test's own (a tmpfs, so
// the test needs root): above storage.min_free_mb the node stores; below it C-STORE is refused
// with Out of Resources (A700) while C-ECHO and C-FIND answer, a queued job waits, /healthz says
// "degraded" and /metrics shows it; below the index's line not even the association is recorded;
// once space is freed, storing and jobs resume by themselves.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "service_fixture.h"
#include "tests/support/mr_series_writer.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr std::uint64_t kMiB = 1024 * 1024;

struct HttpAnswer {
  int status = 0;
  std::string body;
};

class FreeSpaceWatermarkTest : public ServiceFixture {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount a small tmpfs as the data directory";
    ServiceFixture::SetUp();
    if (const auto why = mountDataDirTmpfs(64); !why.empty()) GTEST_SKIP() << why;
    setStorageConfig("min_free_mb = 24\nindex_reserve_mb = 8\n");
    setExtraConfig(kTestEngineConfig);
  }

  // A bearer token for /metrics, its hash in the admin configuration.
  std::string useNewToken() {
    const auto made =
        runCommand({"sh", "-c", "'" + everynetBinary() + "' admin new-token 2>/dev/null"}, 30s);
    EXPECT_EQ(made.exit_code, 0) << made.output;
    const auto newline = made.output.find('\n');
    setAdminConfig(made.output.substr(newline + 1));
    return made.output.substr(0, newline);
  }

  HttpAnswer get(const std::string& path, const std::string& token = "") {
    std::vector<std::string> argv{"curl", "-sS", "--max-time", "20", "-w", "\n%{http_code}"};
    if (!token.empty()) argv.insert(argv.end(), {"-H", "Authorization: Bearer " + token});
    argv.push_back("http://127.0.0.1:" + std::to_string(adminPort()) + path);
    const auto result = runCommand(argv, 30s);
    const auto last = result.output.rfind('\n');
    if (result.exit_code != 0 || last == std::string::npos) return {0, result.output};
    return {std::atoi(result.output.c_str() + last + 1), result.output.substr(0, last)};
  }

  // Grows the filler file until `free_bytes` are left on the data directory's file system.
  void leaveFree(std::uint64_t free_bytes) {
    struct statvfs stats {};
    ASSERT_EQ(::statvfs(dataDir().c_str(), &stats), 0);
    const std::uint64_t now = static_cast<std::uint64_t>(stats.f_bavail) * stats.f_frsize;
    ASSERT_GT(now, free_bytes);
    const int fd = ::open(filler().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    const std::string chunk(64 * 1024, '\0');
    for (std::uint64_t left = now - free_bytes; left > 0;) {
      const auto size = std::min<std::uint64_t>(left, chunk.size());
      ASSERT_EQ(::write(fd, chunk.data(), size), static_cast<ssize_t>(size));
      left -= size;
    }
    ::close(fd);
    // The service reads the free space at most once a second.
    std::this_thread::sleep_for(1500ms);
  }
  fs::path filler() const { return dataDir() / "filler"; }

  // A T1ce series of the test patient on `date`, in a study of its own.
  fs::path writeTimepoint(const std::string& name, const std::string& date) {
    MrSeriesSpec spec;
    spec.rows = 32;
    spec.columns = 32;
    spec.slices = 16;
    spec.study.date = date;
    spec.study.instance_uid = studyUid(date);
    writeMrSeries(spec, dir() / name);
    return dir() / name;
  }

  static std::string studyUid(const std::string& date) {
    return "1.2.826.0.1.3680043.10.1." + date;
  }

  // The instance files the service holds of the study on `date`.
  int filesOfStudy(const std::string& date) {
    const auto study = dataDir() / "instances" / studyUid(date);
    if (!fs::exists(study)) return 0;
    int count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(study)) {
      count += entry.is_regular_file();
    }
    return count;
  }

  // Whatever their outcome: the last association's end may be recorded a moment after storescu.
  std::int64_t recordedAssociations() {
    std::int64_t count = 0;
    for (const auto& [outcome, n] : readIndex()->reads.totals().associations_by_outcome) count += n;
    return count;
  }

  bool onlyJobIs(storage::JobState state) {
    const auto jobs = indexedJobs();
    return jobs.size() == 1 && jobs[0].state == state;
  }
};

TEST_F(FreeSpaceWatermarkTest, BelowTheWatermarkStoringAndJobsWaitAndResumeOnceSpaceIsFreed) {
  const auto token = useNewToken();
  const auto baseline = writeTimepoint("baseline", "20240115");
  const auto followup = writeTimepoint("followup", "20240415");
  const auto third = writeTimepoint("third", "20240715");
  startService();
  const auto stored = store({baseline, followup});
  ASSERT_EQ(stored.exit_code, 0) << stored.output;
  // Stopped before the pair's job can start: it is queued at the next start, or queued again.
  stopService();

  leaveFree(16 * kMiB);  // between the index's line (8) and storage.min_free_mb (24)
  startService();
  ASSERT_TRUE(waitUntil([&] { return onlyJobIs(storage::JobState::queued); }, 30s));
  std::this_thread::sleep_for(4s);  // longer than a worker slot's look for queued jobs
  EXPECT_TRUE(onlyJobIs(storage::JobState::queued)) << "a job does not start below the watermark";

  const auto refused = store({third}, {"-v"});
  EXPECT_NE(refused.output.find("Refused: OutOfResources"), std::string::npos) << refused.output;
  EXPECT_EQ(readIndex()->ingest.instanceCount(), 32);
  EXPECT_EQ(filesOfStudy("20240715"), 0);
  EXPECT_EQ(echo().exit_code, 0);
  const auto found =
      queryTool("findscu", {"-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID"});
  EXPECT_NE(found.output.find("Final Find Response (Success)"), std::string::npos) << found.output;
  const auto log = serviceLog();
  EXPECT_NE(log.find("is below storage.min_free_mb (24.0 MB)"), std::string::npos) << log;

  ASSERT_TRUE(waitUntil([&] { return get("/healthz").status != 0; }, 20s));
  const auto degraded = get("/healthz");
  EXPECT_EQ(degraded.status, 503);
  EXPECT_NE(degraded.body.find("\"status\":\"degraded\""), std::string::npos) << degraded.body;
  EXPECT_NE(degraded.body.find("\"state\":\"below_min_free\""), std::string::npos) << degraded.body;
  const auto metrics = get("/metrics", token);
  EXPECT_NE(metrics.body.find("\neverynet_disk_space_low 1\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("\neverynet_disk_min_free_bytes 25165824\n"), std::string::npos)
      << metrics.body;

  // Below the index's line an association is not even recorded.
  const auto associations = recordedAssociations();
  leaveFree(4 * kMiB);
  const auto below_index = store({third}, {"-v"});
  EXPECT_NE(below_index.output.find("Refused: OutOfResources"), std::string::npos)
      << below_index.output;
  EXPECT_EQ(recordedAssociations(), associations);
  EXPECT_NE(get("/healthz").body.find("below_index_reserve"), std::string::npos);

  fs::remove(filler());
  EXPECT_TRUE(waitUntil([&] { return !onlyJobIs(storage::JobState::queued); }, 30s))
      << "the queued job starts once space is freed";
  const auto resumed = store({third});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.output;
  // Not the index's count: the job, running now, may have added its results to it.
  EXPECT_EQ(filesOfStudy("20240715"), 16);
  const auto healthy = get("/healthz");
  EXPECT_EQ(healthy.status, 200);
  EXPECT_EQ(healthy.body, R"({"status":"ok"})");
  EXPECT_NE(get("/metrics", token).body.find("\neverynet_disk_space_low 0\n"), std::string::npos);
  const auto final_log = serviceLog();
  EXPECT_NE(final_log.find("is at or above storage.min_free_mb",
                           final_log.rfind("is below storage.index_reserve_mb")),
            std::string::npos)
      << final_log;
}

}  // namespace
}  // namespace everynet::test
