#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

namespace everynet::geometry {

// A 3D image on a regular grid, x fastest: voxel (x, y, z) is voxels[x + nx * (y + ny * z)].
// Axial slices are the planes of constant z. Spacing in mm.
struct Volume {
  std::array<int, 3> size{0, 0, 0};
  std::array<double, 3> spacing_mm{1.0, 1.0, 1.0};
  std::vector<float> voxels;

  static Volume zeros(std::array<int, 3> size, std::array<double, 3> spacing_mm = {1, 1, 1}) {
    return {size, spacing_mm,
            std::vector<float>(static_cast<std::size_t>(size[0]) * size[1] * size[2], 0.0f)};
  }
  std::size_t index(int x, int y, int z) const {
    return static_cast<std::size_t>(x) +
           static_cast<std::size_t>(size[0]) *
               (static_cast<std::size_t>(y) + static_cast<std::size_t>(size[1]) * z);
  }
  float& at(int x, int y, int z) { return voxels[index(x, y, z)]; }
  float at(int x, int y, int z) const { return voxels[index(x, y, z)]; }
  double voxelVolumeMl() const { return spacing_mm[0] * spacing_mm[1] * spacing_mm[2] / 1000.0; }
  // As a 0/1 mask: the volume of its voxels above 0.5 (mL).
  double maskVolumeMl() const {
    const auto inside =
        std::count_if(voxels.begin(), voxels.end(), [](float v) { return v > 0.5f; });
    return static_cast<double>(inside) * voxelVolumeMl();
  }
};

}  // namespace everynet::geometry
