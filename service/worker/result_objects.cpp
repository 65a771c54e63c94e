#include "service/worker/result_objects.h"

#include "dicom/results/change_segmentation_writer.h"
#include "dicom/results/heatmap_writer.h"
#include "dicom/results/measurement_report_writer.h"
#include "service/version.h"

namespace everynet::service {
namespace {

// Series numbers of the results, high so that they sort after the scanner's own series.
constexpr int kHeatmapSeriesNumber = 9001;
constexpr int kReportSeriesNumber = 9002;
constexpr int kSegmentationSeriesNumber = 9003;

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
  values.baseline_source = engine::toString(a.baseline_source);
  values.algorithm_name = std::string("EveryNet ") + engine::toString(a.method);
  values.algorithm_version = kVersion;
  values.algorithm_parameters = "profile=" + report.at("profile").get<std::string>() +
                                " seed=" + std::to_string(report.at("seed").get<std::uint64_t>()) +
                                " device=" + a.device;
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

  std::vector<WrittenResult> results;
  const auto heatmaps =
      dicom::writeHeatmapSeries(followup, {sources.followup, ternary, &analysis.map_in_followup},
                                {directory, kHeatmapSeriesNumber, kVersion});
  add(results, heatmaps, storage::ResultKind::heatmap);
  const auto segmentation = dicom::writeChangeSegmentation(
      followup, ternary, {directory, kSegmentationSeriesNumber, kVersion});
  add(results, segmentation, storage::ResultKind::segmentation);
  const auto sr = dicom::writeMeasurementReport({baseline, followup, segmentation},
                                                reportValues(analysis, report),
                                                {directory, kReportSeriesNumber, kVersion});
  add(results, sr, storage::ResultKind::report);
  return results;
}

}  // namespace everynet::service
