#include "engine/imaging/brain_extraction.h"

#include <stdexcept>

#include "engine/imaging/internal/brain_mask.h"
#include "engine/imaging/internal/itk_image.h"
#include "engine/imaging/internal/resampling.h"

namespace everynet::engine {

geometry::PatientVolume extractBrainMask(const geometry::PatientVolume& head) {
  const auto head_image = internal::toItk(head);
  const auto brain = internal::extractBrainOnIsotropicGrid(*head_image);
  auto mask =
      internal::fromItk(*internal::resampleImage(*brain, *head_image, Interpolation::linear));
  for (float& voxel : mask.image.voxels) voxel = voxel > 0.5f ? 1.0f : 0.0f;
  return mask;
}

double diceCoefficient(const geometry::Volume& a, const geometry::Volume& b) {
  if (a.size != b.size || a.voxels.size() != b.voxels.size()) {
    throw std::runtime_error("Dice of masks on different grids");
  }
  std::size_t in_a = 0, in_b = 0, in_both = 0;
  for (std::size_t i = 0; i < a.voxels.size(); ++i) {
    const bool inside_a = a.voxels[i] > 0.5f;
    const bool inside_b = b.voxels[i] > 0.5f;
    in_a += inside_a;
    in_b += inside_b;
    in_both += inside_a && inside_b;
  }
  if (in_a + in_b == 0) return 1.0;
  return 2.0 * static_cast<double>(in_both) / static_cast<double>(in_a + in_b);
}

}  // namespace everynet::engine
