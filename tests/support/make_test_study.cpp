// Writes generated MR test data: a two-timepoint patient for the demo, or one large series for
// the ingest benchmark.
#include <CLI/CLI.hpp>
#include <iostream>

#include "tests/support/test_study.h"

namespace {

using everynet::test::TimepointStudy;

void printStudy(const std::string& name, const TimepointStudy& study) {
  std::cout << name << ": study " << study.study_instance_uid << " (" << study.study_date
            << "), T1ce series " << study.t1ce_series_uid << ", " << study.files.size()
            << " files in " << study.directory.string() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Writes generated MR test studies (a head phantom with a ring-enhancing lesion)"};
  std::string out;
  everynet::test::TestStudyOptions options;
  int timepoints = 2;
  int instances = 0;
  app.add_option("--out", out, "Directory to write into")->required();
  app.add_option("--rows", options.rows, "Rows and columns of every image")
      ->check(CLI::Range(8, 1024));
  app.add_option("--slices", options.t1ce_slices, "Slices of the T1ce series")
      ->check(CLI::Range(3, 4096));
  app.add_option("--timepoints", timepoints, "Studies of the patient")->check(CLI::Range(1, 2));
  app.add_option("--instances", instances,
                 "Instead of a patient: one series of this many 256x256 images (benchmark)")
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);

  try {
    if (instances > 0) {
      everynet::test::MrSeriesSpec spec;
      spec.rows = spec.columns = 256;
      spec.pixel_spacing_mm = {0.9375, 0.9375};
      spec.slices = instances;
      spec.slice_spacing_mm = 1;
      const auto files = everynet::test::writeMrSeries(spec, out);
      std::cout << "series: " << files.size() << " files of 256x256 in " << out << "\n";
    } else if (timepoints == 1) {
      everynet::test::StudySpec study;
      study.date = options.baseline_date;
      printStudy("baseline", everynet::test::writeTimepointStudy(
                                 std::filesystem::path(out) / "baseline", options, study,
                                 options.baseline_lesion_radius_mm));
    } else {
      const auto patient = everynet::test::writeTwoTimepointPatient(out, options);
      std::cout << "patient " << patient.patient.id << " (" << patient.patient.issuer_of_id
                << ")\n";
      printStudy("baseline", patient.baseline);
      printStudy("followup", patient.followup);
    }
  } catch (const std::exception& error) {
    std::cerr << "everynet-make-test-study: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
