#pragma once

#include <array>

#include "engine/geometry/vector3.h"
#include "engine/geometry/volume.h"

namespace everynet::geometry {

// A volume placed in patient coordinates (DICOM LPS, mm): voxel (i, j, k) lies at
// origin + direction * (i * sx, j * sy, k * sz), where direction's columns (row-major 3x3,
// direction[3 * row + column]) are the unit vectors of the i, j and k axes.
struct PatientVolume {
  Volume image;
  Vector3 origin_mm{0, 0, 0};
  std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};

  Vector3 patientPosition(double i, double j, double k) const {
    const Vector3 index_mm{i * image.spacing_mm[0], j * image.spacing_mm[1],
                           k * image.spacing_mm[2]};
    Vector3 p = origin_mm;
    for (int row = 0; row < 3; ++row) {
      for (int column = 0; column < 3; ++column) {
        p[row] += direction[3 * row + column] * index_mm[column];
      }
    }
    return p;
  }

  // The same placement and size with every voxel zero: a grid to resample onto.
  PatientVolume emptyLike() const {
    return {Volume::zeros(image.size, image.spacing_mm), origin_mm, direction};
  }
};

}  // namespace everynet::geometry
