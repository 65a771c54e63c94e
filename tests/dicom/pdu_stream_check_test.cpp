#include "dicom/internal/pdu_stream_check.h"

#include <gtest/gtest.h>

#include <string>

namespace everynet::dicom::internal {
namespace {

std::string bigEndian32(std::uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
          static_cast<char>(value >> 8), static_cast<char>(value)};
}

std::string pdu(std::uint8_t type, const std::string& body) {
  return std::string{static_cast<char>(type), '\0'} + bigEndian32(body.size()) + body;
}

std::string pdv(std::uint8_t control, const std::string& data) {
  return bigEndian32(data.size() + 2) + std::string{'\x01', static_cast<char>(control)} + data;
}

// Implicit VR Little Endian: (0000,0100) Command Field = C-ECHO-RQ.
const std::string kEchoCommand("\x00\x00\x00\x01\x02\x00\x00\x00\x30\x00", 10);

// A sequence of undefined length with one item of undefined length, `levels` deep.
std::string nestedCommand(int levels) {
  std::string bytes;
  for (int i = 0; i < levels; ++i) {
    bytes += std::string("\x00\x00\x00\x09\xFF\xFF\xFF\xFF", 8);
    bytes += std::string("\xFE\xFF\x00\xE0\xFF\xFF\xFF\xFF", 8);
  }
  return bytes;
}

TEST(PduStreamCheckTest, PassesWellFormedPdusInPiecesOfAnySize) {
  const std::string stream = pdu(0x01, std::string(300, 'a')) + pdu(0x04, pdv(0x03, kEchoCommand)) +
                             pdu(0x04, pdv(0x00, "ab") + pdv(0x02, "cd")) + pdu(0x05, "abcd");
  for (std::size_t piece : {1u, 3u, 7u, 1000u}) {
    PduStreamCheck check(16384);
    for (std::size_t at = 0; at < stream.size(); at += piece) {
      ASSERT_FALSE(check.feed(std::string_view(stream).substr(at, piece))) << piece;
    }
  }
}

TEST(PduStreamCheckTest, RefusesUnknownAndOversizedPdus) {
  EXPECT_TRUE(PduStreamCheck(16384).feed(pdu(0x09, "ab")));
  EXPECT_TRUE(PduStreamCheck(16384).feed(pdu(0x04, pdv(0x00, std::string(20000, 'x')))));
  EXPECT_TRUE(PduStreamCheck(16384).feed(std::string("\x01\x00", 2) + bigEndian32(0xFFFFFFF0)));
}

TEST(PduStreamCheckTest, RefusesPdvItemsThatDoNotFitTheirPdu) {
  const std::string body = bigEndian32(500) + std::string("\x01\x00", 2) + "abcd";
  EXPECT_TRUE(PduStreamCheck(16384).feed(pdu(0x04, body)));
  EXPECT_TRUE(PduStreamCheck(16384).feed(pdu(0x04, "")));
}

TEST(PduStreamCheckTest, RefusesACommandSetWithSequencesEvenAcrossFragments) {
  const std::string nested = nestedCommand(3000);
  std::string stream;
  for (std::size_t at = 0; at < nested.size(); at += 8000) {
    const bool last = at + 8000 >= nested.size();
    stream += pdu(0x04, pdv(last ? 0x03 : 0x01, nested.substr(at, 8000)));
  }
  const auto reason = PduStreamCheck(16384).feed(stream);
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find("sequence"), std::string::npos) << *reason;
}

TEST(PduStreamCheckTest, RefusesAnOversizedCommandSet) {
  std::string stream;
  for (int i = 0; i < 10; ++i) stream += pdu(0x04, pdv(0x01, std::string(10000, '\0')));
  EXPECT_TRUE(PduStreamCheck(16384).feed(stream));
}

TEST(PduStreamCheckTest, BoundsTheDatasetOfAResponseOnly) {
  // (0000,0100) Command Field C-STORE-RSP (0x8001), (0000,0800) a dataset follows (0x0000).
  const std::string response(
      "\x00\x00\x00\x01\x02\x00\x00\x00\x01\x80"
      "\x00\x00\x00\x08\x02\x00\x00\x00\x00\x00",
      20);
  const std::string request(
      "\x00\x00\x00\x01\x02\x00\x00\x00\x01\x00"
      "\x00\x00\x00\x08\x02\x00\x00\x00\x00\x00",
      20);
  auto withDataset = [](const std::string& command, std::size_t size) {
    std::string stream = pdu(0x04, pdv(0x03, command));
    for (std::size_t sent = 0; sent < size; sent += 8000) {
      stream += pdu(0x04, pdv(sent + 8000 >= size ? 0x02 : 0x00, std::string(8000, '\0')));
    }
    return stream;
  };
  EXPECT_FALSE(PduStreamCheck(16384).feed(withDataset(response, 8000)));
  EXPECT_TRUE(PduStreamCheck(16384).feed(withDataset(response, 40000)));
  EXPECT_FALSE(PduStreamCheck(16384).feed(withDataset(request, 400000)));
}

}  // namespace
}  // namespace everynet::dicom::internal
