#pragma once

#include "dicom/results/source_series.h"
#include "dicom/results/written_series.h"
#include "engine/geometry/patient_volume.h"

namespace everynet::dicom {

// Segment numbers in the change SEG (the SR references them).
constexpr int kGrowthSegmentNumber = 1;
constexpr int kReductionSegmentNumber = 2;

// Writes a binary Segmentation (SEG00001.dcm in options.directory) on the follow-up's grid with
// the segments "growth" (ternary +1) and "reduction" (ternary -1): category Morphologically
// abnormal structure (SCT 49755003), type Enhancing Lesion (NCIt C113842) modified by Increased
// (SCT 35105006) or Decreased (SCT 1250004); algorithm AUTOMATIC "EveryNet" with the software
// version; one frame per follow-up image and segment, each derived from its image. Throws
// std::runtime_error when the ternary map is not on the follow-up's grid or the file cannot be
// written.
WrittenSeries writeChangeSegmentation(const SourceSeries& followup,
                                      const geometry::PatientVolume& ternary,
                                      const ResultSeriesOptions& options);

// Writes a binary Segmentation with the one segment "enhancing tumour" (mask > 0.5): category
// Morphologically abnormal structure, type Enhancing Lesion (NCIt C113842). The form in which
// readTumourSegmentation expects a baseline tumour, e.g. for a job's automatic estimate.
WrittenSeries writeEnhancingTumourSegmentation(const SourceSeries& series,
                                               const geometry::PatientVolume& mask,
                                               const ResultSeriesOptions& options);

}  // namespace everynet::dicom
