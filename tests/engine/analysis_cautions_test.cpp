#include "engine/analysis/analysis_cautions.h"

#include <gtest/gtest.h>

namespace everynet::engine {
namespace {

PatientVolume scanWithVoxels(std::array<double, 3> spacing_mm) {
  return {Volume::zeros({4, 4, 4}, spacing_mm), {0, 0, 0}, {1, 0, 0, 0, 1, 0, 0, 0, 1}};
}

TEST(AnalysisCautionsTest, AnAutomaticEstimateOnThickSlicesIsToBeChecked) {
  const auto cautions =
      analysisCautions(scanWithVoxels({0.5, 0.5, 5}), BaselineVolumeSource::automatic_estimate);
  ASSERT_EQ(cautions.size(), 1u);
  EXPECT_NE(cautions[0].find("5.0 mm slices"), std::string::npos) << cautions[0];
  EXPECT_NE(cautions[0].find("give a segmentation"), std::string::npos) << cautions[0];
  // Thick along any axis: a sagittal or coronal acquisition too.
  EXPECT_EQ(
      analysisCautions(scanWithVoxels({5, 0.5, 0.5}), BaselineVolumeSource::automatic_estimate)
          .size(),
      1u);
}

TEST(AnalysisCautionsTest, AnEarlierJobsVolumeStillLeavesThePlaceToTheEstimate) {
  EXPECT_EQ(
      analysisCautions(scanWithVoxels({0.5, 0.5, 5}), BaselineVolumeSource::earlier_job).size(),
      1u);
}

TEST(AnalysisCautionsTest, NothingToAddOnThinSlicesOrWithASuppliedSegmentation) {
  EXPECT_TRUE(analysisCautions(scanWithVoxels({1, 1, 3}), BaselineVolumeSource::automatic_estimate)
                  .empty());
  EXPECT_TRUE(
      analysisCautions(scanWithVoxels({0.5, 0.5, 5}), BaselineVolumeSource::supplied_segmentation)
          .empty());
}

}  // namespace
}  // namespace everynet::engine
