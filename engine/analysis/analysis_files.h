#pragma once

#include <filesystem>
#include <vector>

#include "engine/analysis/change_analysis.h"

namespace everynet::engine {

// Writes the maps of an analysis as NIfTI in the baseline's and the follow-up's geometry
// (map_*.nii.gz, ternary_*.nii.gz) and PNG previews of axial slices with the change over the
// follow-up (previews/axial_NNN.png). Returns the files written, relative to `directory`.
std::vector<std::filesystem::path> writeAnalysisFiles(const ChangeAnalysis& analysis,
                                                      const std::filesystem::path& directory);

}  // namespace everynet::engine
