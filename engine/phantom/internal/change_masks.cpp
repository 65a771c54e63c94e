#include "engine/phantom/internal/change_masks.h"

#include "engine/phantom/internal/parallel_for.h"

namespace everynet::engine::phantom {

ChangeMasks changeMasks(const Visit& visit, const std::vector<Lesion>& baseline_lesions,
                        const std::vector<Lesion>& followup_lesions, const VoxelGrid& grid,
                        const std::vector<double>& slice_offsets) {
  const std::vector<double>& offsets = slice_offsets;
  ChangeMasks masks{grid.emptyVolume(), grid.emptyVolume()};
  float* growth = masks.growth.image.voxels.data();
  float* reduction = masks.reduction.image.voxels.data();
  const int samples = static_cast<int>(offsets.size());
  parallelFor(grid.size[2], [&](int k) {
    for (int j = 0; j < grid.size[1]; ++j) {
      for (int i = 0; i < grid.size[0]; ++i) {
        int grown = 0;
        int gone = 0;
        for (const double offset : offsets) {
          const Vec3 at = visit.anatomyPosition(grid.position({double(i), double(j), k + offset}));
          const bool before = insideEnhancingTumour(baseline_lesions, at);
          const bool after = insideEnhancingTumour(followup_lesions, at);
          grown += after && !before;
          gone += before && !after;
        }
        const std::size_t index = grid.index(i, j, k);
        growth[index] = 2 * grown > samples ? 1.0f : 0.0f;
        reduction[index] = 2 * gone > samples ? 1.0f : 0.0f;
      }
    }
  });
  return masks;
}

}  // namespace everynet::engine::phantom
