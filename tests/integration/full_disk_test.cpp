// A full disk under the index while the instance files still fit: a C-STORE is refused with Out
// of Resources (A700), nothing of it is kept, the node answers C-ECHO, and once there is space
// again it stores by itself. The data directory is a small tmpfs (so the test needs root); the
// file store's directories are links to a directory on another file system.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>

#include "service_fixture.h"
#include "tests/support/mr_series_writer.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class FullDiskTest : public ServiceFixture {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount a small tmpfs as the data directory";
    ServiceFixture::SetUp();
    if (const auto why = mountDataDirTmpfs(8); !why.empty()) GTEST_SKIP() << why;
    // Temporary files are renamed into instances/, so both live on the same file system.
    for (const char* sub : {"instances", "tmp", "conflicts"}) {
      fs::create_directories(fileStoreDir() / sub);
      fs::create_directory_symlink(fileStoreDir() / sub, dataDir() / sub);
    }
  }

  fs::path fileStoreDir() const { return dir() / "file-store"; }

  // Writes a file into the data directory until the file system has no byte left.
  void fillDataDirectory() {
    const int fd = ::open(filler().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    const std::string chunk(64 * 1024, '\0');
    while (::write(fd, chunk.data(), chunk.size()) > 0) {
    }
    while (::write(fd, chunk.data(), 1) > 0) {
    }
    EXPECT_EQ(errno, ENOSPC);
    ::close(fd);
  }
  fs::path filler() const { return dataDir() / "filler"; }

  // Every file in the file store: instances, temporary files and conflicts alike.
  int instanceFiles() {
    int count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(fileStoreDir())) {
      count += entry.is_regular_file();
    }
    return count;
  }
};

TEST_F(FullDiskTest, AFullIndexRefusesWithOutOfResourcesAndStoresAgainOnceThereIsSpace) {
  MrSeriesSpec spec;
  spec.rows = 32;
  spec.columns = 32;
  spec.slices = 16;
  writeMrSeries(spec, dir() / "first");
  writeMrSeries(spec, dir() / "second");  // a new study and series
  startService();
  const auto first = store({dir() / "first"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  // No write of the index is pending when the disk fills.
  ASSERT_TRUE(waitUntilAllSeriesDecided(60s));

  // Full: not even the association can be recorded. Verbose: storescu shows statuses only then.
  fillDataDirectory();
  const auto refused = store({dir() / "second"}, {"-v"});
  EXPECT_NE(refused.output.find("Refused: OutOfResources"), std::string::npos) << refused.output;
  EXPECT_EQ(refused.output.find("Unknown Status"), std::string::npos) << refused.output;
  EXPECT_EQ(readIndex()->ingest.instanceCount(), 16);
  EXPECT_EQ(instanceFiles(), 16) << "nothing of a refused instance is kept";
  EXPECT_NE(serviceLog().find("the disk is full"), std::string::npos) << serviceLog();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(echo().exit_code, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);

  // Room for the association and a few instances: the index fills while they are sent.
  fs::resize_file(filler(), fs::file_size(filler()) - 64 * 1024);
  const auto partly = store({dir() / "second"}, {"-v", "-nh"});
  EXPECT_NE(partly.output.find("Refused: OutOfResources"), std::string::npos) << partly.output;
  EXPECT_EQ(partly.output.find("Unknown Status"), std::string::npos) << partly.output;
  const auto indexed = readIndex()->ingest.instanceCount();
  EXPECT_LT(indexed, 32);
  EXPECT_EQ(instanceFiles(), indexed) << "every file kept is indexed, and only those";

  fs::remove(filler());
  const auto stored = store({dir() / "second"});
  EXPECT_EQ(stored.exit_code, 0) << stored.output;
  EXPECT_EQ(readIndex()->ingest.instanceCount(), 32);
  EXPECT_EQ(instanceFiles(), 32);
}

}  // namespace
}  // namespace everynet::test
