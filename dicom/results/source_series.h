#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/geometry/patient_volume.h"

namespace everynet::dicom {

// One attribute of the Patient, Patient Study or General Study module exactly as received: the
// value's bytes are in the series' Specific Character Set (a Latin-1 name stays Latin-1), several
// values joined by '\'. Result objects copy these unchanged.
struct SourceAttribute {
  std::uint16_t group = 0;
  std::uint16_t element = 0;
  std::string vr;  // e.g. "PN", "LO", "DA"
  std::string value;
};

// Where one image of the series lies; DICOM's own order of values.
struct SourceInstance {
  std::string sop_class_uid;
  std::string sop_instance_uid;
  std::array<double, 3> image_position_mm{0, 0, 0};           // Image Position (Patient)
  std::array<double, 6> image_orientation{1, 0, 0, 0, 1, 0};  // Image Orientation (Patient)
  std::array<double, 2> pixel_spacing_mm{1, 1};               // between rows, between columns
  int rows = 0;
  int columns = 0;
};

// What result objects need from an input series.
struct SourceSeries {
  std::string specific_character_set;  // as received, e.g. "ISO_IR 100"; empty: none was given
  // The patient and study attributes the series carries (the non-sequence attributes of the
  // Patient, Patient Study and General Study modules), in tag order, Study Instance UID included.
  std::vector<SourceAttribute> patient_study_attributes;
  std::string study_instance_uid;
  std::string series_instance_uid;
  std::string frame_of_reference_uid;
  std::string modality;
  // Sorted by position along the slice normal (row direction x column direction), ascending.
  std::vector<SourceInstance> instances;
};

// Reads the headers of the files of one series (pixel data is not read). Throws
// std::runtime_error naming the file and the reason when a file cannot be read, lacks an attribute
// listed above, or belongs to another series, or when the images differ in orientation or size or
// two share a position.
SourceSeries readSourceSeries(const std::vector<std::filesystem::path>& files);

// The series' grid as a volume of zeros: i along the rows (Image Orientation's first vector), j
// along the columns, k along the slice normal, one slice per instance. Throws std::runtime_error
// when the slices are not evenly spaced (within 1% of the spacing).
geometry::PatientVolume emptyVolumeOn(const SourceSeries& series);

}  // namespace everynet::dicom
