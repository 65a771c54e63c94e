#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/analysis/change_analysis.h"

// The commands that load the engine (LibTorch, ITK): run by the everynet-engine binary, which
// `everynet` starts in its place for them (engine_binary.h).
namespace everynet::service {

struct AnalyzeRequest {
  std::filesystem::path baseline_dir;  // one DICOM series each
  std::filesystem::path followup_dir;
  std::filesystem::path out_dir;
  std::string profile = "cpu";
  std::vector<std::string> profile_settings;  // "key=value" changes to the profile (--set)
  engine::ChangeMethod method = engine::ChangeMethod::personal_wgan;
  std::uint64_t seed = 1;
  std::string device = "auto";
  int threads = 0;
  std::optional<std::filesystem::path> baseline_mask;  // NIfTI segmentation of the baseline tumour
  std::optional<double> baseline_ml;  // the baseline volume an earlier analysis measured
  // Train elsewhere: write the training pair to OUT/training_pair and stop (--export-pair), or
  // read out a map trained on it (--change-map; engine/core/training_pair_files.h).
  bool export_pair = false;
  std::optional<std::filesystem::path> change_map;
  // The personal WGAN's trainer (everynet-train), run as a child process.
  std::filesystem::path trainer;
};

// `everynet serve`: the configuration file (none: the defaults) and what the command line changes.
struct ServeRequest {
  std::filesystem::path config_file;
  std::filesystem::path data_dir;           // empty: storage.data_dir
  std::optional<std::uint16_t> dicom_port;  // dicom.port
  std::string ae_title;                     // empty: dicom.ae_title
};

// Each returns the process exit status.
int serveCommand(const ServeRequest& request);
int analyzeCommand(const AnalyzeRequest& request);

// What `everynet phantom` writes: a phantom patient's baseline and follow-up MR studies as DICOM
// (out_dir/baseline, out_dir/followup, one folder per series) and the truth (out_dir/truth:
// NIfTI masks and truth.json).
struct PhantomRequest {
  std::filesystem::path out_dir;
  std::string change;  // progression | stable | response | complete | nochange | new
  std::uint64_t seed = 1;
  std::string thick = "none";  // none | baseline | followup: that visit's T1ce has thick slices
  double voxel_mm = 1;         // isotropic voxel size; larger makes small phantoms for tests
  bool tumour_only = false;    // the follow-up differs only in the tumour and the noise
  // The enhancing tumour's T1ce signal / white matter's; empty: the phantom's default (1.75).
  std::optional<double> enhancement;
  std::optional<std::string> tumour;  // rim | solid | multifocal | irregular; empty: rim
  std::optional<std::string> site;    // deep | periventricular | cortical; empty: deep
  // Each visit's T1ce voxel (mm: in-plane 0.45..1.2, slices 1..6, times voxel_mm) and slice gap
  // (0..2 mm, times voxel_mm); they override --thick for their visit.
  std::optional<std::vector<double>> baseline_voxel_mm;
  std::optional<std::vector<double>> followup_voxel_mm;
  std::optional<double> baseline_gap_mm;
  std::optional<double> followup_gap_mm;
  // Tumour kind, site, enhancement and each visit's voxel and gap drawn from the seed (the voxel
  // sizes and gaps times voxel_mm); the options above override what it draws.
  bool varied = false;
};
int phantomCommand(const PhantomRequest& request);

}  // namespace everynet::service
