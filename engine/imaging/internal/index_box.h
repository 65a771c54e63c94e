#pragma once
// Boxes of a scan's voxels, to work on the part of a large scan where a tumour is. Imaging
// sources only.

#include <array>

#include "engine/geometry/patient_volume.h"

namespace everynet::engine::internal {

// First voxel index and size per axis.
struct IndexBox {
  std::array<int, 3> first{0, 0, 0};
  std::array<int, 3> size{0, 0, 0};
  bool empty() const { return size[0] <= 0 || size[1] <= 0 || size[2] <= 0; }
};

// The scan's voxels within margin_mm of the voxels of `mask` (> 0.5; any grid placed in the same
// patient space), clipped to the scan; empty when the mask is.
IndexBox boxAround(const geometry::PatientVolume& scan, const geometry::PatientVolume& mask,
                   double margin_mm);
// The smallest box that holds both.
IndexBox unite(const IndexBox& a, const IndexBox& b);

// The box's voxels of the scan, placed where they lie.
geometry::PatientVolume cropped(const geometry::PatientVolume& scan, const IndexBox& box);
// The part's voxels written into the box of `whole`.
void paste(const geometry::Volume& part, const IndexBox& box, geometry::Volume& whole);

}  // namespace everynet::engine::internal
