#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace everynet::dicom {

// Text is UTF-8 and written with Specific Character Set ISO_IR 192; values keep DICOM's own
// spelling (DA: YYYYMMDD, TM: HHMMSS, multiple values joined by '\').

struct MrPatient {
  std::string name;  // PN, e.g. "Müller^Anna"
  std::string id;
  std::string issuer_of_id;
  std::string birth_date;  // DA
  std::string sex;         // M, F or O
};

struct MrStudy {
  std::string instance_uid;  // empty: a new UID for this call
  std::string date;          // DA
  std::string time;          // TM
  std::string accession_number;
  std::string description;
  std::string id = "1";
};

// What the scanner recorded about how the series was acquired.
struct MrSeriesHeader {
  std::string instance_uid;  // empty: a new UID for this call
  int number = 1;
  std::string description;
  std::string protocol_name;
  std::string time;  // TM of the series and its images; empty: the study's time
  // Non-empty when contrast was given: the Contrast/Bolus module is written only then.
  std::string contrast_bolus_agent;
  std::string image_type = "ORIGINAL\\PRIMARY\\M\\ND";
  std::string scanning_sequence;           // e.g. "GR\IR" (SE, IR, GR, EP, RM)
  std::string sequence_variant;            // e.g. "SK\SP\MP"
  std::string scan_options;                // may be empty
  std::string mr_acquisition_type = "3D";  // 2D or 3D
  double repetition_time_ms = 0;
  double echo_time_ms = 0;
  std::optional<double> inversion_time_ms;
  double flip_angle_deg = 0;
  int echo_train_length = 1;
  double magnetic_field_strength_t = 3;
  std::string manufacturer;
  std::string model_name;
  std::string body_part_examined = "HEAD";
  std::string patient_position = "HFS";
  double window_center = 0;
  double window_width = 1;
};

// The image volume and where it lies in patient coordinates (LPS, mm).
struct MrVolume {
  int columns = 0;
  int rows = 0;
  int slices = 0;
  std::array<double, 2> pixel_spacing_mm{1, 1};  // between rows, between columns (DICOM order)
  double slice_spacing_mm = 1;                   // between slice centres
  std::optional<double> slice_thickness_mm;      // empty: the slice spacing
  // Direction cosines of the rows and of the columns (Image Orientation (Patient)); slices advance
  // along their cross product.
  std::array<double, 6> image_orientation{1, 0, 0, 0, 1, 0};
  std::array<double, 3> first_slice_position_mm{0, 0, 0};  // Image Position (Patient) of slice 0
  std::string frame_of_reference_uid;                      // empty: a new UID for this call
  // Unsigned 16-bit pixels, a column index fastest, then rows, then slices.
  std::vector<std::uint16_t> pixels;
};

struct MrSeries {
  MrPatient patient;
  MrStudy study;
  MrSeriesHeader header;
  MrVolume volume;
  // The slice each file holds, in file order; Instance Number follows the file order. Empty:
  // the slices in order.
  std::vector<int> slice_of_file;
};

// A new UID under DCMTK's root.
std::string newUid();

// Writes MR Image Storage files, one per slice, Explicit VR Little Endian Part-10, into directory
// (created), named IM00001.dcm ... in file order. Returns the paths in file order. Throws
// std::runtime_error when the volume is inconsistent (sizes, pixel count, file order) or a file
// cannot be written.
std::vector<std::filesystem::path> writeMrSeries(const MrSeries& series,
                                                 const std::filesystem::path& directory);

}  // namespace everynet::dicom
