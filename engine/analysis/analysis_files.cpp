#include "engine/analysis/analysis_files.h"

#include <cstdio>

#include "engine/analysis/change_preview.h"
#include "engine/imaging/nifti_io.h"
#include "engine/imaging/png_writer.h"

namespace everynet::engine {
namespace {

constexpr int kPreviewCount = 6;
constexpr int kPreviewMinimumPixels = 384;  // upscale small working grids for the eye

std::vector<std::int8_t> asTernary(const geometry::Volume& ternary) {
  std::vector<std::int8_t> labels(ternary.voxels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    labels[i] = static_cast<std::int8_t>(ternary.voxels[i] > 0.5f    ? 1
                                         : ternary.voxels[i] < -0.5f ? -1
                                                                     : 0);
  }
  return labels;
}

}  // namespace

std::vector<std::filesystem::path> writeAnalysisFiles(const ChangeAnalysis& analysis,
                                                      const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory / "previews");
  std::vector<std::filesystem::path> written;
  const auto nifti = [&](const geometry::PatientVolume& volume, const char* name) {
    writeNifti(volume, directory / name);
    written.emplace_back(name);
  };
  nifti(analysis.map_in_baseline, "map_baseline.nii.gz");
  nifti(analysis.ternary_in_baseline, "ternary_baseline.nii.gz");
  nifti(analysis.map_in_followup, "map_followup.nii.gz");
  nifti(analysis.ternary_in_followup, "ternary_followup.nii.gz");
  nifti(analysis.brain_mask_in_baseline, "brain_mask_baseline.nii.gz");
  nifti(analysis.baseline_tumour_in_baseline, "tumour_baseline.nii.gz");

  // Previews on the working grid: axial whatever the acquisition, the map where it was computed.
  const auto& grid = analysis.followup_working.image;
  const auto ternary = asTernary(analysis.ternary_working.image);
  const int scale = std::max(1, kPreviewMinimumPixels / grid.size[0]);
  for (const int z :
       previewSlices(ternary, analysis.baseline_tumour_working.image, kPreviewCount)) {
    char name[32];
    std::snprintf(name, sizeof name, "previews/axial_%03d.png", z);
    writePng(renderChangeSlice(grid, analysis.map_working.image, ternary, z, scale),
             directory / name);
    written.emplace_back(name);
  }
  return written;
}

}  // namespace everynet::engine
