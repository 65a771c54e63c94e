#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/geometry/volume.h"

namespace everynet::engine {

// Which change belongs to the tumour. The paper sums change over the whole brain, so that
// ventricles, brain-edge shifts and mass effect count as tumour change; this read-out keeps
// change at the baseline tumour and new enhancing lesions, and drops the rest. Each rule's reason:
// engine/PROFILES.md#decisions-the-read-out.
struct TumourChangeRules {
  // Change within this distance of the baseline enhancing tumour belongs to it (mm); reduction
  // further away is not tumour reduction, whatever component it belongs to.
  double margin_mm = 5;
  // Growth that touches that margin counts out to this distance from the tumour (mm): a tumour
  // grows outwards from its edge, while a component that runs on through the brain is mostly
  // something else (mass effect, an undertrained map).
  double growth_reach_mm = 15;
  // Growth away from the tumour is a new lesion when it lies within this distance (mm) of an
  // enhancing lesion found on the follow-up itself (`followup_lesions` below): the map says that
  // something changed there, and the follow-up that it is enhancing tumour, rim and core, of
  // RANO's measurable size. The distance allows for the follow-up's placement on the working
  // grid, which matches the baseline's only as far as centring both brains does
  // (engine/PROFILES.md#decision-new-lesions-from-the-follow-up).
  double lesion_match_mm = 5;
  // ...and has at least this volume (mL): about a sphere of 10 mm diameter, RANO's smallest
  // measurable lesion (the follow-up's estimate finds none smaller than that).
  double new_lesion_min_ml = 0.5;
  // A rim-enhancing tumour that grows moves its bright rim outwards, and its dark core takes the
  // old rim's place: the old rim darkens, yet it is still tumour. A shrinking one moves its rim
  // inwards over its old core, which brightens. So reduction enclosed by growth, and growth
  // enclosed by reduction, is not counted: enclosed means that change of the other sign lies
  // within this distance (mm) along at least `enclosure_min_sides` of the six axis directions.
  // The dark core a growing tumour leaves behind its new rim shows no growth in the map, yet it
  // is tumour: what the growth encloses so, and the tumour and the growth along all six
  // directions, counts as growth. The old core a shrinking tumour leaves behind its retreating
  // rim shows no change either (dark core to dark oedema), yet it is tumour gone: what the
  // reduction encloses so inside the baseline tumour, where the follow-up shows no tumour,
  // counts as reduction (engine/PROFILES.md#decision-enclosed-change).
  double enclosure_reach_mm = 15;
  int enclosure_min_sides = 4;
  // Enhancing tissue reaches `enhancing_over_white_matter` times the white-matter level (the
  // `white_matter_percentile` of the baseline brain away from the tumour) at the
  // `enhancing_quantile` of a component, the level at which the automatic tumour estimate starts
  // a rim. Growth at the tumour that neither lies at the follow-up's tumour (below) nor enhances
  // is, inside the baseline tumour, its dark core given way to normal tissue: tumour gone, which
  // counts as reduction. Reduction where the fake follow-up (voxel by voxel) still reaches the
  // level is tumour that enhances less, not tumour gone: it does not count. Contrast timing
  // varies between visits, and the same level tells a new lesion from a vessel or sinus that
  // enhances more at follow-up: a growth component away from the tumour whose baseline reaches it
  // at the `enhancing_quantile` enhanced before, and is no new lesion
  // (engine/PROFILES.md#decision-enhancing-level).
  double enhancing_over_white_matter = 1.2;
  double enhancing_quantile = 0.9;
  double white_matter_percentile = 75;
  // A tumour's growth is tumour at follow-up: a growth component at the tumour counts if at least
  // this share of its voxels beyond the baseline tumour lies within `lesion_match_mm` of the
  // enhancing tumour found on the follow-up, and not otherwise. The map's intensity cannot tell:
  // oedema that resolves as a tumour shrinks, where the coil's bias field lifts the white matter
  // it returns to, can reach the enhancing level, and a growing rim on thick follow-up slices can
  // stay below it; where the growth lies tells them apart
  // (engine/PROFILES.md#decision-growth-at-the-follow-up-tumour).
  double growth_share_at_followup_tumour = 0.5;
};

struct NewLesion {
  double volume_ml = 0;                           // the follow-up's lesion, rim and core
  std::array<double, 3> centroid_voxel{0, 0, 0};  // x, y, z on the working grid (voxels)
};

struct TumourChange {
  std::vector<std::int8_t> ternary;  // -1, 0, +1 per voxel: the kept components only
  double growth_ml = 0;              // growth at the tumour and the new lesions
  double reduction_ml = 0;           // reduction at the tumour
  std::vector<NewLesion> new_lesions;
};

// Filters a read-out ternary map (engine/readout/change_readout.h) to tumour-related change. All volumes
// on the working grid: `map` the change map (fake follow-up = baseline + map), `baseline` the
// baseline image, `brain` its brain mask, `baseline_tumour` its enhancing tumour and
// `followup_lesions` the enhancing tumour found on the follow-up, at the same indices (each 1
// inside, 0 outside; either may be empty). Keeps the growth components that touch the tumour
// dilated by the margin and lie mostly at the follow-up's tumour (their voxels beyond the tumour
// within the growth reach), the reduction voxels within the margin and, of the other growth at
// the tumour, what does not enhance inside it (as reduction), and, for growth components away from
// it that did not enhance at baseline, the follow-up lesions they lie at (each one listed as a new
// lesion); then drops the change that change of the other sign encloses, adds as growth the new
// core that the growth and the tumour enclose, and as reduction the old core that the reduction
// encloses where the follow-up shows no tumour. Throws std::invalid_argument when the inputs are
// not on one grid.
TumourChange tumourRelatedChange(const std::vector<std::int8_t>& ternary,
                                 const geometry::Volume& map, const geometry::Volume& baseline,
                                 const geometry::Volume& brain,
                                 const geometry::Volume& baseline_tumour,
                                 const geometry::Volume& followup_lesions,
                                 const TumourChangeRules& rules);

}  // namespace everynet::engine
