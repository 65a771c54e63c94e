#include "engine/analysis/baseline_confidence.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

namespace everynet::engine {
namespace {

// A prepared baseline on a 1 mm grid, all brain: grey matter (0.4) in three x-slabs of five and
// white matter (0.5, the preparation's level: twice white matter is 1) in two, so that the brain's
// 85th percentile is white matter. Where `enhancement` > 0, a ball of radius 7 mm at the centre
// with a 2 mm rim at `enhancement` times white matter around a dark core.
struct SyntheticBaseline {
  PreparedScan prepared;
  geometry::PatientVolume tumour;  // the ball, as the estimate would give it
};

constexpr std::array<int, 3> kGrid{40, 40, 24};
constexpr double kWhiteMatter = 0.5;

geometry::PatientVolume onGrid() {
  return {geometry::Volume::zeros(kGrid, {1, 1, 1})};
}

SyntheticBaseline syntheticBaseline(double enhancement, double radius_mm = 7) {
  SyntheticBaseline s{{onGrid(), onGrid()}, onGrid()};
  const std::array<double, 3> centre{kGrid[0] / 2.0, kGrid[1] / 2.0, kGrid[2] / 2.0};
  for (int z = 0; z < kGrid[2]; ++z) {
    for (int y = 0; y < kGrid[1]; ++y) {
      for (int x = 0; x < kGrid[0]; ++x) {
        s.prepared.brain_mask.image.at(x, y, z) = 1;
        float value = (x / 5) % 5 < 3 ? 0.4f : static_cast<float>(kWhiteMatter);
        const double r = std::hypot(x - centre[0], y - centre[1], z - centre[2]);
        if (enhancement > 0 && r <= radius_mm) {
          s.tumour.image.at(x, y, z) = 1;
          value = r > radius_mm - 2 ? static_cast<float>(enhancement * kWhiteMatter) : 0.3f;
        }
        s.prepared.image.image.at(x, y, z) = value;
      }
    }
  }
  return s;
}

geometry::PatientVolume acquiredWithVoxels(std::array<double, 3> spacing_mm) {
  return {geometry::Volume::zeros({4, 4, 4}, spacing_mm)};
}

BaselineConfidence assess(const SyntheticBaseline& s,
                          std::array<double, 3> spacing_mm = {1, 1, 1}) {
  return assessBaselineEstimate(acquiredWithVoxels(spacing_mm), s.prepared, s.tumour);
}

bool mentions(const std::vector<std::string>& reasons, const std::string& words) {
  return reasons.size() == 1 && reasons[0].find(words) != std::string::npos;
}

TEST(BaselineConfidenceTest, ABrightTumourIsUsableAndItsEnhancementMeasured) {
  const auto confidence = assess(syntheticBaseline(1.8));
  EXPECT_TRUE(confidence.usable);
  EXPECT_TRUE(confidence.reasons.empty());
  EXPECT_NEAR(confidence.enhancement_over_white_matter, 1.8, 1e-6);
  EXPECT_NEAR(confidence.estimated_ml, 4.0 / 3 * M_PI * 7 * 7 * 7 / 1000, 0.1);
  EXPECT_DOUBLE_EQ(confidence.slice_thickness_mm, 1);
}

TEST(BaselineConfidenceTest, NoTumourFoundIsUnusable) {
  const auto confidence = assess(syntheticBaseline(0));
  EXPECT_FALSE(confidence.usable);
  EXPECT_TRUE(mentions(confidence.reasons, "no measurable enhancing tumour found on the baseline"));
  EXPECT_EQ(confidence.estimated_ml, 0);
  EXPECT_EQ(confidence.enhancement_over_white_matter, 0);
}

TEST(BaselineConfidenceTest, LessThanRanosSmallestMeasurableLesionIsNoTumour) {
  // A ball of radius 4 mm: about 0.27 mL, however bright.
  EXPECT_FALSE(assess(syntheticBaseline(1.9, 4)).usable);
  EXPECT_TRUE(assess(syntheticBaseline(1.9, 5.5)).usable);  // about 0.7 mL
}

TEST(BaselineConfidenceTest, FaintEnhancementIsUnusableWithItsFigure) {
  const auto confidence = assess(syntheticBaseline(1.3));
  EXPECT_FALSE(confidence.usable);
  EXPECT_TRUE(mentions(confidence.reasons, "faint enhancement, 1.30 times white matter"))
      << confidence.reasons.front();
  EXPECT_TRUE(assess(syntheticBaseline(1.5)).usable);
}

TEST(BaselineConfidenceTest, ThickSlicesAskForClearerEnhancement) {
  const auto thick = assess(syntheticBaseline(1.5), {0.5, 0.5, 5});
  EXPECT_FALSE(thick.usable);
  EXPECT_TRUE(mentions(thick.reasons, "faint enhancement on 5.0 mm slices, 1.50 times white"))
      << thick.reasons.front();
  EXPECT_DOUBLE_EQ(thick.slice_thickness_mm, 5);
  EXPECT_TRUE(assess(syntheticBaseline(1.7), {0.5, 0.5, 5}).usable);
  // 3 mm is not thick; a thick axis other than the slices' counts alike.
  EXPECT_TRUE(assess(syntheticBaseline(1.5), {1, 1, 3}).usable);
  EXPECT_FALSE(assess(syntheticBaseline(1.5), {5, 0.5, 0.5}).usable);
}

TEST(BaselineConfidenceTest, RefusesMasksOffTheWorkingGrid) {
  auto s = syntheticBaseline(1.8);
  s.tumour = acquiredWithVoxels({1, 1, 1});
  EXPECT_THROW(assess(s), std::invalid_argument);
}

TEST(BaselineConfidenceTest, AnUnusableEstimateWithholdsTheClassButKeepsTheChange) {
  const auto confidence = assess(syntheticBaseline(1.3));
  const RanoAssessment measured = assessRano(4.0, 8.0, false);
  const auto withheld = withheldRano(measured, confidence);
  EXPECT_EQ(withheld.rano_class, RanoClass::not_assessable);
  EXPECT_STREQ(toString(withheld.rano_class), "not assessable");
  EXPECT_EQ(withheld.reason, "faint enhancement, 1.30 times white matter");
  EXPECT_DOUBLE_EQ(withheld.change_percent, measured.change_percent);
}

TEST(BaselineConfidenceTest, TheCautionSaysWhatWasFoundWhyAndHowToGetAClass) {
  const auto confidence = assess(syntheticBaseline(1.3));
  const auto caution = unusableBaselineCaution(confidence);
  char found[32];
  std::snprintf(found, sizeof found, "(%.2f mL)", confidence.estimated_ml);
  for (const char* words :
       {static_cast<const char*>(found), "faint enhancement, 1.30 times white matter",
        "modified RANO not assessable",
        "supply a segmentation of the baseline tumour (DICOM SEG) to get a RANO class",
        "with the baseline study", "--baseline-mask"}) {
    EXPECT_NE(caution.find(words), std::string::npos) << words << " in: " << caution;
  }
}

}  // namespace
}  // namespace everynet::engine
