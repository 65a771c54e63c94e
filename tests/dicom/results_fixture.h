#pragma once

#include <dcmtk/dcmdata/dcfilefo.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "dicom/results/source_series.h"
#include "dicom/results/written_series.h"
#include "engine/geometry/patient_volume.h"
#include "tests/support/temp_dir.h"

namespace everynet::dicom::test {

// Small MR series for the result writers: a follow-up (32 x 32 x 8, ISO_IR 192) and a baseline of
// the same patient in another study, plus a Latin-1 variant of the follow-up.
class ResultsTest : public ::testing::Test {
 protected:
  static constexpr int kColumns = 32;
  static constexpr int kRows = 32;
  static constexpr int kSlices = 8;

  void SetUp() override;

  // Files of a new series in directory; latin1 rewrites patient name and character set as
  // ISO_IR 100 with the name "Müller^Jürgen" in Latin-1 bytes.
  std::vector<std::filesystem::path> writeSeries(const std::string& directory, bool latin1);

  // A volume on the follow-up's grid, filled by value(i, j, k).
  template <typename Fill>
  geometry::PatientVolume onFollowup(Fill value) const {
    geometry::PatientVolume volume = emptyVolumeOn(followup_);
    for (int k = 0; k < volume.image.size[2]; ++k) {
      for (int j = 0; j < volume.image.size[1]; ++j) {
        for (int i = 0; i < volume.image.size[0]; ++i)
          volume.image.voxels[volume.image.index(i, j, k)] = value(i, j, k);
      }
    }
    return volume;
  }
  // +1 in a growth block, -1 in a reduction block.
  geometry::PatientVolume ternary() const;
  ResultSeriesOptions options(const std::string& directory) const {
    return {dir_.path() / directory, 901, "0.9.1-test"};
  }
  // Options of a series that one method made, as the service writes them.
  ResultSeriesOptions methodOptions(const std::string& directory, int series_number,
                                    const std::string& method_name) const {
    return {dir_.path() / directory, series_number, "0.9.1-test", method_name};
  }

  everynet::test::TempDir dir_;
  std::vector<std::filesystem::path> followup_files_;
  SourceSeries followup_;
  SourceSeries baseline_;
};

bool inGrowthBlock(int i, int j, int k);
bool inReductionBlock(int i, int j, int k);

// dciodvfy's output; the test fails when it reports an error.
std::string expectValidDicom(const std::filesystem::path& file);

std::unique_ptr<DcmFileFormat> load(const std::filesystem::path& file);
// The raw value (no character set conversion), several values joined by '\'.
std::string text(DcmItem& item, const DcmTagKey& tag);

// Patient and study attributes and character set equal the source's, byte for byte.
void expectSourceContext(DcmItem& item, const SourceSeries& source);

}  // namespace everynet::dicom::test
