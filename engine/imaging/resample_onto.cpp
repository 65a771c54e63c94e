#include "engine/imaging/internal/itk_image.h"
#include "engine/imaging/internal/resampling.h"
#include "engine/imaging/preprocessing.h"

namespace everynet::engine {

geometry::PatientVolume resampleOnto(const geometry::PatientVolume& source,
                                     const geometry::PatientVolume& target,
                                     Interpolation interpolation) {
  const auto grid = internal::gridGeometry(target.image.size, target.image.spacing_mm,
                                           target.origin_mm, target.direction);
  return internal::fromItk(
      *internal::resampleImage(*internal::toItk(source), *grid, interpolation));
}

}  // namespace everynet::engine
