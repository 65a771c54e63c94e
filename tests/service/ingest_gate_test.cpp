// Who may associate, decided on the AE titles as they arrive: bytes that cannot be an AE title are
// refused before any lookup, and what the log and the associations table keep of them is escaped.
#include "service/ingest/ingest_gate.h"

#include <gtest/gtest.h>

#include "service/ingest/instance_store.h"
#include "service/ingest/open_associations.h"
#include "service/space/free_space_monitor.h"
#include "storage/file_store.h"
#include "storage/stores.h"
#include "tests/support/temp_dir.h"

namespace everynet::service {
namespace {

using Kind = dicom::Refusal::Kind;

// The gate never queries or retrieves; refusal() needs none of this.
class NoQueryRetrieve : public dicom::QueryRetrieveHandler {
 public:
  std::vector<dicom::QueryMatch> find(const dicom::QueryRequest&) override { return {}; }
  std::vector<dicom::FileToStore> instancesToRetrieve(const dicom::QueryRequest&) override {
    return {};
  }
  std::optional<dicom::StoreScuConfig> moveDestination(const std::string&) override {
    return std::nullopt;
  }
};

class IngestGateTest : public ::testing::Test {
 protected:
  IngestGate gate(std::vector<AllowedPeer> allowed_peers = {}) {
    Config::Dicom config;
    config.allowed_peers = std::move(allowed_peers);
    return IngestGate(config, index_->ingest, store_, open_, query_retrieve_, space_);
  }

  test::TempDir dir_;
  storage::FileStore files_{dir_.path()};
  std::unique_ptr<storage::Stores> index_ = std::make_unique<storage::Stores>(
      dir_.path() / "index.sqlite", storage::Database::Access::read_write);
  InstanceStore store_{files_, index_->ingest};
  OpenAssociations open_;
  NoQueryRetrieve query_retrieve_;
  // The data directory's free space as a test sets it, against lines of 100 and 10 MiB.
  std::uint64_t free_bytes_ = std::uint64_t{1} << 30;
  FreeSpaceMonitor space_{dir_.path(),
                          {std::uint64_t{100} << 20, std::uint64_t{10} << 20},
                          [this] {
                            return DiskSpace{free_bytes_, std::uint64_t{2} << 30};
                          },
                          std::chrono::milliseconds(0)};
};

dicom::InstanceHeader mrInstance(const std::string& sop_instance_uid) {
  dicom::InstanceHeader header;
  header.sop_class_uid = "1.2.840.10008.5.1.4.1.1.4";
  header.sop_instance_uid = sop_instance_uid;
  header.study_instance_uid = "1.2.3";
  header.series_instance_uid = "1.2.3.4";
  header.transfer_syntax_uid = "1.2.840.10008.1.2.1";
  header.patient_id = "P1";
  header.modality = "MR";
  return header;
}

TEST_F(IngestGateTest, BelowTheWatermarkCStoreIsRefusedWithOutOfResourcesAndResumesWhenFreed) {
  auto g = gate();
  const dicom::AssociationRequest request{"TEST_SCU", "EVERYNET", "127.0.0.1"};
  auto association = g.onAccepted(request);
  EXPECT_EQ(association->onStore(mrInstance("1.2.3.4.1"), "bytes").status,
            dicom::StoreStatus::success);
  free_bytes_ = std::uint64_t{50} << 20;
  const auto refused = association->onStore(mrInstance("1.2.3.4.2"), "bytes");
  EXPECT_EQ(refused.status, dicom::StoreStatus::out_of_resources);
  EXPECT_LE(refused.error_comment.size(), 64u);
  EXPECT_NE(association->queryRetrieve(), nullptr) << "queries are still answered";
  free_bytes_ = std::uint64_t{1} << 30;
  EXPECT_EQ(association->onStore(mrInstance("1.2.3.4.3"), "bytes").status,
            dicom::StoreStatus::success);
  association->onEnd(dicom::AssociationEnd::released);
  EXPECT_EQ(index_->ingest.instanceCount(), 2);
  EXPECT_EQ(index_->reads.recentAssociations(10).size(), 1u);
}

TEST_F(IngestGateTest, BelowTheIndexLineAnAssociationIsNotRecordedAndStoresNothing) {
  auto g = gate();
  free_bytes_ = std::uint64_t{5} << 20;
  auto association = g.onAccepted({"TEST_SCU", "EVERYNET", "127.0.0.1"});
  EXPECT_EQ(association->onStore(mrInstance("1.2.3.4.1"), "bytes").status,
            dicom::StoreStatus::out_of_resources);
  association->onEnd(dicom::AssociationEnd::released);
  EXPECT_EQ(index_->ingest.instanceCount(), 0);
  EXPECT_TRUE(index_->reads.recentAssociations(10).empty());
}

TEST_F(IngestGateTest, AeTitlesThatAreNoAeTitlesAreRefused) {
  auto g = gate();
  const auto calling = g.refusal({"HOST\n\x1B[31mILE", "EVERYNET", "127.0.0.1"});
  ASSERT_TRUE(calling.has_value());
  EXPECT_EQ(calling->kind, Kind::calling_ae_not_recognised);
  const auto called = g.refusal({"TEST_SCU", "\xFF\xFE", "127.0.0.1"});
  ASSERT_TRUE(called.has_value());
  EXPECT_EQ(called->kind, Kind::called_ae_not_recognised);
  EXPECT_EQ(called->reason, "called AE title '\\xFF\\xFE' is not ours");
  EXPECT_TRUE(g.refusal({std::string(17, 'A'), "EVERYNET", "127.0.0.1"}).has_value());
  EXPECT_FALSE(g.refusal({"TEST_SCU", "EVERYNET", "127.0.0.1"}).has_value());
}

TEST_F(IngestGateTest, TitlesPaddedWithSpacesAreTheirSignificantPart) {
  auto g = gate({{"TEST_SCU", "127.0.0.1"}});
  EXPECT_FALSE(g.refusal({"TEST_SCU        ", "EVERYNET        ", "127.0.0.1"}).has_value());
  EXPECT_FALSE(g.refusal({" TEST_SCU", " EVERYNET", "127.0.0.1"}).has_value());
  EXPECT_TRUE(g.refusal({"TEST_SC", "EVERYNET", "127.0.0.1"}).has_value());
}

TEST_F(IngestGateTest, ARefusalIsAuditedWithItsTitlesEscaped) {
  auto g = gate();
  const dicom::AssociationRequest request{"HOST\n\x1B[31mILE", "EVERYNET", "127.0.0.1"};
  g.onRefused(request, *g.refusal(request));
  const auto audited = index_->reads.recentAssociations(10);
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0].calling_ae, "HOST\\x0A\\x1B[31mILE");
  EXPECT_EQ(audited[0].called_ae, "EVERYNET");
  EXPECT_EQ(audited[0].outcome, "refused: calling AE title is not a valid AE title (PS3.5 6.2)");
}

}  // namespace
}  // namespace everynet::service
