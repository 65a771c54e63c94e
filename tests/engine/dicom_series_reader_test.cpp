#include "engine/imaging/dicom_series_reader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/mr_series_writer.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace everynet::engine {
namespace {

using namespace std::chrono_literals;
using test::MrSeriesSpec;

MrSeriesSpec smallSeries() {
  MrSeriesSpec spec;
  spec.rows = 24;
  spec.columns = 32;
  spec.slices = 20;
  spec.pixel_spacing_mm = {1.5, 1.0};
  spec.slice_spacing_mm = 2.0;
  return spec;
}

void expectNear(const std::array<double, 3>& actual, const std::array<double, 3>& expected) {
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(actual[i], expected[i], 1e-3) << "axis " << i;
}

TEST(DicomSeriesReaderTest, AKnownPatientPointLandsWhereExpected) {
  test::TempDir dir;
  auto spec = smallSeries();
  spec.image_orientation = {0, 1, 0, 0, 0, -1};  // sagittal: rows run anterior-posterior
  const auto files = test::writeMrSeries(spec, dir.path());
  const auto volume = readDicomSeries(files);
  EXPECT_EQ(volume.image.size, (std::array<int, 3>{32, 24, 20}));
  EXPECT_NEAR(volume.image.spacing_mm[0], 1.0, 1e-6);
  EXPECT_NEAR(volume.image.spacing_mm[1], 1.5, 1e-6);
  EXPECT_NEAR(volume.image.spacing_mm[2], 2.0, 1e-6);
  // The writer centres the volume on the patient origin.
  expectNear(volume.patientPosition(15.5, 11.5, 9.5), {0, 0, 0});
  // Voxel (0, 0, 0): half the extent back along the row, column and normal directions;
  // normal = row x column = (0,1,0) x (0,0,-1) = (-1, 0, 0).
  expectNear(volume.patientPosition(0, 0, 0), {9.5 * 2.0, -15.5 * 1.0, 11.5 * 1.5});
}

TEST(DicomSeriesReaderTest, OrdersSlicesByPositionNotByFile) {
  test::TempDir dir;
  auto spec = smallSeries();
  spec.series_instance_uid = test::newUid();
  const auto ordered = readDicomSeries(test::writeMrSeries(spec, dir.path() / "ordered"));
  spec.shuffled_file_order = true;
  spec.shuffle_seed = 3;
  auto shuffled_files = test::writeMrSeries(spec, dir.path() / "shuffled");
  std::reverse(shuffled_files.begin(), shuffled_files.end());
  const auto shuffled = readDicomSeries(shuffled_files);
  EXPECT_EQ(shuffled.image.voxels, ordered.image.voxels);
  expectNear(shuffled.origin_mm, ordered.origin_mm);
}

std::string refusalOf(const std::vector<std::filesystem::path>& files) {
  try {
    readDicomSeries(files);
  } catch (const SeriesError& error) {
    return error.what();
  }
  return "";
}

TEST(DicomSeriesReaderTest, RefusesWhatIsNotOneRegularMrVolume) {
  test::TempDir dir;
  auto spec = smallSeries();
  auto files = test::writeMrSeries(spec, dir.path() / "a");

  EXPECT_NE(refusalOf({files.begin(), files.begin() + 15}).find("at least 16"), std::string::npos);

  auto missing = files;
  missing.erase(missing.begin() + 10);
  EXPECT_NE(refusalOf(missing).find("missing slice"), std::string::npos);

  auto duplicated = files;
  duplicated.push_back(files[5]);
  EXPECT_NE(refusalOf(duplicated).find("duplicated slice"), std::string::npos);

  auto other = spec;
  other.image_orientation = {1, 0, 0, 0, 0, -1};
  auto mixed = files;
  mixed.push_back(test::writeMrSeries(other, dir.path() / "b")[0]);
  EXPECT_NE(refusalOf(mixed).find("orientations"), std::string::npos);

  auto bigger = spec;
  bigger.rows = 28;
  auto sizes = files;
  sizes.push_back(test::writeMrSeries(bigger, dir.path() / "c")[0]);
  EXPECT_NE(refusalOf(sizes).find("sizes"), std::string::npos);

  ASSERT_EQ(test::runCommand({"dcmodify", "-nb", "-m", "(0008,0060)=CT", files[3].string()}, 30s)
                .exit_code,
            0);
  EXPECT_NE(refusalOf(files).find("not MR"), std::string::npos);
}

// Replaces the Pixel Data of each file with `bytes` zero bytes: a well-formed file whose pixel data
// is short, as a sender that cut its slices would send.
void shortenPixelData(const std::vector<std::filesystem::path>& files, std::size_t bytes,
                      const std::filesystem::path& scratch) {
  const auto value = scratch / "short-pixel-data.raw";
  std::ofstream(value, std::ios::binary) << std::string(bytes, '\0');
  std::vector<std::string> argv{"dcmodify", "-nb", "-mf", "(7fe0,0010)=" + value.string()};
  for (const auto& file : files) argv.push_back(file.string());
  ASSERT_EQ(test::runCommand(argv, 30s).exit_code, 0);
}

TEST(DicomSeriesReaderTest, RefusesSlicesWhosePixelDataIsShortNamingTheInstanceAndSizes) {
  test::TempDir dir;
  const auto files = test::writeMrSeries(smallSeries(), dir.path() / "series");
  // 24 rows x 32 columns of 16 bits: 1536 bytes a slice. Instance Number follows the file order.
  shortenPixelData({files[5]}, 768, dir.path());
  EXPECT_EQ(refusalOf(files),
            "instance 6 holds 768 bytes of pixel data; Rows × Columns × Bits Allocated × Samples "
            "per Pixel × Number of Frames (24 × 32 × 16 bits × 1 × 1) need 1536");

  shortenPixelData({files[9], files[14]}, 1534, dir.path());
  const std::string refusal = refusalOf(files);
  EXPECT_NE(refusal.find("instance 6 holds 768 bytes"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("(and 2 more of 20 instances)"), std::string::npos) << refusal;
}

TEST(DicomSeriesReaderTest, RefusesEncapsulatedSlicesThatDoNotDecodeToTheirSize) {
  test::TempDir dir;
  const auto native = test::writeMrSeries(smallSeries(), dir.path() / "native");
  // JPEG-LS, RLE and JPEG lossless; then Rows says 28 where each frame holds 24 rows.
  for (const std::string encoder : {"dcmcjpls", "dcmcrle", "dcmcjpeg"}) {
    SCOPED_TRACE(encoder);
    std::vector<std::filesystem::path> files;
    std::vector<std::string> modify{"dcmodify", "-nb", "-m", "(0028,0010)=28"};
    for (const auto& file : native) {
      files.push_back(dir.path() / encoder / file.filename());
      std::filesystem::create_directories(files.back().parent_path());
      ASSERT_EQ(test::runCommand({encoder, file.string(), files.back().string()}, 30s).exit_code,
                0);
      modify.push_back(files.back().string());
    }
    EXPECT_EQ(readDicomSeries(files).image.size, (std::array<int, 3>{32, 24, 20}));
    ASSERT_EQ(test::runCommand(modify, 30s).exit_code, 0);
    const std::string refusal = refusalOf(files);
    EXPECT_NE(refusal.find("instance 1 holds "), std::string::npos) << refusal;
    EXPECT_NE(refusal.find("(28 × 32 × 16 bits × 1 × 1) need 1792"), std::string::npos) << refusal;
  }
}

}  // namespace
}  // namespace everynet::engine
