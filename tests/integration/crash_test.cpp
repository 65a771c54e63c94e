// Nothing acknowledged is lost: the service is killed (SIGKILL) while storescu sends, restarted,
// and every instance storescu saw acknowledged must be on disk and in the index; also when the
// index lost its last commits, as a power failure can make it.
#include <signal.h>

#include <iterator>
#include <sstream>
#include <thread>

#include "service_fixture.h"
#include "storage/stores.h"
#include "tests/support/mr_series_writer.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// The files storescu -v reports as stored with status Success, in order.
std::vector<fs::path> acknowledgedFiles(const std::string& storescu_output) {
  std::vector<fs::path> acknowledged;
  std::istringstream lines(storescu_output);
  std::string line;
  std::string current;
  const std::string sending = "I: Sending file: ";
  while (std::getline(lines, line)) {
    if (line.rfind(sending, 0) == 0) current = line.substr(sending.size());
    if (line.find("Received Store Response (Success)") != std::string::npos && !current.empty()) {
      acknowledged.emplace_back(current);
      current.clear();
    }
  }
  return acknowledged;
}

std::size_t filesUnder(const fs::path& dir) {
  if (!fs::exists(dir)) return 0;
  std::size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) count += entry.is_regular_file();
  return count;
}

void checkEveryAcknowledgedInstanceIsIndexed(const fs::path& data_dir,
                                             const std::vector<fs::path>& acknowledged) {
  auto index = std::make_unique<storage::Stores>(data_dir / "index.sqlite",
                                                 storage::Database::Access::read_only);
  for (const auto& file : acknowledged) {
    const std::string uid = readSopInstanceUid(file);
    const auto stored = index->ingest.instanceFilePath(uid);
    ASSERT_TRUE(stored) << "acknowledged instance " << uid << " is not indexed";
    ASSERT_EQ(readSopInstanceUid(data_dir / *stored), uid) << "stored file is not complete";
  }
}

using CrashTest = ServiceFixture;

// A series long enough (400 slices of 128x128) that a send is still going when the test strikes.
std::vector<std::filesystem::path> writeLongSeries(const std::filesystem::path& directory) {
  MrSeriesSpec spec;
  spec.rows = 128;
  spec.columns = 128;
  spec.slices = 400;
  return writeMrSeries(spec, directory);
}

TEST_F(CrashTest, EveryAcknowledgedInstanceSurvivesAKill) {
  const auto files = writeLongSeries(dir() / "incoming");
  ASSERT_EQ(files.size(), 400u);
  startService();

  Process sender({"storescu", "-v", "-aet", kScuAeTitle, "-aec", "EVERYNET", "+sd", "+r",
                  "127.0.0.1", std::to_string(port()), (dir() / "incoming").string()},
                 dir() / "storescu.log");
  const auto instances = dataDir() / "instances";
  ASSERT_TRUE(waitUntil([&] { return filesUnder(instances) >= 40; }, 60s))
      << "storescu did not get going";
  killService();
  ASSERT_TRUE(sender.waitExit(60s)) << "storescu did not notice the dead peer";

  const auto acknowledged = acknowledgedFiles(readFile(dir() / "storescu.log"));
  // A file is on disk a moment before its acknowledgement: 40 files mean at least 39 acknowledged.
  ASSERT_GE(acknowledged.size(), 39u) << "too few acknowledged instances to test anything";
  ASSERT_LT(acknowledged.size(), files.size()) << "the kill came too late to test anything";

  startService();  // recovery runs at start
  stopService();
  checkEveryAcknowledgedInstanceIsIndexed(dataDir(), acknowledged);
  EXPECT_TRUE(fs::is_empty(dataDir() / "tmp")) << "temporary files survived the restart";
}

// Instances are indexed without waiting for the disk, so a power failure can take the index's
// last commits with it. Simulated here: an image of the index is taken while the service is
// frozen in the middle of a send, the send goes on, the service is killed, and the index is put
// back to the image. At start, the service must index every acknowledged file the image lacks.
TEST_F(CrashTest, AcknowledgedInstancesAreIndexedAfterTheIndexLostItsLastCommits) {
  const auto files = writeLongSeries(dir() / "incoming");
  startService();
  const int service = servicePid();
  ASSERT_GT(service, 0) << "no process serves " << dataDir();
  Process sender({"storescu", "-v", "-aet", kScuAeTitle, "-aec", "EVERYNET", "+sd", "+r",
                  "127.0.0.1", std::to_string(port()), (dir() / "incoming").string()},
                 dir() / "storescu.log");
  const auto instances = dataDir() / "instances";
  ASSERT_TRUE(waitUntil([&] { return filesUnder(instances) >= 40; }, 60s))
      << "storescu did not get going";

  // A power failure keeps what the index made durable: the series directory is listed as recent
  // from before its first file until a sync, and between two syncs the image must show it listed.
  const fs::path image = dir() / "index-image";
  fs::create_directories(image);
  std::size_t indexed_in_image = 0;
  bool directory_listed = false;
  for (int attempt = 0; attempt < 50 && !directory_listed; ++attempt) {
    ::kill(service, SIGSTOP);
    fs::remove(image / "index.sqlite-wal");
    for (const char* name : {"index.sqlite", "index.sqlite-wal"}) {
      if (fs::exists(dataDir() / name))
        fs::copy(dataDir() / name, image / name, fs::copy_options::overwrite_existing);
    }
    ::kill(service, SIGCONT);
    // Opening checkpoints the image's log into its database file when it closes.
    auto index = std::make_unique<storage::Stores>(image / "index.sqlite",
                                                   storage::Database::Access::read_write);
    directory_listed = !index->ingest.recentInstanceDirectories().empty();
    indexed_in_image = static_cast<std::size_t>(index->ingest.instanceCount());
    if (!directory_listed) std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(directory_listed) << "no image showed the series directory listed";
  ASSERT_TRUE(waitUntil([&] { return filesUnder(instances) >= indexed_in_image + 60; }, 60s));
  killService();
  ASSERT_TRUE(sender.waitExit(60s)) << "storescu did not notice the dead peer";
  const auto acknowledged = acknowledgedFiles(readFile(dir() / "storescu.log"));
  ASSERT_GT(acknowledged.size(), indexed_in_image + 40)
      << "too few acknowledged instances beyond the image to test anything";

  for (const char* name : {"index.sqlite-wal", "index.sqlite-shm"}) fs::remove(dataDir() / name);
  fs::copy(image / "index.sqlite", dataDir() / "index.sqlite",
           fs::copy_options::overwrite_existing);
  startService();  // indexes what the image lacks
  stopService();
  checkEveryAcknowledgedInstanceIsIndexed(dataDir(), acknowledged);
  EXPECT_NE(serviceLog().find("whose index entries a crash had lost"), std::string::npos)
      << serviceLog();
}

}  // namespace
}  // namespace everynet::test
