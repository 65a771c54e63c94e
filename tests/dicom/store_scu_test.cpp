// The Storage SCU against DCMTK's storescp on loopback: delivery, transfer syntaxes, and what it
// reports when the peer is absent, refuses, or breaks off.
#include "dicom/store_scu.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <memory>

#include "tests/support/free_port.h"
#include "tests/support/mr_series_writer.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace everynet::dicom {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* kMrImageStorage = "1.2.840.10008.5.1.4.1.1.4";
constexpr const char* kExplicitLittleEndian = "1.2.840.10008.1.2.1";
constexpr const char* kJpegLsLossless = "1.2.840.10008.1.2.4.80";

class StoreScuTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("TCP_NODELAY", "1", 1);
    port_ = test::freeTcpPort();
    test::MrSeriesSpec spec;
    spec.rows = spec.columns = 16;
    spec.slices = 3;
    for (const auto& path : test::writeMrSeries(spec, dir_.path() / "series")) {
      files_.push_back(
          {path, kMrImageStorage, test::readSopInstanceUid(path), kExplicitLittleEndian});
    }
  }

  // Starts storescp with the given options; it writes each received instance to its own file.
  void startPeer(const std::vector<std::string>& options = {}) {
    fs::create_directories(received_);
    std::vector<std::string> argv{"storescp", "--output-directory", received_.string(), "+uf"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back(std::to_string(port_));
    peer_ = std::make_unique<test::Process>(argv, dir_.path() / "storescp.log");
    // Up once the port is open; echoscu fails against a peer started with --refuse.
    const bool up = test::waitUntil(
        [&] {
          return test::runCommand({"echoscu", "127.0.0.1", std::to_string(port_)}, 5s)
                     .output.find("Connection refused") == std::string::npos;
        },
        10s);
    ASSERT_TRUE(up) << "storescp did not start";
  }

  StoreScuConfig config() const {
    return {"EVERYNET", "STORESCP", "127.0.0.1", static_cast<std::uint16_t>(port_), 5s, 10s};
  }

  std::vector<fs::path> receivedFiles() const {
    std::vector<fs::path> result;
    if (!fs::exists(received_)) return result;
    for (const auto& entry : fs::directory_iterator(received_)) result.push_back(entry.path());
    return result;
  }

  static std::string transferSyntaxOf(const fs::path& file) {
    return test::runCommand({"dcmdump", "-M", "+P", "0002,0010", file.string()}, 10s).output;
  }

  test::TempDir dir_;
  fs::path received_ = dir_.path() / "received";
  int port_ = 0;
  std::vector<FileToStore> files_;
  std::unique_ptr<test::Process> peer_;
};

TEST_F(StoreScuTest, StoresEveryFileOnce) {
  startPeer();
  const auto results = storeFiles(config(), files_);
  ASSERT_EQ(results.size(), files_.size());
  for (const auto& result : results) {
    EXPECT_EQ(result.outcome, StoreOutcome::success) << result.reason;
    EXPECT_EQ(result.status, 0x0000);
  }
  EXPECT_EQ(receivedFiles().size(), files_.size());
}

TEST_F(StoreScuTest, NobodyListeningLeavesEveryFileNotSent) {
  const auto results = storeFiles(config(), files_);
  ASSERT_EQ(results.size(), files_.size());
  for (const auto& result : results) {
    EXPECT_EQ(result.outcome, StoreOutcome::not_sent);
    EXPECT_FALSE(result.status);
    EXPECT_NE(result.reason.find("association with 127.0.0.1:" + std::to_string(port_)),
              std::string::npos)
        << result.reason;
  }
}

TEST_F(StoreScuTest, ARejectedAssociationSaysSo) {
  startPeer({"--refuse"});
  const auto results = storeFiles(config(), files_);
  for (const auto& result : results) {
    EXPECT_EQ(result.outcome, StoreOutcome::not_sent);
    EXPECT_NE(result.reason.find("rejected"), std::string::npos) << result.reason;
  }
  EXPECT_TRUE(receivedFiles().empty());
}

TEST_F(StoreScuTest, AnAbortedAssociationLeavesTheRestNotSent) {
  startPeer({"--abort-after"});
  const auto results = storeFiles(config(), files_);
  ASSERT_EQ(results.size(), files_.size());
  for (const auto& result : results) EXPECT_EQ(result.outcome, StoreOutcome::not_sent);
}

TEST_F(StoreScuTest, SendsACompressedFileAsStoredWhenThePeerAcceptsIt) {
  const auto compressed = dir_.path() / "jpegls.dcm";
  ASSERT_EQ(
      test::runCommand({"dcmcjpls", files_[0].path.string(), compressed.string()}, 30s).exit_code,
      0);
  startPeer({"+xa"});
  const auto results = storeFiles(
      config(), {{compressed, kMrImageStorage, files_[0].sop_instance_uid, kJpegLsLossless}});
  ASSERT_EQ(results.at(0).outcome, StoreOutcome::success) << results[0].reason;
  ASSERT_EQ(receivedFiles().size(), 1u);
  EXPECT_NE(transferSyntaxOf(receivedFiles()[0]).find("JPEGLSLossless"), std::string::npos);
}

TEST_F(StoreScuTest, ACompressedFileIsDecompressedForAPeerThatTakesOnlyUncompressed) {
  const auto compressed = dir_.path() / "jpegls.dcm";
  ASSERT_EQ(
      test::runCommand({"dcmcjpls", files_[0].path.string(), compressed.string()}, 30s).exit_code,
      0);
  startPeer();  // uncompressed transfer syntaxes only
  const auto results = storeFiles(
      config(),
      {{compressed, kMrImageStorage, files_[0].sop_instance_uid, kJpegLsLossless}, files_[1]});
  EXPECT_EQ(results.at(0).outcome, StoreOutcome::success) << results[0].reason;
  EXPECT_EQ(results.at(1).outcome, StoreOutcome::success);
  ASSERT_EQ(receivedFiles().size(), 2u);
  for (const auto& file : receivedFiles()) {
    EXPECT_EQ(transferSyntaxOf(file).find("JPEG"), std::string::npos) << transferSyntaxOf(file);
  }
}

TEST_F(StoreScuTest, ConvertsToTheUncompressedSyntaxThePeerAccepts) {
  startPeer({"+xi"});  // implicit VR little endian only
  const auto results = storeFiles(config(), {files_[0]});
  ASSERT_EQ(results.at(0).outcome, StoreOutcome::success) << results[0].reason;
  ASSERT_EQ(receivedFiles().size(), 1u);
  EXPECT_NE(transferSyntaxOf(receivedFiles()[0]).find("LittleEndianImplicit"), std::string::npos);
}

TEST_F(StoreScuTest, AnUnreadableFileFailsAlone) {
  startPeer();
  auto files = files_;
  files[1].path = dir_.path() / "missing.dcm";
  const auto results = storeFiles(config(), files);
  EXPECT_EQ(results.at(0).outcome, StoreOutcome::success);
  EXPECT_EQ(results.at(1).outcome, StoreOutcome::failure);
  EXPECT_NE(results[1].reason.find("cannot read the file"), std::string::npos) << results[1].reason;
  EXPECT_EQ(results.at(2).outcome, StoreOutcome::success);
}

TEST_F(StoreScuTest, AStopRequestedBeforehandSendsNothing) {
  startPeer();
  std::stop_source stop;
  stop.request_stop();
  const auto results = storeFiles(config(), files_, stop.get_token());
  for (const auto& result : results) EXPECT_EQ(result.outcome, StoreOutcome::cancelled);
  EXPECT_TRUE(receivedFiles().empty());
}

}  // namespace
}  // namespace everynet::dicom
