#pragma once
// Binary masks and their morphology in millimetres. Imaging sources only.

#include <itkImage.h>

#include <cstdint>
#include <vector>

#include "engine/imaging/internal/itk_image.h"

namespace everynet::engine::internal {

// 1 inside, 0 outside.
using ItkMask = itk::Image<std::uint8_t, 3>;

ItkMask::Pointer thresholdAbove(const ItkImage& image, float threshold);
ItkImage::Pointer toFloat(const ItkMask& mask);
ItkMask::Pointer maskOf(const ItkImage& image);  // voxels > 0.5

// Erosion and dilation by a ball of the given radius in mm, through an exact Euclidean distance
// map, so that they work on anisotropic grids and cost the same whatever the radius.
ItkMask::Pointer erodeMm(const ItkMask& mask, double radius_mm);
ItkMask::Pointer dilateMm(const ItkMask& mask, double radius_mm);
ItkMask::Pointer openMm(const ItkMask& mask, double radius_mm);
ItkMask::Pointer closeMm(const ItkMask& mask, double radius_mm);

ItkMask::Pointer intersection(const ItkMask& a, const ItkMask& b);
ItkMask::Pointer difference(const ItkMask& a, const ItkMask& b);  // in a and not in b
ItkMask::Pointer unite(const ItkMask& a, const ItkMask& b);
// The mask and its voxels' neighbours in the planes of constant z on either side: on thick
// slices, a dilation in mm may not reach the next slice.
ItkMask::Pointer extendedToNeighbourSlices(const ItkMask& mask);

// The largest face-connected component (empty when the mask is).
ItkMask::Pointer largestComponent(const ItkMask& mask);
// Face-connected components of at least min_voxels voxels.
ItkMask::Pointer componentsOfAtLeast(const ItkMask& mask, std::size_t min_voxels);
// The face-connected components of `mask` that hold at least one voxel of `seeds`.
ItkMask::Pointer componentsTouching(const ItkMask& mask, const ItkMask& seeds);
// The face-connected components of `mask` with more than `fraction` of their voxels in `region`.
ItkMask::Pointer componentsMostlyIn(const ItkMask& mask, const ItkMask& region, double fraction);
// Each face-connected component as a mask of its own, largest first.
std::vector<ItkMask::Pointer> eachComponent(const ItkMask& mask);
// Background regions not face-connected to the border become foreground.
ItkMask::Pointer fillHoles(const ItkMask& mask);
// The same in each plane of constant z (axial slices on a working grid) on its own.
ItkMask::Pointer fillHolesInSlices(const ItkMask& mask);

std::size_t countInside(const ItkMask& mask);

}  // namespace everynet::engine::internal
