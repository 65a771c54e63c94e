#pragma once

#include <array>
#include <cstddef>

#include "engine/geometry/patient_volume.h"
#include "engine/phantom/internal/vec3.h"

namespace everynet::engine::phantom {

// The placement of a regular grid in patient coordinates (mm), as geometry::PatientVolume places
// its voxels; the direction is orthonormal.
struct VoxelGrid {
  std::array<int, 3> size{0, 0, 0};
  Vec3 spacing_mm{1, 1, 1};
  Vec3 origin_mm{0, 0, 0};
  Mat3 direction{1, 0, 0, 0, 1, 0, 0, 0, 1};

  static VoxelGrid of(const geometry::PatientVolume& volume) {
    return {volume.image.size, volume.image.spacing_mm, volume.origin_mm, volume.direction};
  }
  geometry::PatientVolume emptyVolume() const {
    return {geometry::Volume::zeros(size, spacing_mm), origin_mm, direction};
  }
  std::size_t voxelCount() const { return static_cast<std::size_t>(size[0]) * size[1] * size[2]; }
  std::size_t index(int i, int j, int k) const {
    return static_cast<std::size_t>(i) +
           static_cast<std::size_t>(size[0]) *
               (static_cast<std::size_t>(j) + static_cast<std::size_t>(size[1]) * k);
  }
  // Fractional voxel indices allowed: (i, j, k) -> patient position.
  Vec3 position(const Vec3& index) const {
    const Vec3 scaled{index[0] * spacing_mm[0], index[1] * spacing_mm[1], index[2] * spacing_mm[2]};
    return origin_mm + multiply(direction, scaled);
  }
  // Patient position -> fractional voxel indices.
  Vec3 continuousIndex(const Vec3& position_mm) const {
    const Vec3 along = multiplyTransposed(direction, position_mm - origin_mm);
    return {along[0] / spacing_mm[0], along[1] / spacing_mm[1], along[2] / spacing_mm[2]};
  }
};

}  // namespace everynet::engine::phantom
