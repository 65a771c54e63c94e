#include "dicom/results/change_segmentation_writer.h"

#include "dicom/results/internal/binary_segmentation.h"

namespace everynet::dicom {
namespace {

using internal::CodedConcept;

const CodedConcept kAbnormalStructure{"49755003", "SCT", "Morphologically Abnormal Structure"};
const CodedConcept kEnhancingLesion{"C113842", "NCIt", "Enhancing Lesion"};
const CodedConcept kIncreased{"35105006", "SCT", "Increased"};
const CodedConcept kDecreased{"1250004", "SCT", "Decreased"};

}  // namespace

WrittenSeries writeChangeSegmentation(const SourceSeries& followup,
                                      const geometry::PatientVolume& ternary,
                                      const ResultSeriesOptions& options) {
  internal::SegmentSpec growth{
      "growth",           "Enhancing tumour growth between baseline and follow-up",
      kAbnormalStructure, kEnhancingLesion,
      kIncreased,         {255, 64, 0},
      &ternary,           [](float value) { return value > 0.5f; }};
  internal::SegmentSpec reduction{
      "reduction",        "Enhancing tumour reduction between baseline and follow-up",
      kAbnormalStructure, kEnhancingLesion,
      kDecreased,         {0, 170, 255},
      &ternary,           [](float value) { return value < -0.5f; }};
  return internal::writeBinarySegmentation(followup, {growth, reduction}, options,
                                           "EveryNet change segmentation", "CHANGE");
}

WrittenSeries writeEnhancingTumourSegmentation(const SourceSeries& series,
                                               const geometry::PatientVolume& mask,
                                               const ResultSeriesOptions& options) {
  internal::SegmentSpec tumour{"enhancing tumour",
                               "Enhancing tumour",
                               kAbnormalStructure,
                               kEnhancingLesion,
                               std::nullopt,
                               {255, 255, 0},
                               &mask,
                               [](float value) { return value > 0.5f; }};
  return internal::writeBinarySegmentation(series, {tumour}, options,
                                           "EveryNet enhancing tumour segmentation", "TUMOUR");
}

}  // namespace everynet::dicom
