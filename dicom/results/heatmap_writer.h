#pragma once

#include "dicom/results/source_series.h"
#include "dicom/results/written_series.h"
#include "engine/geometry/patient_volume.h"

namespace everynet::dicom {

// What a heatmap slice shows; every volume lies on the follow-up series' grid (see
// emptyVolumeOn), one slice per follow-up image.
struct HeatmapLayers {
  const geometry::PatientVolume& followup_image;  // the follow-up T1ce, any intensity unit
  const geometry::PatientVolume& ternary;         // +1 growth, -1 reduction, 0 no change
  // Optional continuous change map: |value| (0..0.5 and above) sets how strongly a changed voxel is
  // coloured. Null: a fixed strength.
  const geometry::PatientVolume* change_map = nullptr;
};

// Colours of the overlay (RGB), also drawn in the burned-in legend.
constexpr unsigned char kGrowthColour[3] = {255, 64, 0};      // red-orange
constexpr unsigned char kReductionColour[3] = {0, 170, 255};  // blue-cyan

// Writes one RGB Secondary Capture image per follow-up slice into options.directory
// (SC00001.dcm, ... in slice order): the follow-up in grey, windowed to its 1st..99th percentile,
// growth and reduction blended over it, a legend ("GROWTH", "REDUCTION") in the top-left corner and
// "NOT FOR DIAGNOSTIC USE" along the bottom; Burned In Annotation YES. Slices narrower than 256
// pixels are enlarged by an integer factor (nearest neighbour) so the text is legible; Pixel
// Spacing and Image Position (Patient) are adjusted so the images still stack on the follow-up.
// Patient, study and character set are the follow-up's; each image references its follow-up
// image (Source Image Sequence). Throws std::runtime_error when a volume is not on the grid or a
// file cannot be written.
WrittenSeries writeHeatmapSeries(const SourceSeries& followup, const HeatmapLayers& layers,
                                 const ResultSeriesOptions& options);

}  // namespace everynet::dicom
