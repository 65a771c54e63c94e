#include "service/ingest/instance_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "dicom/instance_file.h"
#include "storage/file_store.h"
#include "storage/sqlite_connection.h"
#include "storage/stores.h"
#include "tests/support/mr_series_writer.h"
#include "tests/support/process.h"

namespace everynet::service {
namespace {

namespace fs = std::filesystem;

class InstanceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("everynet-ingest-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    files_ = std::make_unique<storage::FileStore>(dir_);
    index_ = std::make_unique<storage::Stores>(dir_ / "index.sqlite",
                                               storage::Database::Access::read_write);
    store_ = std::make_unique<InstanceStore>(*files_, index_->ingest);
    header_.sop_class_uid = "1.2.840.10008.5.1.4.1.1.4";
    header_.sop_instance_uid = "1.2.3.4.5.6";
    header_.study_instance_uid = "1.2.3";
    header_.series_instance_uid = "1.2.3.4";
    header_.transfer_syntax_uid = "1.2.840.10008.1.2.1";
    header_.patient_id = "P1";
    header_.modality = "MR";
  }
  void TearDown() override {
    store_.reset();
    index_.reset();
    fs::remove_all(dir_);
  }

  fs::path dir_;
  std::unique_ptr<storage::FileStore> files_;
  std::unique_ptr<storage::Stores> index_;
  std::unique_ptr<InstanceStore> store_;
  dicom::InstanceHeader header_;
};

// An instance as the Store SCP hands it over: its header and its Part 10 bytes.
struct ReceivedInstance {
  dicom::InstanceHeader header;
  std::string bytes;
};

std::vector<ReceivedInstance> mrSeries(const fs::path& directory, int slices) {
  test::MrSeriesSpec spec;
  spec.slices = slices;
  std::vector<ReceivedInstance> series;
  for (const auto& file : test::writeMrSeries(spec, directory)) {
    std::string bytes = test::readFile(file);
    series.push_back({dicom::readInstanceFileHeader(bytes), std::move(bytes)});
  }
  return series;
}

TEST_F(InstanceStoreTest, StoresTheFileThenIndexesIt) {
  const auto result = store_->store(header_, "file bytes", std::nullopt, 1.0);
  EXPECT_EQ(result.outcome, StoreOutcome::stored);
  const auto path = index_->ingest.instanceFilePath(header_.sop_instance_uid);
  ASSERT_TRUE(path);
  EXPECT_EQ(*path, "instances/1.2.3/1.2.3.4/1.2.3.4.5.6.dcm");
  EXPECT_EQ(files_->read(*path), "file bytes");
}

TEST_F(InstanceStoreTest, AnInstanceTheIndexRefusesLeavesNoFileBehind) {
  // The index fails the insert after the file is written, as a full disk would.
  storage::SqliteConnection(dir_ / "index.sqlite",
                            storage::SqliteConnection::Mode::read_write_create)
      .execute(
          "CREATE TRIGGER refuse BEFORE INSERT ON instances BEGIN "
          "SELECT RAISE(ABORT, 'refused'); END");
  EXPECT_THROW(store_->store(header_, "file bytes", std::nullopt, 1.0), storage::DatabaseError);
  EXPECT_FALSE(fs::exists(dir_ / "instances/1.2.3/1.2.3.4/1.2.3.4.5.6.dcm"));
  EXPECT_EQ(index_->ingest.instanceCount(), 0);
}

TEST_F(InstanceStoreTest, AnIdenticalResendIsNotStoredTwice) {
  store_->store(header_, "file bytes", std::nullopt, 1.0);
  EXPECT_EQ(store_->store(header_, "file bytes", std::nullopt, 2.0).outcome,
            StoreOutcome::duplicate);
  EXPECT_EQ(index_->ingest.instanceCount(), 1);
  EXPECT_EQ(index_->ingest.instanceConflictCount(), 0);
  EXPECT_TRUE(fs::is_empty(dir_ / "conflicts"));
}

TEST_F(InstanceStoreTest, OtherContentUnderAKnownUidIsKeptAsideNotReplaced) {
  store_->store(header_, "first content", std::nullopt, 1.0);
  EXPECT_EQ(store_->store(header_, "other content", std::nullopt, 2.0).outcome,
            StoreOutcome::kept_aside);
  EXPECT_EQ(files_->read(*index_->ingest.instanceFilePath(header_.sop_instance_uid)),
            "first content");
  EXPECT_EQ(index_->ingest.instanceConflictCount(), 1);
  ASSERT_EQ(std::distance(fs::directory_iterator(dir_ / "conflicts"), fs::directory_iterator()), 1);
  EXPECT_EQ(
      files_->read(fs::directory_iterator(dir_ / "conflicts")->path().lexically_relative(dir_)),
      "other content");
}

TEST_F(InstanceStoreTest, AConflictTheIndexRefusesLeavesNoFileAside) {
  store_->store(header_, "first content", std::nullopt, 1.0);
  // As a full disk would: the conflict's row fails after its file is written.
  storage::SqliteConnection(dir_ / "index.sqlite",
                            storage::SqliteConnection::Mode::read_write_create)
      .execute(
          "CREATE TRIGGER refuse BEFORE INSERT ON instance_conflicts BEGIN "
          "SELECT RAISE(ABORT, 'refused'); END");
  EXPECT_THROW(store_->store(header_, "other content", std::nullopt, 2.0), storage::DatabaseError);
  EXPECT_TRUE(fs::is_empty(dir_ / "conflicts"));
  EXPECT_EQ(index_->ingest.instanceConflictCount(), 0);
}

TEST_F(InstanceStoreTest, AReSendWhoseLengthsAreEncodedOtherwiseIsTheSameInstance) {
  using namespace std::chrono_literals;
  auto run = [](const std::vector<std::string>& argv) {
    return test::runCommand(argv, 30s).exit_code;
  };
  test::MrSeriesSpec spec;
  spec.slices = 1;
  const auto file = test::writeMrSeries(spec, dir_ / "incoming")[0];
  // A sequence, whose length and whose item's length can each be given or left undefined.
  ASSERT_EQ(run({"dcmodify", "-nb", "-i", "(0008,1140)[0].(0008,1150)=1.2.840.10008.5.1.4.1.1.4",
                 "-i", "(0008,1140)[0].(0008,1155)=1.2.826.0.1.3680043.10.99", file.string()}),
            0);
  const std::string given = test::readFile(file);
  const auto undefined_file = dir_ / "undefined-lengths.dcm";
  ASSERT_EQ(run({"dcmconv", "-e", file.string(), undefined_file.string()}), 0);
  const std::string undefined = test::readFile(undefined_file);
  ASSERT_NE(given, undefined);
  ASSERT_EQ(run({"dcmodify", "-nb", "-m", "(0008,1140)[0].(0008,1155)=1.2.826.0.1.3680043.10.98",
                 file.string()}),
            0);
  const std::string other = test::readFile(file);
  const auto header = dicom::readInstanceFileHeader(given);

  EXPECT_EQ(store_->store(header, given, std::nullopt, 1.0).outcome, StoreOutcome::stored);
  EXPECT_EQ(store_->store(header, undefined, std::nullopt, 2.0).outcome, StoreOutcome::duplicate);
  EXPECT_EQ(store_->store(header, other, std::nullopt, 3.0).outcome, StoreOutcome::kept_aside);
  EXPECT_EQ(index_->ingest.instanceConflictCount(), 1);
}

TEST_F(InstanceStoreTest, IndexesAtStartTheInstancesWhoseEntriesAPowerFailureLost) {
  const auto series = mrSeries(dir_ / "incoming", 5);
  store_->store(series[0].header, series[0].bytes, std::nullopt, 1.0);
  // The index as a power failure can leave it: the commits after this point lost, the series
  // directory listed as recent (durably, before the first file went into it).
  const fs::path image = dir_ / "index-image";
  fs::create_directories(image);
  for (const char* name : {"index.sqlite", "index.sqlite-wal"}) fs::copy(dir_ / name, image / name);
  for (std::size_t i = 1; i < series.size(); ++i) {
    store_->store(series[i].header, series[i].bytes, std::nullopt, 1.0 + static_cast<double>(i));
  }
  store_.reset();
  index_.reset();
  for (const char* name : {"index.sqlite", "index.sqlite-wal"}) {
    fs::copy(image / name, dir_ / name, fs::copy_options::overwrite_existing);
  }
  fs::remove(dir_ / "index.sqlite-shm");
  index_ = std::make_unique<storage::Stores>(dir_ / "index.sqlite",
                                             storage::Database::Access::read_write);
  ASSERT_EQ(index_->ingest.instanceCount(), 1) << "the loss was not simulated";

  store_ = std::make_unique<InstanceStore>(*files_, index_->ingest);  // the start of the service
  EXPECT_EQ(index_->ingest.instanceCount(), 5);
  for (const auto& instance : series) {
    EXPECT_EQ(index_->ingest.instanceFilePath(instance.header.sop_instance_uid),
              storage::FileStore::instancePath(instance.header.study_instance_uid,
                                               instance.header.series_instance_uid,
                                               instance.header.sop_instance_uid)
                  .string());
  }
  const auto decisions = index_->reads.seriesDecisions();
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].instance_count, 5);
  EXPECT_TRUE(index_->ingest.recentInstanceDirectories().empty()) << "read and unlisted at start";
}

TEST_F(InstanceStoreTest, AtStartReadsOnlyTheDirectoriesListedAsRecent) {
  const auto series = mrSeries(dir_ / "incoming", 1);
  const auto& h = series[0].header;
  // A file the service did not write: never listed, never indexed.
  files_->writeDurably(storage::FileStore::instancePath(h.study_instance_uid, h.series_instance_uid,
                                                        h.sop_instance_uid),
                       series[0].bytes);
  store_ = std::make_unique<InstanceStore>(*files_, index_->ingest);
  EXPECT_EQ(index_->ingest.instanceCount(), 0) << "the start read beyond the recent directories";
}

TEST_F(InstanceStoreTest, SyncsTheIndexEveryFewSecondsAndAtAStop) {
  store_->store(header_, "file bytes", std::nullopt, 10.0);  // the first store syncs
  EXPECT_TRUE(index_->ingest.recentInstanceDirectories().empty());
  header_.sop_instance_uid = "1.2.3.4.5.7";
  store_->store(header_, "file bytes", std::nullopt, 11.0);
  EXPECT_EQ(index_->ingest.recentInstanceDirectories(),
            std::vector<std::string>{"instances/1.2.3/1.2.3.4"});
  header_.sop_instance_uid = "1.2.3.4.5.8";
  store_->store(header_, "file bytes", std::nullopt, 16.0);
  EXPECT_TRUE(index_->ingest.recentInstanceDirectories().empty()) << "five seconds on: synced";
  header_.sop_instance_uid = "1.2.3.4.5.9";
  store_->store(header_, "file bytes", std::nullopt, 17.0);
  EXPECT_EQ(index_->ingest.recentInstanceDirectories().size(), 1u);
  store_.reset();
  EXPECT_TRUE(index_->ingest.recentInstanceDirectories().empty())
      << "a clean stop leaves none to read";
}

}  // namespace
}  // namespace everynet::service
