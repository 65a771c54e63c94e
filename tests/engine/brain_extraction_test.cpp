#include "engine/imaging/brain_extraction.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "engine/imaging/nifti_io.h"
#include "engine/imaging/preprocessing.h"
#include "tests/engine/synthetic_head.h"

namespace everynet::engine {
namespace {

TEST(DiceCoefficientTest, CountsOverlapOfVoxelsAboveOneHalf) {
  geometry::Volume a = geometry::Volume::zeros({4, 1, 1});
  geometry::Volume b = geometry::Volume::zeros({4, 1, 1});
  EXPECT_EQ(diceCoefficient(a, b), 1.0);  // both empty
  a.voxels = {1, 1, 0, 0};
  b.voxels = {0, 1, 1, 0.4f};
  EXPECT_DOUBLE_EQ(diceCoefficient(a, b), 0.5);  // 2 * 1 / (2 + 2)
  b.voxels = {0, 0, 1, 1};
  EXPECT_EQ(diceCoefficient(a, b), 0.0);
  EXPECT_THROW(diceCoefficient(a, geometry::Volume::zeros({2, 2, 1})), std::runtime_error);
}

TEST(BrainExtractionTest, FindsTheBrainOfASyntheticHeadAndCutsTheNerveToTheScalp) {
  test::SyntheticHeadSpec spec;
  spec.yaw_deg = 20;
  spec.brain_centre_mm = {5, -10, 15};
  const auto head = test::makeSyntheticHead(spec);
  const auto mask = extractBrainMask(head.image);
  EXPECT_EQ(mask.image.size, head.image.image.size);
  EXPECT_EQ(mask.origin_mm, head.image.origin_mm);
  EXPECT_GT(diceCoefficient(mask.image, head.brain.image), 0.95);
  // Nothing of the scalp (signal above white matter's, outside the brain) is in the mask.
  std::size_t scalp_in_mask = 0;
  for (std::size_t i = 0; i < mask.image.voxels.size(); ++i) {
    const bool scalp =
        head.brain.image.voxels[i] == 0 && head.image.image.voxels[i] > 1.05 * spec.gain;
    scalp_in_mask += scalp && mask.image.voxels[i] == 1;
  }
  EXPECT_EQ(scalp_in_mask, 0u);
}

// Colin27 (mricron-data): ch2 is the head, ch2bet its brain extracted with BET. On a 2 mm copy to
// keep the test fast; the full 1 mm head measured Dice 0.968.
TEST(BrainExtractionTest, MatchesBetOnColin27) {
  const std::filesystem::path templates = "/usr/share/mricron/templates";
  const auto head = readNifti(templates / "ch2.nii.gz");
  const auto bet = readNifti(templates / "ch2bet.nii.gz");
  const geometry::PatientVolume grid{geometry::Volume::zeros({91, 109, 91}, {2, 2, 2}),
                                     head.origin_mm, head.direction};
  const auto head_2mm = resampleOnto(head, grid, Interpolation::linear);
  auto brain_2mm = resampleOnto(bet, grid, Interpolation::nearest);
  for (float& v : brain_2mm.image.voxels) v = v > 0 ? 1.0f : 0.0f;

  const double dice = diceCoefficient(extractBrainMask(head_2mm).image, brain_2mm.image);
  RecordProperty("dice", std::to_string(dice));
  std::cout << "Dice against ch2bet (2 mm): " << dice << "\n";
  EXPECT_GT(dice, 0.95);
}

}  // namespace
}  // namespace everynet::engine
