#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dicom/results/source_series.h"
#include "dicom/results/written_series.h"
#include "engine/geometry/patient_volume.h"

namespace everynet::dicom::internal {

struct CodedConcept {
  std::string value;
  std::string scheme;
  std::string meaning;
};

// One segment: the voxels of volume (on the source's grid) for which includes() holds.
struct SegmentSpec {
  std::string label;
  std::string description;
  CodedConcept category;
  CodedConcept type;
  std::optional<CodedConcept> type_modifier;
  std::array<unsigned char, 3> display_rgb{255, 255, 255};
  const geometry::PatientVolume* volume = nullptr;
  std::function<bool(float)> includes;
};

// Writes one binary Segmentation (DCMTK dcmseg) file, segments numbered 1.. in the given order,
// one frame per source image and segment (empty frames included, so frames map to slices one to
// one), each frame derived from its source image; patient, study, character set and Frame of
// Reference are the source's; Series and Content Description are seriesDescription(what, options).
// Returns the series with its one instance.
WrittenSeries writeBinarySegmentation(const SourceSeries& source,
                                      const std::vector<SegmentSpec>& segments,
                                      const ResultSeriesOptions& options, const std::string& what,
                                      const std::string& content_label);

}  // namespace everynet::dicom::internal
