#include "dicom/network_text.h"

#include <gtest/gtest.h>

#include <string>

namespace everynet::dicom {
namespace {

TEST(NetworkTextTest, LogTextKeepsPrintableAsciiAndValidUtf8) {
  EXPECT_EQ(escapedForLog("STORESCU 1.2.3 ^-_"), "STORESCU 1.2.3 ^-_");
  EXPECT_EQ(escapedForLog("M\xC3\xBCller^J\xC3\xBCrgen \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "M\xC3\xBCller^J\xC3\xBCrgen \xE2\x82\xAC \xF0\x9F\x98\x80");
}

TEST(NetworkTextTest, LogTextEscapesControlsAndInvalidBytes) {
  EXPECT_EQ(escapedForLog("AB\n\x1B[31mX\r\t\x7F"), "AB\\x0A\\x1B[31mX\\x0D\\x09\\x7F");
  EXPECT_EQ(escapedForLog(std::string("A\0B", 3)), "A\\x00B");
  EXPECT_EQ(escapedForLog("M\xFCller"), "M\\xFCller");                   // Latin-1, not UTF-8
  EXPECT_EQ(escapedForLog("\xC3"), "\\xC3");                             // truncated sequence
  EXPECT_EQ(escapedForLog("\xC0\xAF"), "\\xC0\\xAF");                    // overlong '/'
  EXPECT_EQ(escapedForLog("\xED\xA0\x80"), "\\xED\\xA0\\x80");           // a surrogate
  EXPECT_EQ(escapedForLog("\xF4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(escapedForLog("\xC2\x9B[2J"), "\\xC2\\x9B[2J");              // C1 CSI
  EXPECT_EQ(escapedForLog("\xC2\xA0"), "\xC2\xA0");                      // no-break space is text
}

TEST(NetworkTextTest, LogTextEscapesTheBackslashSoEscapesAreUnambiguous) {
  EXPECT_EQ(escapedForLog("ORIGINAL\\PRIMARY"), "ORIGINAL\\\\PRIMARY");
  EXPECT_NE(escapedForLog("\\x0A"), escapedForLog("\n"));
}

TEST(NetworkTextTest, ValidUtf8ReplacesEachInvalidByte) {
  EXPECT_EQ(validUtf8("M\xC3\xBCller\n"), "M\xC3\xBCller\n");
  EXPECT_EQ(validUtf8("M\xFCller"), "M\xEF\xBF\xBDller");
  EXPECT_EQ(validUtf8("\xFF\xFE"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(validUtf8("A\xE2\x82"), "A\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(validUtf8(""), "");
}

TEST(NetworkTextTest, AeTitlesAsPs35Allows) {
  EXPECT_TRUE(isValidAeTitle("STORESCU"));
  EXPECT_TRUE(isValidAeTitle("PACS 1_A-B.c"));
  EXPECT_TRUE(isValidAeTitle(std::string(16, 'A')));
  EXPECT_FALSE(isValidAeTitle(""));
  EXPECT_FALSE(isValidAeTitle("    "));
  EXPECT_FALSE(isValidAeTitle(std::string(17, 'A')));
  EXPECT_FALSE(isValidAeTitle("AB\\CD"));
  EXPECT_FALSE(isValidAeTitle("AB\n\x1B[31mX"));
  EXPECT_FALSE(isValidAeTitle("M\xC3\xBCLLER"));
  EXPECT_FALSE(isValidAeTitle("A\x7F"));
}

}  // namespace
}  // namespace everynet::dicom
