#include "service/ingest/instance_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "storage/file_store.h"
#include "storage/index.h"

namespace everynet::service {
namespace {

namespace fs = std::filesystem;

class InstanceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("everynet-ingest-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    files_ = std::make_unique<storage::FileStore>(dir_);
    index_ = storage::Index::open(dir_ / "index.sqlite", storage::Index::Access::read_write);
    store_ = std::make_unique<InstanceStore>(*files_, *index_);
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
  std::unique_ptr<storage::Index> index_;
  std::unique_ptr<InstanceStore> store_;
  dicom::InstanceHeader header_;
};

TEST_F(InstanceStoreTest, StoresTheFileThenIndexesIt) {
  const auto result = store_->store(header_, "file bytes", std::nullopt, 1.0);
  EXPECT_EQ(result.outcome, StoreOutcome::stored);
  const auto path = index_->instanceFilePath(header_.sop_instance_uid);
  ASSERT_TRUE(path);
  EXPECT_EQ(*path, "instances/1.2.3/1.2.3.4/1.2.3.4.5.6.dcm");
  EXPECT_EQ(files_->read(*path), "file bytes");
}

TEST_F(InstanceStoreTest, AnIdenticalResendIsNotStoredTwice) {
  store_->store(header_, "file bytes", std::nullopt, 1.0);
  EXPECT_EQ(store_->store(header_, "file bytes", std::nullopt, 2.0).outcome,
            StoreOutcome::duplicate);
  EXPECT_EQ(index_->instanceCount(), 1);
  EXPECT_EQ(index_->instanceConflictCount(), 0);
  EXPECT_TRUE(fs::is_empty(dir_ / "conflicts"));
}

TEST_F(InstanceStoreTest, OtherContentUnderAKnownUidIsKeptAsideNotReplaced) {
  store_->store(header_, "first content", std::nullopt, 1.0);
  EXPECT_EQ(store_->store(header_, "other content", std::nullopt, 2.0).outcome,
            StoreOutcome::kept_aside);
  EXPECT_EQ(files_->read(*index_->instanceFilePath(header_.sop_instance_uid)), "first content");
  EXPECT_EQ(index_->instanceConflictCount(), 1);
  ASSERT_EQ(std::distance(fs::directory_iterator(dir_ / "conflicts"), fs::directory_iterator()), 1);
  EXPECT_EQ(
      files_->read(fs::directory_iterator(dir_ / "conflicts")->path().lexically_relative(dir_)),
      "other content");
}

}  // namespace
}  // namespace everynet::service
