#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <iostream>
#include <vector>

#include "engine/readout/change_readout.h"
#include "engine/imaging/brain_extraction.h"
#include "engine/imaging/enhancing_tumour.h"
#include "engine/imaging/preprocessing.h"
#include "engine/phantom/longitudinal_phantom.h"

// The automatic tumour estimate on the Colin27 phantom's scans, on their own slices against the
// cpu profile's working grid: baselines acquired on 5 mm slices (seed 108 is the accuracy
// benchmark's, whose brain mask runs on into the orbits; seed 408 a held-out one, whose rim the
// working grid lost), and the lesions of 1 mm follow-ups.

namespace everynet::engine {
namespace {

struct Estimates {
  double on_own_slices_dice = 0;
  double on_working_grid_dice = 0;
};

Estimates estimatesOnFiveMillimetreSlices(std::uint64_t seed) {
  PhantomOptions options;
  options.change = PhantomChange::response;
  options.seed = seed;
  options.baseline_voxel_mm = {1, 1, 5};
  const LongitudinalPhantom phantom(options);
  const auto scan =
      phantom.scan(PhantomVisit::baseline, {PhantomContrast::t1ce, options.baseline_voxel_mm});
  const auto prepared = preparePair(scan.image, scan.image, {128, 128, 64});
  auto truth = resampleOnto(scan.tumour_mask, prepared.baseline.image, Interpolation::linear);
  for (float& voxel : truth.image.voxels) voxel = voxel > 0.5f ? 1.0f : 0.0f;
  return {
      diceCoefficient(estimateEnhancingTumour(scan.image, prepared.baseline).image, truth.image),
      diceCoefficient(estimateEnhancingTumour(prepared.baseline).image, truth.image)};
}

TEST(OwnSlicesEstimateTest, FindsAThickBaselinesTumourWhereTheWorkingGridFailed) {
  for (const std::uint64_t seed : {108, 408}) {
    const auto estimates = estimatesOnFiveMillimetreSlices(seed);
    std::cout << "seed " << seed << ": Dice " << estimates.on_own_slices_dice
              << " on its own slices, " << estimates.on_working_grid_dice
              << " on the working grid\n";
    EXPECT_GT(estimates.on_own_slices_dice, 0.85) << "seed " << seed;
    // What the estimate on the scan's own slices is for.
    EXPECT_LT(estimates.on_working_grid_dice, 0.7) << "seed " << seed;
  }
}

// The lesions of a 0/1 mask (26-connected), as their volumes in mL, largest first.
std::vector<double> lesionVolumesMl(const geometry::PatientVolume& mask) {
  std::vector<std::int8_t> marked(mask.image.voxels.size());
  for (std::size_t i = 0; i < marked.size(); ++i) marked[i] = mask.image.voxels[i] > 0.5f;
  std::vector<double> volumes;
  for (const auto& lesion : growthComponents(marked, mask.image)) {
    volumes.push_back(static_cast<double>(lesion.size()) * mask.image.voxelVolumeMl());
  }
  std::ranges::sort(volumes, std::greater<>());
  return volumes;
}

struct FollowupCase {
  PhantomChange change;
  std::uint64_t seed;
  std::array<double, 3> baseline_voxel_mm;
};

TEST(OwnSlicesEstimateTest, FindsTheFollowupsLesionsAndNoOthers) {
  // 306: a new lesion of 0.69 mL (a sphere of 11 mm, three working slices deep). 503 and 603:
  // no new lesion, but on the working grid's 3.3 mm slices the estimate finds two more, which
  // the read-out took for new lesions of 2.8 and 2.7 mL.
  const FollowupCase cases[] = {{PhantomChange::new_lesion, 306, {1, 1, 1}},
                                {PhantomChange::stable, 503, {0.5, 0.5, 5}},
                                {PhantomChange::response, 603, {1, 1, 1}}};
  for (const auto& [change, seed, baseline_voxel_mm] : cases) {
    PhantomOptions options;
    options.change = change;
    options.seed = seed;
    options.baseline_voxel_mm = baseline_voxel_mm;
    const auto pair = makePhantomPair(options);
    const auto prepared = preparePair(pair.baseline.image, pair.followup.image, {128, 128, 64});
    const auto on_own_slices =
        lesionVolumesMl(findEnhancingLesions(pair.followup.image, prepared.followup));
    const auto on_working_grid = lesionVolumesMl(estimateEnhancingTumour(prepared.followup));
    std::cout << "seed " << seed << ": " << on_own_slices.size() << " lesions on its own slices, "
              << on_working_grid.size() << " on the working grid\n";
    const std::size_t lesions = pair.truth.new_lesion ? 2 : 1;
    ASSERT_EQ(on_own_slices.size(), lesions) << "seed " << seed;
    if (pair.truth.new_lesion) {
      EXPECT_NEAR(on_own_slices[1], pair.truth.new_lesion_ml, 0.2 * pair.truth.new_lesion_ml);
    } else {
      EXPECT_GT(on_working_grid.size(), lesions) << "seed " << seed << ": what own slices are for";
    }
  }
}

}  // namespace
}  // namespace everynet::engine
