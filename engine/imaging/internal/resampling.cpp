#include "engine/imaging/internal/resampling.h"

#include <itkDiscreteGaussianImageFilter.h>
#include <itkLinearInterpolateImageFunction.h>
#include <itkNearestNeighborInterpolateImageFunction.h>
#include <itkResampleImageFilter.h>

#include <algorithm>
#include <cmath>

namespace everynet::engine::internal {

ItkImage::Pointer gridGeometry(const std::array<int, 3>& size,
                               const std::array<double, 3>& spacing_mm,
                               const std::array<double, 3>& origin_mm,
                               const std::array<double, 9>& direction) {
  auto grid = ItkImage::New();
  ItkImage::SizeType itk_size;
  ItkImage::SpacingType itk_spacing;
  ItkImage::PointType itk_origin;
  ItkImage::DirectionType itk_direction;
  for (unsigned i = 0; i < 3; ++i) {
    itk_size[i] = static_cast<itk::SizeValueType>(size[i]);
    itk_spacing[i] = spacing_mm[i];
    itk_origin[i] = origin_mm[i];
    for (unsigned j = 0; j < 3; ++j) itk_direction[i][j] = direction[3 * i + j];
  }
  grid->SetRegions(ItkImage::RegionType(itk_size));
  grid->SetSpacing(itk_spacing);
  grid->SetOrigin(itk_origin);
  grid->SetDirection(itk_direction);
  return grid;
}

ItkImage::Pointer coarsenedGrid(const ItkImage& image, const std::array<double, 3>& spacing_mm) {
  const auto& spacing = image.GetSpacing();
  std::array<int, 3> size{};
  std::array<double, 3> origin{};
  std::array<double, 9> direction{};
  for (unsigned row = 0; row < 3; ++row) {
    for (unsigned column = 0; column < 3; ++column) {
      direction[3 * row + column] = image.GetDirection()[row][column];
    }
  }
  for (unsigned axis = 0; axis < 3; ++axis) {
    const double extent_mm = image.GetLargestPossibleRegion().GetSize()[axis] * spacing[axis];
    size[axis] = std::max(1, static_cast<int>(std::ceil(extent_mm / spacing_mm[axis])));
  }
  for (unsigned row = 0; row < 3; ++row) {
    origin[row] = image.GetOrigin()[row];
    for (unsigned column = 0; column < 3; ++column) {
      origin[row] += direction[3 * row + column] * 0.5 * (spacing_mm[column] - spacing[column]);
    }
  }
  return gridGeometry(size, spacing_mm, origin, direction);
}

ItkImage::Pointer resampleImage(const ItkImage& source, const ItkImage& grid,
                                Interpolation interpolation) {
  auto resampler = itk::ResampleImageFilter<ItkImage, ItkImage>::New();
  resampler->SetInput(&source);
  resampler->SetOutputParametersFromImage(&grid);
  resampler->SetDefaultPixelValue(0);
  if (interpolation == Interpolation::nearest) {
    resampler->SetInterpolator(itk::NearestNeighborInterpolateImageFunction<ItkImage>::New());
  } else {
    resampler->SetInterpolator(itk::LinearInterpolateImageFunction<ItkImage>::New());
  }
  resampler->Update();
  return resampler->GetOutput();
}

ItkImage::Pointer downsampleImage(const ItkImage& source, const ItkImage& grid) {
  const auto& grid_spacing = grid.GetSpacing();
  const double finest_mm = std::min({grid_spacing[0], grid_spacing[1], grid_spacing[2]});
  itk::DiscreteGaussianImageFilter<ItkImage, ItkImage>::ArrayType variance_mm2;
  bool smoothing = false;
  for (unsigned axis = 0; axis < 3; ++axis) {
    const double source_mm = source.GetSpacing()[axis];
    variance_mm2[axis] = std::max(0.0, 0.25 * (finest_mm * finest_mm - source_mm * source_mm));
    smoothing = smoothing || variance_mm2[axis] > 0;
  }
  if (!smoothing) return resampleImage(source, grid, Interpolation::linear);
  auto gaussian = itk::DiscreteGaussianImageFilter<ItkImage, ItkImage>::New();
  gaussian->SetInput(&source);
  gaussian->SetVariance(variance_mm2);
  gaussian->SetUseImageSpacing(true);
  gaussian->SetMaximumError(0.01);
  gaussian->Update();
  return resampleImage(*gaussian->GetOutput(), grid, Interpolation::linear);
}

}  // namespace everynet::engine::internal
