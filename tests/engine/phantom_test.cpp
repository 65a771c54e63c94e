// The longitudinal phantom on Colin27: volume changes per class, determinism, poses, truth masks
// and acquisition geometry. Coarse voxels (3 mm) keep each phantom to about a second.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>

#include "engine/phantom/longitudinal_phantom.h"

namespace everynet::engine {
namespace {

constexpr std::array<double, 3> kCoarse{3, 3, 3};

PhantomOptions coarseOptions(PhantomChange change, std::uint64_t seed) {
  PhantomOptions options;
  options.change = change;
  options.seed = seed;
  options.baseline_voxel_mm = kCoarse;
  options.followup_voxel_mm = kCoarse;
  return options;
}

// Phantoms shared between tests: building one reads the templates (about a second).
const LongitudinalPhantom& sharedPhantom(PhantomChange change, std::uint64_t seed) {
  static std::map<std::pair<PhantomChange, std::uint64_t>, std::unique_ptr<LongitudinalPhantom>>
      phantoms;
  auto& phantom = phantoms[{change, seed}];
  if (!phantom) phantom = std::make_unique<LongitudinalPhantom>(coarseOptions(change, seed));
  return *phantom;
}

PhantomScan t1ceScan(const LongitudinalPhantom& phantom, PhantomVisit visit) {
  const auto& options = phantom.options();
  return phantom.scan(
      visit, {PhantomContrast::t1ce, visit == PhantomVisit::baseline ? options.baseline_voxel_mm
                                                                     : options.followup_voxel_mm});
}

double maskMl(const geometry::PatientVolume& mask) {
  const double voxels = std::count_if(mask.image.voxels.begin(), mask.image.voxels.end(),
                                      [](float v) { return v > 0.5f; });
  return voxels * mask.image.voxelVolumeMl();
}

std::size_t overlap(const geometry::PatientVolume& a, const geometry::PatientVolume& b) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < a.image.voxels.size(); ++i) {
    count += a.image.voxels[i] > 0.5f && b.image.voxels[i] > 0.5f;
  }
  return count;
}

double mean(const std::vector<float>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

TEST(PhantomChangeNames, RoundTripAndRejectTheUnknown) {
  for (const auto change :
       {PhantomChange::progression, PhantomChange::stable, PhantomChange::response,
        PhantomChange::complete, PhantomChange::nochange, PhantomChange::new_lesion}) {
    EXPECT_EQ(phantomChangeByName(toString(change)), change) << toString(change);
  }
  EXPECT_EQ(phantomChangeByName("new"), PhantomChange::new_lesion);
  EXPECT_FALSE(phantomChangeByName("growth").has_value());
}

struct ClassPromise {
  PhantomChange change;
  double min_ratio;
  double max_ratio;
  const char* rano_class;
};

void PrintTo(const ClassPromise& promise, std::ostream* out) {
  *out << toString(promise.change);
}

class PhantomClassTest : public ::testing::TestWithParam<std::tuple<ClassPromise, int>> {};

// The ratios are promised on the continuous shapes; counting 1 mm voxels moves them a little.
TEST_P(PhantomClassTest, ChangesTheTumourVolumeAsPromised) {
  const auto& [promise, seed] = GetParam();
  const PhantomTruth truth = sharedPhantom(promise.change, seed).truth();
  EXPECT_GE(truth.baseline_tumour_ml, 2.5);
  EXPECT_LE(truth.baseline_tumour_ml, 21);
  const double tumour_at_followup = truth.followup_tumour_ml - truth.new_lesion_ml;
  const double ratio = tumour_at_followup / truth.baseline_tumour_ml;
  EXPECT_GE(ratio, promise.min_ratio) << toString(promise.change);
  EXPECT_LE(ratio, promise.max_ratio) << toString(promise.change);
  EXPECT_EQ(truth.rano_class, promise.rano_class);
  EXPECT_EQ(truth.new_lesion, promise.change == PhantomChange::new_lesion);
  if (truth.new_lesion) {
    EXPECT_GE(truth.new_lesion_ml, 0.5);  // measurable: RANO's 10 mm
    EXPECT_LE(truth.new_lesion_ml, 1.7);
  } else {
    EXPECT_EQ(truth.new_lesion_ml, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryClass, PhantomClassTest,
    ::testing::Combine(
        ::testing::Values(ClassPromise{PhantomChange::progression, 1.55, 2.6, "progression"},
                          ClassPromise{PhantomChange::stable, 0.87, 1.13, "stable_disease"},
                          ClassPromise{PhantomChange::response, 0.13, 0.42, "response"},
                          ClassPromise{PhantomChange::complete, 0, 0, "response"},
                          ClassPromise{PhantomChange::nochange, 1, 1, "stable_disease"},
                          ClassPromise{PhantomChange::new_lesion, 0.87, 1.13, "progression"}),
        ::testing::Values(1, 2)),
    [](const auto& info) {
      return std::string(toString(std::get<0>(info.param).change)) + "_seed" +
             std::to_string(std::get<1>(info.param));
    });

TEST(LongitudinalPhantom, IsDeterministicForASeed) {
  const LongitudinalPhantom first(coarseOptions(PhantomChange::progression, 7));
  const LongitudinalPhantom second(coarseOptions(PhantomChange::progression, 7));
  for (const auto visit : {PhantomVisit::baseline, PhantomVisit::followup}) {
    const PhantomScan a = t1ceScan(first, visit);
    const PhantomScan b = t1ceScan(second, visit);
    EXPECT_EQ(a.image.image.voxels, b.image.image.voxels) << toString(visit);
    EXPECT_EQ(a.tumour_mask.image.voxels, b.tumour_mask.image.voxels) << toString(visit);
    EXPECT_EQ(a.image.origin_mm, b.image.origin_mm);
  }
  const PhantomTruth a = first.truth();
  const PhantomTruth b = second.truth();
  EXPECT_EQ(a.baseline_tumour_ml, b.baseline_tumour_ml);
  EXPECT_EQ(a.followup_tumour_ml, b.followup_tumour_ml);
  EXPECT_EQ(a.growth.image.voxels, b.growth.image.voxels);
}

TEST(LongitudinalPhantom, DifferentSeedsMakeDifferentPatients) {
  const PhantomTruth one = sharedPhantom(PhantomChange::progression, 1).truth();
  const PhantomTruth two = sharedPhantom(PhantomChange::progression, 2).truth();
  EXPECT_NE(one.baseline_tumour_ml, two.baseline_tumour_ml);
  const PhantomScan a =
      t1ceScan(sharedPhantom(PhantomChange::progression, 1), PhantomVisit::baseline);
  const PhantomScan b =
      t1ceScan(sharedPhantom(PhantomChange::progression, 2), PhantomVisit::baseline);
  EXPECT_NE(a.image.image.voxels, b.image.image.voxels);
  EXPECT_NE(a.pose.translation_mm, b.pose.translation_mm);
}

TEST(LongitudinalPhantom, TheFollowupIsAcquiredInAnotherPose) {
  for (const auto change : {PhantomChange::progression, PhantomChange::nochange}) {
    const auto& phantom = sharedPhantom(change, 1);
    const PhantomPose baseline = t1ceScan(phantom, PhantomVisit::baseline).pose;
    const PhantomPose followup = t1ceScan(phantom, PhantomVisit::followup).pose;
    double rotation = 0;
    double translation = 0;
    for (int axis = 0; axis < 3; ++axis) {
      rotation += std::pow(followup.rotation_deg[axis] - baseline.rotation_deg[axis], 2);
      translation += std::pow(followup.translation_mm[axis] - baseline.translation_mm[axis], 2);
    }
    // A few degrees and a few mm, as promised.
    EXPECT_GE(std::sqrt(rotation), 1.9) << toString(change);
    EXPECT_LE(std::sqrt(rotation), 5.1) << toString(change);
    EXPECT_GE(std::sqrt(translation), 1.9) << toString(change);
    EXPECT_LE(std::sqrt(translation), 6.1) << toString(change);
  }
}

TEST(LongitudinalPhantom, NochangeDiffersOnlyByAcquisition) {
  const auto& phantom = sharedPhantom(PhantomChange::nochange, 1);
  const PhantomTruth truth = phantom.truth();
  EXPECT_EQ(truth.followup_tumour_ml, truth.baseline_tumour_ml);
  EXPECT_EQ(maskMl(truth.growth), 0);
  EXPECT_EQ(maskMl(truth.reduction), 0);
  const PhantomScan baseline = t1ceScan(phantom, PhantomVisit::baseline);
  const PhantomScan followup = t1ceScan(phantom, PhantomVisit::followup);
  EXPECT_NE(baseline.image.image.voxels, followup.image.image.voxels);
  EXPECT_NEAR(maskMl(followup.tumour_mask), maskMl(baseline.tumour_mask),
              0.25 * maskMl(baseline.tumour_mask));
}

// Mean |follow-up - baseline| over the baseline's brain, inside or outside the follow-up
// tumour's bounding box grown by `margin` voxels (the oedema around it changes too).
double meanDifference(const PhantomScan& baseline, const PhantomScan& followup, int margin,
                      bool inside) {
  const geometry::Volume& tumour = followup.tumour_mask.image;
  const auto& size = tumour.size;
  std::array<int, 3> low = size;
  std::array<int, 3> high{-1, -1, -1};
  for (int k = 0; k < size[2]; ++k) {
    for (int j = 0; j < size[1]; ++j) {
      for (int i = 0; i < size[0]; ++i) {
        if (tumour.at(i, j, k) < 0.5f) continue;
        const std::array<int, 3> at{i, j, k};
        for (int axis = 0; axis < 3; ++axis) {
          low[axis] = std::min(low[axis], at[axis] - margin);
          high[axis] = std::max(high[axis], at[axis] + margin);
        }
      }
    }
  }
  double sum = 0;
  std::size_t count = 0;
  for (int k = 0; k < size[2]; ++k) {
    for (int j = 0; j < size[1]; ++j) {
      for (int i = 0; i < size[0]; ++i) {
        const std::size_t n = tumour.index(i, j, k);
        const bool in_box = i >= low[0] && i <= high[0] && j >= low[1] && j <= high[1] &&
                            k >= low[2] && k <= high[2];
        if (baseline.brain_mask.image.voxels[n] < 0.5f || in_box != inside) continue;
        sum += std::abs(followup.image.image.voxels[n] - baseline.image.image.voxels[n]);
        ++count;
      }
    }
  }
  return sum / static_cast<double>(count);
}

TEST(LongitudinalPhantom, ATumourOnlyFollowupDiffersOnlyInTheTumourAndTheNoise) {
  PhantomOptions options = coarseOptions(PhantomChange::progression, 1);
  options.tumour_only = true;
  const LongitudinalPhantom tumour_only(options);
  const PhantomScan baseline = t1ceScan(tumour_only, PhantomVisit::baseline);
  const PhantomScan followup = t1ceScan(tumour_only, PhantomVisit::followup);
  EXPECT_EQ(followup.pose.rotation_deg, baseline.pose.rotation_deg);
  EXPECT_EQ(followup.pose.translation_mm, baseline.pose.translation_mm);
  ASSERT_EQ(followup.image.origin_mm, baseline.image.origin_mm);
  ASSERT_EQ(followup.image.image.size, baseline.image.image.size);
  EXPECT_EQ(followup.brain_mask.image.voxels, baseline.brain_mask.image.voxels);
  EXPECT_NE(followup.image.image.voxels, baseline.image.image.voxels) << "noise differs";
  const PhantomTruth truth = tumour_only.truth();
  EXPECT_EQ(truth.baseline_tumour_ml,
            sharedPhantom(PhantomChange::progression, 1).truth().baseline_tumour_ml);
  EXPECT_GT(truth.followup_tumour_ml, 1.5 * truth.baseline_tumour_ml);
  EXPECT_EQ(overlap(truth.growth, followup.tumour_mask), overlap(truth.growth, truth.growth))
      << "the growth is where the follow-up's tumour is, as nothing moved";

  // Away from the tumour only the noise differs: a fraction of what pose, gain, bias and warp
  // add in the usual phantom; near the tumour the growth shows.
  const auto& usual = sharedPhantom(PhantomChange::progression, 1);
  const double usual_away = meanDifference(t1ceScan(usual, PhantomVisit::baseline),
                                           t1ceScan(usual, PhantomVisit::followup), 6, false);
  const double away = meanDifference(baseline, followup, 6, false);
  const double near = meanDifference(baseline, followup, 1, true);
  EXPECT_LT(away, usual_away / 3) << away << " vs usual " << usual_away;
  EXPECT_GT(near, 3 * away) << near << " near the tumour vs " << away << " away";
}

TEST(LongitudinalPhantom, TruthMasksAgreeWithTheTumourMasks) {
  for (const auto change : {PhantomChange::progression, PhantomChange::response}) {
    const auto& phantom = sharedPhantom(change, 3);
    const PhantomTruth truth = phantom.truth();
    const PhantomScan baseline = t1ceScan(phantom, PhantomVisit::baseline);
    const PhantomScan followup = t1ceScan(phantom, PhantomVisit::followup);
    ASSERT_EQ(truth.growth.image.size, baseline.tumour_mask.image.size);
    EXPECT_EQ(truth.growth.origin_mm, baseline.tumour_mask.origin_mm);
    EXPECT_EQ(overlap(truth.growth, baseline.tumour_mask), 0u) << toString(change);
    EXPECT_EQ(overlap(truth.reduction, baseline.tumour_mask),
              overlap(truth.reduction, truth.reduction))
        << "reduction outside the baseline tumour";
    // Masks on 3 mm voxels against volumes on the 1 mm model grid.
    EXPECT_NEAR(maskMl(baseline.tumour_mask), truth.baseline_tumour_ml,
                0.25 * truth.baseline_tumour_ml);
    EXPECT_NEAR(maskMl(followup.tumour_mask), truth.followup_tumour_ml,
                0.25 * truth.followup_tumour_ml + 0.3);
    const double net_change = maskMl(truth.growth) - maskMl(truth.reduction);
    EXPECT_NEAR(net_change, truth.followup_tumour_ml - truth.baseline_tumour_ml,
                0.25 * std::abs(truth.followup_tumour_ml - truth.baseline_tumour_ml) + 0.5)
        << toString(change);
    if (change == PhantomChange::progression) {
      EXPECT_GT(maskMl(truth.growth), maskMl(truth.reduction));
    } else {
      EXPECT_GT(maskMl(truth.reduction), maskMl(truth.growth));
    }
  }
}

TEST(LongitudinalPhantom, ACompleteResponseLeavesNoEnhancingTumour) {
  const auto& phantom = sharedPhantom(PhantomChange::complete, 1);
  const PhantomTruth truth = phantom.truth();
  EXPECT_EQ(truth.followup_tumour_ml, 0);
  EXPECT_EQ(maskMl(t1ceScan(phantom, PhantomVisit::followup).tumour_mask), 0);
  EXPECT_EQ(maskMl(truth.growth), 0);
  EXPECT_NEAR(maskMl(truth.reduction), truth.baseline_tumour_ml, 0.25 * truth.baseline_tumour_ml);
}

TEST(LongitudinalPhantom, ThickSlicesHaveTheirOwnGeometryAndCarryTheTruth) {
  PhantomOptions options = coarseOptions(PhantomChange::progression, 1);
  options.baseline_voxel_mm = {1.5, 1.5, 15};
  const LongitudinalPhantom phantom(options);
  const PhantomScan thick = t1ceScan(phantom, PhantomVisit::baseline);
  const PhantomScan iso = t1ceScan(phantom, PhantomVisit::followup);
  EXPECT_EQ(thick.image.image.spacing_mm, options.baseline_voxel_mm);
  EXPECT_EQ(iso.image.image.spacing_mm, kCoarse);
  // The same field of view in-plane; the slices cover the head.
  for (int axis = 0; axis < 2; ++axis) {
    EXPECT_NEAR(thick.image.image.size[axis] * 1.5, iso.image.image.size[axis] * 3.0, 3);
  }
  EXPECT_NEAR(thick.image.image.size[2] * 15.0, iso.image.image.size[2] * 3.0, 15);
  EXPECT_EQ(thick.image.direction, (std::array<double, 9>{1, 0, 0, 0, 1, 0, 0, 0, 1}));
  const PhantomTruth truth = phantom.truth();
  EXPECT_EQ(truth.growth.image.size, thick.image.image.size);
  EXPECT_EQ(truth.growth.image.spacing_mm, options.baseline_voxel_mm);
  EXPECT_GT(maskMl(thick.tumour_mask), 0);
  EXPECT_EQ(overlap(truth.growth, thick.tumour_mask), 0u);
  // Voxels at least half inside along their 15 mm slice profile: roughly the tumour's volume.
  EXPECT_NEAR(maskMl(thick.tumour_mask), truth.baseline_tumour_ml, 0.5 * truth.baseline_tumour_ml);
}

TEST(LongitudinalPhantom, ContrastEnhancesTheRimAndVesselsOnlyOnT1ce) {
  const auto& phantom = sharedPhantom(PhantomChange::progression, 1);
  const PhantomScan t1ce = phantom.scan(PhantomVisit::baseline, {PhantomContrast::t1ce, kCoarse});
  const PhantomScan native =
      phantom.scan(PhantomVisit::baseline, {PhantomContrast::t1_native, kCoarse});
  std::vector<float> tumour_t1ce;
  std::vector<float> tumour_native;
  for (std::size_t i = 0; i < t1ce.image.image.voxels.size(); ++i) {
    if (t1ce.tumour_mask.image.voxels[i] > 0.5f) {
      tumour_t1ce.push_back(t1ce.image.image.voxels[i]);
      tumour_native.push_back(native.image.image.voxels[i]);
    }
  }
  ASSERT_FALSE(tumour_t1ce.empty());
  const auto brightest = [](std::vector<float> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() * 9 / 10];
  };
  // The enhancing rim: clearly brighter after contrast.
  EXPECT_GT(brightest(tumour_t1ce), 1.3 * brightest(tumour_native));
  // Elsewhere the two agree but for the vessels, which are a small part of the head.
  EXPECT_NEAR(mean(t1ce.image.image.voxels), mean(native.image.image.voxels),
              0.05 * mean(native.image.image.voxels));
  for (const auto contrast : {PhantomContrast::t2, PhantomContrast::flair}) {
    const PhantomScan other = phantom.scan(PhantomVisit::baseline, {contrast, kCoarse});
    EXPECT_EQ(other.image.image.size, t1ce.image.image.size);
    EXPECT_NE(other.image.image.voxels, native.image.image.voxels);
    EXPECT_EQ(other.tumour_mask.image.voxels, t1ce.tumour_mask.image.voxels)
        << "series of one visit share the anatomy and pose";
  }
}

TEST(LongitudinalPhantom, RejectsBadVoxelSizesAndMissingTemplates) {
  PhantomOptions options = coarseOptions(PhantomChange::stable, 1);
  options.followup_voxel_mm = {0, 1, 1};
  EXPECT_THROW(LongitudinalPhantom{options}, std::runtime_error);
  options = coarseOptions(PhantomChange::stable, 1);
  options.template_dir = "/nonexistent/templates";
  try {
    LongitudinalPhantom phantom(options);
    FAIL() << "no templates, no phantom";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/templates"), std::string::npos)
        << error.what();
  }
}

TEST(LongitudinalPhantom, MakePhantomPairGivesBothT1ceScansAndTheTruth) {
  const PhantomPair pair = makePhantomPair(coarseOptions(PhantomChange::stable, 5));
  EXPECT_EQ(pair.baseline.image.image.spacing_mm, kCoarse);
  EXPECT_EQ(pair.followup.image.image.spacing_mm, kCoarse);
  EXPECT_GT(maskMl(pair.baseline.tumour_mask), 0);
  EXPECT_EQ(pair.truth.rano_class, "stable_disease");
  const auto [low, high] = std::minmax_element(pair.baseline.image.image.voxels.begin(),
                                               pair.baseline.image.image.voxels.end());
  EXPECT_GE(*low, 0.0f);
  EXPECT_LE(*high, 4095.0f);
}

}  // namespace
}  // namespace everynet::engine
