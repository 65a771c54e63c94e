#include "engine/imaging/internal/itk_image.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "engine/imaging/internal/resampling.h"

namespace everynet::engine::internal {

ItkImage::Pointer toItk(const geometry::PatientVolume& volume) {
  const auto& size_voxels = volume.image.size;
  if (size_voxels[0] < 1 || size_voxels[1] < 1 || size_voxels[2] < 1 ||
      volume.image.voxels.size() !=
          static_cast<std::size_t>(size_voxels[0]) * size_voxels[1] * size_voxels[2]) {
    throw std::runtime_error("a volume of " + std::to_string(size_voxels[0]) + "x" +
                             std::to_string(size_voxels[1]) + "x" + std::to_string(size_voxels[2]) +
                             " voxels cannot hold " + std::to_string(volume.image.voxels.size()) +
                             " values");
  }
  auto image =
      gridGeometry(size_voxels, volume.image.spacing_mm, volume.origin_mm, volume.direction);
  image->Allocate();
  std::copy(volume.image.voxels.begin(), volume.image.voxels.end(), image->GetBufferPointer());
  return image;
}

geometry::PatientVolume fromItk(const ItkImage& image) {
  const auto size = image.GetLargestPossibleRegion().GetSize();
  geometry::PatientVolume volume;
  for (unsigned i = 0; i < 3; ++i) {
    volume.image.size[i] = static_cast<int>(size[i]);
    volume.image.spacing_mm[i] = image.GetSpacing()[i];
    volume.origin_mm[i] = image.GetOrigin()[i];
    for (unsigned j = 0; j < 3; ++j) volume.direction[3 * i + j] = image.GetDirection()[i][j];
  }
  const float* pixels = image.GetBufferPointer();
  volume.image.voxels.assign(pixels, pixels + image.GetLargestPossibleRegion().GetNumberOfPixels());
  return volume;
}

}  // namespace everynet::engine::internal
