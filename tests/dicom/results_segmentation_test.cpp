// The change SEG and the reader of a baseline tumour SEG.
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/dcmseg/segutils.h>

#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "dicom/results/change_segmentation_writer.h"
#include "dicom/results/internal/binary_segmentation.h"
#include "dicom/results/tumour_segmentation_reader.h"
#include "results_fixture.h"

namespace everynet::dicom::test {
namespace {

using SegmentationTest = ResultsTest;

// The frames of one segment as a 0/1 volume in frame order (one frame per slice).
std::vector<float> framesOf(const std::filesystem::path& path, std::size_t segment_number,
                            int columns, int rows) {
  DcmSegmentation* loaded = nullptr;
  EXPECT_TRUE(DcmSegmentation::loadFile(path.c_str(), loaded).good());
  std::unique_ptr<DcmSegmentation> segmentation(loaded);
  OFVector<size_t> frames;
  segmentation->getFramesForSegment(segment_number, frames);
  std::vector<float> voxels;
  for (const size_t frame_number : frames) {
    const DcmIODTypes::Frame* frame = segmentation->getFrame(frame_number);
    std::unique_ptr<DcmIODTypes::Frame> unpacked;
    const Uint8* pixels = frame->pixData;
    if (frame->length < static_cast<std::size_t>(columns) * rows) {
      unpacked.reset(DcmSegUtils::unpackBinaryFrame(frame, static_cast<Uint16>(rows),
                                                    static_cast<Uint16>(columns)));
      pixels = unpacked->pixData;
    }
    for (int index = 0; index < columns * rows; ++index) voxels.push_back(pixels[index] ? 1 : 0);
  }
  return voxels;
}

TEST_F(SegmentationTest, ChangeSegmentationIsValidAndItsFramesAreTheTernaryMap) {
  const geometry::PatientVolume changes = ternary();
  const WrittenSeries written = writeChangeSegmentation(followup_, changes, options("seg"));
  ASSERT_EQ(written.instances.size(), 1u);
  const auto& instance = written.instances.front();
  EXPECT_EQ(instance.sop_class_uid, "1.2.840.10008.5.1.4.1.1.66.4");
  std::cout << expectValidDicom(instance.path);
  const auto file = load(instance.path);
  DcmDataset& dataset = *file->getDataset();
  expectSourceContext(dataset, followup_);
  EXPECT_EQ(text(dataset, DCM_Modality), "SEG");
  EXPECT_EQ(text(dataset, DCM_SeriesDescription), "EveryNet change segmentation");
  EXPECT_EQ(text(dataset, DCM_FrameOfReferenceUID), followup_.frame_of_reference_uid);
  EXPECT_EQ(text(dataset, DCM_NumberOfFrames), std::to_string(2 * kSlices));

  std::vector<float> growth;
  std::vector<float> reduction;
  for (const float value : changes.image.voxels) {
    growth.push_back(value > 0.5f ? 1 : 0);
    reduction.push_back(value < -0.5f ? 1 : 0);
  }
  EXPECT_EQ(framesOf(instance.path, kGrowthSegmentNumber, kColumns, kRows), growth);
  EXPECT_EQ(framesOf(instance.path, kReductionSegmentNumber, kColumns, kRows), reduction);

  // Both segments are enhancing lesion by type: no single tumour segment to read.
  try {
    readTumourSegmentation(instance.path);
    ADD_FAILURE() << "two enhancing-lesion segments were accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("several segments"), std::string::npos)
        << error.what();
  }
}

TEST_F(SegmentationTest, SeriesAndContentNameTheMethodThatMadeThem) {
  const WrittenSeries written = writeChangeSegmentation(
      followup_, ternary(), methodOptions("seg", 9013, "registration and subtraction"));
  const std::filesystem::path path = written.instances.front().path;
  std::cout << expectValidDicom(path);
  const auto file = load(path);
  DcmDataset& dataset = *file->getDataset();
  const std::string description = "EveryNet change segmentation (registration and subtraction)";
  EXPECT_EQ(text(dataset, DCM_SeriesDescription), description);
  EXPECT_EQ(text(dataset, DCM_ContentDescription), description);
  EXPECT_EQ(text(dataset, DCM_SeriesNumber), "9013");
}

TEST_F(SegmentationTest, RefusesADescriptionLongerThanALongString) {
  // "EveryNet enhancing tumour segmentation (registration and subtraction)": 69 characters.
  const ResultSeriesOptions options = methodOptions("tumour", 9014, "registration and subtraction");
  EXPECT_THROW(writeEnhancingTumourSegmentation(
                   followup_, onFollowup([](int, int, int) { return 1.0f; }), options),
               std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(options.directory / "SEG00001.dcm"));
}

TEST_F(SegmentationTest, TumourSegmentationRoundTripsWithItsGeometry) {
  geometry::PatientVolume mask = onFollowup([](int i, int j, int k) {
    return (i - 10) * (i - 10) + (j - 14) * (j - 14) < 16 && k >= 2 && k <= 5 ? 1.0f : 0.0f;
  });
  const WrittenSeries written =
      writeEnhancingTumourSegmentation(followup_, mask, options("tumour"));
  expectValidDicom(written.instances.front().path);
  const TumourSegmentation read = readTumourSegmentation(written.instances.front().path);
  EXPECT_EQ(read.segment_label, "enhancing tumour");
  EXPECT_EQ(read.segment_number, 1);
  EXPECT_EQ(read.study_instance_uid, followup_.study_instance_uid);
  EXPECT_EQ(read.frame_of_reference_uid, followup_.frame_of_reference_uid);
  const geometry::PatientVolume grid = emptyVolumeOn(followup_);
  EXPECT_EQ(read.mask.image.size, grid.image.size);
  for (int axis = 0; axis < 3; ++axis) {
    EXPECT_NEAR(read.mask.image.spacing_mm[axis], grid.image.spacing_mm[axis], 1e-9);
    EXPECT_NEAR(read.mask.origin_mm[axis], grid.origin_mm[axis], 1e-9);
  }
  EXPECT_EQ(read.mask.direction, grid.direction);
  EXPECT_EQ(read.mask.image.voxels, mask.image.voxels);
}

TEST_F(SegmentationTest, RefusesASegmentationWithoutTumour) {
  const geometry::PatientVolume mask =
      onFollowup([](int i, int, int) { return i < 4 ? 1.0f : 0.0f; });
  internal::SegmentSpec oedema{"oedema",
                               "Peritumoural oedema",
                               {"49755003", "SCT", "Morphologically Abnormal Structure"},
                               {"79654002", "SCT", "Edema"},
                               std::nullopt,
                               {0, 255, 0},
                               &mask,
                               [](float value) { return value > 0.5f; }};
  const WrittenSeries written =
      internal::writeBinarySegmentation(followup_, {oedema}, options("oedema"), "oedema", "OEDEMA");
  try {
    readTumourSegmentation(written.instances.front().path);
    ADD_FAILURE() << "a SEG without tumour was accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("no enhancing-tumour segment"), std::string::npos)
        << error.what();
  }
}

// SEGs the fuzzer's harness was given by hand (tests/fuzz/regressions/segmentation): a frame moved
// far off sized a 10 GB mask, or overflowed the slice count; another SOP class leaked in DCMTK.
TEST(SegmentationRegressionTest, HostileSegmentationsAreRefusedBeforeAnythingLarge) {
  const std::filesystem::path dir = EVERYNET_SOURCE_DIR "/tests/fuzz/regressions/segmentation";
  int read = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_THROW(readTumourSegmentation(entry.path()), std::runtime_error) << entry.path();
    ++read;
  }
  EXPECT_GE(read, 3);
}

}  // namespace
}  // namespace everynet::dicom::test
