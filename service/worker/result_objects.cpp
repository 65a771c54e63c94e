#include "service/worker/result_objects.h"

#include <stdexcept>
#include <string>

#include "dicom/results/change_segmentation_writer.h"
#include "dicom/results/heatmap_writer.h"
#include "dicom/results/measurement_report_writer.h"
#include "service/analysis/analysis_report.h"
#include "service/version.h"

namespace everynet::service {
namespace {

// Series numbers of one method's results, high so that they sort after the scanner's own series;
// each method its own, so that a PACS shows the two methods' results for a pair apart.
struct ResultSeriesNumbers {
  int heatmap;
  int report;
  int segmentation;
};

ResultSeriesNumbers seriesNumbers(engine::ChangeMethod method) {
  switch (method) {
    case engine::ChangeMethod::personal_wgan:
      return {9001, 9002, 9003};
    case engine::ChangeMethod::registration_subtraction:
      return {9011, 9012, 9013};
  }
  throw std::invalid_argument("no series numbers for this change method");
}

// method=, profile=, seed= (only where the method is seeded: the personal WGAN's training) and
// device=.
std::string algorithmParameters(const engine::ChangeAnalysis& a, const nlohmann::json& report) {
  std::string parameters = std::string("method=") + methodKey(a.method) +
                           " profile=" + report.at("profile").get<std::string>();
  if (a.method == engine::ChangeMethod::personal_wgan) {
    parameters += " seed=" + std::to_string(report.at("seed").get<std::uint64_t>());
  }
  return parameters + " device=" + a.device;
}

dicom::ChangeReportValues reportValues(const engine::ChangeAnalysis& a,
                                       const nlohmann::json& report) {
  dicom::ChangeReportValues values;
  values.baseline_ml = a.baseline_ml;
  values.followup_ml = a.followup_ml;
  values.growth_ml = a.growth_ml;
  values.reduction_ml = a.reduction_ml;
  // The report's own figure: null where there was no baseline tumour to compare with.
  if (!report.at("change_percent").is_null()) {
    values.change_percent = report.at("change_percent").get<double>();
  }
  values.rano_class = engine::toString(a.rano.rano_class);
  if (a.rano.rano_class == engine::RanoClass::not_assessable) {
    values.not_assessable_reason = a.rano.reason;
  }
  values.baseline_source = engine::toString(a.baseline_source);
  values.algorithm_name = std::string("EveryNet ") + engine::toString(a.method);
  values.algorithm_version = kVersion;
  values.algorithm_parameters = algorithmParameters(a, report);
  values.cautions = a.cautions;
  return values;
}

void add(std::vector<WrittenResult>& results, const dicom::WrittenSeries& series,
         storage::ResultKind kind) {
  for (const auto& instance : series.instances) results.push_back({instance.path, kind});
}

}  // namespace

std::vector<WrittenResult> writeResultObjects(const engine::ChangeAnalysis& analysis,
                                              const ResultSources& sources,
                                              const nlohmann::json& report,
                                              const std::filesystem::path& directory) {
  const auto& baseline = sources.baseline;
  const auto& followup = sources.followup_series;
  const auto& ternary = analysis.ternary_in_followup;

  const ResultSeriesNumbers numbers = seriesNumbers(analysis.method);
  const auto series = [&](int number) {
    return dicom::ResultSeriesOptions{directory, number, kVersion,
                                      engine::toString(analysis.method)};
  };

  std::vector<WrittenResult> results;
  const auto heatmaps = dicom::writeHeatmapSeries(
      followup, {sources.followup, ternary, &analysis.map_in_followup}, series(numbers.heatmap));
  add(results, heatmaps, storage::ResultKind::heatmap);
  const auto segmentation =
      dicom::writeChangeSegmentation(followup, ternary, series(numbers.segmentation));
  add(results, segmentation, storage::ResultKind::segmentation);
  const auto sr = dicom::writeMeasurementReport(
      {baseline, followup, segmentation}, reportValues(analysis, report), series(numbers.report));
  add(results, sr, storage::ResultKind::report);
  return results;
}

}  // namespace everynet::service
