// Reading what result objects need from an input series: order, geometry, raw patient attributes.
#include <dcmtk/dcmdata/dcdeftag.h>

#include <algorithm>

#include "dicom/results/source_series.h"
#include "results_fixture.h"

namespace everynet::dicom::test {
namespace {

using SourceSeriesTest = ResultsTest;

std::string valueOf(const SourceSeries& series, const DcmTagKey& tag) {
  for (const SourceAttribute& attribute : series.patient_study_attributes) {
    if (attribute.group == tag.getGroup() && attribute.element == tag.getElement()) {
      return attribute.value;
    }
  }
  return "<absent>";
}

TEST_F(SourceSeriesTest, SortsImagesAlongTheNormalWhateverTheFileOrder) {
  ASSERT_EQ(followup_.instances.size(), static_cast<std::size_t>(kSlices));
  for (std::size_t k = 0; k < followup_.instances.size(); ++k) {
    EXPECT_DOUBLE_EQ(followup_.instances[k].image_position_mm[2], -20.0 + 5.0 * k);
    EXPECT_EQ(followup_.instances[k].rows, kRows);
    EXPECT_EQ(followup_.instances[k].columns, kColumns);
  }
  EXPECT_EQ(followup_.modality, "MR");
  EXPECT_EQ(followup_.specific_character_set, "ISO_IR 192");
  EXPECT_EQ(valueOf(followup_, DCM_PatientName), "Müller^Anna");
  EXPECT_EQ(valueOf(followup_, DCM_AccessionNumber), "ACC7");
  EXPECT_EQ(valueOf(followup_, DCM_StudyInstanceUID), followup_.study_instance_uid);
  EXPECT_NE(followup_.study_instance_uid, baseline_.study_instance_uid);
}

TEST_F(SourceSeriesTest, GridHasOneSlicePerImage) {
  const geometry::PatientVolume grid = emptyVolumeOn(followup_);
  EXPECT_EQ(grid.image.size, (std::array<int, 3>{kColumns, kRows, kSlices}));
  EXPECT_DOUBLE_EQ(grid.image.spacing_mm[0], 7.0);  // between columns
  EXPECT_DOUBLE_EQ(grid.image.spacing_mm[1], 7.5);  // between rows
  EXPECT_DOUBLE_EQ(grid.image.spacing_mm[2], 5.0);
  EXPECT_EQ(grid.origin_mm, (std::array<double, 3>{-110, -120, -20}));
  EXPECT_EQ(grid.direction, (std::array<double, 9>{1, 0, 0, 0, 1, 0, 0, 0, 1}));
  EXPECT_EQ(grid.image.voxels.size(), static_cast<std::size_t>(kColumns) * kRows * kSlices);
}

TEST_F(SourceSeriesTest, KeepsLatin1BytesAndCharacterSet) {
  const SourceSeries latin1 = readSourceSeries(writeSeries("latin1", true));
  EXPECT_EQ(latin1.specific_character_set, "ISO_IR 100");
  EXPECT_EQ(valueOf(latin1, DCM_PatientName), "M\xfcller^J\xfcrgen");
}

TEST_F(SourceSeriesTest, RefusesFilesOfTwoSeries) {
  std::vector<std::filesystem::path> files = followup_files_;
  files.push_back(writeSeries("other", false).front());
  EXPECT_THROW(readSourceSeries(files), std::runtime_error);
}

}  // namespace
}  // namespace everynet::dicom::test
