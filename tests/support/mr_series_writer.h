#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace everynet::test {

struct PatientSpec {
  std::string name = "Müller^Anna";  // UTF-8, written with Specific Character Set ISO_IR 192
  std::string id = "EN-0001";
  std::string issuer_of_id = "EVERYNET TEST HOSPITAL";
  std::string birth_date = "19680412";  // DICOM DA
  std::string sex = "F";
};

struct StudySpec {
  std::string instance_uid;  // empty: a new UID for every writeMrSeries call
  std::string date = "20240115";
  std::string time = "081500";
  std::string accession_number = "ACC0001";
  std::string description = "MRT Schaedel mit KM";
};

// One MR Image Storage series of a head-like phantom: an ellipsoid skull around the brain and a
// ring-enhancing lesion. The phantom is centred in the volume and scales with its extent, except
// the lesion radius, which is in mm so that two timepoints can show growth.
struct MrSeriesSpec {
  PatientSpec patient;
  StudySpec study;

  std::string series_instance_uid;  // empty: generated
  int series_number = 5;
  std::string series_description = "t1_mprage_tra_KM";
  std::string protocol_name = "t1_mprage_tra_KM";
  std::string contrast_bolus_agent = "Gadovist";  // empty: no Contrast/Bolus module
  std::string image_type = "ORIGINAL\\PRIMARY\\OTHER";
  std::string scanning_sequence = "GR\\IR";
  std::string sequence_variant = "SK\\SP\\MP";
  std::string mr_acquisition_type = "3D";
  double repetition_time_ms = 2300;
  double echo_time_ms = 2.3;
  std::optional<double> inversion_time_ms = 900;
  double flip_angle_deg = 8;
  double magnetic_field_strength_t = 3;
  std::string manufacturer = "SIEMENS";
  std::string model_name = "Skyra";

  int rows = 64;
  int columns = 64;
  std::array<double, 2> pixel_spacing_mm = {3.75, 3.75};  // between rows, between columns
  int slices = 24;
  double slice_spacing_mm = 5;
  std::optional<double> slice_thickness_mm;  // empty: the slice spacing
  // Direction cosines of the rows and of the columns (DICOM Image Orientation (Patient)).
  std::array<double, 6> image_orientation = {1, 0, 0, 0, 1, 0};
  std::string frame_of_reference_uid;  // empty: generated

  double lesion_radius_mm = 10;
  double window_center = 600;
  double window_width = 1200;

  // Writes the slices to files in a random order (seeded), with Instance Number following the
  // file order, so that only Image Position (Patient) gives the anatomical order.
  bool shuffled_file_order = false;
  unsigned shuffle_seed = 1;
};

// A new UID under DCMTK's root.
std::string newUid();

// Renders the head phantom and writes it with dicom::writeMrSeries: one Part-10 file per slice
// (Explicit VR Little Endian) into directory, which is created. Returns the paths in file order.
// Throws std::runtime_error for a bad image size or when a file cannot be written.
std::vector<std::filesystem::path> writeMrSeries(const MrSeriesSpec& spec,
                                                 const std::filesystem::path& directory);

// Writes a Part-10 MR file that parses but has neither Study nor Series Instance UID: a receiver
// must refuse it. Creates the parent directory.
void writeMalformedInstance(const std::filesystem::path& path);

// The SOP Instance UID of a Part-10 file; throws std::runtime_error when it cannot be read.
std::string readSopInstanceUid(const std::filesystem::path& path);

}  // namespace everynet::test
