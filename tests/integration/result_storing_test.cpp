// A job's results are seen with its completion or not at all: the service is killed after the job
// wrote its results and stored their files, before it indexed them. Nothing of them is indexed or
// queued for export; after a restart the job stores them again, each indexed once and sent to the
// destination once.
#include <chrono>
#include <fstream>
#include <thread>

#include "dicom/instance_file.h"
#include "service_fixture.h"
#include "storage/file_store.h"
#include "storage/stores.h"
#include "storescp_peer.h"
#include "tests/support/free_port.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// The stage of a job writing its results, as its record says it.
constexpr const char* kWritingResults = "writing results";

// A result file of a job.
struct ResultFile {
  dicom::InstanceHeader header;
  std::string bytes;
};

class ResultStoringTest : public ServiceFixture {
 protected:
  // Kills the service with the only job's results written, before it records its next stage:
  // the test holds the index's write lock from while the job writes its results, so that the
  // service can change nothing in the index until the kill. Returns the job's ID.
  std::int64_t killWithResultsWritten() {
    std::optional<storage::JobRecord> job;
    // Polled often: the results are written in a second or less.
    for (auto deadline = std::chrono::steady_clock::now() + 300s;
         !job && std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(5ms)) {
      const auto jobs = indexedJobs();
      if (jobs.size() == 1 && jobs[0].stage == kWritingResults) job = jobs[0];
    }
    if (!job) {
      ADD_FAILURE() << "the job was never seen writing its results\n" << serviceLog();
      return 0;
    }
    storage::Stores index(dataDir() / "index.sqlite", storage::Database::Access::read_write);
    auto lock = index.database->write();
    auto stage = lock.prepare("SELECT stage FROM jobs WHERE id = ?");
    stage.bind(1, job->id);
    EXPECT_TRUE(stage.step() && stage.text(0) == kWritingResults)
        << "the job went on before the lock was taken";
    // The service's other writes wait for the lock up to 10 s (sqlite's busy timeout).
    const auto results = dataDir() / "jobs" / std::to_string(job->id) / "results";
    EXPECT_TRUE(waitUntil([&] { return fs::exists(results / "manifest.json"); }, 8s))
        << "the job did not publish its results";
    killService();
    return job->id;
  }

  // Waits until the only job has ended, watching that no instance beyond the `received` ones is
  // indexed before it has succeeded; returns how often one was (0: its results came at once).
  int waitForJobEndWatchingResults(std::int64_t job_id, std::int64_t received) {
    int seen_early = 0;
    const auto deadline = std::chrono::steady_clock::now() + 300s;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto index = readIndex();
      // Counted first: results indexed by then were committed before the job is read.
      const bool results_indexed = index->ingest.instanceCount() > received;
      const auto state = index->jobs.job(job_id)->state;
      if (results_indexed && state != storage::JobState::succeeded) ++seen_early;
      if (state == storage::JobState::succeeded || state == storage::JobState::failed) break;
      std::this_thread::sleep_for(5ms);
    }
    return seen_early;
  }

  // The result files a job wrote.
  std::vector<ResultFile> resultFiles(std::int64_t job_id) {
    std::vector<ResultFile> files;
    const auto results = dataDir() / "jobs" / std::to_string(job_id) / "results";
    for (const auto& entry : fs::directory_iterator(results)) {
      if (entry.path().extension() != ".dcm") continue;
      auto bytes = readFile(entry.path());
      files.push_back({dicom::readInstanceFileHeader(bytes), std::move(bytes)});
    }
    return files;
  }
};

TEST_F(ResultStoringTest, AJobKilledWhileStoringItsResultsStoresThemOnceAfterARestart) {
  const auto truth = writePhantom();
  const int pacs_port = freeTcpPort();
  const StorescpPeer pacs(pacs_port, dir() / "pacs");
  setExtraConfig(kTestEngineConfig +
                 "[[destinations]]\nname = 'pacs'\nae_title = 'STORESCP'\nhost = '127.0.0.1'\n"
                 "port = " +
                 std::to_string(pacs_port) + "\n");
  startService();
  sendPhantomPair(truth);
  const std::int64_t job_id = killWithResultsWritten();
  ASSERT_GT(job_id, 0);

  // The files as a service killed during storing_results leaves them: in the store, unindexed.
  const auto results = resultFiles(job_id);
  ASSERT_GT(results.size(), 3u) << "heatmaps, a report and a segmentation";
  for (const auto& [header, bytes] : results) {
    const auto path = dataDir() / storage::FileStore::instancePath(header.study_instance_uid,
                                                                   header.series_instance_uid,
                                                                   header.sop_instance_uid);
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }
  std::int64_t received_instances = 0;
  {
    const auto index = readIndex();
    for (const auto& result : results) {
      const auto& uid = result.header.sop_instance_uid;
      EXPECT_FALSE(index->ingest.instanceFilePath(uid))
          << "result " << uid << " indexed before its job succeeded";
    }
    EXPECT_TRUE(index->exports.counts().empty()) << "exports queued before the job succeeded";
    EXPECT_EQ(index->jobs.job(job_id)->state, storage::JobState::running);
    received_instances = index->ingest.instanceCount();
  }

  startService();
  EXPECT_EQ(waitForJobEndWatchingResults(job_id, received_instances), 0)
      << "results were seen indexed before their job succeeded";
  const auto job = onlyJob();
  ASSERT_EQ(job["state"], "succeeded") << job.dump(2) << serviceLog();
  EXPECT_EQ(job["attempts"], 2);
  EXPECT_EQ(job["results"].size(), results.size());
  ASSERT_TRUE(waitUntil([&] { return pacs.received() >= results.size(); }, 60s))
      << "sent " << pacs.received() << " of " << results.size() << "\n"
      << serviceLog();
  stopService();

  const auto index = readIndex();
  for (const auto& result : results) {
    const auto& header = result.header;
    EXPECT_EQ(index->ingest.instanceFilePath(header.sop_instance_uid),
              storage::FileStore::instancePath(header.study_instance_uid,
                                               header.series_instance_uid, header.sop_instance_uid)
                  .string());
  }
  EXPECT_EQ(index->ingest.instanceCount(),
            received_instances + static_cast<std::int64_t>(results.size()))
      << "each result indexed once";
  const auto exports = index->exports.counts();
  ASSERT_EQ(exports.size(), 1u);
  EXPECT_EQ(exports[0].sent, static_cast<std::int64_t>(results.size())) << "each queued once";
  EXPECT_EQ(exports[0].pending, 0);
  EXPECT_EQ(pacs.received(), results.size()) << "each sent once";
}

}  // namespace
}  // namespace everynet::test
