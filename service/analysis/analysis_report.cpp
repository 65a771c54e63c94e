#include "service/analysis/analysis_report.h"

#include "engine/analysis/versions.h"
#include "service/version.h"

namespace everynet::service {
namespace {

// Percent change of the tumour volume; null where there was no baseline tumour to compare with.
nlohmann::json changePercent(const engine::ChangeAnalysis& a) {
  if (a.baseline_ml <= 0) return nullptr;
  return (a.followup_ml - a.baseline_ml) / a.baseline_ml * 100.0;
}

// How far the automatic baseline estimate can be trusted; null where it did not give the volume.
nlohmann::json baselineConfidence(const engine::ChangeAnalysis& a) {
  if (!a.baseline_confidence) return nullptr;
  const auto& c = *a.baseline_confidence;
  return {{"usable", c.usable},
          {"reasons", c.reasons},
          {"estimated_ml", c.estimated_ml},
          {"enhancement_over_white_matter", c.enhancement_over_white_matter},
          {"slice_thickness_mm", c.slice_thickness_mm}};
}

}  // namespace

const char* methodKey(engine::ChangeMethod method) {
  return method == engine::ChangeMethod::personal_wgan ? "personal-wgan"
                                                       : "registration-subtraction";
}

nlohmann::json analysisReport(const engine::ChangeAnalysis& a, const AnalysisRun& run) {
  nlohmann::json lesions = nlohmann::json::array();
  for (const auto& lesion : a.new_lesions) {
    lesions.push_back({{"volume_ml", lesion.volume_ml}, {"centre_mm_lps", lesion.centre_mm}});
  }
  return {
      {"volumes_ml",
       {{"baseline", a.baseline_ml},
        {"followup", a.followup_ml},
        {"growth", a.growth_ml},
        {"reduction", a.reduction_ml},
        {"net_change", a.growth_ml - a.reduction_ml}}},
      {"change_percent", changePercent(a)},
      {"rano", {{"class", engine::toString(a.rano.rano_class)}, {"reason", a.rano.reason}}},
      {"baseline_volume_source", engine::toString(a.baseline_source)},
      {"baseline_confidence", baselineConfidence(a)},
      {"cautions", a.cautions},
      {"new_lesions", lesions},
      {"whole_brain_readout_ml",
       {{"growth", a.whole_brain_growth_ml}, {"reduction", a.whole_brain_reduction_ml}}},
      {"series",
       {{"baseline_series_instance_uid", run.baseline_series_uid},
        {"followup_series_instance_uid", run.followup_series_uid}}},
      {"method", methodKey(a.method)},
      {"profile", run.profile},
      {"profile_settings", run.profile_settings},
      {"seed", run.seed},
      {"device", a.device},
      {"timings_seconds",
       {{"preprocessing", a.timings.preprocessing_seconds},
        {"training", run.training_seconds},
        {"change_map", a.timings.change_map_seconds},
        {"readout_and_mapping", a.timings.readout_seconds},
        {"total", run.total_seconds}}},
      {"versions",
       {{"everynet", kVersion}, {"libtorch", run.libtorch}, {"itk", engine::itkVersion()}}},
  };
}

}  // namespace everynet::service
