#pragma once
// The series a phantom study holds, named and timed as three scanner vendors do.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engine/phantom/longitudinal_phantom.h"

namespace everynet::service {

// How one series is acquired and what its header says about it.
struct SeriesProtocol {
  int number = 1;
  std::string description;  // also the protocol name
  engine::PhantomAcquisition acquisition;
  bool contrast = false;  // after gadolinium: the header names the agent
  std::string image_type = "ORIGINAL\\PRIMARY\\M\\ND";
  std::string scanning_sequence;
  std::string sequence_variant;
  std::string scan_options;
  std::string mr_acquisition_type = "2D";
  double repetition_time_ms = 0;
  double echo_time_ms = 0;
  std::optional<double> inversion_time_ms;
  double flip_angle_deg = 90;
  int echo_train_length = 1;
};

// A scanner vendor's names and timings for a brain-tumour follow-up protocol: a localizer, T2,
// FLAIR, a native T1 and the T1 after contrast (3D, or 2D with thick slices).
struct Vendor {
  std::string manufacturer;
  std::string model_name;
  std::string contrast_agent;
  std::string study_description;
  int first_series_number;
  int series_number_step;
  SeriesProtocol localizer;
  SeriesProtocol t2;
  SeriesProtocol flair;
  SeriesProtocol t1_native;
  SeriesProtocol t1ce_3d;
  SeriesProtocol t1ce_2d;
};

// Siemens, GE and Philips, in that order.
std::vector<Vendor> phantomVendors();

// The series of one study in acquisition order, sized for the isotropic voxel size voxel_mm (mm);
// the T1ce is acquired with t1ce_acquisition's voxel and slice gap, and slices thicker than
// 2 * voxel_mm or with gaps make it a 2D acquisition.
std::vector<SeriesProtocol> studyProtocols(const Vendor& vendor, double voxel_mm,
                                           const engine::PhantomAcquisition& t1ce_acquisition);
// the T1ce is acquired with t1ce_voxel_mm, and thick slices make it a 2D acquisition.
std::vector<SeriesProtocol> studyProtocols(const Vendor& vendor, double voxel_mm,
                                           const std::array<double, 3>& t1ce_voxel_mm);

// "<series number, two digits at least>_<description>" with what a file name should not hold
// replaced by '_', e.g. "05_t1_mprage_tra_KM".
std::string seriesFolderName(const SeriesProtocol& series);

}  // namespace everynet::service
