#include "engine/readout/training_focus.h"

#include <algorithm>
#include <cmath>

namespace everynet::engine {

std::vector<std::int64_t> slicesThrough(const geometry::Volume& mask, double margin_mm) {
  const std::size_t per_slice = static_cast<std::size_t>(mask.size[0]) * mask.size[1];
  int first = mask.size[2], last = -1;
  for (int z = 0; z < mask.size[2]; ++z) {
    const auto begin = mask.voxels.begin() + static_cast<std::ptrdiff_t>(per_slice * z);
    if (std::any_of(begin, begin + static_cast<std::ptrdiff_t>(per_slice),
                    [](float v) { return v > 0.5f; })) {
      first = std::min(first, z);
      last = z;
    }
  }
  if (last < 0) return {};
  const int margin = static_cast<int>(std::ceil(margin_mm / mask.spacing_mm[2]));
  std::vector<std::int64_t> slices;
  for (int z = std::max(0, first - margin); z <= std::min(mask.size[2] - 1, last + margin); ++z)
    slices.push_back(z);
  return slices;
}

}  // namespace everynet::engine
