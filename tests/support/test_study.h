#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/mr_series_writer.h"

namespace everynet::test {

// What a brain-tumour follow-up study looks like to a receiver: one T1 contrast-enhanced 3D
// series among distractors (localizer, T2, FLAIR, native T1, a subtraction of the T1ce).
struct TimepointStudy {
  std::string study_instance_uid;
  std::string study_date;
  std::string t1ce_series_uid;
  std::filesystem::path directory;  // one folder per series below it
  std::vector<std::filesystem::path> files;
};

struct TwoTimepointPatient {
  PatientSpec patient;
  TimepointStudy baseline;
  TimepointStudy followup;
};

struct TestStudyOptions {
  PatientSpec patient;
  int rows = 64;  // also the columns
  int t1ce_slices = 24;  // the distractors have half as many (at least 3)
  bool distractors = true;
  std::string baseline_date = "20240115";
  std::string followup_date = "20240418";  // about three months later
  double baseline_lesion_radius_mm = 10;
  double followup_lesion_radius_mm = 14;  // the tumour grew
};

// Writes one study with a lesion of the given radius into directory.
TimepointStudy writeTimepointStudy(const std::filesystem::path& directory,
                                   const TestStudyOptions& options, const StudySpec& study,
                                   double lesion_radius_mm);

// Writes the baseline study into directory/baseline and the follow-up into directory/followup.
TwoTimepointPatient writeTwoTimepointPatient(const std::filesystem::path& directory,
                                             const TestStudyOptions& options = {});

}  // namespace everynet::test
