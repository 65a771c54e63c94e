#include "dicom/internal/received_dataset.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <array>
#include <string>

#include "dicom/internal/element_walk.h"

namespace everynet::dicom::internal {
namespace {

constexpr const char* kSopInstance = "1.2.826.0.1.3680043.10.1.1";

DcmDataset mrDataset() {
  DcmDataset d;
  d.putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
  d.putAndInsertString(DCM_SOPInstanceUID, kSopInstance);
  d.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.10.1");
  d.putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.10.1.2");
  d.putAndInsertString(DCM_PatientID, "P1");
  d.putAndInsertString(DCM_Modality, "MR");
  DcmItem* item = nullptr;
  d.findOrCreateSequenceItem(DCM_ReferencedImageSequence, item, 0);
  item->putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.3");
  d.putAndInsertUint16(DCM_Rows, 2);
  d.putAndInsertUint16(DCM_Columns, 2);
  const std::array<Uint16, 4> pixels{1, 2, 3, 4};
  d.putAndInsertUint16Array(DCM_PixelData, pixels.data(), 4);
  return d;
}

std::string encode(DcmDataset& dataset, E_TransferSyntax xfer, E_EncodingType lengths) {
  std::string bytes;
  std::array<char, 4096> chunk;
  DcmOutputBufferStream out(chunk.data(), chunk.size());
  dataset.transferInit();
  OFCondition status = EC_StreamNotifyClient;
  while (status == EC_StreamNotifyClient) {
    status = dataset.write(out, xfer, lengths, nullptr);
    if (status.good()) out.flush();
    void* written = nullptr;
    offile_off_t length = 0;
    out.flushBuffer(written, length);
    bytes.append(static_cast<const char*>(written), static_cast<std::size_t>(length));
  }
  dataset.transferEnd();
  EXPECT_TRUE(status.good()) << status.text();
  return bytes;
}

std::string rawDeflate(const std::string& plain) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, plain.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  stream.avail_in = static_cast<uInt>(plain.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// Explicit VR Little Endian element bytes, built by hand where DCMTK would refuse to write them.
std::string element(std::uint16_t group, std::uint16_t tag, const char* vr, std::uint32_t length,
                    bool long_form) {
  std::string bytes;
  auto put16 = [&](std::uint16_t v) {
    bytes.push_back(static_cast<char>(v & 0xFF));
    bytes.push_back(static_cast<char>(v >> 8));
  };
  auto put32 = [&](std::uint32_t v) {
    put16(static_cast<std::uint16_t>(v & 0xFFFF));
    put16(static_cast<std::uint16_t>(v >> 16));
  };
  put16(group);
  put16(tag);
  if (vr == nullptr) {
    put32(length);  // an item or delimiter
    return bytes;
  }
  bytes.append(vr, 2);
  if (long_form) {
    put16(0);
    put32(length);
  } else {
    put16(static_cast<std::uint16_t>(length));
  }
  return bytes;
}

// `levels` sequences of undefined length, each holding one item of undefined length.
std::string nestedSequences(int levels, bool closed) {
  std::string opened;
  std::string closing;
  for (int i = 0; i < levels; ++i) {
    opened += element(0x0008, 0x1140, "SQ", 0xFFFFFFFF, true) +
              element(0xFFFE, 0xE000, nullptr, 0xFFFFFFFF, false);
    closing +=
        element(0xFFFE, 0xE00D, nullptr, 0, false) + element(0xFFFE, 0xE0DD, nullptr, 0, false);
  }
  return closed ? opened + closing : opened;
}

std::optional<std::string> walk(const std::string& bytes, int depth = 32) {
  return walkElements(bytes, ElementEncoding::explicit_little, {depth},
                      [](std::uint16_t, std::uint16_t) { return false; });
}

TEST(ReceivedDatasetTest, AcceptsWellFormedDatasetsInEveryEncoding) {
  DcmDataset d = mrDataset();
  for (const auto xfer :
       {EXS_LittleEndianExplicit, EXS_LittleEndianImplicit, EXS_BigEndianExplicit}) {
    for (const auto lengths : {EET_ExplicitLength, EET_UndefinedLength}) {
      const auto accepted =
          acceptInstance(encode(d, xfer, lengths), xfer, UID_MRImageStorage, kSopInstance, {});
      ASSERT_TRUE(std::holds_alternative<InstanceHeader>(accepted))
          << DcmXfer(xfer).getXferName() << ": " << std::get<DatasetRefusal>(accepted).reason;
      EXPECT_EQ(std::get<InstanceHeader>(accepted).patient_id, "P1");
    }
  }
}

TEST(ReceivedDatasetTest, InflatesADeflatedDatasetAndKeepsItsTransferSyntax) {
  DcmDataset d = mrDataset();
  const std::string deflated = rawDeflate(encode(d, EXS_LittleEndianExplicit, EET_ExplicitLength));
  const auto accepted = acceptInstance(deflated, EXS_DeflatedLittleEndianExplicit,
                                       UID_MRImageStorage, kSopInstance, {});
  ASSERT_TRUE(std::holds_alternative<InstanceHeader>(accepted));
  EXPECT_EQ(std::get<InstanceHeader>(accepted).transfer_syntax_uid,
            UID_DeflatedExplicitVRLittleEndianTransferSyntax);
}

TEST(ReceivedDatasetTest, RefusesADeflatedDatasetThatInflatesPastTheLimit) {
  // 64 MB of zeros in Pixel Data deflate to about 64 kB.
  std::string plain = element(0x7FE0, 0x0010, "OB", 64u << 20, true);
  plain.append(64u << 20, '\0');
  const auto refusal = acceptInstance(rawDeflate(plain), EXS_DeflatedLittleEndianExplicit,
                                      UID_MRImageStorage, kSopInstance, {32, 16u << 20});
  ASSERT_TRUE(std::holds_alternative<DatasetRefusal>(refusal));
  EXPECT_EQ(std::get<DatasetRefusal>(refusal).status, StoreStatus::out_of_resources);
  EXPECT_NE(std::get<DatasetRefusal>(refusal).reason.find("max_instance_mb"), std::string::npos);
}

TEST(ReceivedDatasetTest, RefusesBrokenDeflate) {
  const auto refusal = acceptInstance("this is not deflate", EXS_DeflatedLittleEndianExplicit,
                                      UID_MRImageStorage, kSopInstance, {});
  ASSERT_TRUE(std::holds_alternative<DatasetRefusal>(refusal));
  EXPECT_EQ(std::get<DatasetRefusal>(refusal).status, StoreStatus::cannot_understand);
}

TEST(ReceivedDatasetTest, RefusesAHeaderThatDoesNotMatchTheCommand) {
  DcmDataset d = mrDataset();
  const auto refusal = acceptInstance(encode(d, EXS_LittleEndianExplicit, EET_ExplicitLength),
                                      EXS_LittleEndianExplicit, UID_MRImageStorage, "1.2.3", {});
  ASSERT_TRUE(std::holds_alternative<DatasetRefusal>(refusal));
  EXPECT_EQ(std::get<DatasetRefusal>(refusal).status, StoreStatus::dataset_does_not_match);
}

TEST(ReceivedDatasetTest, RefusesAUidWithASpaceInside) {
  DcmDataset d = mrDataset();
  std::string bytes = encode(d, EXS_LittleEndianExplicit, EET_ExplicitLength);
  const auto at = bytes.find(std::string("\x20\x00\x0D\x00UI", 6));  // Study Instance UID
  ASSERT_NE(at, std::string::npos);
  bytes[at + 8 + 5] = ' ';  // "1.2.8 6...": DCMTK would read it with the space dropped
  const auto refusal =
      acceptInstance(bytes, EXS_LittleEndianExplicit, UID_MRImageStorage, kSopInstance, {});
  ASSERT_TRUE(std::holds_alternative<DatasetRefusal>(refusal));
  EXPECT_EQ(std::get<DatasetRefusal>(refusal).status, StoreStatus::dataset_does_not_match);
}

TEST(ElementWalkTest, BoundsNestingWithoutRecursing) {
  EXPECT_FALSE(walk(nestedSequences(32, true)));
  const auto too_deep = walk(nestedSequences(33, true));
  ASSERT_TRUE(too_deep);
  EXPECT_NE(too_deep->find("max_nesting_depth"), std::string::npos);
  // Far deeper than any recursive parser's stack takes: walked with a depth limit of a million.
  EXPECT_FALSE(walk(nestedSequences(200'000, true), 1'000'000));
}

TEST(ElementWalkTest, RefusesSequencesLeftOpen) {
  EXPECT_TRUE(walk(nestedSequences(3, false)));
}

TEST(ElementWalkTest, RefusesLengthsPastTheEnd) {
  for (const std::uint32_t length : {8u, 0x7FFFFFFEu, 0xFFFFFFF0u}) {
    const auto reason = walk(element(0x0010, 0x0010, "OB", length, true) + "1234");
    ASSERT_TRUE(reason) << length;
    EXPECT_NE(reason->find("past the end"), std::string::npos) << *reason;
  }
}

TEST(ElementWalkTest, RefusesOddLengthsUnknownVrsAndStrayItems) {
  EXPECT_TRUE(walk(element(0x0010, 0x0010, "PN", 3, false) + "ABC"));
  EXPECT_TRUE(walk(element(0x0010, 0x0010, "QQ", 2, false) + "AB"));
  EXPECT_TRUE(walk(element(0xFFFE, 0xE000, nullptr, 0, false)));
  EXPECT_TRUE(walk(element(0x0010, 0x0010, "PN", 0xFFFFFFFF, true)));
}

TEST(ElementWalkTest, ChecksEncapsulatedFragments) {
  const std::string start =
      element(0x7FE0, 0x0010, "OB", 0xFFFFFFFF, true) + element(0xFFFE, 0xE000, nullptr, 0, false);
  const std::string end = element(0xFFFE, 0xE0DD, nullptr, 0, false);
  EXPECT_FALSE(walk(start + element(0xFFFE, 0xE000, nullptr, 4, false) + "abcd" + end));
  EXPECT_TRUE(walk(start + element(0xFFFE, 0xE000, nullptr, 3, false) + "abc" + end));
  EXPECT_TRUE(walk(start + element(0xFFFE, 0xE000, nullptr, 4, false) + "abcd"));
}

TEST(ElementWalkTest, EveryTruncationOfAnElementIsRefused) {
  DcmDataset d = mrDataset();
  const std::string whole = encode(d, EXS_LittleEndianExplicit, EET_UndefinedLength);
  ASSERT_FALSE(walk(whole));
  // The last element is Pixel Data (8 bytes of value): every cut inside it is refused.
  for (std::size_t cut = whole.size() - 19; cut < whole.size(); ++cut) {
    EXPECT_TRUE(walk(whole.substr(0, cut))) << "cut at " << cut << " of " << whole.size();
  }
}

}  // namespace
}  // namespace everynet::dicom::internal
