#include "results_fixture.h"

#include <dcmtk/dcmdata/dcdeftag.h>

#include <chrono>

#include "dicom/mr_series_writer.h"
#include "tests/support/process.h"

namespace everynet::dicom::test {

using namespace std::chrono_literals;

void ResultsTest::SetUp() {
  followup_files_ = writeSeries("followup", false);
  followup_ = readSourceSeries(followup_files_);
  baseline_ = readSourceSeries(writeSeries("baseline", false));
}

std::vector<std::filesystem::path> ResultsTest::writeSeries(const std::string& directory,
                                                            bool latin1) {
  MrSeries series;
  series.patient = {"Müller^Anna", "EN-7", "TEST HOSPITAL", "19680412", "F"};
  series.study = {"", "20240115", "081500", "ACC7", "MRT Schaedel mit KM", "7"};
  series.header.description = "t1_mprage_tra_KM";
  series.header.contrast_bolus_agent = "Gadovist";
  series.header.scanning_sequence = "GR";
  series.header.sequence_variant = "SP";
  series.header.repetition_time_ms = 2300;
  series.header.echo_time_ms = 2.3;
  series.header.flip_angle_deg = 8;
  series.header.window_width = 1000;
  series.header.window_center = 500;
  series.volume.columns = kColumns;
  series.volume.rows = kRows;
  series.volume.slices = kSlices;
  series.volume.pixel_spacing_mm = {7.5, 7.0};
  series.volume.slice_spacing_mm = 5;
  series.volume.first_slice_position_mm = {-110, -120, -20};
  series.volume.pixels.resize(static_cast<std::size_t>(kColumns) * kRows * kSlices);
  for (std::size_t index = 0; index < series.volume.pixels.size(); ++index) {
    series.volume.pixels[index] = static_cast<std::uint16_t>(index % 1000);
  }
  // Written in reverse order: only the positions give the anatomical order.
  for (int slice = kSlices - 1; slice >= 0; --slice) series.slice_of_file.push_back(slice);
  const auto files = writeMrSeries(series, dir_.path() / directory);
  if (latin1) {
    for (const auto& file : files) {
      DcmFileFormat format;
      EXPECT_TRUE(format.loadFile(file.c_str()).good());
      DcmDataset& dataset = *format.getDataset();
      dataset.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
      dataset.putAndInsertString(DCM_PatientName, "M\xfcller^J\xfcrgen");
      EXPECT_TRUE(format.saveFile(file.c_str(), EXS_LittleEndianExplicit).good());
    }
  }
  return files;
}

bool inGrowthBlock(int i, int j, int k) {
  return i >= 4 && i < 12 && j >= 20 && j < 26 && k >= 2 && k < 5;
}
bool inReductionBlock(int i, int j, int k) {
  return i >= 20 && i < 28 && j >= 20 && j < 24 && k >= 3 && k < 6;
}

geometry::PatientVolume ResultsTest::ternary() const {
  return onFollowup([](int i, int j, int k) {
    return inGrowthBlock(i, j, k) ? 1.0f : inReductionBlock(i, j, k) ? -1.0f : 0.0f;
  });
}

std::string expectValidDicom(const std::filesystem::path& file) {
  const everynet::test::RunResult verified =
      everynet::test::runCommand({"dciodvfy", file.string()}, 60s);
  EXPECT_FALSE(verified.timed_out) << file;
  EXPECT_EQ(verified.output.find("Error"), std::string::npos) << file << ":\n" << verified.output;
  return verified.output;
}

std::unique_ptr<DcmFileFormat> load(const std::filesystem::path& file) {
  auto format = std::make_unique<DcmFileFormat>();
  EXPECT_TRUE(format->loadFile(file.c_str()).good()) << file;
  return format;
}

std::string text(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  item.findAndGetOFStringArray(tag, value);
  return std::string(value.c_str(), value.length());
}

void expectSourceContext(DcmItem& item, const SourceSeries& source) {
  EXPECT_EQ(text(item, DCM_SpecificCharacterSet), source.specific_character_set);
  EXPECT_EQ(text(item, DCM_StudyInstanceUID), source.study_instance_uid);
  for (const SourceAttribute& attribute : source.patient_study_attributes) {
    const DcmTagKey tag(attribute.group, attribute.element);
    EXPECT_EQ(text(item, tag), attribute.value) << DcmTag(tag).getTagName();
  }
  EXPECT_EQ(text(item, DCM_Manufacturer), "EveryNet");
  EXPECT_EQ(text(item, DCM_SoftwareVersions), "0.9.1-test");
  EXPECT_NE(text(item, DCM_SeriesInstanceUID), source.series_instance_uid);
  EXPECT_EQ(text(item, DCM_SeriesNumber), "901");
}

}  // namespace everynet::dicom::test
