#include "engine/imaging/internal/mask_morphology.h"

#include <itkBinaryFillholeImageFilter.h>
#include <itkConnectedComponentImageFilter.h>
#include <itkRelabelComponentImageFilter.h>
#include <itkSignedMaurerDistanceMapImageFilter.h>

#include <algorithm>
#include <functional>
#include <vector>

namespace everynet::engine::internal {
namespace {

using LabelImage = itk::Image<std::uint32_t, 3>;

constexpr double kDistanceToleranceMm = 1e-3;

template <typename Pixel>
typename itk::Image<Pixel, 3>::Pointer allocatedLike(const itk::ImageBase<3>& geometry) {
  auto image = itk::Image<Pixel, 3>::New();
  image->CopyInformation(&geometry);
  image->SetRegions(geometry.GetLargestPossibleRegion());
  image->Allocate();
  return image;
}

std::size_t voxelCount(const itk::ImageBase<3>& image) {
  return image.GetLargestPossibleRegion().GetNumberOfPixels();
}

// A mask whose voxel i is predicate(i).
ItkMask::Pointer maskWhere(const itk::ImageBase<3>& geometry,
                           const std::function<bool(std::size_t)>& predicate) {
  auto mask = allocatedLike<std::uint8_t>(geometry);
  std::uint8_t* out = mask->GetBufferPointer();
  const std::size_t count = voxelCount(geometry);
  for (std::size_t i = 0; i < count; ++i) out[i] = predicate(i) ? 1 : 0;
  return mask;
}

ItkMask::Pointer complement(const ItkMask& mask) {
  const std::uint8_t* in = mask.GetBufferPointer();
  return maskWhere(mask, [in](std::size_t i) { return in[i] == 0; });
}

// Face-connected components labelled 1, 2, ... from the largest down; those smaller than
// min_voxels labelled 0.
LabelImage::Pointer componentsBySize(const ItkMask& mask, std::size_t min_voxels) {
  auto components = itk::ConnectedComponentImageFilter<ItkMask, LabelImage>::New();
  components->SetInput(&mask);
  components->FullyConnectedOff();
  auto relabel = itk::RelabelComponentImageFilter<LabelImage, LabelImage>::New();
  relabel->SetInput(components->GetOutput());
  relabel->SetMinimumObjectSize(min_voxels);
  relabel->Update();
  return relabel->GetOutput();
}

}  // namespace

ItkMask::Pointer thresholdAbove(const ItkImage& image, float threshold) {
  const float* in = image.GetBufferPointer();
  return maskWhere(image, [in, threshold](std::size_t i) { return in[i] > threshold; });
}

ItkImage::Pointer toFloat(const ItkMask& mask) {
  auto image = allocatedLike<float>(mask);
  std::copy(mask.GetBufferPointer(), mask.GetBufferPointer() + voxelCount(mask),
            image->GetBufferPointer());
  return image;
}

ItkMask::Pointer maskOf(const ItkImage& image) {
  return thresholdAbove(image, 0.5f);
}

ItkMask::Pointer dilateMm(const ItkMask& mask, double radius_mm) {
  // Outside the mask the signed map holds the exact distance (mm) to the nearest mask voxel.
  auto distance = itk::SignedMaurerDistanceMapImageFilter<ItkMask, ItkImage>::New();
  distance->SetInput(&mask);
  distance->SetUseImageSpacing(true);
  distance->SetSquaredDistance(false);
  distance->SetInsideIsPositive(false);
  distance->SetBackgroundValue(0);
  distance->Update();
  const float* d = distance->GetOutput()->GetBufferPointer();
  const std::uint8_t* in = mask.GetBufferPointer();
  // The map is in float: a voxel exactly radius_mm away may come out a little above or below, and
  // differently on either side, so the ball is taken a hair larger.
  const double reach_mm = radius_mm + kDistanceToleranceMm;
  return maskWhere(mask,
                   [in, d, reach_mm](std::size_t i) { return in[i] != 0 || d[i] <= reach_mm; });
}

ItkMask::Pointer erodeMm(const ItkMask& mask, double radius_mm) {
  return complement(*dilateMm(*complement(mask), radius_mm));
}

ItkMask::Pointer openMm(const ItkMask& mask, double radius_mm) {
  return dilateMm(*erodeMm(mask, radius_mm), radius_mm);
}

ItkMask::Pointer closeMm(const ItkMask& mask, double radius_mm) {
  return erodeMm(*dilateMm(mask, radius_mm), radius_mm);
}

ItkMask::Pointer intersection(const ItkMask& a, const ItkMask& b) {
  const std::uint8_t* in_a = a.GetBufferPointer();
  const std::uint8_t* in_b = b.GetBufferPointer();
  return maskWhere(a, [in_a, in_b](std::size_t i) { return in_a[i] != 0 && in_b[i] != 0; });
}

ItkMask::Pointer difference(const ItkMask& a, const ItkMask& b) {
  const std::uint8_t* in_a = a.GetBufferPointer();
  const std::uint8_t* in_b = b.GetBufferPointer();
  return maskWhere(a, [in_a, in_b](std::size_t i) { return in_a[i] != 0 && in_b[i] == 0; });
}

ItkMask::Pointer unite(const ItkMask& a, const ItkMask& b) {
  const std::uint8_t* in_a = a.GetBufferPointer();
  const std::uint8_t* in_b = b.GetBufferPointer();
  return maskWhere(a, [in_a, in_b](std::size_t i) { return in_a[i] != 0 || in_b[i] != 0; });
}

ItkMask::Pointer extendedToNeighbourSlices(const ItkMask& mask) {
  const auto size = mask.GetLargestPossibleRegion().GetSize();
  const std::size_t slice_voxels = size[0] * size[1];
  const std::size_t count = slice_voxels * size[2];
  const std::uint8_t* in = mask.GetBufferPointer();
  return maskWhere(mask, [in, slice_voxels, count](std::size_t i) {
    return in[i] != 0 || (i >= slice_voxels && in[i - slice_voxels] != 0) ||
           (i + slice_voxels < count && in[i + slice_voxels] != 0);
  });
}

ItkMask::Pointer largestComponent(const ItkMask& mask) {
  const auto labels = componentsBySize(mask, 0);
  const std::uint32_t* label = labels->GetBufferPointer();
  return maskWhere(mask, [label](std::size_t i) { return label[i] == 1; });
}

ItkMask::Pointer componentsOfAtLeast(const ItkMask& mask, std::size_t min_voxels) {
  const auto labels = componentsBySize(mask, min_voxels);
  const std::uint32_t* label = labels->GetBufferPointer();
  return maskWhere(mask, [label](std::size_t i) { return label[i] != 0; });
}

ItkMask::Pointer componentsTouching(const ItkMask& mask, const ItkMask& seeds) {
  const auto labels = componentsBySize(mask, 0);
  const std::uint32_t* label = labels->GetBufferPointer();
  const std::uint8_t* seed = seeds.GetBufferPointer();
  const std::size_t count = voxelCount(mask);
  std::vector<bool> seeded(*std::max_element(label, label + count) + 1, false);
  for (std::size_t i = 0; i < count; ++i) {
    if (seed[i] != 0 && label[i] != 0) seeded[label[i]] = true;
  }
  return maskWhere(mask, [label, &seeded](std::size_t i) { return seeded[label[i]]; });
}

ItkMask::Pointer componentsMostlyIn(const ItkMask& mask, const ItkMask& region, double fraction) {
  const auto labels = componentsBySize(mask, 0);
  const std::uint32_t* label = labels->GetBufferPointer();
  const std::uint8_t* in_region = region.GetBufferPointer();
  const std::size_t count = voxelCount(mask);
  const std::size_t components = *std::max_element(label, label + count) + 1;
  std::vector<std::size_t> voxels(components, 0), voxels_in_region(components, 0);
  for (std::size_t i = 0; i < count; ++i) {
    ++voxels[label[i]];
    if (in_region[i] != 0) ++voxels_in_region[label[i]];
  }
  return maskWhere(mask, [&](std::size_t i) {
    return label[i] != 0 && voxels_in_region[label[i]] > fraction * voxels[label[i]];
  });
}

std::vector<ItkMask::Pointer> eachComponent(const ItkMask& mask) {
  const auto labels = componentsBySize(mask, 0);
  const std::uint32_t* label = labels->GetBufferPointer();
  const std::uint32_t count = *std::max_element(label, label + voxelCount(mask));
  std::vector<ItkMask::Pointer> components;
  for (std::uint32_t component = 1; component <= count; ++component) {
    components.push_back(
        maskWhere(mask, [label, component](std::size_t i) { return label[i] == component; }));
  }
  return components;
}

ItkMask::Pointer fillHoles(const ItkMask& mask) {
  auto fill = itk::BinaryFillholeImageFilter<ItkMask>::New();
  fill->SetInput(&mask);
  fill->SetForegroundValue(1);
  fill->FullyConnectedOff();
  fill->Update();
  return fill->GetOutput();
}

ItkMask::Pointer fillHolesInSlices(const ItkMask& mask) {
  const auto size = mask.GetLargestPossibleRegion().GetSize();
  const std::size_t nx = size[0], ny = size[1], slice_voxels = nx * ny;
  auto filled = allocatedLike<std::uint8_t>(mask);
  const std::uint8_t* in = mask.GetBufferPointer();
  std::uint8_t* out = filled->GetBufferPointer();
  // Per slice: flood the background from the slice's border (4-connected); what the flood does
  // not reach is inside.
  std::vector<std::uint8_t> outside(slice_voxels);
  std::vector<std::size_t> queue;
  for (std::size_t z = 0; z < size[2]; ++z) {
    const std::uint8_t* slice = in + z * slice_voxels;
    std::fill(outside.begin(), outside.end(), 0);
    queue.clear();
    const auto visit = [&](std::size_t x, std::size_t y) {
      const std::size_t i = x + nx * y;
      if (slice[i] == 0 && outside[i] == 0) {
        outside[i] = 1;
        queue.push_back(i);
      }
    };
    for (std::size_t x = 0; x < nx; ++x) {
      visit(x, 0);
      visit(x, ny - 1);
    }
    for (std::size_t y = 0; y < ny; ++y) {
      visit(0, y);
      visit(nx - 1, y);
    }
    while (!queue.empty()) {
      const std::size_t i = queue.back();
      queue.pop_back();
      const std::size_t x = i % nx, y = i / nx;
      if (x > 0) visit(x - 1, y);
      if (x + 1 < nx) visit(x + 1, y);
      if (y > 0) visit(x, y - 1);
      if (y + 1 < ny) visit(x, y + 1);
    }
    for (std::size_t i = 0; i < slice_voxels; ++i) out[z * slice_voxels + i] = outside[i] == 0;
  }
  return filled;
}

std::size_t countInside(const ItkMask& mask) {
  const std::uint8_t* in = mask.GetBufferPointer();
  return static_cast<std::size_t>(
      std::count_if(in, in + voxelCount(mask), [](std::uint8_t v) { return v != 0; }));
}

}  // namespace everynet::engine::internal
