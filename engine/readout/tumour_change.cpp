#include "engine/readout/tumour_change.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "engine/readout/change_readout.h"

namespace everynet::engine {
namespace {

bool inside(const geometry::Volume& mask, std::size_t i) {
  return mask.voxels[i] > 0.5f;
}

// Whether voxel (x, y, z) of the mask has a face neighbour outside it (or lies on the grid's
// face): the mask's outer voxel layer.
bool onSurface(const geometry::Volume& mask, int x, int y, int z) {
  constexpr int kFaces[6][3] = {{1, 0, 0},  {-1, 0, 0}, {0, 1, 0},
                                {0, -1, 0}, {0, 0, 1},  {0, 0, -1}};
  for (const auto& d : kFaces) {
    const int px = x + d[0], py = y + d[1], pz = z + d[2];
    if (px < 0 || py < 0 || pz < 0 || px >= mask.size[0] || py >= mask.size[1] ||
        pz >= mask.size[2] || !inside(mask, mask.index(px, py, pz))) {
      return true;
    }
  }
  return false;
}

// The mask grown by `margin_mm` in every direction (an ellipsoid in voxels on an anisotropic
// grid): the tumour's surface voxels stamped with a ball of that radius.
std::vector<bool> dilated(const geometry::Volume& mask, double margin_mm) {
  std::vector<std::array<int, 3>> ball;
  std::array<int, 3> reach{};
  for (int i = 0; i < 3; ++i) reach[i] = static_cast<int>(margin_mm / mask.spacing_mm[i]);
  for (int dz = -reach[2]; dz <= reach[2]; ++dz)
    for (int dy = -reach[1]; dy <= reach[1]; ++dy)
      for (int dx = -reach[0]; dx <= reach[0]; ++dx) {
        const double mx = dx * mask.spacing_mm[0], my = dy * mask.spacing_mm[1],
                     mz = dz * mask.spacing_mm[2];
        if (mx * mx + my * my + mz * mz <= margin_mm * margin_mm) ball.push_back({dx, dy, dz});
      }
  std::vector<bool> result(mask.voxels.size(), false);
  for (int z = 0; z < mask.size[2]; ++z)
    for (int y = 0; y < mask.size[1]; ++y)
      for (int x = 0; x < mask.size[0]; ++x) {
        if (!inside(mask, mask.index(x, y, z))) continue;
        result[mask.index(x, y, z)] = true;
        if (!onSurface(mask, x, y, z)) continue;
        for (const auto& [dx, dy, dz] : ball) {
          const int px = x + dx, py = y + dy, pz = z + dz;
          if (px < 0 || py < 0 || pz < 0 || px >= mask.size[0] || py >= mask.size[1] ||
              pz >= mask.size[2]) {
            continue;
          }
          result[mask.index(px, py, pz)] = true;
        }
      }
  return result;
}

// The value at the given quantile (0..1) of a non-empty set of values.
float quantileOf(std::vector<float> values, double quantile) {
  const auto at = values.begin() +
                  static_cast<std::ptrdiff_t>(quantile * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), at, values.end());
  return *at;
}

// The given percentile (0..100) of the baseline over the brain outside `excluded`.
double brainPercentile(const geometry::Volume& baseline, const geometry::Volume& brain,
                       const std::vector<bool>& excluded, double percentile) {
  std::vector<float> values;
  for (std::size_t i = 0; i < baseline.voxels.size(); ++i) {
    if (inside(brain, i) && !excluded[i]) values.push_back(baseline.voxels[i]);
  }
  return values.empty() ? 0 : quantileOf(std::move(values), percentile / 100);
}

bool touches(const std::vector<std::size_t>& component, const std::vector<bool>& region) {
  return std::any_of(component.begin(), component.end(), [&](std::size_t i) { return region[i]; });
}

// The share of the voxels that lie in `region` (0 for no voxels).
double shareIn(const std::vector<std::size_t>& voxels, const std::vector<bool>& region) {
  if (voxels.empty()) return 0;
  const auto in =
      std::count_if(voxels.begin(), voxels.end(), [&](std::size_t i) { return region[i]; });
  return static_cast<double>(in) / static_cast<double>(voxels.size());
}

// The given quantile (0..1) of `image` over the component, with `added` added where given (the
// baseline plus the map: the fake follow-up).
double quantileOver(const std::vector<std::size_t>& component, const geometry::Volume& image,
                    double quantile, const geometry::Volume* added = nullptr) {
  std::vector<float> values;
  values.reserve(component.size());
  for (const auto i : component) values.push_back(image.voxels[i] + (added ? added->voxels[i] : 0));
  return quantileOf(std::move(values), quantile);
}

// (x, y, z) of the voxel at index i: the inverse of geometry::Volume::index.
std::array<int, 3> voxelAt(std::size_t i, const geometry::Volume& grid) {
  const auto nx = static_cast<std::size_t>(grid.size[0]);
  const auto ny = static_cast<std::size_t>(grid.size[1]);
  return {static_cast<int>(i % nx), static_cast<int>(i / nx % ny), static_cast<int>(i / (nx * ny))};
}

std::array<double, 3> centroid(const std::vector<std::size_t>& component,
                               const geometry::Volume& grid) {
  std::array<double, 3> sum{0, 0, 0};
  for (const auto i : component) {
    const auto at = voxelAt(i, grid);
    for (int axis = 0; axis < 3; ++axis) sum[axis] += at[axis];
  }
  for (auto& s : sum) s /= static_cast<double>(component.size());
  return sum;
}

// The voxels of the ternary map with the given sign (+1 growth, -1 reduction).
std::vector<bool> marked(const std::vector<std::int8_t>& ternary, int sign) {
  std::vector<bool> mask(ternary.size());
  for (std::size_t i = 0; i < ternary.size(); ++i) mask[i] = ternary[i] * sign > 0;
  return mask;
}

// Whether `region` has a voxel within reach_mm of voxel i along at least min_sides of the six
// axis directions (the voxel itself not counted).
bool enclosedBy(const std::vector<bool>& region, const geometry::Volume& grid, std::size_t i,
                double reach_mm, int min_sides) {
  const std::array<int, 3> at = voxelAt(i, grid);
  int sides = 0;
  for (int axis = 0; axis < 3; ++axis) {
    const int steps = static_cast<int>(reach_mm / grid.spacing_mm[axis]);
    for (const int direction : {-1, 1}) {
      std::array<int, 3> p = at;
      for (int step = 1; step <= steps; ++step) {
        p[axis] = at[axis] + direction * step;
        if (p[axis] < 0 || p[axis] >= grid.size[axis]) break;
        if (region[grid.index(p[0], p[1], p[2])]) {
          ++sides;
          break;
        }
      }
    }
  }
  return sides >= min_sides;
}

// A rim-enhancing tumour that grows leaves a dark core behind its new rim, where the map shows
// no growth (oedema or brain darkening to core), yet it is tumour. Marks as growth the voxels
// outside the baseline tumour and within the growth reach that the growth encloses (as
// `enclosedBy` with the rules' reach and sides) and that the tumour and the growth together
// enclose on all six sides.
void addNewCore(std::vector<std::int8_t>& ternary, const geometry::Volume& baseline_tumour,
                const std::vector<bool>& growth_reach, const geometry::Volume& grid,
                const TumourChangeRules& rules) {
  const auto growth = marked(ternary, 1);
  auto tumour_or_growth = growth;
  for (std::size_t i = 0; i < ternary.size(); ++i) {
    if (inside(baseline_tumour, i)) tumour_or_growth[i] = true;
  }
  for (std::size_t i = 0; i < ternary.size(); ++i) {
    if (tumour_or_growth[i] || !growth_reach[i]) continue;
    if (enclosedBy(growth, grid, i, rules.enclosure_reach_mm, rules.enclosure_min_sides) &&
        enclosedBy(tumour_or_growth, grid, i, rules.enclosure_reach_mm, 6)) {
      ternary[i] = 1;
    }
  }
}

// A rim-enhancing tumour that shrinks leaves its old dark core behind its retreating rim, where
// the map shows no change (dark core to dark oedema), yet it is tumour gone. Marks as reduction
// the unmarked voxels of the baseline tumour that the reduction encloses (as `enclosedBy` with
// the rules' reach and sides) and that the follow-up's tumour does not cover.
void addOldCore(std::vector<std::int8_t>& ternary, const geometry::Volume& baseline_tumour,
                const geometry::Volume& followup_tumour, const geometry::Volume& grid,
                const TumourChangeRules& rules) {
  const auto reduction = marked(ternary, -1);
  for (std::size_t i = 0; i < ternary.size(); ++i) {
    if (ternary[i] != 0 || !inside(baseline_tumour, i) || inside(followup_tumour, i)) continue;
    if (enclosedBy(reduction, grid, i, rules.enclosure_reach_mm, rules.enclosure_min_sides))
      ternary[i] = -1;
  }
}

// A lesion found on the follow-up: its voxels, and where a growth component must reach to be
// matched with it.
struct FollowupLesion {
  std::vector<std::size_t> voxels;
  std::vector<bool> reach;
};

// The follow-up's lesions that do not touch the baseline tumour's margin (those are the tumour).
std::vector<FollowupLesion> lesionsAway(const geometry::Volume& followup_lesions,
                                        const std::vector<bool>& near_tumour, double match_mm) {
  std::vector<std::int8_t> marked(followup_lesions.voxels.size());
  for (std::size_t i = 0; i < marked.size(); ++i) marked[i] = inside(followup_lesions, i) ? 1 : 0;
  std::vector<FollowupLesion> lesions;
  for (auto& voxels : growthComponents(marked, followup_lesions)) {
    if (touches(voxels, near_tumour)) continue;
    geometry::Volume mask =
        geometry::Volume::zeros(followup_lesions.size, followup_lesions.spacing_mm);
    for (const auto i : voxels) mask.voxels[i] = 1;
    lesions.push_back({std::move(voxels), dilated(mask, match_mm)});
  }
  return lesions;
}

void checkSameGrid(const std::vector<std::int8_t>& ternary, const geometry::Volume& map,
                   const geometry::Volume& baseline, const geometry::Volume& brain,
                   const geometry::Volume& tumour, const geometry::Volume& followup_lesions) {
  const auto voxels = static_cast<std::size_t>(map.size[0]) * map.size[1] * map.size[2];
  for (const geometry::Volume* v : {&map, &baseline, &brain, &tumour, &followup_lesions}) {
    if (v->size != map.size || v->voxels.size() != voxels)
      throw std::invalid_argument(
          "tumour read-out: map, baseline, brain, tumour and follow-up lesions differ in grid");
  }
  if (ternary.size() != voxels)
    throw std::invalid_argument("tumour read-out: the ternary map does not match the grid");
}

}  // namespace

TumourChange tumourRelatedChange(const std::vector<std::int8_t>& ternary,
                                 const geometry::Volume& map, const geometry::Volume& baseline,
                                 const geometry::Volume& brain,
                                 const geometry::Volume& baseline_tumour,
                                 const geometry::Volume& followup_lesions,
                                 const TumourChangeRules& rules) {
  checkSameGrid(ternary, map, baseline, brain, baseline_tumour, followup_lesions);
  const auto near_tumour = dilated(baseline_tumour, rules.margin_mm);
  const auto growth_reach = dilated(baseline_tumour, rules.growth_reach_mm);
  const auto at_followup_tumour = dilated(followup_lesions, rules.lesion_match_mm);
  const double white_matter =
      brainPercentile(baseline, brain, growth_reach, rules.white_matter_percentile);
  const double enhancing_level = rules.enhancing_over_white_matter * white_matter;
  const auto lesions = lesionsAway(followup_lesions, near_tumour, rules.lesion_match_mm);
  std::vector<bool> lesion_seen(lesions.size(), false);

  TumourChange result;
  result.ternary.assign(ternary.size(), 0);
  for (const auto& component : growthComponents(ternary, map)) {
    if (touches(component, near_tumour)) {
      // Inside the baseline tumour, growth is tumour where tumour (its core) was: no growth.
      std::vector<std::size_t> beyond_tumour;
      for (const auto i : component) {
        if (growth_reach[i] && !inside(baseline_tumour, i)) beyond_tumour.push_back(i);
      }
      if (shareIn(beyond_tumour, at_followup_tumour) >= rules.growth_share_at_followup_tumour) {
        for (const auto i : beyond_tumour) result.ternary[i] = 1;
        continue;
      }
      // Growth that does not enhance inside the tumour is its dark core given way to brain.
      if (quantileOver(component, baseline, rules.enhancing_quantile, &map) < enhancing_level) {
        for (const auto i : component) {
          if (inside(baseline_tumour, i)) result.ternary[i] = -1;
        }
      }
      continue;
    }
    if (quantileOver(component, baseline, rules.enhancing_quantile) >= enhancing_level) continue;
    for (std::size_t k = 0; k < lesions.size(); ++k) {
      if (touches(component, lesions[k].reach)) lesion_seen[k] = true;
    }
  }
  // A new lesion counts whole, rim and core, as the follow-up shows it: its map is mostly the rim.
  for (std::size_t k = 0; k < lesions.size(); ++k) {
    const auto& voxels = lesions[k].voxels;
    const double volume_ml = static_cast<double>(voxels.size()) * map.voxelVolumeMl();
    if (!lesion_seen[k] || volume_ml < rules.new_lesion_min_ml) continue;
    result.new_lesions.push_back({volume_ml, centroid(voxels, map)});
    for (const auto i : voxels) result.ternary[i] = 1;
  }
  // Reduction where the follow-up still enhances is tumour that is less bright, not gone.
  for (std::size_t i = 0; i < ternary.size(); ++i) {
    if (ternary[i] >= 0 || !near_tumour[i]) continue;
    if (baseline.voxels[i] + map.voxels[i] < enhancing_level) result.ternary[i] = -1;
  }
  // Both sides judged on the change kept so far, so that the order does not matter.
  const auto kept_growth = marked(result.ternary, 1);
  const auto kept_reduction = marked(result.ternary, -1);
  for (std::size_t i = 0; i < ternary.size(); ++i) {
    if (result.ternary[i] == 0) continue;
    if (enclosedBy(kept_growth[i] ? kept_reduction : kept_growth, map, i, rules.enclosure_reach_mm,
                   rules.enclosure_min_sides)) {
      result.ternary[i] = 0;
    }
  }
  addNewCore(result.ternary, baseline_tumour, growth_reach, map, rules);
  addOldCore(result.ternary, baseline_tumour, followup_lesions, map, rules);
  const auto volumes = measureChange(result.ternary, map);
  result.growth_ml = volumes.growth_ml;
  result.reduction_ml = volumes.reduction_ml;
  return result;
}

}  // namespace everynet::engine
