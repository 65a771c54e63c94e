#pragma once
// Conversions between our geometry::PatientVolume and ITK images. Included by imaging sources only:
// ITK stays out of every header that other modules include.

#include <itkImage.h>

#include "engine/geometry/patient_volume.h"

namespace everynet::engine::internal {

using ItkImage = itk::Image<float, 3>;

// Both copy the voxels; geometry (origin, spacing, direction) carries over exactly. toItk throws
// std::runtime_error when the voxel count does not match the size.
ItkImage::Pointer toItk(const geometry::PatientVolume& volume);
geometry::PatientVolume fromItk(const ItkImage& image);

}  // namespace everynet::engine::internal
