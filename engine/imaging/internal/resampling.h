#pragma once
// Resampling of ITK images through patient space. Imaging sources only.

#include <array>

#include "engine/imaging/internal/itk_image.h"
#include "engine/imaging/preprocessing.h"

namespace everynet::engine::internal {

// An image that carries a grid's geometry (size, spacing in mm, origin in mm, direction) and no
// voxels: a target for resampleImage.
ItkImage::Pointer gridGeometry(const std::array<int, 3>& size,
                               const std::array<double, 3>& spacing_mm,
                               const std::array<double, 3>& origin_mm,
                               const std::array<double, 9>& direction);

// A grid over the same extent as `image`, with its axes and the given spacing along each: the
// first voxel's outer corner stays where the image's is.
ItkImage::Pointer coarsenedGrid(const ItkImage& image, const std::array<double, 3>& spacing_mm);

// `source` resampled onto the geometry of `grid` (whose voxels are not read); 0 where the grid
// lies outside the source.
ItkImage::Pointer resampleImage(const ItkImage& source, const ItkImage& grid,
                                Interpolation interpolation);

// `source` smoothed against aliasing and resampled linearly onto `grid`: along each source axis a
// Gaussian of sigma = 0.5 * sqrt(g^2 - s^2) mm, g the finest grid spacing and s the source's
// (none when the grid is as fine as the source).
ItkImage::Pointer downsampleImage(const ItkImage& source, const ItkImage& grid);

}  // namespace everynet::engine::internal
