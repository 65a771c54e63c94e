#include "engine/analysis/analysis_cautions.h"

#include <gtest/gtest.h>

namespace everynet::engine {
namespace {

geometry::PatientVolume scanWithVoxels(std::array<double, 3> spacing_mm) {
  return {geometry::Volume::zeros({4, 4, 4}, spacing_mm), {0, 0, 0}, {1, 0, 0, 0, 1, 0, 0, 0, 1}};
}

// The cautions of the classical peer, which adds none of its own: those of the baseline alone.
std::vector<std::string> baselineCautions(std::array<double, 3> spacing_mm,
                                          BaselineVolumeSource source) {
  return analysisCautions(scanWithVoxels(spacing_mm), source,
                          ChangeMethod::registration_subtraction, "cpu");
}

TEST(AnalysisCautionsTest, AnAutomaticEstimateOnThickSlicesIsToBeChecked) {
  const auto cautions = baselineCautions({0.5, 0.5, 5}, BaselineVolumeSource::automatic_estimate);
  ASSERT_EQ(cautions.size(), 1u);
  EXPECT_NE(cautions[0].find("5.0 mm slices"), std::string::npos) << cautions[0];
  EXPECT_NE(cautions[0].find("give a segmentation"), std::string::npos) << cautions[0];
  // Thick along any axis: a sagittal or coronal acquisition too.
  EXPECT_EQ(baselineCautions({5, 0.5, 0.5}, BaselineVolumeSource::automatic_estimate).size(), 1u);
}

TEST(AnalysisCautionsTest, AnEarlierJobsVolumeStillLeavesThePlaceToTheEstimate) {
  EXPECT_EQ(baselineCautions({0.5, 0.5, 5}, BaselineVolumeSource::earlier_job).size(), 1u);
}

TEST(AnalysisCautionsTest, NothingToAddOnThinSlicesOrWithASuppliedSegmentation) {
  EXPECT_TRUE(baselineCautions({1, 1, 3}, BaselineVolumeSource::automatic_estimate).empty());
  EXPECT_TRUE(baselineCautions({0.5, 0.5, 5}, BaselineVolumeSource::supplied_segmentation).empty());
}

TEST(AnalysisCautionsTest, ThePersonalNetworksReadOutIsToBeCheckedWithEveryProfile) {
  const auto on = [](const std::string& profile) {
    const auto cautions =
        analysisCautions(scanWithVoxels({1, 1, 1}), BaselineVolumeSource::supplied_segmentation,
                         ChangeMethod::personal_wgan, profile);
    EXPECT_EQ(cautions.size(), 1u) << profile;
    return cautions.empty() ? std::string() : cautions.front();
  };
  // What the benchmark measured: no growth found with the cpu profile.
  EXPECT_NE(on("cpu").find("found no tumour growth"), std::string::npos) << on("cpu");
  EXPECT_NE(on("cpu").find("rules out neither progression nor response"), std::string::npos)
      << on("cpu");
  EXPECT_NE(on("paper").find("paper profile has not been measured"), std::string::npos)
      << on("paper");
  EXPECT_NE(on("test").find("meant for tests"), std::string::npos) << on("test");
  // With thick slices as well, both are said.
  EXPECT_EQ(
      analysisCautions(scanWithVoxels({0.5, 0.5, 5}), BaselineVolumeSource::automatic_estimate,
                       ChangeMethod::personal_wgan, "cpu")
          .size(),
      2u);
}

}  // namespace
}  // namespace everynet::engine
