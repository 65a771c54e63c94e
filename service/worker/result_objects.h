#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "dicom/results/source_series.h"
#include "engine/analysis/change_analysis.h"
#include "storage/job_records.h"

namespace everynet::service {

// The inputs of a job as the results refer to them.
struct ResultSources {
  const dicom::SourceSeries& baseline;
  const dicom::SourceSeries& followup_series;
  const geometry::PatientVolume& followup;  // the follow-up T1ce as read, under the heatmaps
};

struct WrittenResult {
  std::filesystem::path file;
  storage::ResultKind kind;
};

// Writes the DICOM results of one analysis into `directory`, durably, all in the follow-up's
// study: a Secondary Capture heatmap per follow-up slice, a TID 1500 Structured Report with the
// volumes and the modified RANO class (`report` is the job's report.json), and a Segmentation of
// the growth and reduction regions. Each method's series have their own numbers (personal WGAN
// 9001-9003, registration and subtraction 9011-9013) and name the method in their description.
std::vector<WrittenResult> writeResultObjects(const engine::ChangeAnalysis& analysis,
                                              const ResultSources& sources,
                                              const nlohmann::json& report,
                                              const std::filesystem::path& directory);

}  // namespace everynet::service
