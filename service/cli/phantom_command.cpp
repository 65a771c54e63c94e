// `everynet phantom`: a phantom patient with two MR studies as DICOM, and the truth.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "dicom/mr_series_writer.h"
#include "engine/geometry/slice_stack.h"
#include "engine/phantom/longitudinal_phantom.h"
#include "engine/phantom/phantom_variety.h"
#include "engine/phantom/truth_files.h"
#include "service/cli/engine_commands.h"
#include "service/cli/phantom_protocols.h"

namespace everynet::service {
namespace {

namespace fs = std::filesystem;
using engine::PhantomVisit;
using Voxel = std::array<double, 3>;

// DICOM DA of a day.
std::string dicomDate(std::chrono::sys_days day) {
  const std::chrono::year_month_day date{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d%02u%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

// DICOM TM, minutes after a start time given as HHMM.
std::string dicomTime(int start_hhmm, int minutes_later) {
  const int minutes = start_hhmm / 100 * 60 + start_hhmm % 100 + minutes_later;
  char text[16];
  std::snprintf(text, sizeof text, "%02d%02d00", minutes / 60 % 24, minutes % 60);
  return text;
}

// Window from the 2nd and 98th percentiles of the signal above the noise floor.
std::pair<double, double> windowOf(const std::vector<std::uint16_t>& pixels) {
  std::vector<std::uint16_t> signal;
  for (std::size_t i = 0; i < pixels.size(); i += 7) {
    if (pixels[i] > 150) signal.push_back(pixels[i]);
  }
  if (signal.size() < 10) return {500, 1000};
  std::sort(signal.begin(), signal.end());
  const double low = signal[signal.size() * 2 / 100];
  const double high = signal[signal.size() * 98 / 100];
  return {std::round((low + high) / 2), std::round(std::max(high - low, 1.0))};
}

dicom::MrVolume dicomVolume(const geometry::PatientVolume& scan,
                            const engine::PhantomAcquisition& acquisition,
                            const std::string& frame_of_reference_uid) {
  const auto& d = scan.direction;
  const geometry::ImageOrientation orientation = geometry::imageOrientation(d);
  if (geometry::dot(geometry::sliceNormal(orientation), {d[2], d[5], d[8]}) < 0.99) {
    throw std::runtime_error("phantom scan is not a right-handed stack of slices");
  }
  dicom::MrVolume volume;
  volume.columns = scan.image.size[0];
  volume.rows = scan.image.size[1];
  volume.slices = scan.image.size[2];
  volume.pixel_spacing_mm = {scan.image.spacing_mm[1], scan.image.spacing_mm[0]};
  volume.slice_spacing_mm = scan.image.spacing_mm[2];
  if (acquisition.slice_gap_mm > 0) volume.slice_thickness_mm = acquisition.voxel_mm[2];
  volume.image_orientation = orientation;
  volume.first_slice_position_mm = scan.origin_mm;
  volume.frame_of_reference_uid = frame_of_reference_uid;
  volume.pixels.reserve(scan.image.voxels.size());
  for (const float value : scan.image.voxels) {
    volume.pixels.push_back(static_cast<std::uint16_t>(std::clamp(std::lround(value), 0L, 65535L)));
  }
  return volume;
}

// What the scanner writes about a series of this protocol.
dicom::MrSeriesHeader headerOf(const SeriesProtocol& protocol, const Vendor& vendor) {
  dicom::MrSeriesHeader h;
  h.number = protocol.number;
  h.description = h.protocol_name = protocol.description;
  if (protocol.contrast) h.contrast_bolus_agent = vendor.contrast_agent;
  h.image_type = protocol.image_type;
  h.scanning_sequence = protocol.scanning_sequence;
  h.sequence_variant = protocol.sequence_variant;
  h.scan_options = protocol.scan_options;
  h.mr_acquisition_type = protocol.mr_acquisition_type;
  h.repetition_time_ms = protocol.repetition_time_ms;
  h.echo_time_ms = protocol.echo_time_ms;
  h.inversion_time_ms = protocol.inversion_time_ms;
  h.flip_angle_deg = protocol.flip_angle_deg;
  h.echo_train_length = protocol.echo_train_length;
  h.magnetic_field_strength_t = 3;
  h.manufacturer = vendor.manufacturer;
  h.model_name = vendor.model_name;
  return h;
}

struct WrittenStudy {
  std::string date;
  std::string study_instance_uid;
  std::string t1ce_folder;  // relative to the output directory
  std::string t1ce_series_uid;
  engine::PhantomScan t1ce;
  std::size_t series_count = 0;
};

struct PhantomPatient {
  dicom::MrPatient patient;
  const Vendor* vendor;
};

WrittenStudy writeStudy(const engine::LongitudinalPhantom& phantom, PhantomVisit visit,
                        const PhantomPatient& who, const dicom::MrStudy& study, int start_hhmm,
                        double voxel_mm, const engine::PhantomAcquisition& t1ce,
                        const fs::path& out) {
  WrittenStudy written{study.date, study.instance_uid, {}, {}, {}, 0};
  const std::string frame_of_reference_uid = dicom::newUid();
  const std::string visit_folder = engine::toString(visit);
  int minutes = 0;
  for (const SeriesProtocol& protocol : studyProtocols(*who.vendor, voxel_mm, t1ce)) {
    engine::PhantomScan scan = phantom.scan(visit, protocol.acquisition);
    dicom::MrSeries series;
    series.patient = who.patient;
    series.study = study;
    series.header = headerOf(protocol, *who.vendor);
    dicom::MrSeriesHeader& h = series.header;
    h.instance_uid = dicom::newUid();
    h.time = dicomTime(start_hhmm, minutes += 4);
    series.volume = dicomVolume(scan.image, protocol.acquisition, frame_of_reference_uid);
    std::tie(h.window_center, h.window_width) = windowOf(series.volume.pixels);
    const std::string folder = visit_folder + "/" + seriesFolderName(protocol);
    dicom::writeMrSeries(series, out / folder);
    ++written.series_count;
    if (protocol.contrast) {
      written.t1ce_folder = folder;
      written.t1ce_series_uid = h.instance_uid;
      written.t1ce = std::move(scan);
    }
  }
  return written;
}

nlohmann::json visitJson(const WrittenStudy& study, const engine::PhantomAcquisition& t1ce) {
  return {{"study_date", study.date},
          {"study_instance_uid", study.study_instance_uid},
          {"t1ce_series_folder", study.t1ce_folder},
          {"t1ce_series_instance_uid", study.t1ce_series_uid},
          {"voxel_mm", t1ce.voxel_mm},
          {"slice_gap_mm", t1ce.slice_gap_mm},
          {"pose",
           {{"rotation_deg", study.t1ce.pose.rotation_deg},
            {"translation_mm", study.t1ce.pose.translation_mm}}}};
}

std::string formatVoxel(const Voxel& voxel) {
  char text[64];
  std::snprintf(text, sizeof text, "%gx%gx%g mm", voxel[0], voxel[1], voxel[2]);
  return text;
}

// A voxel size from the command line, checked against the ranges the phantom promises (times the
// request's voxel_mm, which scales every size for small test phantoms).
Voxel checkedVoxel(const std::vector<double>& voxel, double scale, const char* option) {
  const bool in_range = voxel.size() == 3 && voxel[0] >= 0.45 * scale && voxel[0] <= 1.2 * scale &&
                        voxel[1] >= 0.45 * scale && voxel[1] <= 1.2 * scale &&
                        voxel[2] >= 1 * scale && voxel[2] <= 6 * scale;
  if (!in_range) {
    throw std::runtime_error(std::string(option) +
                             " must be X,Y,Z with X and Y in 0.45..1.2 mm and Z in 1..6 mm (times "
                             "--voxel-mm)");
  }
  return {voxel[0], voxel[1], voxel[2]};
}

double checkedGap(double gap_mm, double scale, const char* option) {
  if (!(gap_mm >= 0 && gap_mm <= 2 * scale)) {
    throw std::runtime_error(std::string(option) + " must lie in 0..2 mm (times --voxel-mm)");
  }
  return gap_mm;
}

Voxel scaled(const Voxel& voxel, double scale) {
  return {voxel[0] * scale, voxel[1] * scale, voxel[2] * scale};
}

// What --varied draws, with sizes scaled as the request's voxel_mm asks.
void applyVariety(const engine::PhantomVariety& variety, double scale,
                  engine::PhantomOptions& options) {
  options.tumour = variety.tumour;
  options.site = variety.site;
  options.enhancement = variety.enhancement;
  options.baseline_voxel_mm = scaled(variety.baseline_voxel_mm, scale);
  options.followup_voxel_mm = scaled(variety.followup_voxel_mm, scale);
  options.baseline_gap_mm = variety.baseline_gap_mm * scale;
  options.followup_gap_mm = variety.followup_gap_mm * scale;
}

// The phantom the request asks for: its change, seed, tumour, and each visit's T1ce
// acquisition; what --varied draws first, then what the request states explicitly.
engine::PhantomOptions phantomOptions(const PhantomRequest& request) {
  const auto change = engine::phantomChangeByName(request.change);
  if (!change) throw std::runtime_error("unknown phantom change '" + request.change + "'");
  if (request.thick != "none" && request.thick != "baseline" && request.thick != "followup") {
    throw std::runtime_error("--thick must be none, baseline or followup");
  }
  const double v = request.voxel_mm;
  const Voxel iso{v, v, v};
  const Voxel thick{v / 2, v / 2, 5 * v};  // e.g. 0.5 x 0.5 x 5 mm
  engine::PhantomOptions options;
  options.change = *change;
  options.seed = request.seed;
  options.baseline_voxel_mm = iso;
  options.followup_voxel_mm = iso;
  if (request.varied) applyVariety(engine::drawPhantomVariety(request.seed), v, options);
  if (request.thick == "baseline") options.baseline_voxel_mm = thick;
  if (request.thick == "followup") options.followup_voxel_mm = thick;
  options.tumour_only = request.tumour_only;
  if (request.enhancement) options.enhancement = *request.enhancement;
  if (request.tumour) options.tumour = *engine::phantomTumourByName(*request.tumour);
  if (request.site) options.site = *engine::phantomSiteByName(*request.site);
  if (request.baseline_voxel_mm) {
    options.baseline_voxel_mm = checkedVoxel(*request.baseline_voxel_mm, v, "--baseline-voxel");
  }
  if (request.followup_voxel_mm) {
    options.followup_voxel_mm = checkedVoxel(*request.followup_voxel_mm, v, "--followup-voxel");
  }
  if (request.baseline_gap_mm) {
    options.baseline_gap_mm = checkedGap(*request.baseline_gap_mm, v, "--baseline-gap");
  }
  if (request.followup_gap_mm) {
    options.followup_gap_mm = checkedGap(*request.followup_gap_mm, v, "--followup-gap");
  }
  return options;
}

// Who was scanned, on which scanner, and when.
struct PhantomSetting {
  std::string patient_id;
  Vendor vendor;
  dicom::MrPatient patient;
  dicom::MrStudy baseline_study;
  dicom::MrStudy followup_study;
};

// Who, where and when: all from the seed (std::mt19937_64 gives the same numbers everywhere;
// the standard distributions differ between libraries, so none is used).
PhantomSetting phantomSetting(const PhantomRequest& request) {
  std::mt19937_64 random(request.seed);
  const auto below = [&](unsigned count) { return static_cast<int>(random() % count); };
  const std::vector<Vendor> all_vendors = phantomVendors();
  const Vendor& vendor = all_vendors[below(all_vendors.size())];
  const std::string id = "PH-" + request.change + "-" + std::to_string(request.seed);
  using namespace std::chrono;
  const sys_days baseline_day = sys_days{2023y / January / 9} + days{below(500)};
  const sys_days followup_day = baseline_day + days{84 + below(15)};
  const auto study = [&](sys_days day, const char* time) {
    return dicom::MrStudy{dicom::newUid(),       dicomDate(day),           time,
                          "PH" + dicomDate(day), vendor.study_description, "1"};
  };
  dicom::MrStudy baseline_study = study(baseline_day, "081500");
  dicom::MrStudy followup_study = study(followup_day, "101000");
  return {id,
          vendor,
          {"Phantom^Colin", id, "EVERYNET PHANTOM", "19650312", "M"},
          std::move(baseline_study),
          std::move(followup_study)};
}

nlohmann::json truthJson(const PhantomRequest& request, const PhantomSetting& setting,
                         const engine::PhantomOptions& options, const engine::PhantomTruth& truth,
                         const WrittenStudy& baseline, const WrittenStudy& followup) {
  return {
      {"seed", request.seed},
      {"change", request.change},
      {"patient_id", setting.patient_id},
      {"issuer_of_patient_id", setting.patient.issuer_of_id},
      {"manufacturer", setting.vendor.manufacturer},
      {"baseline_tumour_ml", truth.baseline_tumour_ml},
      {"followup_tumour_ml", truth.followup_tumour_ml},
      {"new_lesion_ml", truth.new_lesion_ml},
      {"change_percent", truth.change_percent},
      {"rano_class", truth.rano_class},
      {"new_lesion", truth.new_lesion},
      {"tumour_only", request.tumour_only},
      {"variety",
       {{"tumour", engine::toString(options.tumour)},
        {"site", engine::toString(options.site)},
        {"enhancement", options.enhancement},
        {"baseline_voxel_mm", options.baseline_voxel_mm},
        {"followup_voxel_mm", options.followup_voxel_mm},
        {"baseline_gap_mm", options.baseline_gap_mm},
        {"followup_gap_mm", options.followup_gap_mm},
        {"varied", request.varied}}},
      {"volumes_measured_on", "1 mm model grid"},
      {"masks",
       {{"baseline_tumour", "truth/baseline_tumour.nii.gz"},
        {"followup_tumour", "truth/followup_tumour.nii.gz"},
        {"baseline_brain", "truth/baseline_brain.nii.gz"},
        {"growth", "truth/growth.nii.gz"},
        {"reduction", "truth/reduction.nii.gz"},
        {"growth_and_reduction_geometry", "baseline T1ce"},
        {"followup_growth", "truth/followup_growth.nii.gz"},
        {"followup_reduction", "truth/followup_reduction.nii.gz"},
        {"followup_growth_and_reduction_geometry", "followup T1ce"}}},
      {"baseline", visitJson(baseline, engine::t1ceAcquisition(options, PhantomVisit::baseline))},
      {"followup", visitJson(followup, engine::t1ceAcquisition(options, PhantomVisit::followup))}};
}

// The masks as NIfTI and `json` as truth.json in `truth_dir`.
void writeTruth(const fs::path& truth_dir, const engine::PhantomTruth& truth,
                const WrittenStudy& baseline, const WrittenStudy& followup,
                const nlohmann::json& json) {
  fs::create_directories(truth_dir);
  engine::writeMaskNifti(baseline.t1ce.tumour_mask, truth_dir / "baseline_tumour.nii.gz");
  engine::writeMaskNifti(followup.t1ce.tumour_mask, truth_dir / "followup_tumour.nii.gz");
  engine::writeMaskNifti(baseline.t1ce.brain_mask, truth_dir / "baseline_brain.nii.gz");
  engine::writeMaskNifti(truth.growth, truth_dir / "growth.nii.gz");
  engine::writeMaskNifti(truth.reduction, truth_dir / "reduction.nii.gz");
  engine::writeMaskNifti(truth.followup_growth, truth_dir / "followup_growth.nii.gz");
  engine::writeMaskNifti(truth.followup_reduction, truth_dir / "followup_reduction.nii.gz");
  std::ofstream json_file(truth_dir / "truth.json");
  json_file << json.dump(2) << '\n';
  if (!json_file) throw std::runtime_error("cannot write " + (truth_dir / "truth.json").string());
}

void printSummary(const PhantomRequest& request, const PhantomSetting& setting,
                  const engine::PhantomOptions& options, const engine::PhantomTruth& truth,
                  const WrittenStudy& baseline, const WrittenStudy& followup,
                  const fs::path& truth_dir) {
  char volumes[160];
  std::snprintf(volumes, sizeof volumes, "%.2f mL -> %.2f mL (%+.1f%%)%s", truth.baseline_tumour_ml,
                truth.followup_tumour_ml, truth.change_percent,
                truth.new_lesion ? ", new lesion" : "");
  std::cout << "Phantom patient " << setting.patient_id << " (" << setting.vendor.manufacturer
            << ", seed " << request.seed << ", " << request.change
            << (request.tumour_only ? ", tumour only" : "") << ")\n"
            << "  baseline  " << baseline.date << ": " << baseline.series_count << " series, T1ce "
            << baseline.t1ce_folder << " (" << formatVoxel(options.baseline_voxel_mm) << ")\n"
            << "  follow-up " << followup.date << ": " << followup.series_count << " series, T1ce "
            << followup.t1ce_folder << " (" << formatVoxel(options.followup_voxel_mm) << ")\n"
            << "  " << engine::toString(options.tumour) << " tumour, "
            << engine::toString(options.site) << ", enhancing " << options.enhancement
            << " x white matter\n"
            << "  enhancing tumour " << volumes << ", expected RANO " << truth.rano_class << "\n"
            << "  truth: " << truth_dir.string() << "/truth.json and NIfTI masks\n";
}

}  // namespace

int phantomCommand(const PhantomRequest& request) {
  const engine::PhantomOptions options = phantomOptions(request);
  const engine::LongitudinalPhantom phantom(options);
  const PhantomSetting setting = phantomSetting(request);
  const PhantomPatient who{setting.patient, &setting.vendor};
  const double v = request.voxel_mm;
  const fs::path& out = request.out_dir;
  const WrittenStudy baseline =
      writeStudy(phantom, PhantomVisit::baseline, who, setting.baseline_study, 815, v,
                 engine::t1ceAcquisition(options, PhantomVisit::baseline), out);
  const WrittenStudy followup =
      writeStudy(phantom, PhantomVisit::followup, who, setting.followup_study, 1010, v,
                 engine::t1ceAcquisition(options, PhantomVisit::followup), out);

  const engine::PhantomTruth truth = phantom.truth();
  const fs::path truth_dir = out / "truth";
  writeTruth(truth_dir, truth, baseline, followup,
             truthJson(request, setting, options, truth, baseline, followup));
  printSummary(request, setting, options, truth, baseline, followup, truth_dir);
  return 0;
}

}  // namespace everynet::service
