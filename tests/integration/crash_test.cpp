// Nothing acknowledged is lost: the service is killed (SIGKILL) while storescu sends, restarted,
// and every instance storescu saw acknowledged must be on disk and in the index.
#include <signal.h>

#include <sstream>

#include "service_fixture.h"
#include "storage/index.h"
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

using CrashTest = ServiceFixture;

TEST_F(CrashTest, EveryAcknowledgedInstanceSurvivesAKill) {
  MrSeriesSpec spec;
  spec.rows = 128;
  spec.columns = 128;
  spec.slices = 400;
  const auto files = writeMrSeries(spec, dir() / "incoming");
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
  ASSERT_GE(acknowledged.size(), 40u);
  ASSERT_LT(acknowledged.size(), files.size()) << "the kill came too late to test anything";

  startService();  // recovery runs at start
  stopService();
  auto index = storage::Index::open(dataDir() / "index.sqlite", storage::Index::Access::read_only);
  for (const auto& file : acknowledged) {
    const std::string uid = readSopInstanceUid(file);
    const auto stored = index->instanceFilePath(uid);
    ASSERT_TRUE(stored) << "acknowledged instance " << uid << " is not indexed";
    ASSERT_EQ(readSopInstanceUid(dataDir() / *stored), uid) << "stored file is not complete";
  }
  EXPECT_TRUE(fs::is_empty(dataDir() / "tmp")) << "temporary files survived the restart";
}

}  // namespace
}  // namespace everynet::test
