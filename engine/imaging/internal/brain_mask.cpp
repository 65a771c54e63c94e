#include "engine/imaging/internal/brain_mask.h"

#include <algorithm>
#include <cmath>

#include "engine/imaging/internal/intensity_statistics.h"
#include "engine/imaging/internal/mask_morphology.h"
#include "engine/imaging/internal/resampling.h"

// The method, for a T1-weighted head (brain tissue brighter than CSF and bone):
//  1. Smooth and resample to an isotropic grid of 2 mm (or the scan's finest spacing if coarser):
//     cheap, robust to noise, and morphology can use balls in mm.
//  2. Bright tissue = above Otsu's threshold, largest component (scalp, muscle, brain). The head =
//     bright tissue closed with a 10 mm ball, holes filled.
//  3. Brain tissue = brighter than 0.55 x the median intensity of the bright tissue's core (20 mm
//     from anything dark: mostly white matter), so grey and white matter are in and CSF and bone
//     out (T1: grey/white about 0.7, CSF/white about 0.3), whatever the scanner's scale.
//  4. The thin bridges between brain and scalp (dura, vessels, optic nerves) are cut by eroding
//     the brain tissue with a ball, keeping the largest component and dilating it back within the
//     tissue. The ball grows from 4 mm until the result keeps out of the head's outer 5 mm (the
//     scalp), so it is as small as this scan allows.
//  5. A closing with a 6 mm ball takes in the sulcal CSF and hole filling the ventricles, as the
//     brain masks of BET and HD-BET do.
// Colin27 (ch2 against ch2bet > 0, 1 mm): Dice 0.968; with noise (sd 20% of white matter) 0.970;
// 5 mm slices 0.957.

namespace everynet::engine::internal {
namespace {

constexpr double kMinimumGridSpacingMm = 2.0;
constexpr double kHeadClosingMm = 10.0;
constexpr double kCoreDepthMm = 20.0;
constexpr double kTissueFractionOfCore = 0.55;
constexpr double kScalpDepthMm = 5.0;
constexpr double kFirstBridgeCutMm = 4.0;
constexpr double kLastBridgeCutMm = 10.0;
// A brain may touch the scalp layer with this fraction of its voxels (a few stray voxels at a
// cut-off field of view); more means it is still joined to the scalp.
constexpr double kScalpContactFraction = 0.005;
constexpr double kSulcalClosingMm = 6.0;

ItkImage::Pointer isotropicCopy(const ItkImage& head) {
  const auto& spacing = head.GetSpacing();
  const double grid_mm =
      std::max({kMinimumGridSpacingMm, std::min({spacing[0], spacing[1], spacing[2]})});
  return downsampleImage(head, *coarsenedGrid(head, {grid_mm, grid_mm, grid_mm}));
}

// The largest component brighter than Otsu's threshold: scalp, muscle and brain, without the
// dark skull, CSF and air spaces.
ItkMask::Pointer brightTissue(const ItkImage& image) {
  return largestComponent(
      *thresholdAbove(image, static_cast<float>(otsuThreshold(sortedValues(image)))));
}

float tissueThreshold(const ItkImage& image, const ItkMask& bright_tissue) {
  auto core = erodeMm(bright_tissue, kCoreDepthMm);
  // A small head (a phantom) may have no core that deep: then all bright tissue stands in.
  const auto values = sortedValuesInside(image, countInside(*core) > 0 ? *core : bright_tissue);
  return static_cast<float>(kTissueFractionOfCore * quantile(values, 0.5));
}

ItkMask::Pointer cutFromScalp(const ItkMask& tissue, const ItkMask& head) {
  const auto scalp = difference(head, *erodeMm(head, kScalpDepthMm));
  ItkMask::Pointer brain;
  for (double radius_mm = kFirstBridgeCutMm; radius_mm <= kLastBridgeCutMm; radius_mm += 1.0) {
    brain =
        intersection(*dilateMm(*largestComponent(*erodeMm(tissue, radius_mm)), radius_mm), tissue);
    const auto inside = static_cast<double>(countInside(*brain));
    if (countInside(*intersection(*brain, *scalp)) <= kScalpContactFraction * inside) break;
  }
  return brain;
}

}  // namespace

ItkImage::Pointer extractBrainOnIsotropicGrid(const ItkImage& head) {
  const auto image = isotropicCopy(head);
  const auto bright_tissue = brightTissue(*image);
  if (countInside(*bright_tissue) == 0) return toFloat(*bright_tissue);  // a blank scan
  const auto head_mask = fillHoles(*closeMm(*bright_tissue, kHeadClosingMm));
  const auto tissue =
      intersection(*thresholdAbove(*image, tissueThreshold(*image, *bright_tissue)), *head_mask);
  const auto brain = cutFromScalp(*tissue, *head_mask);
  return toFloat(*fillHoles(*closeMm(*brain, kSulcalClosingMm)));
}

}  // namespace everynet::engine::internal
