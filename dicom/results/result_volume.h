#pragma once

#include <array>
#include <cstddef>
#include <vector>

namespace everynet::dicom {

// A result volume in patient coordinates (DICOM LPS, mm), the same convention as
// engine::PatientVolume so that the service can copy one into the other: voxel (i, j, k) lies at
// origin + direction * (i * spacing[0], j * spacing[1], k * spacing[2]); direction is row-major
// (direction[3 * row + column]) and its columns are the unit vectors of the i, j and k axes.
// Voxels are i fastest: voxel (i, j, k) is voxels[i + size[0] * (j + size[1] * k)].
struct ResultVolume {
  std::array<int, 3> size{0, 0, 0};
  std::array<double, 3> spacing_mm{1, 1, 1};
  std::array<double, 3> origin_mm{0, 0, 0};
  std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};
  std::vector<float> voxels;

  std::size_t index(int i, int j, int k) const {
    return static_cast<std::size_t>(i) +
           static_cast<std::size_t>(size[0]) *
               (static_cast<std::size_t>(j) + static_cast<std::size_t>(size[1]) * k);
  }
  float at(int i, int j, int k) const { return voxels[index(i, j, k)]; }
};

}  // namespace everynet::dicom
