// Secondary Capture heatmaps: validity, stacking geometry, colours where the ternary map changes.
#include <dcmtk/dcmdata/dcdeftag.h>

#include <iostream>

#include "dicom/results/heatmap_writer.h"
#include "results_fixture.h"

namespace everynet::dicom::test {
namespace {

using HeatmapTest = ResultsTest;
constexpr int kFactor = 8;  // 32 columns are enlarged to 256

struct Rgb {
  int r, g, b;
};

Rgb pixel(DcmDataset& dataset, int x, int y) {
  const Uint8* data = nullptr;
  EXPECT_TRUE(dataset.findAndGetUint8Array(DCM_PixelData, data).good());
  const std::size_t offset = 3 * (static_cast<std::size_t>(y) * 32 * kFactor + x);
  return {data[offset], data[offset + 1], data[offset + 2]};
}

// The centre of voxel (i, j) in the enlarged image.
Rgb voxelColour(DcmDataset& dataset, int i, int j) {
  return pixel(dataset, i * kFactor + kFactor / 2, j * kFactor + kFactor / 2);
}

TEST_F(HeatmapTest, WritesOneValidImagePerSliceThatStacksOnTheFollowup) {
  const geometry::PatientVolume image = onFollowup([](int i, int j, int) { return float(i + j); });
  const geometry::PatientVolume changes = ternary();
  const WrittenSeries written =
      writeHeatmapSeries(followup_, {image, changes, nullptr}, options("sc"));
  ASSERT_EQ(written.instances.size(), static_cast<std::size_t>(kSlices));
  std::cout << expectValidDicom(written.instances.front().path);
  for (std::size_t k = 0; k < written.instances.size(); ++k) {
    const auto file = load(written.instances[k].path);
    DcmDataset& dataset = *file->getDataset();
    if (k == 3) expectValidDicom(written.instances[k].path);
    expectSourceContext(dataset, followup_);
    EXPECT_EQ(text(dataset, DCM_SOPClassUID), "1.2.840.10008.5.1.4.1.1.7");
    EXPECT_EQ(text(dataset, DCM_SOPInstanceUID), written.instances[k].sop_instance_uid);
    EXPECT_EQ(text(dataset, DCM_SeriesInstanceUID), written.series_instance_uid);
    EXPECT_EQ(text(dataset, DCM_BurnedInAnnotation), "YES");
    EXPECT_EQ(text(dataset, DCM_FrameOfReferenceUID), followup_.frame_of_reference_uid);
    EXPECT_EQ(text(dataset, DCM_PhotometricInterpretation), "RGB");
    Uint16 rows = 0;
    dataset.findAndGetUint16(DCM_Rows, rows);
    EXPECT_EQ(rows, kRows * kFactor);
    EXPECT_EQ(text(dataset, DCM_ImageOrientationPatient), "1\\0\\0\\0\\1\\0");
    // Pixel spacing 7.5 x 7 mm shrinks 8-fold; pixel (0, 0)'s centre moves 7/16 of a source pixel
    // towards the source pixel's corner.
    EXPECT_EQ(text(dataset, DCM_PixelSpacing), "0.9375\\0.875");
    const double shift = 7.0 / 16.0;
    Float64 x = 0, y = 0, z = 0;
    dataset.findAndGetFloat64(DCM_ImagePositionPatient, x, 0);
    dataset.findAndGetFloat64(DCM_ImagePositionPatient, y, 1);
    dataset.findAndGetFloat64(DCM_ImagePositionPatient, z, 2);
    EXPECT_NEAR(x, -110 - shift * 7.0, 1e-6);
    EXPECT_NEAR(y, -120 - shift * 7.5, 1e-6);
    EXPECT_NEAR(z, followup_.instances[k].image_position_mm[2], 1e-9);
    DcmItem* source = nullptr;
    ASSERT_TRUE(dataset.findAndGetSequenceItem(DCM_SourceImageSequence, source, 0).good());
    EXPECT_EQ(text(*source, DCM_ReferencedSOPInstanceUID), followup_.instances[k].sop_instance_uid);
  }
}

TEST_F(HeatmapTest, SeriesNamesTheMethodThatMadeIt) {
  const geometry::PatientVolume image = onFollowup([](int i, int, int) { return float(i); });
  const WrittenSeries written =
      writeHeatmapSeries(followup_, {image, ternary(), nullptr},
                         methodOptions("sc", 9011, "registration and subtraction"));
  std::cout << expectValidDicom(written.instances.back().path);
  for (const WrittenInstance& instance : written.instances) {
    const auto file = load(instance.path);
    EXPECT_EQ(text(*file->getDataset(), DCM_SeriesDescription),
              "EveryNet change heatmap (registration and subtraction)");
    EXPECT_EQ(text(*file->getDataset(), DCM_SeriesNumber), "9011");
  }
}

TEST_F(HeatmapTest, ColoursGrowthAndReductionAndLeavesTheRestGrey) {
  const geometry::PatientVolume image = onFollowup([](int i, int, int) { return float(i); });
  const geometry::PatientVolume changes = ternary();
  const WrittenSeries written =
      writeHeatmapSeries(followup_, {image, changes, nullptr}, options("sc"));
  const auto slice3 = load(written.instances[3].path);  // has both blocks
  DcmDataset& dataset = *slice3->getDataset();
  ASSERT_TRUE(inGrowthBlock(6, 22, 3));
  const Rgb growth = voxelColour(dataset, 6, 22);
  EXPECT_GT(growth.r, 150);
  EXPECT_GT(growth.r, growth.g + 80);
  EXPECT_GT(growth.r, growth.b + 80);
  ASSERT_TRUE(inReductionBlock(24, 21, 3));
  const Rgb reduction = voxelColour(dataset, 24, 21);
  EXPECT_GT(reduction.b, 150);
  EXPECT_GT(reduction.b, reduction.r + 80);
  const Rgb unchanged = voxelColour(dataset, 16, 16);
  EXPECT_EQ(unchanged.r, unchanged.g);
  EXPECT_EQ(unchanged.g, unchanged.b);
  EXPECT_GT(voxelColour(dataset, 28, 16).r, unchanged.r);  // brighter where the image is
}

TEST_F(HeatmapTest, CarriesLatin1PatientUnchanged) {
  const SourceSeries latin1 = readSourceSeries(writeSeries("latin1", true));
  const geometry::PatientVolume image = onFollowup([](int, int, int) { return 1.0f; });
  const geometry::PatientVolume changes = ternary();
  const WrittenSeries written =
      writeHeatmapSeries(latin1, {image, changes, nullptr}, options("sc-latin1"));
  expectValidDicom(written.instances.front().path);
  const auto file = load(written.instances.front().path);
  expectSourceContext(*file->getDataset(), latin1);
  EXPECT_EQ(text(*file->getDataset(), DCM_PatientName), "M\xfcller^J\xfcrgen");
}

TEST_F(HeatmapTest, RefusesAVolumeOffTheFollowupGrid) {
  geometry::PatientVolume image = onFollowup([](int, int, int) { return 1.0f; });
  const geometry::PatientVolume changes = ternary();
  image.origin_mm[2] += 2.5;
  EXPECT_THROW(writeHeatmapSeries(followup_, {image, changes, nullptr}, options("sc")),
               std::runtime_error);
}

}  // namespace
}  // namespace everynet::dicom::test
