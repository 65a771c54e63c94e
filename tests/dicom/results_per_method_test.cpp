// The service's results of one analysis, per method: each method writes its own series (numbers
// and descriptions), and the SR and report.json say which method made them.
#include <dcmtk/dcmdata/dcdeftag.h>

#include <iostream>
#include <map>
#include <set>

#include "dicom/results/measurement_report_reader.h"
#include "results_fixture.h"
#include "service/analysis/analysis_report.h"
#include "service/worker/result_objects.h"

namespace everynet::dicom::test {
namespace {

using engine::ChangeMethod;

// Series Description and Series Number of each result file, by Modality.
struct SeriesSeen {
  std::set<std::string> descriptions;
  std::set<std::string> numbers;
  std::set<std::string> series_uids;
};

class WrittenResults {
 public:
  explicit WrittenResults(const std::vector<service::WrittenResult>& results) {
    for (const auto& result : results) {
      const auto file = load(result.file);
      DcmDataset& dataset = *file->getDataset();
      SeriesSeen& seen = by_modality_[text(dataset, DCM_Modality)];
      seen.descriptions.insert(text(dataset, DCM_SeriesDescription));
      seen.numbers.insert(text(dataset, DCM_SeriesNumber));
      seen.series_uids.insert(text(dataset, DCM_SeriesInstanceUID));
      if (result.kind == storage::ResultKind::report) report_ = result.file;
      if (result.kind == storage::ResultKind::heatmap) last_heatmap_ = result.file;
      if (result.kind == storage::ResultKind::segmentation) segmentation_ = result.file;
    }
  }
  const SeriesSeen& of(const std::string& modality) { return by_modality_[modality]; }
  std::set<std::string> seriesUids() {
    std::set<std::string> uids;
    for (const auto& [modality, seen] : by_modality_) {
      uids.insert(seen.series_uids.begin(), seen.series_uids.end());
    }
    return uids;
  }
  std::filesystem::path report_, last_heatmap_, segmentation_;

 private:
  std::map<std::string, SeriesSeen> by_modality_;
};

service::AnalysisRun cpuRun() {
  service::AnalysisRun run;
  run.profile = "cpu";
  run.seed = 3;
  return run;
}

class ResultObjectsTest : public ResultsTest {
 protected:
  engine::ChangeAnalysis analysis(ChangeMethod method) const {
    engine::ChangeAnalysis a;
    a.map_in_followup = onFollowup([](int i, int, int) { return 0.01f * float(i); });
    a.ternary_in_followup = ternary();
    a.baseline_ml = 6.6;
    a.growth_ml = 7.1;
    a.reduction_ml = 0.8;
    a.followup_ml = 12.9;
    a.rano.rano_class = engine::RanoClass::progression;
    a.method = method;
    a.device = "cpu";
    a.cautions = {"check the registration"};
    return a;
  }

  WrittenResults write(ChangeMethod method, const std::string& directory) {
    const engine::ChangeAnalysis a = analysis(method);
    const service::AnalysisRun run = cpuRun();
    const geometry::PatientVolume image =
        onFollowup([](int i, int j, int) { return float(i + j); });
    return WrittenResults(service::writeResultObjects(a, {baseline_, followup_, image},
                                                      service::analysisReport(a, run),
                                                      dir_.path() / directory));
  }
};

TEST_F(ResultObjectsTest, PersonalWganResultsAreSeries9001To9003NamingTheMethod) {
  WrittenResults written = write(ChangeMethod::personal_wgan, "wgan");
  EXPECT_EQ(written.of("MR").descriptions,
            std::set<std::string>{"EveryNet change heatmap (personal WGAN)"});
  EXPECT_EQ(written.of("MR").numbers, std::set<std::string>{"9001"});
  EXPECT_EQ(written.of("SR").descriptions,
            std::set<std::string>{"EveryNet change report (personal WGAN)"});
  EXPECT_EQ(written.of("SR").numbers, std::set<std::string>{"9002"});
  EXPECT_EQ(written.of("SEG").descriptions,
            std::set<std::string>{"EveryNet change segmentation (personal WGAN)"});
  EXPECT_EQ(written.of("SEG").numbers, std::set<std::string>{"9003"});
  EXPECT_EQ(written.seriesUids().size(), 3u);

  const ReadMeasurementReport sr = readMeasurementReport(written.report_);
  EXPECT_EQ(sr.values.algorithm_name, "EveryNet personal WGAN");
  EXPECT_EQ(sr.values.algorithm_parameters, "method=personal-wgan profile=cpu seed=3 device=cpu");
  EXPECT_EQ(sr.values.cautions, std::vector<std::string>{"check the registration"});
}

TEST_F(ResultObjectsTest, RegistrationSubtractionResultsAreSeries9011To9013NamingTheMethod) {
  WrittenResults written = write(ChangeMethod::registration_subtraction, "registration");
  EXPECT_EQ(written.of("MR").descriptions,
            std::set<std::string>{"EveryNet change heatmap (registration and subtraction)"});
  EXPECT_EQ(written.of("MR").numbers, std::set<std::string>{"9011"});
  EXPECT_EQ(written.of("SR").descriptions,
            std::set<std::string>{"EveryNet change report (registration and subtraction)"});
  EXPECT_EQ(written.of("SR").numbers, std::set<std::string>{"9012"});
  EXPECT_EQ(written.of("SEG").descriptions,
            std::set<std::string>{"EveryNet change segmentation (registration and subtraction)"});
  EXPECT_EQ(written.of("SEG").numbers, std::set<std::string>{"9013"});

  // No seed: nothing in the classical method is random.
  const ReadMeasurementReport sr = readMeasurementReport(written.report_);
  EXPECT_EQ(sr.values.algorithm_name, "EveryNet registration and subtraction");
  EXPECT_EQ(sr.values.algorithm_parameters,
            "method=registration-subtraction profile=cpu device=cpu");
  EXPECT_EQ(sr.values.cautions, std::vector<std::string>{"check the registration"});
  std::cout << expectValidDicom(written.report_);
  std::cout << expectValidDicom(written.segmentation_);
  std::cout << expectValidDicom(written.last_heatmap_);
}

TEST_F(ResultObjectsTest, TheTwoMethodsResultsForOnePairAreDistinctSeries) {
  WrittenResults wgan = write(ChangeMethod::personal_wgan, "wgan");
  WrittenResults registration = write(ChangeMethod::registration_subtraction, "registration");
  std::set<std::string> uids = wgan.seriesUids();
  const std::set<std::string> other = registration.seriesUids();
  uids.insert(other.begin(), other.end());
  EXPECT_EQ(uids.size(), 6u);
  for (const std::string modality : {"MR", "SR", "SEG"}) {
    EXPECT_NE(wgan.of(modality).numbers, registration.of(modality).numbers) << modality;
    EXPECT_NE(wgan.of(modality).descriptions, registration.of(modality).descriptions) << modality;
  }
}

TEST_F(ResultObjectsTest, ReportJsonNamesTheMethod) {
  const service::AnalysisRun run = cpuRun();
  EXPECT_EQ(service::analysisReport(analysis(ChangeMethod::personal_wgan), run)["method"],
            "personal-wgan");
  EXPECT_EQ(
      service::analysisReport(analysis(ChangeMethod::registration_subtraction), run)["method"],
      "registration-subtraction");
}

}  // namespace
}  // namespace everynet::dicom::test
