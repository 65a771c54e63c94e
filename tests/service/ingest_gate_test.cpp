// Who may associate, decided on the AE titles as they arrive: bytes that cannot be an AE title are
// refused before any lookup, and what the log and the associations table keep of them is escaped.
#include "service/ingest/ingest_gate.h"

#include <gtest/gtest.h>

#include "service/ingest/instance_store.h"
#include "service/ingest/open_associations.h"
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
    return IngestGate(config, index_->ingest, store_, open_, query_retrieve_);
  }

  test::TempDir dir_;
  storage::FileStore files_{dir_.path()};
  std::unique_ptr<storage::Stores> index_ = std::make_unique<storage::Stores>(
      dir_.path() / "index.sqlite", storage::Database::Access::read_write);
  InstanceStore store_{files_, index_->ingest};
  OpenAssociations open_;
  NoQueryRetrieve query_retrieve_;
};

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
