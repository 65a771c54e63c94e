#include "engine/imaging/preprocessing.h"

#include <stdexcept>
#include <string>

#include "engine/imaging/internal/brain_mask.h"
#include "engine/imaging/internal/intensity_matching.h"
#include "engine/imaging/internal/intensity_statistics.h"
#include "engine/imaging/internal/itk_image.h"
#include "engine/imaging/internal/mask_morphology.h"
#include "engine/imaging/internal/resampling.h"
#include "engine/imaging/internal/working_grid.h"

namespace everynet::engine {
namespace {

// Intensities are scaled so that twice the baseline's white matter becomes 1: enhancing tumour and
// vessels (1.5 to 2 times white matter on T1ce) stay below it, much as min-max scaling of a T1ce
// puts them, but a few hot voxels cannot change the scale.
constexpr double kUnitOverWhiteMatter = 2.0;

// A scan in its own geometry with its brain, before the working grid is known.
struct ScanWithBrain {
  internal::ItkImage::Pointer image;
  internal::ItkImage::Pointer brain;  // 0/1 on the brain extraction's own grid
  internal::BrainPlacement placement;
};

ScanWithBrain findBrain(const geometry::PatientVolume& scan, const std::string& which) {
  ScanWithBrain found{internal::toItk(scan), nullptr, {}};
  found.brain = internal::extractBrainOnIsotropicGrid(*found.image);
  try {
    found.placement = internal::placementOf(*found.brain);
  } catch (const std::runtime_error& error) {
    throw std::runtime_error(std::string(error.what()) + " in the " + which + " scan");
  }
  return found;
}

struct ScanOnGrid {
  internal::ItkImage::Pointer image;
  internal::ItkMask::Pointer brain;
};

ScanOnGrid onWorkingGrid(const ScanWithBrain& scan, const std::array<double, 3>& spacing_mm,
                         const std::array<int, 3>& grid_size) {
  const auto grid = internal::workingGrid(scan.placement, spacing_mm, grid_size);
  return {internal::downsampleImage(*scan.image, *grid),
          internal::maskOf(*internal::resampleImage(*scan.brain, *grid, Interpolation::linear))};
}

PreparedScan toPreparedScan(const ScanOnGrid& scan) {
  return {internal::fromItk(*scan.image), internal::fromItk(*internal::toFloat(*scan.brain))};
}

}  // namespace

PreparedPair preparePair(const geometry::PatientVolume& baseline,
                         const geometry::PatientVolume& followup,
                         const std::array<int, 3>& grid_size) {
  for (const int voxels : grid_size) {
    if (voxels < 8) {
      throw std::runtime_error("a working grid needs at least 8 voxels along each axis, not " +
                               std::to_string(voxels));
    }
  }
  const auto baseline_scan = findBrain(baseline, "baseline");
  const auto followup_scan = findBrain(followup, "follow-up");
  const auto spacing_mm =
      internal::workingSpacing({baseline_scan.placement, followup_scan.placement}, grid_size);
  auto baseline_grid = onWorkingGrid(baseline_scan, spacing_mm, grid_size);
  auto followup_grid = onWorkingGrid(followup_scan, spacing_mm, grid_size);

  const auto baseline_brain_values =
      internal::sortedValuesInside(*baseline_grid.image, *baseline_grid.brain);
  internal::matchHistogram(*followup_grid.image, *followup_grid.brain, baseline_brain_values);
  const double unit = kUnitOverWhiteMatter * internal::whiteMatterLevel(baseline_brain_values);
  internal::scaleToUnitRange(*baseline_grid.image, *baseline_grid.brain, unit);
  internal::scaleToUnitRange(*followup_grid.image, *followup_grid.brain, unit);
  return {toPreparedScan(baseline_grid), toPreparedScan(followup_grid)};
}

}  // namespace everynet::engine
