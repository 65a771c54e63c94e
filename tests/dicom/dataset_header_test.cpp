#include "dicom/internal/dataset_header.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <gtest/gtest.h>

#include "dicom/internal/part10_bytes.h"

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
  d.putAndInsertString(DCM_ImageType, "ORIGINAL\\PRIMARY\\M");
  d.putAndInsertString(DCM_RepetitionTime, "2300");
  d.putAndInsertString(DCM_SeriesNumber, "7");
  return d;
}

TEST(DatasetHeaderTest, ReadsWhatTheIndexNeeds) {
  DcmDataset d = mrDataset();
  const auto header = readInstanceHeader(d, UID_MRImageStorage, kSopInstance);
  ASSERT_TRUE(std::holds_alternative<InstanceHeader>(header));
  const auto& h = std::get<InstanceHeader>(header);
  EXPECT_EQ(h.patient_id, "P1");
  EXPECT_EQ(h.image_type, "ORIGINAL\\PRIMARY\\M");
  EXPECT_EQ(h.repetition_time_ms, 2300.0);
  EXPECT_EQ(h.series_number, 7);
  EXPECT_FALSE(h.echo_time_ms.has_value());
}

TEST(DatasetHeaderTest, ConvertsLatin1NamesToUtf8) {
  DcmDataset d = mrDataset();
  d.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
  d.putAndInsertString(DCM_PatientName, "M\xFCller^J\xFCrgen");  // Latin-1 bytes
  const auto header = readInstanceHeader(d, UID_MRImageStorage, kSopInstance);
  EXPECT_EQ(std::get<InstanceHeader>(header).patient_name, "M\xC3\xBCller^J\xC3\xBCrgen");
}

TEST(DatasetHeaderTest, TextInvalidInItsCharacterSetComesOutAsValidUtf8) {
  auto header = [](const char* character_set, const char* name) {
    DcmDataset d = mrDataset();
    if (character_set) d.putAndInsertString(DCM_SpecificCharacterSet, character_set);
    d.putAndInsertString(DCM_PatientName, name);
    d.putAndInsertString(DCM_SeriesDescription, name);
    d.putAndInsertString(DCM_Modality, "M\xFF");
    return std::get<InstanceHeader>(readInstanceHeader(d, UID_MRImageStorage, kSopInstance));
  };
  const auto utf8 = header("ISO_IR 192", "M\xC3\xBCller\xFF\xFE^Anna");
  EXPECT_EQ(utf8.patient_name, "M\xC3\xBCller\xEF\xBF\xBD\xEF\xBF\xBD^Anna");
  EXPECT_EQ(utf8.series_description, utf8.patient_name);
  EXPECT_EQ(utf8.modality, "M\xEF\xBF\xBD");
  EXPECT_EQ(header(nullptr, "M\xFCller").patient_name, "M\xEF\xBF\xBDller");
  EXPECT_EQ(header("NOT A CHARACTER SET", "M\xFCller").patient_name, "M\xEF\xBF\xBDller");
}

TEST(DatasetHeaderTest, RefusesWhatCannotBeStored) {
  auto refusal = [](DcmDataset d, const char* sop_class = UID_MRImageStorage,
                    const char* sop_instance = kSopInstance) {
    const auto header = readInstanceHeader(d, sop_class, sop_instance);
    const auto* error = std::get_if<HeaderError>(&header);
    return error ? error->reason : std::string();
  };
  EXPECT_NE(refusal(mrDataset(), UID_CTImageStorage).find("SOP Class UID"), std::string::npos);
  EXPECT_NE(refusal(mrDataset(), UID_MRImageStorage, "1.2.3").find("SOP Instance UID"),
            std::string::npos);
  DcmDataset no_study = mrDataset();
  no_study.findAndDeleteElement(DCM_StudyInstanceUID);
  EXPECT_NE(refusal(no_study).find("Study Instance UID"), std::string::npos);
  DcmDataset traversal = mrDataset();
  traversal.putAndInsertString(DCM_SeriesInstanceUID, "../../etc");
  EXPECT_NE(refusal(traversal).find("Series Instance UID"), std::string::npos);
}

TEST(DatasetHeaderTest, ValidUidsAreDigitsAndDotsWithoutLeadingZeros) {
  EXPECT_TRUE(isValidUid("1.2.840.10008.5.1.4.1.1.4"));
  EXPECT_TRUE(isValidUid("1.0.2"));
  EXPECT_FALSE(isValidUid(""));
  EXPECT_FALSE(isValidUid("1..2"));
  EXPECT_FALSE(isValidUid("1.2."));
  EXPECT_FALSE(isValidUid(".1"));
  EXPECT_FALSE(isValidUid("1.02"));
  EXPECT_FALSE(isValidUid("1.2/3"));
  EXPECT_FALSE(isValidUid(std::string(65, '1')));
}

TEST(Part10BytesTest, TheSameDatasetEncodesToTheSameBytes) {
  DcmDataset d = mrDataset();
  const std::string first = encodePart10(d);
  const std::string second = encodePart10(d);
  EXPECT_EQ(first, second);
  ASSERT_GT(first.size(), 132u);
  EXPECT_EQ(first.substr(128, 4), "DICM");
  d.putAndInsertString(DCM_PatientID, "P2");
  EXPECT_NE(encodePart10(d), first);
}

}  // namespace
}  // namespace everynet::dicom::internal
