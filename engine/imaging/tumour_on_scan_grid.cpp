#include "engine/imaging/tumour_on_scan_grid.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

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

// A box of a scan's voxels: first index and size per axis.
struct IndexBox {
  std::array<int, 3> first{0, 0, 0};
  std::array<int, 3> size{0, 0, 0};
  bool empty() const { return size[0] <= 0 || size[1] <= 0 || size[2] <= 0; }
};

// The scan's continuous voxel index of a patient point.
std::array<double, 3> scanIndex(const geometry::PatientVolume& scan, const geometry::Vector3& p) {
  std::array<double, 3> index{};
  for (int column = 0; column < 3; ++column) {
    double along = 0;
    for (int row = 0; row < 3; ++row) {
      along += scan.direction[3 * row + column] * (p[row] - scan.origin_mm[row]);
    }
    index[column] = along / scan.image.spacing_mm[column];
  }
  return index;
}

// The scan's voxels within kBoxMarginMm of the coarse mask's voxels.
IndexBox boxAround(const geometry::PatientVolume& scan, const geometry::PatientVolume& coarse) {
  std::array<double, 3> low{}, high{};
  low.fill(std::numeric_limits<double>::max());
  high.fill(std::numeric_limits<double>::lowest());
  const auto& grid = coarse.image;
  for (int z = 0; z < grid.size[2]; ++z) {
    for (int y = 0; y < grid.size[1]; ++y) {
      for (int x = 0; x < grid.size[0]; ++x) {
        if (grid.at(x, y, z) <= 0.5f) continue;
        const auto index = scanIndex(scan, coarse.patientPosition(x, y, z));
        for (int axis = 0; axis < 3; ++axis) {
          low[axis] = std::min(low[axis], index[axis]);
          high[axis] = std::max(high[axis], index[axis]);
        }
      }
    }
  }
  IndexBox box;
  for (int axis = 0; axis < 3; ++axis) {
    if (low[axis] > high[axis]) return {};
    const double margin = kBoxMarginMm / scan.image.spacing_mm[axis] + 1;
    const int first = std::max(0, static_cast<int>(std::floor(low[axis] - margin)));
    const int last =
        std::min(scan.image.size[axis] - 1, static_cast<int>(std::ceil(high[axis] + margin)));
    box.first[axis] = first;
    box.size[axis] = last - first + 1;
  }
  return box;
}

geometry::PatientVolume cropped(const geometry::PatientVolume& scan, const IndexBox& box) {
  geometry::PatientVolume part{geometry::Volume::zeros(box.size, scan.image.spacing_mm),
                               scan.patientPosition(box.first[0], box.first[1], box.first[2]),
                               scan.direction};
  for (int z = 0; z < box.size[2]; ++z) {
    for (int y = 0; y < box.size[1]; ++y) {
      for (int x = 0; x < box.size[0]; ++x) {
        part.image.at(x, y, z) =
            scan.image.at(box.first[0] + x, box.first[1] + y, box.first[2] + z);
      }
    }
  }
  return part;
}

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
      *internal::dilateMm(*component, kReachMm));
  const auto closed = internal::erodeMm(
      *internal::fillHolesInSlices(*internal::fillHoles(*internal::dilateMm(*bright, kClosingMm))),
      kClosingMm);
  const auto tumour = internal::fillHolesInSlices(*internal::fillHoles(*closed));
  return internal::componentsTouching(*tumour, *component);
}

}  // namespace

geometry::PatientVolume tumourOnScanGrid(const geometry::PatientVolume& scan,
                                         const geometry::PatientVolume& coarse,
                                         const geometry::PatientVolume& brain) {
  geometry::PatientVolume tumour = scan.emptyLike();
  const IndexBox box = boxAround(scan, coarse);
  if (box.empty()) return tumour;

  const auto part = cropped(scan, box);
  const auto image = internal::toItk(part);
  const auto coarse_here =
      internal::maskOf(*internal::toItk(resampleOnto(coarse, part, Interpolation::linear)));
  const auto brain_here =
      internal::maskOf(*internal::toItk(resampleOnto(brain, part, Interpolation::linear)));

  auto found = internal::difference(*coarse_here, *coarse_here);  // empty, on the box
  for (const auto& component : internal::eachComponent(*coarse_here)) {
    found = internal::unite(*found, *redrawn(*image, component, *brain_here));
  }
  const auto found_volume = internal::fromItk(*internal::toFloat(*found)).image;
  for (int z = 0; z < box.size[2]; ++z) {
    for (int y = 0; y < box.size[1]; ++y) {
      for (int x = 0; x < box.size[0]; ++x) {
        tumour.image.at(box.first[0] + x, box.first[1] + y, box.first[2] + z) =
            found_volume.at(x, y, z);
      }
    }
  }
  return tumour;
}

}  // namespace everynet::engine
