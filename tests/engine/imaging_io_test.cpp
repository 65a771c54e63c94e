#include <gtest/gtest.h>
#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkPNGImageIO.h>
#include <itkRGBPixel.h>

#include <fstream>
#include <random>
#include <stdexcept>

#include "engine/imaging/nifti_io.h"
#include "engine/imaging/png_writer.h"
#include "tests/support/temp_dir.h"

namespace everynet::engine {
namespace {

// An oblique volume with anisotropic voxels and distinct values.
geometry::PatientVolume obliqueVolume() {
  const double c = std::cos(0.3), s = std::sin(0.3);
  geometry::PatientVolume volume{geometry::Volume::zeros({7, 5, 4}, {0.9, 1.25, 3.5}),
                                 {-12.5, 30.25, 4.0},
                                 {c, 0, s, 0, 1, 0, -s, 0, c}};  // turned about the P axis
  std::mt19937 random(3);
  std::uniform_real_distribution<float> value(-100, 3000);
  for (float& v : volume.image.voxels) v = value(random);
  return volume;
}

TEST(NiftiIoTest, RoundTripKeepsGeometryAndValues) {
  test::TempDir dir;
  const auto volume = obliqueVolume();
  for (const char* name : {"volume.nii", "volume.nii.gz"}) {
    writeNifti(volume, dir.path() / name);
    const auto read = readNifti(dir.path() / name);
    EXPECT_EQ(read.image.size, volume.image.size) << name;
    for (int a = 0; a < 3; ++a) {
      EXPECT_NEAR(read.image.spacing_mm[a], volume.image.spacing_mm[a], 1e-5) << name;
      EXPECT_NEAR(read.origin_mm[a], volume.origin_mm[a], 1e-4) << name;
    }
    for (int i = 0; i < 9; ++i) EXPECT_NEAR(read.direction[i], volume.direction[i], 1e-5) << name;
    EXPECT_EQ(read.image.voxels, volume.image.voxels) << name;
    // The same voxel is at the same patient position.
    const auto before = volume.patientPosition(6, 4, 3);
    const auto after = read.patientPosition(6, 4, 3);
    for (int a = 0; a < 3; ++a) EXPECT_NEAR(after[a], before[a], 1e-4) << name;
  }
}

TEST(NiftiIoTest, SaysWhichFileItCannotReadOrWrite) {
  test::TempDir dir;
  try {
    readNifti(dir.path() / "missing.nii.gz");
    ADD_FAILURE() << "read a missing file";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("missing.nii.gz"), std::string::npos);
  }
  EXPECT_THROW(writeNifti(obliqueVolume(), dir.path() / "volume.png"), std::runtime_error);
  EXPECT_THROW(writeNifti(obliqueVolume(), dir.path() / "no" / "such" / "dir" / "v.nii"),
               std::runtime_error);
}

TEST(PngWriterTest, WritesAPictureThatReadsBackPixelForPixel) {
  test::TempDir dir;
  RgbImage picture{3, 2, {}};
  for (int i = 0; i < 18; ++i) picture.rgb.push_back(static_cast<std::uint8_t>(14 * i + 1));
  const auto file = dir.path() / "picture.png";
  writePng(picture, file);

  using Rgb2d = itk::Image<itk::RGBPixel<std::uint8_t>, 2>;
  auto reader = itk::ImageFileReader<Rgb2d>::New();
  reader->SetImageIO(itk::PNGImageIO::New());
  reader->SetFileName(file.string());
  reader->Update();
  const auto* read = reader->GetOutput();
  ASSERT_EQ(read->GetLargestPossibleRegion().GetSize()[0], 3u);
  ASSERT_EQ(read->GetLargestPossibleRegion().GetSize()[1], 2u);
  for (int y = 0; y < 2; ++y) {
    for (int x = 0; x < 3; ++x) {
      const auto pixel = read->GetPixel({{x, y}});
      for (int channel = 0; channel < 3; ++channel) {
        EXPECT_EQ(pixel[channel], picture.rgb[3 * (3 * y + x) + channel]) << x << "," << y;
      }
    }
  }
}

TEST(PngWriterTest, RefusesAPictureWhoseBytesDoNotMatchItsSize) {
  test::TempDir dir;
  EXPECT_THROW(writePng({4, 4, std::vector<std::uint8_t>(10)}, dir.path() / "p.png"),
               std::runtime_error);
  EXPECT_THROW(writePng({0, 4, {}}, dir.path() / "p.png"), std::runtime_error);
}

}  // namespace
}  // namespace everynet::engine
