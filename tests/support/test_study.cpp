#include "tests/support/test_study.h"

#include <algorithm>

namespace everynet::test {
namespace {

// The in-plane field of view stays that of a head whatever the matrix size.
constexpr double kFieldOfViewMm = 240;

MrSeriesSpec t1ce(const TestStudyOptions& options) {
  MrSeriesSpec spec;
  spec.rows = options.rows;
  spec.columns = options.rows;
  spec.pixel_spacing_mm = {kFieldOfViewMm / options.rows, kFieldOfViewMm / options.rows};
  spec.slices = options.t1ce_slices;
  spec.slice_spacing_mm = 120.0 / options.t1ce_slices;
  spec.series_number = 5;
  spec.series_description = spec.protocol_name = "t1_mprage_tra_KM";
  spec.contrast_bolus_agent = "Gadovist";
  spec.image_type = "ORIGINAL\\PRIMARY\\M\\ND\\NORM";
  return spec;
}

MrSeriesSpec nativeT1(const TestStudyOptions& options) {
  MrSeriesSpec spec = t1ce(options);
  spec.series_number = 4;
  spec.series_description = spec.protocol_name = "t1_mprage_tra";
  spec.contrast_bolus_agent.clear();
  return spec;
}

MrSeriesSpec subtraction(const TestStudyOptions& options) {
  MrSeriesSpec spec = t1ce(options);
  spec.series_number = 6;
  spec.series_description = spec.protocol_name = "t1_mprage_tra_KM_SUB";
  spec.image_type = "DERIVED\\PRIMARY\\M\\SUB\\NORM";
  return spec;
}

// A 2D series with thicker slices, as T2 and FLAIR are usually acquired.
MrSeriesSpec axial2d(const TestStudyOptions& options) {
  MrSeriesSpec spec = t1ce(options);
  spec.slices = std::max(3, options.t1ce_slices / 2);
  spec.slice_spacing_mm = 120.0 / spec.slices;
  spec.contrast_bolus_agent.clear();
  spec.mr_acquisition_type = "2D";
  spec.flip_angle_deg = 150;
  return spec;
}

MrSeriesSpec t2(const TestStudyOptions& options) {
  MrSeriesSpec spec = axial2d(options);
  spec.series_number = 2;
  spec.series_description = spec.protocol_name = "t2_tse_tra";
  spec.scanning_sequence = "SE";
  spec.sequence_variant = "SK\\SP";
  spec.repetition_time_ms = 4000;
  spec.echo_time_ms = 90;
  spec.inversion_time_ms.reset();
  return spec;
}

MrSeriesSpec flair(const TestStudyOptions& options) {
  MrSeriesSpec spec = axial2d(options);
  spec.series_number = 3;
  spec.series_description = spec.protocol_name = "t2_tirm_tra_dark-fluid";
  spec.scanning_sequence = "SE\\IR";
  spec.sequence_variant = "SK\\SP\\MP";
  spec.repetition_time_ms = 9000;
  spec.echo_time_ms = 81;
  spec.inversion_time_ms = 2500;
  return spec;
}

MrSeriesSpec localizer(const TestStudyOptions& options) {
  MrSeriesSpec spec = axial2d(options);
  spec.series_number = 1;
  spec.series_description = spec.protocol_name = "localizer";
  spec.slices = 3;
  spec.slice_spacing_mm = 20;
  spec.slice_thickness_mm = 7;
  spec.image_orientation = {0, 1, 0, 0, 0, -1};  // sagittal
  spec.scanning_sequence = "GR";
  spec.sequence_variant = "SP";
  spec.repetition_time_ms = 8.6;
  spec.echo_time_ms = 4;
  spec.inversion_time_ms.reset();
  spec.flip_angle_deg = 20;
  return spec;
}

std::string folderName(const MrSeriesSpec& spec) {
  const std::string number = std::to_string(spec.series_number);
  return std::string(2 - std::min<std::size_t>(2, number.size()), '0') + number + "_" +
         spec.series_description;
}

}  // namespace

TimepointStudy writeTimepointStudy(const std::filesystem::path& directory,
                                   const TestStudyOptions& options, const StudySpec& study,
                                   double lesion_radius_mm) {
  TimepointStudy written{study.instance_uid, study.date, newUid(), directory, {}};
  if (written.study_instance_uid.empty()) written.study_instance_uid = newUid();
  std::vector<MrSeriesSpec> series{t1ce(options)};
  series.front().series_instance_uid = written.t1ce_series_uid;
  if (options.distractors) {
    for (auto make : {localizer, t2, flair, nativeT1, subtraction}) series.push_back(make(options));
  }
  // One frame of reference for the study: the patient did not leave the table in between.
  const std::string frame_of_reference_uid = newUid();
  for (auto& spec : series) {
    spec.patient = options.patient;
    spec.frame_of_reference_uid = frame_of_reference_uid;
    spec.study = study;
    spec.study.instance_uid = written.study_instance_uid;
    spec.lesion_radius_mm = lesion_radius_mm;
    const auto files = writeMrSeries(spec, directory / folderName(spec));
    written.files.insert(written.files.end(), files.begin(), files.end());
  }
  return written;
}

TwoTimepointPatient writeTwoTimepointPatient(const std::filesystem::path& directory,
                                             const TestStudyOptions& options) {
  StudySpec baseline;
  baseline.date = options.baseline_date;
  baseline.time = "081500";
  baseline.accession_number = "ACC" + options.baseline_date;
  StudySpec followup = baseline;
  followup.date = options.followup_date;
  followup.time = "101000";
  followup.accession_number = "ACC" + options.followup_date;
  return {options.patient,
          writeTimepointStudy(directory / "baseline", options, baseline,
                              options.baseline_lesion_radius_mm),
          writeTimepointStudy(directory / "followup", options, followup,
                              options.followup_lesion_radius_mm)};
}

}  // namespace everynet::test
