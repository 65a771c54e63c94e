#include "engine/readout/tumour_change.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

namespace everynet::engine {
namespace {

// A 48x48x32 grid of 1 mm voxels: 1 mL is 1000 voxels.
constexpr std::array<int, 3> kGrid{48, 48, 32};

// A baseline with a tumour of radius 6 mm at (30, 24, 16): a bright rim (0.9) around a dark core
// (0.2), in brain of 0.4 that fills the grid, with a dark ventricle (0.1) around (10, 24, 16).
// Growth enhances from 1.2 x 0.4 = 0.48 on.
struct Scene {
  geometry::Volume baseline = geometry::Volume::zeros(kGrid);
  geometry::Volume brain = geometry::Volume::zeros(kGrid);
  geometry::Volume tumour = geometry::Volume::zeros(kGrid);
  geometry::Volume map = geometry::Volume::zeros(kGrid);
  geometry::Volume followup_lesions =
      geometry::Volume::zeros(kGrid);  // what the follow-up shows as enhancing tumour
  std::vector<std::int8_t> ternary = std::vector<std::int8_t>(48 * 48 * 32, 0);

  Scene() {
    forEach([&](int x, int y, int z) {
      const double r = std::sqrt(sq(x - 30) + sq(y - 24) + sq(z - 16));
      float value = 0.4f;
      if (std::sqrt(sq(x - 10) + sq(y - 24) + sq(z - 16)) < 4) value = 0.1f;
      if (r < 6) {
        value = r < 4 ? 0.2f : 0.9f;
        tumour.at(x, y, z) = 1;
      }
      baseline.at(x, y, z) = value;
      brain.at(x, y, z) = 1;
    });
  }
  static double sq(double v) { return v * v; }
  static void forEach(const std::function<void(int, int, int)>& f) {
    for (int z = 0; z < kGrid[2]; ++z)
      for (int y = 0; y < kGrid[1]; ++y)
        for (int x = 0; x < kGrid[0]; ++x) f(x, y, z);
  }
  // Marks the voxels where `where` holds as changed, with the given map value.
  void change(const std::function<bool(int, int, int)>& where, float value) {
    forEach([&](int x, int y, int z) {
      if (!where(x, y, z)) return;
      map.at(x, y, z) = value;
      ternary[map.index(x, y, z)] = value > 0 ? 1 : -1;
    });
  }
  // Sets the baseline to `value` where `where` holds (oedema, a brighter rim, a vessel).
  void baselineAt(const std::function<bool(int, int, int)>& where, float value) {
    forEach([&](int x, int y, int z) {
      if (where(x, y, z)) baseline.at(x, y, z) = value;
    });
  }
  // Marks the voxels where `where` holds as enhancing tumour on the follow-up.
  void lesionAtFollowup(const std::function<bool(int, int, int)>& where) {
    forEach([&](int x, int y, int z) {
      if (where(x, y, z)) followup_lesions.at(x, y, z) = 1;
    });
  }
  TumourChange readOut(const TumourChangeRules& rules = testRules()) const {
    return tumourRelatedChange(ternary, map, baseline, brain, tumour, followup_lesions, rules);
  }
  static TumourChangeRules testRules() {
    TumourChangeRules rules;
    rules.new_lesion_min_ml = 0.1;  // 100 voxels
    return rules;
  }
};

int count(const std::vector<std::int8_t>& t, std::int8_t value) {
  int n = 0;
  for (auto v : t) n += v == value;
  return n;
}

// Distance from the tumour's centre (mm).
double radius(int x, int y, int z) {
  return std::sqrt(Scene::sq(x - 30) + Scene::sq(y - 24) + Scene::sq(z - 16));
}

// How many voxels of the grid `where` holds for.
int voxelsIn(const std::function<bool(int, int, int)>& where) {
  int n = 0;
  Scene::forEach([&](int x, int y, int z) { n += where(x, y, z); });
  return n;
}

// The voxels whose distance from the tumour's centre lies in [inner, outer).
std::function<bool(int, int, int)> shell(double inner, double outer) {
  return [=](int x, int y, int z) { return radius(x, y, z) >= inner && radius(x, y, z) < outer; };
}

// The same about another centre.
std::function<bool(int, int, int)> shellAbout(std::array<int, 3> centre, double inner,
                                              double outer) {
  return [=](int x, int y, int z) {
    const double r =
        std::sqrt(Scene::sq(x - centre[0]) + Scene::sq(y - centre[1]) + Scene::sq(z - centre[2]));
    return r >= inner && r < outer;
  };
}

bool cube(int x, int y, int z, int x0, int y0, int z0, int edge) {
  return x >= x0 && x < x0 + edge && y >= y0 && y < y0 + edge && z >= z0 && z < z0 + edge;
}

TEST(TumourChangeTest, AGrowthRingAroundTheTumourIsKept) {
  Scene scene;
  scene.change(shell(6, 8), 0.5f);
  scene.lesionAtFollowup(shell(0, 8));
  const int ring = count(scene.ternary, 1);
  const auto result = scene.readOut();
  EXPECT_EQ(count(result.ternary, 1), ring);
  EXPECT_DOUBLE_EQ(result.growth_ml, ring / 1000.0);
  EXPECT_TRUE(result.new_lesions.empty()) << "growth of the tumour is no new lesion";
}

TEST(TumourChangeTest, ChangeAtAVentricleFarFromTheTumourIsDropped) {
  Scene scene;
  // Around the ventricle, 11 mm or more from the tumour's rim: a brightening of 0.2 on
  // ventricle (0.1) and brain (0.4), not enhancing, and a darkening below it.
  scene.change([](int x, int y, int z) { return cube(x, y, z, 6, 20, 12, 8); }, 0.2f);
  scene.change([](int x, int y, int z) { return cube(x, y, z, 6, 20, 22, 6); }, -0.3f);
  ASSERT_GT(count(scene.ternary, 1), 0);
  const auto result = scene.readOut();
  EXPECT_EQ(count(result.ternary, 1), 0);
  EXPECT_EQ(count(result.ternary, -1), 0);
  EXPECT_EQ(result.growth_ml, 0);
  EXPECT_EQ(result.reduction_ml, 0);
  EXPECT_TRUE(result.new_lesions.empty());
}

TEST(TumourChangeTest, GrowthAtALesionOfTheFollowupIsANewLesionCountedWhole) {
  // A lesion of radius 4 mm at (20, 8, 16), 10 mm from the tumour's rim, whose rim the map
  // shows as growth; its core, darker, shows none.
  Scene scene;
  const std::array<int, 3> centre{20, 8, 16};
  scene.change(shellAbout(centre, 3, 4), 0.5f);
  scene.lesionAtFollowup(shellAbout(centre, 0, 4));
  const int lesion = static_cast<int>(
      std::count(scene.followup_lesions.voxels.begin(), scene.followup_lesions.voxels.end(), 1.f));
  const auto result = scene.readOut();
  ASSERT_EQ(result.new_lesions.size(), 1u);
  EXPECT_DOUBLE_EQ(result.new_lesions[0].volume_ml, lesion / 1000.0);
  EXPECT_EQ(result.new_lesions[0].centroid_voxel, (std::array<double, 3>{20, 8, 16}));
  EXPECT_EQ(count(result.ternary, 1), lesion);
  EXPECT_DOUBLE_EQ(result.growth_ml, lesion / 1000.0);

  auto larger_minimum = Scene::testRules();
  larger_minimum.new_lesion_min_ml = 0.5;
  EXPECT_TRUE(scene.readOut(larger_minimum).new_lesions.empty()) << "below the minimum volume";
}

TEST(TumourChangeTest, AFollowupLesionMatchesGrowthWithinTheMatchingDistance) {
  // The follow-up is placed on the baseline's grid only as well as centring the brains does.
  Scene scene;
  scene.change(shellAbout({20, 8, 16}, 3, 4), 0.5f);
  scene.lesionAtFollowup(shellAbout({20, 8, 26}, 0, 4));  // 4 mm beyond the growth
  EXPECT_EQ(scene.readOut().new_lesions.size(), 1u);
  auto closer = Scene::testRules();
  closer.lesion_match_mm = 1;
  EXPECT_TRUE(scene.readOut(closer).new_lesions.empty());
}

TEST(TumourChangeTest, GrowthOrALesionAloneIsNoNewLesion) {
  // Enhancing growth away from the tumour where the follow-up shows no lesion (a vessel, noise
  // in the map), and a lesion of the follow-up where the map shows no change (there before, or
  // not seen by the change model): neither is a new lesion.
  Scene scene;
  scene.change(shellAbout({20, 8, 16}, 3, 4), 0.5f);
  scene.lesionAtFollowup(shellAbout({16, 40, 16}, 0, 4));
  const auto result = scene.readOut();
  EXPECT_TRUE(result.new_lesions.empty());
  EXPECT_EQ(count(result.ternary, 1), 0);
  EXPECT_EQ(result.growth_ml, 0);
}

TEST(TumourChangeTest, TheTumourOnTheFollowupIsNoNewLesion) {
  // The follow-up's tumour, grown by 2 mm, touches the tumour's margin: it is the tumour.
  Scene scene;
  scene.change(shell(6, 8), 0.5f);
  scene.lesionAtFollowup(shell(0, 8));
  EXPECT_TRUE(scene.readOut().new_lesions.empty());
}

TEST(TumourChangeTest, ReductionInsideTheTumourIsKept) {
  Scene scene;
  scene.change(shell(0, 5), -0.5f);
  scene.change([](int x, int y, int z) { return cube(x, y, z, 4, 36, 10, 5); }, -0.5f);  // far
  const int inside = count(scene.ternary, -1) - 125;
  const auto result = scene.readOut();
  EXPECT_EQ(count(result.ternary, -1), inside);
  EXPECT_DOUBLE_EQ(result.reduction_ml, inside / 1000.0);
}

TEST(TumourChangeTest, ARimThatStillEnhancesIsNoReduction) {
  // The rim (0.9) darkens to 0.6 on one side and fades to brain (0.4) on the other: only the
  // faded side, below the enhancing level (0.48), is tumour gone.
  Scene scene;
  scene.change([](int x, int y, int z) { return shell(4, 6)(x, y, z) && x >= 30; }, -0.3f);
  scene.change([](int x, int y, int z) { return shell(4, 6)(x, y, z) && x < 30; }, -0.5f);
  scene.lesionAtFollowup(shell(0, 6));  // the tumour, still enhancing on one side
  const int faded = voxelsIn([](int x, int y, int z) { return shell(4, 6)(x, y, z) && x < 30; });
  const auto result = scene.readOut();
  EXPECT_EQ(count(result.ternary, -1), faded);
  EXPECT_DOUBLE_EQ(result.reduction_ml, faded / 1000.0);
}

TEST(TumourChangeTest, AGrowingTumourGainsItsNewRimAndCoreWithoutReduction) {
  // The rim (radius 4..6) moves out to 8..10: the new rim brightens, the old one becomes core,
  // and so does the brain between them (6..8), unchanged in the map here.
  Scene scene;
  scene.change(shell(4, 6), -0.7f);
  scene.change(shell(8, 10), 0.5f);
  scene.lesionAtFollowup(shell(0, 10));
  const int new_rim = count(scene.ternary, 1);
  const int new_core = voxelsIn(shell(6, 8));
  const auto result = scene.readOut();
  EXPECT_EQ(count(result.ternary, -1), 0);
  EXPECT_EQ(result.reduction_ml, 0);
  EXPECT_EQ(count(result.ternary, 1), new_rim + new_core);
  EXPECT_DOUBLE_EQ(result.growth_ml, (new_rim + new_core) / 1000.0);
}

TEST(TumourChangeTest, WhatGrowthEnclosesOnlyInPlaneIsNoCore) {
  // A square tube of growth beside the tumour, open at both ends along z: the brain inside has
  // growth on four sides but nothing above or below, so it stays unchanged.
  Scene scene;
  const auto wall = [](int x, int y, int z) {
    if (z < 12 || z > 20 || x < 25 || x > 36 || y < 31 || y > 39) return false;
    return x <= 26 || x >= 35 || y <= 32 || y >= 38;
  };
  scene.change(wall, 0.5f);
  scene.lesionAtFollowup(
      [wall](int x, int y, int z) { return wall(x, y, z) || shell(0, 6)(x, y, z); });
  const int walls = count(scene.ternary, 1);
  const auto result = scene.readOut();
  EXPECT_EQ(count(result.ternary, 1), walls);
}

TEST(TumourChangeTest, AShrinkingTumourLosesItsOldRimAndCoreWithoutGrowth) {
  // The rim (radius 4..6) moves in to 2..3: the old rim fades, the old core brightens where the
  // new rim is and stays dark between 3 and 4, where the map shows no change. The follow-up
  // shows a tumour of radius 3: all of the old tumour outside it is gone.
  Scene scene;
  scene.change(shell(4, 6), -0.5f);
  scene.change(shell(2, 3), 0.7f);
  scene.lesionAtFollowup(shell(0, 3));
  const int gone = voxelsIn(shell(3, 6));
  const auto result = scene.readOut();
  EXPECT_EQ(count(result.ternary, 1), 0);
  EXPECT_EQ(result.growth_ml, 0);
  EXPECT_EQ(count(result.ternary, -1), gone);
  EXPECT_DOUBLE_EQ(result.reduction_ml, gone / 1000.0);
}

TEST(TumourChangeTest, ACoreThatEnhancesIsNoGrowth) {
  // The dark core (radius < 4) fills with enhancing tumour; the rim stays: the tumour, counted
  // with its core, keeps its volume.
  Scene scene;
  scene.change(shell(0, 4), 0.7f);
  const auto result = scene.readOut();
  EXPECT_EQ(count(result.ternary, 1), 0);
  EXPECT_EQ(result.growth_ml, 0);
  EXPECT_EQ(result.reduction_ml, 0);
}

TEST(TumourChangeTest, ResolvingOedemaAroundAShrinkingTumourIsNoGrowth) {
  // Oedema (0.25) around the rim; the rim fades to brain and the oedema brightens back to brain
  // (0.4), and the follow-up shows no tumour: the tumour is gone, rim and core, and nothing grew.
  Scene scene;
  scene.baselineAt(shell(6, 9), 0.25f);
  scene.change(shell(4, 6), -0.5f);
  scene.change(shell(6, 9), 0.15f);
  const int tumour = voxelsIn(shell(0, 6));
  const auto result = scene.readOut();
  EXPECT_EQ(result.growth_ml, 0);
  EXPECT_EQ(count(result.ternary, -1), tumour) << "no growth encloses the faded rim";
  EXPECT_DOUBLE_EQ(result.reduction_ml, tumour / 1000.0);

  auto every_growth = Scene::testRules();
  every_growth.growth_share_at_followup_tumour = 0;
  EXPECT_GT(scene.readOut(every_growth).growth_ml, 0) << "read as growth without the rule";
}

TEST(TumourChangeTest, EnhancingGrowthAwayFromTheFollowupsTumourIsNoGrowth) {
  // The tumour shrinks to radius 3; its oedema (0.25) brightens to 0.5, past the enhancing level,
  // where the coil's bias field lifts the white matter it returns to. The follow-up's tumour is
  // 3 mm and more from it, beyond the matching distance: the tumour shrank, nothing grew.
  Scene scene;
  scene.baselineAt(shell(6, 10), 0.25f);
  scene.change(shell(3, 6), -0.5f);
  scene.change(shell(9, 10), 0.25f);
  scene.lesionAtFollowup(shell(0, 3));
  EXPECT_EQ(scene.readOut().growth_ml, 0);
  EXPECT_GT(scene.readOut().reduction_ml, 0);

  auto without = Scene::testRules();
  without.growth_share_at_followup_tumour = 0;
  EXPECT_GT(scene.readOut(without).growth_ml, 0) << "read as growth without the rule";
}

TEST(TumourChangeTest, GrowthAtTheFollowupsTumourCountsThoughItDoesNotEnhance) {
  // A rim of 0.6, 1.5 times white matter (0.4), as on the phantom's T1ce, moves out over its
  // oedema (0.25), which rises to 0.46 only, below the enhancing level of 1.2 x 0.4: a 5 mm
  // follow-up slice averages the new rim with its core and the brain beside it. The follow-up's
  // tumour reaches out to it: the tumour grew.
  Scene scene;
  scene.baselineAt(shell(4, 6), 0.6f);
  scene.baselineAt(shell(6, 9), 0.25f);
  scene.change(shell(6, 9), 0.21f);
  scene.lesionAtFollowup(shell(0, 9));
  const int grown = voxelsIn(shell(6, 9));
  EXPECT_DOUBLE_EQ(scene.readOut().growth_ml, grown / 1000.0);

  auto never = Scene::testRules();
  never.growth_share_at_followup_tumour = 1.1;
  EXPECT_EQ(scene.readOut(never).growth_ml, 0) << "counted by the follow-up's tumour alone";
}

TEST(TumourChangeTest, AVesselThatEnhancesMoreIsNoNewLesion) {
  // A vessel (0.7) away from the tumour and the brain's surface enhances more at follow-up
  // (1.0): bright enough for a new lesion, but it enhanced already.
  Scene scene;
  const auto vessel = [](int x, int y, int z) { return cube(x, y, z, 20, 4, 13, 6); };
  scene.baselineAt(vessel, 0.7f);
  scene.change(vessel, 0.3f);
  scene.lesionAtFollowup(vessel);
  EXPECT_TRUE(scene.readOut().new_lesions.empty());
  auto without_rule = Scene::testRules();
  without_rule.enhancing_over_white_matter = 10;
  EXPECT_EQ(scene.readOut(without_rule).new_lesions.size(), 1u) << "a new lesion without the rule";
}

TEST(TumourChangeTest, ACoreThatGivesWayToBrainIsReduction) {
  // The tumour is gone: its rim fades to brain (0.4) and its core (0.2) brightens to brain.
  Scene scene;
  scene.change(shell(4, 6), -0.5f);
  scene.change(shell(0, 4), 0.2f);
  const int tumour = count(scene.ternary, -1) + count(scene.ternary, 1);
  const auto result = scene.readOut();
  EXPECT_EQ(result.growth_ml, 0);
  EXPECT_EQ(count(result.ternary, -1), tumour);
  EXPECT_DOUBLE_EQ(result.reduction_ml, tumour / 1000.0);
}

TEST(TumourChangeTest, GrowthBesideReductionIsNotEnclosed) {
  // A tumour that grows on one side and shrinks on the other: both count.
  Scene scene;
  scene.change([tumour = shell(0, 6)](int x, int y, int z) { return x < 27 && tumour(x, y, z); },
               -0.5f);
  scene.change([ring = shell(6, 8)](int x, int y, int z) { return x > 33 && ring(x, y, z); }, 0.5f);
  scene.lesionAtFollowup([](int x, int y, int z) {
    return (x >= 27 && shell(0, 6)(x, y, z)) || (x > 33 && shell(6, 8)(x, y, z));
  });
  const int grown = count(scene.ternary, 1);
  const int shrunk = count(scene.ternary, -1);
  const auto result = scene.readOut();
  EXPECT_EQ(count(result.ternary, 1), grown);
  EXPECT_EQ(count(result.ternary, -1), shrunk);
}

TEST(TumourChangeTest, TheMarginIsInMillimetres) {
  // Growth to 0.6 (enhancing; the follow-up's tumour reaches it) 4 voxels beyond the rim: within
  // 5 mm on a 1 mm grid, beyond 5 mm with 2 mm voxels in x (8 mm away).
  Scene scene;
  const auto grown = [](int x, int y, int z) { return cube(x, y, z, 39, 22, 14, 3); };
  scene.change(grown, 0.2f);
  scene.lesionAtFollowup(
      [grown](int x, int y, int z) { return grown(x, y, z) || shell(0, 6)(x, y, z); });
  EXPECT_EQ(count(scene.readOut().ternary, 1), 27);
  for (geometry::Volume* v :
       {&scene.baseline, &scene.brain, &scene.tumour, &scene.map, &scene.followup_lesions})
    v->spacing_mm = {2, 1, 1};
  EXPECT_EQ(count(scene.readOut().ternary, 1), 0);
}

TEST(TumourChangeTest, WithoutABaselineTumourOnlyNewLesionsCount) {
  Scene scene;
  scene.tumour = geometry::Volume::zeros(kGrid);
  scene.change(shellAbout({20, 8, 16}, 3, 4), 0.5f);
  scene.lesionAtFollowup(shellAbout({20, 8, 16}, 0, 4));
  scene.change([](int x, int y, int z) { return cube(x, y, z, 20, 30, 13, 6); }, 0.5f);
  scene.change([](int x, int y, int z) { return cube(x, y, z, 4, 36, 4, 5); }, -0.5f);
  const auto result = scene.readOut();
  ASSERT_EQ(result.new_lesions.size(), 1u) << "growth without a follow-up lesion is none";
  EXPECT_DOUBLE_EQ(result.new_lesions[0].centroid_voxel[1], 8);
  EXPECT_EQ(count(result.ternary, -1), 0);
}

TEST(TumourChangeTest, RefusesInputsOnDifferentGrids) {
  Scene scene;
  scene.tumour = geometry::Volume::zeros({48, 48, 16});
  EXPECT_THROW(scene.readOut(), std::invalid_argument);
  Scene other_lesions;
  other_lesions.followup_lesions = geometry::Volume::zeros({48, 48, 16});
  EXPECT_THROW(other_lesions.readOut(), std::invalid_argument);
  Scene short_ternary;
  short_ternary.ternary.pop_back();
  EXPECT_THROW(short_ternary.readOut(), std::invalid_argument);
}

}  // namespace
}  // namespace everynet::engine
