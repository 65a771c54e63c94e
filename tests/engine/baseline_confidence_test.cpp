#include "engine/analysis/baseline_confidence.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

namespace everynet::engine {
namespace {

// A synthetic baseline 40 x 40 x 24 mm, all brain: grey matter (0.4) in three x-slabs of 5 mm
// and white matter (0.5) in two, so that the brain's 85th percentile is white matter. Where
// `enhancement` > 0, a ball of radius `radius_mm` at the centre with a 2 mm rim at `enhancement`
// times white matter around a dark core.
using Mm = std::array<double, 3>;  // a position or a spacing, mm

constexpr Mm kExtentMm{40, 40, 24};
constexpr double kWhiteMatter = 0.5;

struct Tumour {
  double enhancement = 0;
  double radius_mm = 7;
};

double relativeSignal(const Mm& mm, const Tumour& tumour) {
  const double r =
      std::hypot(mm[0] - kExtentMm[0] / 2, mm[1] - kExtentMm[1] / 2, mm[2] - kExtentMm[2] / 2);
  if (tumour.enhancement > 0 && r <= tumour.radius_mm) {
    return r > tumour.radius_mm - 2 ? tumour.enhancement * kWhiteMatter : 0.3;
  }
  return static_cast<int>(mm[0]) / 5 % 5 < 3 ? 0.4 : kWhiteMatter;
}

bool insideTumour(const Mm& mm, const Tumour& tumour) {
  return tumour.enhancement > 0 && std::hypot(mm[0] - kExtentMm[0] / 2, mm[1] - kExtentMm[1] / 2,
                                              mm[2] - kExtentMm[2] / 2) <= tumour.radius_mm;
}

// A volume over the extent at this spacing, each voxel `value` of its centre's position (mm).
template <typename Value>
geometry::PatientVolume sampled(Mm spacing_mm, Value value) {
  std::array<int, 3> size{};
  for (int axis = 0; axis < 3; ++axis) {
    size[axis] = static_cast<int>(std::lround(kExtentMm[axis] / spacing_mm[axis]));
  }
  geometry::PatientVolume v{geometry::Volume::zeros(size, spacing_mm)};
  for (int z = 0; z < size[2]; ++z) {
    for (int y = 0; y < size[1]; ++y) {
      for (int x = 0; x < size[0]; ++x) {
        v.image.at(x, y, z) =
            static_cast<float>(value(Mm{x * spacing_mm[0], y * spacing_mm[1], z * spacing_mm[2]}));
      }
    }
  }
  return v;
}

// The scan as acquired (signal of gain 800) at `spacing_mm` and the tumour the estimate would
// draw there; the prepared scan and its brain mask on a 1 mm working grid.
BaselineConfidence assess(const Tumour& tumour, Mm spacing_mm = {1, 1, 1}) {
  const auto acquired =
      sampled(spacing_mm, [&](const Mm& mm) { return 800 * relativeSignal(mm, tumour); });
  const Mm working_mm{1, 1, 1};
  const PreparedScan prepared{
      sampled(working_mm, [&](const Mm& mm) { return relativeSignal(mm, tumour); }),
      sampled(working_mm, [](const Mm&) { return 1.0; })};
  const auto estimate =
      sampled(spacing_mm, [&](const Mm& mm) { return insideTumour(mm, tumour) ? 1.0 : 0.0; });
  return assessBaselineEstimate(acquired, prepared, estimate);
}

bool mentions(const std::vector<std::string>& reasons, const std::string& words) {
  return reasons.size() == 1 && reasons[0].find(words) != std::string::npos;
}

TEST(BaselineConfidenceTest, ABrightTumourIsUsableAndItsEnhancementMeasured) {
  const auto confidence = assess({1.8});
  EXPECT_TRUE(confidence.usable);
  EXPECT_TRUE(confidence.reasons.empty());
  EXPECT_NEAR(confidence.enhancement_over_white_matter, 1.8, 1e-6);
  EXPECT_NEAR(confidence.estimated_ml, 4.0 / 3 * M_PI * 7 * 7 * 7 / 1000, 0.1);
  EXPECT_DOUBLE_EQ(confidence.slice_thickness_mm, 1);
}

TEST(BaselineConfidenceTest, NoTumourFoundIsUnusable) {
  const auto confidence = assess({0});
  EXPECT_FALSE(confidence.usable);
  EXPECT_TRUE(mentions(confidence.reasons, "no measurable enhancing tumour found on the baseline"));
  EXPECT_EQ(confidence.estimated_ml, 0);
  EXPECT_EQ(confidence.enhancement_over_white_matter, 0);
}

TEST(BaselineConfidenceTest, LessThanRanosSmallestMeasurableLesionIsNoTumour) {
  // A ball of radius 4 mm: about 0.27 mL, however bright.
  EXPECT_FALSE(assess({1.9, 4}).usable);
  EXPECT_TRUE(assess({1.9, 5.5}).usable);  // about 0.7 mL
}

TEST(BaselineConfidenceTest, FaintEnhancementIsUnusableWithItsFigure) {
  const auto confidence = assess({1.3});
  EXPECT_FALSE(confidence.usable);
  EXPECT_TRUE(mentions(confidence.reasons, "faint enhancement, 1.30 times white matter"))
      << confidence.reasons.front();
  EXPECT_TRUE(assess({1.5}).usable);
}

TEST(BaselineConfidenceTest, ThickSlicesAreNamedInTheReasonAtTheSameLevel) {
  const auto thick = assess({1.4}, {0.5, 0.5, 5});
  EXPECT_FALSE(thick.usable);
  EXPECT_TRUE(mentions(thick.reasons, "faint enhancement on 5.0 mm slices, 1.40 times white"))
      << thick.reasons.front();
  EXPECT_DOUBLE_EQ(thick.slice_thickness_mm, 5);
  EXPECT_TRUE(assess({1.5}, {0.5, 0.5, 5}).usable);
  EXPECT_FALSE(assess({1.4}, {5, 0.5, 0.5}).usable) << "a thick axis other than the slices'";
}

TEST(BaselineConfidenceTest, RefusesAnEstimateOffTheScansGrid) {
  const auto grid = sampled({1, 1, 1}, [](const Mm&) { return 1.0; });
  const auto other = sampled({2, 2, 2}, [](const Mm&) { return 1.0; });
  EXPECT_THROW(assessBaselineEstimate(grid, {grid, grid}, other), std::invalid_argument);
}

TEST(BaselineConfidenceTest, AnUnusableEstimateWithholdsTheClassButKeepsTheChange) {
  const auto confidence = assess({1.3});
  const RanoAssessment measured = assessRano(4.0, 8.0, false);
  const auto withheld = withheldRano(measured, confidence);
  EXPECT_EQ(withheld.rano_class, RanoClass::not_assessable);
  EXPECT_STREQ(toString(withheld.rano_class), "not assessable");
  EXPECT_EQ(withheld.reason, "faint enhancement, 1.30 times white matter");
  EXPECT_DOUBLE_EQ(withheld.change_percent, measured.change_percent);
}

TEST(BaselineConfidenceTest, TheCautionSaysWhatWasFoundWhyAndHowToGetAClass) {
  const auto confidence = assess({1.3});
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
