#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/analysis/baseline_confidence.h"
#include "engine/core/training_pair_files.h"
#include "engine/core/training_profile.h"
#include "engine/geometry/patient_volume.h"
#include "engine/readout/rano.h"

namespace everynet::engine {

// Where the baseline's enhancing-tumour volume came from, in order of preference.
enum class BaselineVolumeSource { supplied_segmentation, earlier_job, automatic_estimate };
const char* toString(BaselineVolumeSource source);

// How the change map is made. The product's method is the personal WGAN; the classical peer
// (rigid registration, subtraction) is there to compare with, through the same read-out.
enum class ChangeMethod { personal_wgan, registration_subtraction };
const char* toString(ChangeMethod method);

struct AnalysisInputs {
  geometry::PatientVolume baseline;  // T1ce scans as read, each in its own geometry
  geometry::PatientVolume followup;
  // 0/1 enhancing tumour, baseline geometry
  std::optional<geometry::PatientVolume> baseline_segmentation;
  std::optional<double> earlier_job_followup_ml;  // what an earlier job measured for this baseline
};

struct NewLesionReport {
  double volume_ml = 0;
  std::array<double, 3> centre_mm{};  // patient coordinates of the baseline
};

struct AnalysisTimings {
  double preprocessing_seconds = 0;
  double change_map_seconds = 0;  // the registration, or taking the trained map
  double readout_seconds = 0;
};

// Everything one analysis found. Maps: fake follow-up = baseline + map on the working grid.
struct ChangeAnalysis {
  // On the working grid (axial, LPS; see engine/imaging/preprocessing.h), placed in each scan.
  geometry::PatientVolume baseline_working;  // preprocessed baseline, [0, 1]
  geometry::PatientVolume followup_working;  // preprocessed follow-up, [0, 1]
  geometry::PatientVolume map_working;       // placed in the baseline
  // -1 reduction, 0, +1 growth; tumour-related change only
  geometry::PatientVolume ternary_working;
  // 0/1 enhancing tumour the read-out is related to
  geometry::PatientVolume baseline_tumour_working;
  // The map in each scan's own geometry, and the change regions drawn there at the scan's own
  // scale (engine/imaging/change_regions.h): the follow-up's are what the heatmaps and the
  // segmentation show, and growth_ml and reduction_ml are their volumes.
  geometry::PatientVolume map_in_baseline, ternary_in_baseline;
  geometry::PatientVolume map_in_followup, ternary_in_followup;
  geometry::PatientVolume brain_mask_in_baseline;  // the brain extraction, for quality control
  // The baseline tumour on the baseline's own grid (the supplied segmentation, or the automatic
  // estimate redrawn at the scan's scale): its volume is the automatic baseline volume.
  geometry::PatientVolume baseline_tumour_in_baseline;

  double growth_ml = 0;
  double reduction_ml = 0;
  double baseline_ml = 0;
  double followup_ml = 0;  // baseline + growth - reduction, never below 0
  BaselineVolumeSource baseline_source = BaselineVolumeSource::automatic_estimate;
  // How far the automatic estimate can be trusted, where it gave the baseline volume; where it
  // cannot, rano is not assessable and a caution says why.
  std::optional<BaselineConfidence> baseline_confidence;
  std::vector<std::string> cautions;  // what to check before trusting the figures, in words
  std::vector<NewLesionReport> new_lesions;
  // The paper's read-out over the whole brain, for comparison with the tumour-related one.
  double whole_brain_growth_ml = 0;
  double whole_brain_reduction_ml = 0;
  RanoAssessment rano;

  ChangeMethod method = ChangeMethod::personal_wgan;
  std::string device;
  AnalysisTimings timings;
};

struct AnalysisSettings {
  TrainingProfile profile;  // sets the working grid for either method
  ChangeMethod method = ChangeMethod::personal_wgan;
  RanoRules rano;
  // The personal WGAN's map, trained by everynet-train (engine/core/TRAINER.md) on this
  // analysis's training pair (see trainingPairFor); on the profile's working grid. The analysis
  // never trains: LibTorch stays out of every process that reads DICOM.
  std::optional<geometry::Volume> trained_map;
};

// The pair the personal network trains on for these inputs (both scans preprocessed onto the
// profile's working grid, the slices through the baseline tumour) and the baseline's brain mask
// there, for training it on another machine. Throws std::runtime_error for unusable inputs.
PairFiles trainingPairFor(const AnalysisInputs& inputs, const TrainingProfile& profile);

// Runs the whole method on one pair: preprocessing, the change map (registration and subtraction,
// or the personal WGAN's trained_map), read-out, volumes and modified RANO, maps back to both
// scans. Throws std::runtime_error for unusable inputs, std::invalid_argument for the personal
// WGAN without a trained map or with one off the working grid.
ChangeAnalysis analyseChange(const AnalysisInputs& inputs, const AnalysisSettings& settings);

}  // namespace everynet::engine
