#include "engine/imaging/change_regions.h"

#include <algorithm>

#include "engine/imaging/internal/index_box.h"
#include "engine/imaging/internal/itk_image.h"
#include "engine/imaging/internal/mask_morphology.h"
#include "engine/imaging/preprocessing.h"

namespace everynet::engine {
namespace {

// The voxels of the working grid's ternary map with this sign, dilated by kRegionReachMm.
geometry::PatientVolume reachOf(const geometry::PatientVolume& ternary, float sign) {
  geometry::PatientVolume signed_part = ternary;
  for (float& voxel : signed_part.image.voxels) voxel = voxel * sign > 0.5f ? 1.0f : 0.0f;
  const auto mask = internal::maskOf(*internal::toItk(signed_part));
  return internal::fromItk(*internal::toFloat(*internal::dilateMm(*mask, kRegionReachMm)));
}

// -1/0/+1 on `own`'s grid from the tumour of this scan (`own`), the other visit's tumour placed
// in this scan's patient space (`other`), and where growth and reduction may lie (working grid,
// placed likewise). Only the box around both tumours is resampled: a scan of 0.45 mm voxels
// holds 50 million.
geometry::PatientVolume regions(const geometry::PatientVolume& own,
                                const geometry::PatientVolume& other,
                                const geometry::PatientVolume& growth_reach,
                                const geometry::PatientVolume& reduction_reach, bool own_is_later) {
  geometry::PatientVolume ternary = own.emptyLike();
  // A voxel is in a tumour it is more than half inside: a margin of a voxel is enough.
  const double margin_mm = std::ranges::max(own.image.spacing_mm);
  const auto box = internal::unite(internal::boxAround(own, own, margin_mm),
                                   internal::boxAround(own, other, margin_mm));
  if (box.empty()) return ternary;
  const auto here = internal::cropped(own, box);
  const auto theirs = resampleOnto(other, here, Interpolation::linear);
  const auto growth = resampleOnto(growth_reach, here, Interpolation::nearest);
  const auto reduction = resampleOnto(reduction_reach, here, Interpolation::nearest);
  geometry::Volume part = geometry::Volume::zeros(box.size, own.image.spacing_mm);
  for (std::size_t i = 0; i < part.voxels.size(); ++i) {
    const bool in_own = here.image.voxels[i] > 0.5f;
    const bool in_other = theirs.image.voxels[i] > 0.5f;
    const bool later = own_is_later ? in_own : in_other;
    const bool earlier = own_is_later ? in_other : in_own;
    if (later && !earlier && growth.image.voxels[i] > 0.5f) {
      part.voxels[i] = 1;
    } else if (earlier && !later && reduction.image.voxels[i] > 0.5f) {
      part.voxels[i] = -1;
    }
  }
  internal::paste(part, box, ternary.image);
  return ternary;
}

}  // namespace

ChangeRegions changeRegionsOnScanGrids(const geometry::PatientVolume& baseline_tumour,
                                       const geometry::PatientVolume& followup_tumour,
                                       const geometry::PatientVolume& related_change,
                                       const RigidPlacement& placement) {
  const auto growth_reach = reachOf(related_change, 1);
  const auto reduction_reach = reachOf(related_change, -1);

  ChangeRegions result;
  result.in_baseline = regions(baseline_tumour, placedInBaseline(followup_tumour, placement),
                               growth_reach, reduction_reach, false);
  result.in_followup = regions(followup_tumour, placedInFollowup(baseline_tumour, placement),
                               placedInFollowup(growth_reach, placement),
                               placedInFollowup(reduction_reach, placement), true);
  const double voxel_ml = followup_tumour.image.voxelVolumeMl();
  for (const float voxel : result.in_followup.image.voxels) {
    if (voxel > 0.5f) result.growth_ml += voxel_ml;
    if (voxel < -0.5f) result.reduction_ml += voxel_ml;
  }
  return result;
}

}  // namespace everynet::engine
