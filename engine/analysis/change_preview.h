#pragma once

#include <cstdint>
#include <vector>

#include "engine/geometry/volume.h"
#include "engine/imaging/png_writer.h"

namespace everynet::engine {

// An axial slice of the follow-up in grey with the change over it: growth in red to yellow,
// reduction in blue to cyan, stronger where the map is stronger; voxels the read-out kept are
// opaque, the rest of the map faint. Each voxel becomes `scale` x `scale` pixels. Slice z of
// volumes on one grid; the image's top is the grid's first row (anterior on an LPS grid) and its
// left the first column (the patient's right), the radiological view.
RgbImage renderChangeSlice(const geometry::Volume& followup, const geometry::Volume& map,
                           const std::vector<std::int8_t>& ternary, int z, int scale);

// The axial slices worth showing, at most `count`, in order: those with the most kept change,
// else those through the given region (e.g. the baseline tumour), else the middle slice.
std::vector<int> previewSlices(const std::vector<std::int8_t>& ternary,
                               const geometry::Volume& region, int count);

}  // namespace everynet::engine
