#include "engine/readout/change_readout.h"

#include <gtest/gtest.h>

namespace everynet::engine {
namespace {

// A 40^3 map (1 mm voxels) with a cube of `value` and edge `edge` at (x0, y0, z0).
geometry::Volume withCube(int x0, int y0, int z0, int edge, float value,
                          geometry::Volume v = geometry::Volume::zeros({40, 40, 40})) {
  for (int z = z0; z < z0 + edge; ++z)
    for (int y = y0; y < y0 + edge; ++y)
      for (int x = x0; x < x0 + edge; ++x) v.at(x, y, z) = value;
  return v;
}

int count(const std::vector<std::int8_t>& t, std::int8_t value) {
  int n = 0;
  for (auto v : t) n += v == value;
  return n;
}

TEST(ChangeReadoutTest, ThresholdsAtPlusMinus015) {
  geometry::Volume v = withCube(15, 15, 15, 4, 0.16f);
  v = withCube(22, 15, 15, 4, -0.16f, v);
  v = withCube(15, 22, 15, 4, 0.15f, v);  // exactly at the threshold: no change
  const auto t = ternaryMap(v, {});
  EXPECT_EQ(count(t, 1), 64);
  EXPECT_EQ(count(t, -1), 64);
}

TEST(ChangeReadoutTest, ComponentsOf30VoxelsOrFewerAreRemoved) {
  geometry::Volume v = geometry::Volume::zeros({40, 40, 40});
  for (int x = 12; x < 30; ++x) v.at(x, 15, 15) = 0.5f;  // a line of 18 voxels: gone
  const auto small = ternaryMap(v, {0.15f, 30, {10, 10, 10}});
  EXPECT_EQ(count(small, 1), 0);
  geometry::Volume exact = geometry::Volume::zeros({40, 40, 40});
  for (int i = 0; i < 30; ++i) exact.at(12 + i % 15, 20 + i / 15, 20) = 0.5f;  // 30: gone
  EXPECT_EQ(count(ternaryMap(exact, {0.15f, 30, {10, 10, 10}}), 1), 0);
  exact.at(12, 22, 20) = 0.5f;  // 31 connected voxels (diagonal contact counts): kept
  EXPECT_EQ(count(ternaryMap(exact, {0.15f, 30, {10, 10, 10}}), 1), 31);
}

TEST(ChangeReadoutTest, TheOuter10VoxelsAreIgnored) {
  const geometry::Volume v = withCube(0, 0, 0, 12, 0.9f);  // 12^3, mostly in the border
  const auto t = ternaryMap(v, {0.15f, 0, {10, 10, 10}});
  EXPECT_EQ(count(t, 1), 8) << "only the 2x2x2 corner inside the border counts";
}

TEST(ChangeReadoutTest, TheBorderIsSetPerDimension) {
  const geometry::Volume v = withCube(0, 0, 0, 40, 0.9f);  // everything grew
  const auto t = ternaryMap(v, {0.15f, 0, {2, 5, 10}});
  EXPECT_EQ(count(t, 1), 36 * 30 * 20);
}

TEST(ChangeReadoutTest, ThePaperGridKeepsThePaperRules) {
  const auto rules = readoutRulesForGrid({256, 256, 128});
  EXPECT_EQ(rules.border, (std::array<int, 3>{10, 10, 10}));
  EXPECT_EQ(rules.max_removed_component, 30);
  EXPECT_FLOAT_EQ(rules.threshold, 0.15f);
}

TEST(ChangeReadoutTest, RulesScaleWithTheGrid) {
  // 128x128x64: half the voxels per dimension, an eighth of the voxels in all; the smallest
  // kept component of 31 voxels becomes 31 / 8 = 3.9, so 4 voxels: 3 or fewer are removed.
  const auto cpu = readoutRulesForGrid({128, 128, 64});
  EXPECT_EQ(cpu.border, (std::array<int, 3>{5, 5, 5}));
  EXPECT_EQ(cpu.max_removed_component, 3);
  // x and y scale with 256, z with 128, each at least 1 voxel.
  const auto flat = readoutRulesForGrid({512, 256, 8});
  EXPECT_EQ(flat.border, (std::array<int, 3>{20, 10, 1}));
  EXPECT_EQ(flat.max_removed_component, 3);  // 31 * 2 / 16 = 3.9
  // Far smaller grids keep every component (the smallest kept is 1 voxel).
  const auto tiny = readoutRulesForGrid({32, 32, 8});
  EXPECT_EQ(tiny.border, (std::array<int, 3>{1, 1, 1}));
  EXPECT_EQ(tiny.max_removed_component, 0);
  EXPECT_THROW(readoutRulesForGrid({0, 32, 8}), std::invalid_argument);
}

TEST(ChangeReadoutTest, VolumesUseThePhysicalVoxelSize) {
  geometry::Volume v = withCube(15, 15, 15, 4, 0.5f);
  v = withCube(25, 25, 25, 3, -0.5f, v);
  v.spacing_mm = {0.5, 0.5, 2.0};  // 0.5 mm^3 = 0.0005 mL per voxel
  const auto change = measureChange(ternaryMap(v, {0.15f, 0, {10, 10, 10}}), v);
  EXPECT_DOUBLE_EQ(change.growth_ml, 64 * 0.0005);
  EXPECT_DOUBLE_EQ(change.reduction_ml, 27 * 0.0005);
  EXPECT_DOUBLE_EQ(change.net_ml(), 37 * 0.0005);
}

TEST(ChangeReadoutTest, GrowthComponentsAreSeparated) {
  geometry::Volume v = withCube(12, 12, 12, 4, 0.5f);
  v = withCube(22, 22, 22, 4, 0.5f, v);
  const auto components = growthComponents(ternaryMap(v, {}), v);
  ASSERT_EQ(components.size(), 2u);
  EXPECT_EQ(components[0].size(), 64u);
}

}  // namespace
}  // namespace everynet::engine
