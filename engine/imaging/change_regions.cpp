#include "engine/imaging/change_regions.h"

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

// -1/0/+1 on `own`'s grid from the tumour of this scan (`own`), the other visit's tumour moved
// here (`other`, resampled: fractions), and where growth and reduction may lie.
geometry::PatientVolume regions(const geometry::PatientVolume& own,
                                const geometry::PatientVolume& other_here,
                                const geometry::PatientVolume& growth_reach,
                                const geometry::PatientVolume& reduction_reach, bool own_is_later) {
  geometry::PatientVolume ternary = own.emptyLike();
  const auto& mine = own.image.voxels;
  const auto& theirs = other_here.image.voxels;
  for (std::size_t i = 0; i < mine.size(); ++i) {
    const bool in_own = mine[i] > 0.5f;
    const bool in_other = theirs[i] > 0.5f;
    const bool later = own_is_later ? in_own : in_other;
    const bool earlier = own_is_later ? in_other : in_own;
    if (later && !earlier && growth_reach.image.voxels[i] > 0.5f) {
      ternary.image.voxels[i] = 1;
    } else if (earlier && !later && reduction_reach.image.voxels[i] > 0.5f) {
      ternary.image.voxels[i] = -1;
    }
  }
  return ternary;
}

}  // namespace

ChangeRegions changeRegionsOnScanGrids(const geometry::PatientVolume& baseline_tumour,
                                       const geometry::PatientVolume& followup_tumour,
                                       const geometry::PatientVolume& related_change,
                                       const RigidPlacement& placement) {
  const auto growth_reach = reachOf(related_change, 1);
  const auto reduction_reach = reachOf(related_change, -1);
  const auto onto = [](const geometry::PatientVolume& source, const geometry::PatientVolume& grid,
                       Interpolation interpolation) {
    return resampleOnto(source, grid, interpolation);
  };

  ChangeRegions result;
  result.in_baseline = regions(
      baseline_tumour,
      onto(placedInBaseline(followup_tumour, placement), baseline_tumour, Interpolation::linear),
      onto(growth_reach, baseline_tumour, Interpolation::nearest),
      onto(reduction_reach, baseline_tumour, Interpolation::nearest), false);
  result.in_followup = regions(
      followup_tumour,
      onto(placedInFollowup(baseline_tumour, placement), followup_tumour, Interpolation::linear),
      onto(placedInFollowup(growth_reach, placement), followup_tumour, Interpolation::nearest),
      onto(placedInFollowup(reduction_reach, placement), followup_tumour, Interpolation::nearest),
      true);
  const double voxel_ml = followup_tumour.image.voxelVolumeMl();
  for (const float voxel : result.in_followup.image.voxels) {
    if (voxel > 0.5f) result.growth_ml += voxel_ml;
    if (voxel < -0.5f) result.reduction_ml += voxel_ml;
  }
  return result;
}

}  // namespace everynet::engine
