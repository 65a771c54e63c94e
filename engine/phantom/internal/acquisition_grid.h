#pragma once

#include <array>
#include <vector>

#include "engine/phantom/internal/voxel_grid.h"
#include "engine/phantom/longitudinal_phantom.h"

namespace everynet::engine::phantom {

// Throws std::runtime_error unless every size lies in 0.1..20 mm.
void checkVoxelSize(const std::array<double, 3>& voxel_mm);

// The grid a series is acquired on, in the scanner's patient coordinates: slices of the given
// orientation centred on the field-of-view centre, a square field of view in-plane, and along the
// slice normal either `acquisition.slices` slices or as many as cover the head, thickness + gap
// apart. Throws std::runtime_error for a bad voxel size (see checkVoxelSize), a negative gap or a
// negative slice count.
VoxelGrid acquisitionGrid(const PhantomAcquisition& acquisition, const Vec3& fov_centre_mm,
                          const Vec3& head_extent_mm);

// Where, as fractions of the slice spacing (within -0.5..0.5), a voxel is sampled along its slice
// normal: one sample per mm of thickness, whose mean simulates a rectangular slice profile.
std::vector<double> sliceProfileOffsets(double slice_thickness_mm, double slice_spacing_mm);

}  // namespace everynet::engine::phantom
