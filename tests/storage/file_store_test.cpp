#include "storage/file_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace everynet::storage {
namespace {

namespace fs = std::filesystem;

class FileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("everynet-files-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(FileStoreTest, CreatesLayoutAndWritesFilesThatReadBack) {
  FileStore store(dir_);
  EXPECT_TRUE(fs::is_directory(dir_ / "instances"));
  EXPECT_TRUE(fs::is_directory(dir_ / "conflicts"));
  const auto path = FileStore::instancePath("1.2.3", "1.2.3.4", "1.2.3.4.5");
  EXPECT_EQ(path, fs::path("instances/1.2.3/1.2.3.4/1.2.3.4.5.dcm"));
  store.writeDurably(path, "DICM content");
  EXPECT_EQ(store.read(path), "DICM content");
  EXPECT_TRUE(store.hasSameContent(path, "DICM content"));
  EXPECT_FALSE(store.hasSameContent(path, "DICM other!!"));
  EXPECT_FALSE(store.hasSameContent(path, "short"));
  EXPECT_TRUE(fs::is_empty(dir_ / "tmp")) << "temporary file left behind";
}

TEST_F(FileStoreTest, ReplacesAnExistingFileWhole) {
  FileStore store(dir_);
  store.writeDurably("instances/a.dcm", std::string(10000, 'x'));
  store.writeDurably("instances/a.dcm", "y");
  EXPECT_EQ(store.read("instances/a.dcm"), "y");
}

TEST_F(FileStoreTest, ConflictPathsAreUniqueAndKeptApart) {
  FileStore store(dir_);
  const auto first = store.conflictPath("1.2.3");
  const auto second = store.conflictPath("1.2.3");
  EXPECT_NE(first, second);
  EXPECT_EQ(first.parent_path(), fs::path("conflicts"));
}

TEST_F(FileStoreTest, RemovesTemporaryFilesOfADeadRunAtStart) {
  { FileStore store(dir_); }
  std::ofstream(dir_ / "tmp" / "half-written.dcm") << "partial";
  FileStore store(dir_);
  EXPECT_TRUE(fs::is_empty(dir_ / "tmp"));
}

TEST_F(FileStoreTest, ReportsUnwritableLocations) {
  FileStore store(dir_);
  fs::create_directories(dir_ / "instances" / "blocked");
  std::ofstream(dir_ / "instances" / "file") << "a file, not a directory";
  EXPECT_THROW(store.writeDurably("instances/file/x.dcm", "data"), std::system_error);
}

}  // namespace
}  // namespace everynet::storage
