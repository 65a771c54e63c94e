// The longitudinal phantom on Colin27: volume changes per class, determinism, poses, truth masks
// and acquisition geometry. Coarse voxels (3 mm) keep each phantom to about a second.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <set>

#include "engine/phantom/longitudinal_phantom.h"
#include "engine/phantom/phantom_variety.h"

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

// Voxels of a mask whose six neighbours are in it too: away from partial volume at its edge.
std::vector<std::size_t> interior(const geometry::PatientVolume& mask) {
  const geometry::Volume& m = mask.image;
  std::vector<std::size_t> result;
  for (int k = 1; k + 1 < m.size[2]; ++k) {
    for (int j = 1; j + 1 < m.size[1]; ++j) {
      for (int i = 1; i + 1 < m.size[0]; ++i) {
        if (m.at(i, j, k) > 0.5f && m.at(i - 1, j, k) > 0.5f && m.at(i + 1, j, k) > 0.5f &&
            m.at(i, j - 1, k) > 0.5f && m.at(i, j + 1, k) > 0.5f && m.at(i, j, k - 1) > 0.5f &&
            m.at(i, j, k + 1) > 0.5f) {
          result.push_back(m.index(i, j, k));
        }
      }
    }
  }
  return result;
}

double meanAt(const geometry::PatientVolume& image, const std::vector<std::size_t>& at) {
  double sum = 0;
  for (const std::size_t i : at) sum += image.image.voxels[i];
  return sum / static_cast<double>(at.size());
}

// White matter's signal on a T1: the 90th percentile of the brain outside the tumour (white
// matter is the brightest large tissue; grey matter and CSF are darker, vessels few).
double whiteMatterSignal(const PhantomScan& scan) {
  std::vector<float> brain;
  for (std::size_t i = 0; i < scan.image.image.voxels.size(); ++i) {
    if (scan.brain_mask.image.voxels[i] > 0.5f && scan.tumour_mask.image.voxels[i] < 0.5f) {
      brain.push_back(scan.image.image.voxels[i]);
    }
  }
  std::sort(brain.begin(), brain.end());
  return brain[brain.size() * 9 / 10];
}

PhantomOptions kindOptions(PhantomTumour tumour, double enhancement, std::uint64_t seed) {
  PhantomOptions options = coarseOptions(PhantomChange::stable, seed);
  options.tumour = tumour;
  options.enhancement = enhancement;
  return options;
}

TEST(PhantomVarietyNames, RoundTripAndRejectTheUnknown) {
  for (const auto tumour : {PhantomTumour::rim, PhantomTumour::solid, PhantomTumour::multifocal,
                            PhantomTumour::irregular}) {
    EXPECT_EQ(phantomTumourByName(toString(tumour)), tumour);
  }
  for (const auto site : {PhantomSite::deep, PhantomSite::periventricular, PhantomSite::cortical}) {
    EXPECT_EQ(phantomSiteByName(toString(site)), site);
  }
  EXPECT_FALSE(phantomTumourByName("ring").has_value());
  EXPECT_FALSE(phantomSiteByName("frontal").has_value());
}

// A solid tumour's inside is as bright as asked, relative to white matter on the same image.
TEST(PhantomVariety, TheEnhancementIsTheSolidTumoursBrightnessOverWhiteMatter) {
  for (const double enhancement : {1.2, 1.8}) {
    const LongitudinalPhantom phantom(kindOptions(PhantomTumour::solid, enhancement, 4));
    const PhantomScan scan = t1ceScan(phantom, PhantomVisit::baseline);
    const std::vector<std::size_t> inside = interior(scan.tumour_mask);
    ASSERT_GE(inside.size(), 5u);
    const double ratio = meanAt(scan.image, inside) / whiteMatterSignal(scan);
    // The bias field differs a little between the tumour and the brain's average.
    EXPECT_NEAR(ratio, enhancement, 0.1) << enhancement;
  }
}

TEST(PhantomVariety, ASolidTumourHasNoDarkCoreARimTumourHas) {
  const LongitudinalPhantom rim(kindOptions(PhantomTumour::rim, 1.75, 4));
  const LongitudinalPhantom solid(kindOptions(PhantomTumour::solid, 1.75, 4));
  const auto darkShare = [](const PhantomScan& scan) {
    const std::vector<std::size_t> inside = interior(scan.tumour_mask);
    const double white_matter = whiteMatterSignal(scan);
    const double dark = std::count_if(inside.begin(), inside.end(), [&](std::size_t i) {
      return scan.image.image.voxels[i] < white_matter;
    });
    return dark / static_cast<double>(inside.size());
  };
  EXPECT_GT(darkShare(t1ceScan(rim, PhantomVisit::baseline)), 0.2);
  EXPECT_EQ(darkShare(t1ceScan(solid, PhantomVisit::baseline)), 0);
  EXPECT_EQ(solid.truth().baseline_tumour_ml, rim.truth().baseline_tumour_ml)
      << "the same shape, enhancing throughout";
}

// Connected components (6-neighbourhood) of a mask and their volumes (mL).
std::vector<double> componentVolumes(const geometry::PatientVolume& mask) {
  const geometry::Volume& m = mask.image;
  std::vector<int> label(m.voxels.size(), 0);
  std::vector<double> volumes;
  for (std::size_t seed = 0; seed < m.voxels.size(); ++seed) {
    if (m.voxels[seed] < 0.5f || label[seed] != 0) continue;
    volumes.push_back(0);
    std::vector<std::size_t> stack{seed};
    label[seed] = static_cast<int>(volumes.size());
    while (!stack.empty()) {
      const std::size_t at = stack.back();
      stack.pop_back();
      volumes.back() += m.voxelVolumeMl();
      const int i = static_cast<int>(at % m.size[0]);
      const int j = static_cast<int>(at / m.size[0] % m.size[1]);
      const int k = static_cast<int>(at / m.size[0] / m.size[1]);
      for (const auto& [di, dj, dk] : std::vector<std::array<int, 3>>{
               {1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}}) {
        const int a = i + di;
        const int b = j + dj;
        const int c = k + dk;
        if (a < 0 || b < 0 || c < 0 || a >= m.size[0] || b >= m.size[1] || c >= m.size[2]) {
          continue;
        }
        const std::size_t next = m.index(a, b, c);
        if (m.voxels[next] < 0.5f || label[next] != 0) continue;
        label[next] = label[seed];
        stack.push_back(next);
      }
    }
  }
  return volumes;
}

// On 1.5 mm voxels the foci's few mm of brain between them keep them apart.
TEST(PhantomVariety, AMultifocalTumourHasTwoOrThreeFociThatAddUpToTheTruth) {
  std::set<std::size_t> focus_counts;
  for (const std::uint64_t seed : {1, 2, 3}) {
    PhantomOptions options = kindOptions(PhantomTumour::multifocal, 1.75, seed);
    options.change = PhantomChange::progression;
    options.baseline_voxel_mm = {1.5, 1.5, 1.5};
    const LongitudinalPhantom phantom(options);
    const PhantomTruth truth = phantom.truth();
    const std::vector<double> foci =
        componentVolumes(t1ceScan(phantom, PhantomVisit::baseline).tumour_mask);
    EXPECT_GE(foci.size(), 2u) << "seed " << seed;
    EXPECT_LE(foci.size(), 3u) << "seed " << seed;
    focus_counts.insert(foci.size());
    EXPECT_NEAR(std::accumulate(foci.begin(), foci.end(), 0.0), truth.baseline_tumour_ml,
                0.15 * truth.baseline_tumour_ml)
        << "seed " << seed;
    EXPECT_GE(truth.followup_tumour_ml / truth.baseline_tumour_ml, 1.55) << "seed " << seed;
    EXPECT_LE(truth.followup_tumour_ml / truth.baseline_tumour_ml, 2.6) << "seed " << seed;
  }
}

TEST(PhantomVariety, AGappedAcquisitionSpacesItsSlicesByThicknessAndGap) {
  PhantomOptions options = coarseOptions(PhantomChange::progression, 1);
  options.baseline_voxel_mm = {3, 3, 6};
  options.baseline_gap_mm = 3;
  const LongitudinalPhantom phantom(options);
  const PhantomScan gapped =
      phantom.scan(PhantomVisit::baseline, t1ceAcquisition(options, PhantomVisit::baseline));
  EXPECT_EQ(gapped.image.image.spacing_mm, (std::array<double, 3>{3, 3, 9}));
  const PhantomTruth truth = phantom.truth();
  EXPECT_EQ(truth.growth.image.spacing_mm, gapped.image.image.spacing_mm);
  EXPECT_EQ(truth.growth.image.size, gapped.image.image.size);
  // Each voxel stands for its 9 mm of spacing though it saw only 6 mm of it.
  EXPECT_NEAR(maskMl(gapped.tumour_mask), truth.baseline_tumour_ml, 0.5 * truth.baseline_tumour_ml);
  const PhantomScan contiguous =
      phantom.scan(PhantomVisit::baseline, {PhantomContrast::t1ce, {3, 3, 6}});
  EXPECT_EQ(contiguous.image.image.spacing_mm[2], 6);
  EXPECT_GT(contiguous.image.image.size[2], gapped.image.image.size[2]);
}

// On the follow-up's grid: follow-up tumour = baseline tumour moved there + growth - reduction.
TEST(PhantomVariety, TheFollowupTruthMasksAgreeWithTheFollowupTumour) {
  for (const auto change : {PhantomChange::progression, PhantomChange::response}) {
    const auto& phantom = sharedPhantom(change, 3);
    const PhantomTruth truth = phantom.truth();
    const PhantomScan followup = t1ceScan(phantom, PhantomVisit::followup);
    ASSERT_EQ(truth.followup_growth.image.size, followup.tumour_mask.image.size);
    EXPECT_EQ(truth.followup_growth.origin_mm, followup.tumour_mask.origin_mm);
    EXPECT_EQ(truth.followup_reduction.direction, followup.tumour_mask.direction);
    EXPECT_EQ(overlap(truth.followup_growth, followup.tumour_mask),
              overlap(truth.followup_growth, truth.followup_growth))
        << "growth lies in the follow-up tumour";
    EXPECT_EQ(overlap(truth.followup_reduction, followup.tumour_mask), 0u);
    const double net = maskMl(truth.followup_growth) - maskMl(truth.followup_reduction);
    EXPECT_NEAR(maskMl(followup.tumour_mask), truth.baseline_tumour_ml + net,
                0.2 * truth.baseline_tumour_ml + 0.5)
        << toString(change);
    // The two geometries tell the same change.
    EXPECT_NEAR(net, maskMl(truth.growth) - maskMl(truth.reduction), 0.25 * std::abs(net) + 0.5)
        << toString(change);
  }
}

// Shortest distance (mm, between voxel centres) from the tumour mask to a voxel that `is_target`.
double tumourDistanceMm(const PhantomScan& scan,
                        const std::function<bool(std::size_t)>& is_target) {
  const geometry::Volume& tumour = scan.tumour_mask.image;
  std::vector<std::array<int, 3>> tumour_voxels;
  for (int k = 0; k < tumour.size[2]; ++k) {
    for (int j = 0; j < tumour.size[1]; ++j) {
      for (int i = 0; i < tumour.size[0]; ++i) {
        if (tumour.at(i, j, k) > 0.5f) tumour_voxels.push_back({i, j, k});
      }
    }
  }
  double nearest = 1e9;
  for (int k = 0; k < tumour.size[2]; ++k) {
    for (int j = 0; j < tumour.size[1]; ++j) {
      for (int i = 0; i < tumour.size[0]; ++i) {
        if (!is_target(tumour.index(i, j, k))) continue;
        for (const auto& t : tumour_voxels) {
          const double d =
              std::hypot((i - t[0]) * tumour.spacing_mm[0], (j - t[1]) * tumour.spacing_mm[1],
                         (k - t[2]) * tumour.spacing_mm[2]);
          nearest = std::min(nearest, d);
        }
      }
    }
  }
  return nearest;
}

double tumourToBrainEdgeMm(const PhantomScan& scan) {
  return tumourDistanceMm(scan,
                          [&](std::size_t i) { return scan.brain_mask.image.voxels[i] < 0.5f; });
}

// To CSF deep inside the brain (the ventricles, not the sulci: 15 mm of brain on every side),
// dark on native T1, where a solid tumour and its oedema are not.
double tumourToVentricleMm(const LongitudinalPhantom& phantom) {
  const PhantomScan t1 =
      phantom.scan(PhantomVisit::baseline, {PhantomContrast::t1_native, kCoarse});
  const geometry::Volume& brain = t1.brain_mask.image;
  std::vector<float> values;
  for (std::size_t i = 0; i < brain.voxels.size(); ++i) {
    if (brain.voxels[i] > 0.5f) values.push_back(t1.image.image.voxels[i]);
  }
  std::sort(values.begin(), values.end());
  const float dark = 0.35f * values[values.size() / 2];
  const int reach = static_cast<int>(15 / kCoarse[0]);
  const auto deep_inside = [&](int i, int j, int k) {
    for (const auto& [di, dj, dk] : std::vector<std::array<int, 3>>{
             {1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}}) {
      const int a = i + reach * di;
      const int b = j + reach * dj;
      const int c = k + reach * dk;
      if (a < 0 || b < 0 || c < 0 || a >= brain.size[0] || b >= brain.size[1] ||
          c >= brain.size[2] || brain.at(a, b, c) < 0.5f) {
        return false;
      }
    }
    return true;
  };
  return tumourDistanceMm(t1, [&](std::size_t index) {
    const int i = static_cast<int>(index % brain.size[0]);
    const int j = static_cast<int>(index / brain.size[0] % brain.size[1]);
    const int k = static_cast<int>(index / brain.size[0] / brain.size[1]);
    return brain.voxels[index] > 0.5f && t1.image.image.voxels[index] < dark &&
           deep_inside(i, j, k);
  });
}

// A deep tumour keeps only a few mm from the edge too, but mostly lies much deeper.
TEST(PhantomVariety, ACorticalTumourLiesNearTheBrainsSurface) {
  for (const std::uint64_t seed : {2, 3, 4}) {
    PhantomOptions options = coarseOptions(PhantomChange::stable, seed);
    const double deep =
        tumourToBrainEdgeMm(t1ceScan(LongitudinalPhantom(options), PhantomVisit::baseline));
    options.site = PhantomSite::cortical;
    const double cortical =
        tumourToBrainEdgeMm(t1ceScan(LongitudinalPhantom(options), PhantomVisit::baseline));
    // Between voxel centres 3 mm apart: up to 4 mm of brain and a voxel on either side.
    EXPECT_LE(cortical, 12) << "seed " << seed;
    EXPECT_GT(deep, cortical + 3) << "seed " << seed;
  }
}

// Deep tumours often reach the ventricles too; a periventricular one keeps a few mm from them.
TEST(PhantomVariety, APeriventricularTumourLiesNearAVentricle) {
  for (const std::uint64_t seed : {2, 3, 4}) {
    PhantomOptions options = coarseOptions(PhantomChange::stable, seed);
    options.tumour = PhantomTumour::solid;
    options.site = PhantomSite::periventricular;
    // Between voxel centres 3 mm apart: up to 4 mm of brain and a voxel on either side.
    EXPECT_LE(tumourToVentricleMm(LongitudinalPhantom(options)), 9) << "seed " << seed;
  }
}

TEST(PhantomVariety, VariedDrawsAreDeterministicInRangeAndSpanTheKinds) {
  std::set<PhantomTumour> tumours;
  std::set<PhantomSite> sites;
  int different_thickness = 0;
  int gapped = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const PhantomVariety variety = drawPhantomVariety(seed);
    const PhantomVariety again = drawPhantomVariety(seed);
    EXPECT_EQ(variety.baseline_voxel_mm, again.baseline_voxel_mm);
    EXPECT_EQ(variety.enhancement, again.enhancement);
    EXPECT_EQ(variety.tumour, again.tumour);
    tumours.insert(variety.tumour);
    sites.insert(variety.site);
    EXPECT_GE(variety.enhancement, 1.2);
    EXPECT_LE(variety.enhancement, 1.8);
    for (const auto& [voxel, gap] :
         {std::pair{variety.baseline_voxel_mm, variety.baseline_gap_mm},
          std::pair{variety.followup_voxel_mm, variety.followup_gap_mm}}) {
      EXPECT_GE(voxel[0], 0.45);
      EXPECT_LE(voxel[0], 1.2);
      EXPECT_EQ(voxel[0], voxel[1]);
      EXPECT_GE(voxel[2], 1);
      EXPECT_LE(voxel[2], 6);
      EXPECT_GE(gap, 0);
      EXPECT_LE(gap, 1);
      gapped += gap > 0;
    }
    different_thickness += variety.baseline_voxel_mm[2] != variety.followup_voxel_mm[2];
  }
  EXPECT_EQ(tumours.size(), 4u);
  EXPECT_EQ(sites.size(), 3u);
  EXPECT_GT(different_thickness, 30);
  EXPECT_GT(gapped, 5);
  EXPECT_LT(gapped, 60);
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
