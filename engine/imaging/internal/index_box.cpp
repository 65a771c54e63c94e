#include "engine/imaging/internal/index_box.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace everynet::engine::internal {
namespace {

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

}  // namespace

IndexBox boxAround(const geometry::PatientVolume& scan, const geometry::PatientVolume& mask,
                   double margin_mm) {
  std::array<double, 3> low{}, high{};
  low.fill(std::numeric_limits<double>::max());
  high.fill(std::numeric_limits<double>::lowest());
  const auto& grid = mask.image;
  for (int z = 0; z < grid.size[2]; ++z) {
    for (int y = 0; y < grid.size[1]; ++y) {
      for (int x = 0; x < grid.size[0]; ++x) {
        if (grid.at(x, y, z) <= 0.5f) continue;
        const auto index = scanIndex(scan, mask.patientPosition(x, y, z));
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
    // The mask's own voxel reaches half its spacing beyond its centre.
    const double margin =
        (margin_mm + mask.image.spacing_mm[axis]) / scan.image.spacing_mm[axis] + 1;
    const int first = std::max(0, static_cast<int>(std::floor(low[axis] - margin)));
    const int last =
        std::min(scan.image.size[axis] - 1, static_cast<int>(std::ceil(high[axis] + margin)));
    if (last < first) return {};
    box.first[axis] = first;
    box.size[axis] = last - first + 1;
  }
  return box;
}

IndexBox unite(const IndexBox& a, const IndexBox& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  IndexBox box;
  for (int axis = 0; axis < 3; ++axis) {
    box.first[axis] = std::min(a.first[axis], b.first[axis]);
    const int end = std::max(a.first[axis] + a.size[axis], b.first[axis] + b.size[axis]);
    box.size[axis] = end - box.first[axis];
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

void paste(const geometry::Volume& part, const IndexBox& box, geometry::Volume& whole) {
  for (int z = 0; z < box.size[2]; ++z) {
    for (int y = 0; y < box.size[1]; ++y) {
      for (int x = 0; x < box.size[0]; ++x) {
        whole.at(box.first[0] + x, box.first[1] + y, box.first[2] + z) = part.at(x, y, z);
      }
    }
  }
}

}  // namespace everynet::engine::internal
