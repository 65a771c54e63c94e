#include "engine/imaging/tumour_on_scan_grid.h"

#include <algorithm>
#include <cmath>

#include "engine/imaging/internal/index_box.h"
#include "engine/imaging/internal/intensity_statistics.h"
#include "engine/imaging/internal/itk_image.h"
#include "engine/imaging/internal/mask_morphology.h"
#include "engine/imaging/preprocessing.h"

namespace everynet::engine {
namespace {

using internal::ItkImage;
using internal::ItkMask;

// Room around the coarse tumour for the redrawn one (mm): the working grid's voxel and more.
constexpr double kBoxMarginMm = 12;
constexpr double kReachMm = 3;
constexpr double kClosingMm = 1.5;
constexpr double kSurroundInnerMm = 2;
constexpr double kSurroundOuterMm = 6;
constexpr double kEnhancingQuantile = 0.9;
// Redraws from the last redraw: at most this many, and while they grow the first by at most
// this factor.
constexpr int kRedrawRounds = 4;
constexpr double kMaxGrowth = 4;
// A redraw within this share of the last one's voxels has found the edge.
constexpr double kSettledShare = 0.02;

// One coarse component redrawn at the level halfway between its enhancement and its
// surroundings.
ItkMask::Pointer redrawn(const ItkImage& image, const ItkMask::Pointer& component,
                         const ItkMask& brain) {
  const auto inside = internal::sortedValuesInside(image, *component);
  const auto surround = internal::intersection(
      *internal::difference(*internal::dilateMm(*component, kSurroundOuterMm),
                            *internal::dilateMm(*component, kSurroundInnerMm)),
      brain);
  const auto around = internal::sortedValuesInside(image, *surround);
  if (inside.empty() || around.empty()) return component;
  const double enhancing = internal::quantile(inside, kEnhancingQuantile);
  const double surrounding = internal::quantile(around, 0.5);
  if (enhancing <= surrounding) return component;

  const auto bright = internal::intersection(
      *internal::thresholdAbove(image, static_cast<float>(0.5 * (enhancing + surrounding))),
      *internal::extendedToNeighbourSlices(*internal::dilateMm(*component, kReachMm)));
  const auto closed = internal::erodeMm(
      *internal::fillHolesInSlices(*internal::fillHoles(*internal::dilateMm(*bright, kClosingMm))),
      kClosingMm);
  const auto tumour = internal::fillHolesInSlices(*internal::fillHoles(*closed));
  return internal::componentsTouching(*tumour, *component);
}

// Redrawn again from what it gave until it settles: an estimate that caught part of a tumour (a
// bright lobe, the slices that partial volume left bright) grows out to the tumour's edge, where
// the oedema and brain around it, darker than the half level, stop it. A redraw that would grow
// the first more than kMaxGrowth-fold runs on into tissue as bright as the tumour: the last one
// before it stands.
ItkMask::Pointer grownToItsEdge(const ItkImage& image, const ItkMask::Pointer& component,
                                const ItkMask& brain) {
  auto current = redrawn(image, component, brain);
  const auto first = static_cast<double>(internal::countInside(*current));
  for (int round = 1; round < kRedrawRounds; ++round) {
    auto next = redrawn(image, current, brain);
    const auto voxels = static_cast<double>(internal::countInside(*next));
    if (voxels > kMaxGrowth * first) break;
    const auto before = static_cast<double>(internal::countInside(*current));
    current = next;
    if (std::abs(voxels - before) <= kSettledShare * before) break;
  }
  return current;
}

}  // namespace

geometry::PatientVolume tumourOnScanGrid(const geometry::PatientVolume& scan,
                                         const geometry::PatientVolume& coarse,
                                         const geometry::PatientVolume& brain) {
  geometry::PatientVolume tumour = scan.emptyLike();
  const auto box = internal::boxAround(scan, coarse, kBoxMarginMm);
  if (box.empty()) return tumour;

  const auto part = internal::cropped(scan, box);
  const auto image = internal::toItk(part);
  const auto coarse_here =
      internal::maskOf(*internal::toItk(resampleOnto(coarse, part, Interpolation::linear)));
  const auto brain_here =
      internal::maskOf(*internal::toItk(resampleOnto(brain, part, Interpolation::linear)));

  auto found = internal::difference(*coarse_here, *coarse_here);  // empty, on the box
  for (const auto& component : internal::eachComponent(*coarse_here)) {
    found = internal::unite(*found, *grownToItsEdge(*image, component, *brain_here));
  }
  internal::paste(internal::fromItk(*internal::toFloat(*found)).image, box, tumour.image);
  return tumour;
}

}  // namespace everynet::engine
