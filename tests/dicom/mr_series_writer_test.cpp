// The MR series writer: geometry and header of the files, file order, refusal of bad volumes.
#include "dicom/mr_series_writer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>

#include <numeric>

#include "tests/support/temp_dir.h"

namespace everynet::dicom {
namespace {

MrSeries smallSeries() {
  MrSeries series;
  series.patient = {"Müller^Anna", "ID1", "ISSUER", "19700101", "F"};
  series.study.date = "20240102";
  series.study.time = "080000";
  series.header.number = 7;
  series.header.description = series.header.protocol_name = "t1_se_sag_KM";
  series.header.contrast_bolus_agent = "Gadovist";
  series.header.scanning_sequence = "SE";
  series.header.sequence_variant = "SK";
  series.header.mr_acquisition_type = "2D";
  series.header.repetition_time_ms = 500;
  series.header.echo_time_ms = 10;
  series.header.echo_train_length = 3;
  series.volume.columns = 4;
  series.volume.rows = 3;
  series.volume.slices = 2;
  series.volume.pixel_spacing_mm = {0.5, 0.25};
  series.volume.slice_spacing_mm = 6;
  series.volume.slice_thickness_mm = 5;
  series.volume.image_orientation = {0, 1, 0, 0, 0, -1};  // sagittal: slices advance along -x
  series.volume.first_slice_position_mm = {10, -20, 30};
  series.volume.pixels.resize(4 * 3 * 2);
  std::iota(series.volume.pixels.begin(), series.volume.pixels.end(), 100);
  return series;
}

struct Read {
  DcmFileFormat file;
  DcmDataset& dataset() { return *file.getDataset(); }
  std::string text(const DcmTagKey& tag) {
    OFString value;
    dataset().findAndGetOFStringArray(tag, value);
    return value.c_str();
  }
};

std::unique_ptr<Read> read(const std::filesystem::path& path) {
  auto result = std::make_unique<Read>();
  EXPECT_TRUE(result->file.loadFile(path.c_str()).good()) << path;
  return result;
}

TEST(DicomMrSeriesWriter, WritesOneFilePerSliceWithPositionsAlongTheNormal) {
  test::TempDir dir;
  const MrSeries series = smallSeries();
  const auto files = writeMrSeries(series, dir.path() / "series");
  ASSERT_EQ(files.size(), 2u);
  auto second = read(files[1]);
  EXPECT_EQ(second->text(DCM_ImagePositionPatient), "4\\-20\\30");  // 10 - 6 along -x
  EXPECT_EQ(second->text(DCM_SliceLocation), "-4");
  EXPECT_EQ(second->text(DCM_InstanceNumber), "2");
  EXPECT_EQ(second->text(DCM_PixelSpacing), "0.5\\0.25");
  EXPECT_EQ(second->text(DCM_SliceThickness), "5");
  EXPECT_EQ(second->text(DCM_SpacingBetweenSlices), "6");
  EXPECT_EQ(second->text(DCM_EchoTrainLength), "3");
  EXPECT_EQ(second->text(DCM_SeriesNumber), "7");
  EXPECT_EQ(second->text(DCM_ContrastBolusAgent), "Gadovist");
  EXPECT_EQ(second->text(DCM_PatientName), "Müller^Anna");
  EXPECT_EQ(second->text(DCM_SpecificCharacterSet), "ISO_IR 192");
  const Uint16* pixels = nullptr;
  unsigned long count = 0;
  ASSERT_TRUE(second->dataset().findAndGetUint16Array(DCM_PixelData, pixels, &count).good());
  ASSERT_EQ(count, 12u);
  EXPECT_EQ(pixels[0], 112) << "the second slice starts after the first slice's 12 pixels";
  EXPECT_EQ(pixels[5], 117) << "columns fastest";
}

TEST(DicomMrSeriesWriter, SharesTheGivenUidsAndFollowsTheFileOrder) {
  test::TempDir dir;
  MrSeries series = smallSeries();
  series.study.instance_uid = newUid();
  series.header.instance_uid = newUid();
  series.volume.frame_of_reference_uid = newUid();
  series.slice_of_file = {1, 0};
  const auto files = writeMrSeries(series, dir.path());
  auto first = read(files[0]);
  EXPECT_EQ(first->text(DCM_StudyInstanceUID), series.study.instance_uid);
  EXPECT_EQ(first->text(DCM_SeriesInstanceUID), series.header.instance_uid);
  EXPECT_EQ(first->text(DCM_FrameOfReferenceUID), series.volume.frame_of_reference_uid);
  EXPECT_EQ(first->text(DCM_InstanceNumber), "1");
  EXPECT_EQ(first->text(DCM_ImagePositionPatient), "4\\-20\\30") << "file 1 holds slice 1";
  EXPECT_NE(first->text(DCM_SOPInstanceUID), read(files[1])->text(DCM_SOPInstanceUID));
}

TEST(DicomMrSeriesWriter, LeavesOutContrastAndInversionWhenNotGiven) {
  test::TempDir dir;
  MrSeries series = smallSeries();
  series.header.contrast_bolus_agent.clear();
  auto first = read(writeMrSeries(series, dir.path()).front());
  EXPECT_FALSE(first->dataset().tagExists(DCM_ContrastBolusAgent));
  EXPECT_FALSE(first->dataset().tagExists(DCM_InversionTime));
}

TEST(DicomMrSeriesWriter, RefusesInconsistentVolumes) {
  test::TempDir dir;
  MrSeries too_few_pixels = smallSeries();
  too_few_pixels.volume.pixels.pop_back();
  EXPECT_THROW(writeMrSeries(too_few_pixels, dir.path()), std::runtime_error);
  MrSeries no_rows = smallSeries();
  no_rows.volume.rows = 0;
  EXPECT_THROW(writeMrSeries(no_rows, dir.path()), std::runtime_error);
  MrSeries repeated_slice = smallSeries();
  repeated_slice.slice_of_file = {0, 0};
  EXPECT_THROW(writeMrSeries(repeated_slice, dir.path()), std::runtime_error);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "nothing written for a refused volume";
}

}  // namespace
}  // namespace everynet::dicom
