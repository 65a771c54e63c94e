#include "dicom/dcmtk_logging.h"

#include <dcmtk/oflog/oflog.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

namespace everynet::dicom {
namespace {

// The default spdlog logger writes "level message" lines into `lines_` while a test runs.
class DcmtkLoggingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = spdlog::default_logger();
    auto logger = std::make_shared<spdlog::logger>(
        "test", std::make_shared<spdlog::sinks::ostream_sink_st>(lines_));
    logger->set_pattern("%l %v");
    spdlog::set_default_logger(logger);
  }
  void TearDown() override { spdlog::set_default_logger(previous_); }

  std::ostringstream lines_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(DcmtkLoggingTest, DcmtkWarningsReachTheLogNamedByTheirDcmtkLogger) {
  spdlog::set_level(spdlog::level::info);
  routeDcmtkLoggingToSpdlog();
  const OFLogger dcmfg = OFLog::getLogger("dcmtk.dcmfg");
  OFLOG_WARN(dcmfg, "Will not check dimension consistency");
  OFLOG_ERROR(dcmfg, "cannot write");
  OFLOG_INFO(dcmfg, "a chatty line");
  EXPECT_EQ(lines_.str(),
            "warning dcmtk.dcmfg: Will not check dimension consistency\n"
            "error dcmtk.dcmfg: cannot write\n");
}

TEST_F(DcmtkLoggingTest, WhatDcmtkQuotesFromTheNetworkIsEscapedOnOneLine) {
  spdlog::set_level(spdlog::level::info);
  routeDcmtkLoggingToSpdlog();
  OFLOG_WARN(OFLog::getLogger("dcmtk.dcmdata"), "Non-standard VR '\xFF\xFE'\n\x1B[2J");
  EXPECT_EQ(lines_.str(), "warning dcmtk.dcmdata: Non-standard VR '\\xFF\\xFE'\\x0A\\x1B[2J\n");
}

TEST_F(DcmtkLoggingTest, DcmtkDebugLinesOnlyAtDebugLevel) {
  spdlog::set_level(spdlog::level::debug);
  routeDcmtkLoggingToSpdlog();
  OFLOG_DEBUG(OFLog::getLogger("dcmtk.dcmnet"), "PDU bytes");
  spdlog::set_level(spdlog::level::info);
  routeDcmtkLoggingToSpdlog();
  OFLOG_DEBUG(OFLog::getLogger("dcmtk.dcmnet"), "more PDU bytes");
  EXPECT_EQ(lines_.str(), "debug dcmtk.dcmnet: PDU bytes\n");
}

}  // namespace
}  // namespace everynet::dicom
