#pragma once

#include <optional>
#include <string>

namespace everynet::storage {

// Series-level DICOM attributes, taken from the instances of a series as they arrive. This is what
// the T1ce classifier and the series choice look at; values keep DICOM's own spelling.
struct SeriesAttributes {
  std::string modality;              // (0008,0060), e.g. "MR"
  std::string series_description;    // (0008,103E)
  std::string protocol_name;         // (0018,1030)
  std::string contrast_bolus_agent;  // (0018,0010); non-empty means contrast was given
  std::string image_type;            // (0008,0008), values joined by '\', e.g. "ORIGINAL\PRIMARY\M"
  std::string scanning_sequence;     // (0018,0020), e.g. "GR\IR"
  std::string sequence_variant;      // (0018,0021)
  std::string mr_acquisition_type;   // (0018,0023), "2D" or "3D"
  std::optional<double> repetition_time_ms;  // (0018,0080)
  std::optional<double> echo_time_ms;        // (0018,0081)
  std::optional<double> inversion_time_ms;   // (0018,0082)
  std::optional<double> slice_thickness_mm;  // (0018,0050)
  std::optional<int> series_number;          // (0020,0011)

  bool operator==(const SeriesAttributes&) const = default;
};

}  // namespace everynet::storage
