#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/analysis/change_analysis.h"

namespace everynet::service {

// How an analysis was run, for the report.
struct AnalysisRun {
  std::string profile;
  std::vector<std::string> profile_settings;  // "key=value" changes to the named profile
  std::uint64_t seed = 0;
  std::string baseline_series_uid;
  std::string followup_series_uid;
  double total_seconds = 0;
  std::string libtorch;  // the trainer's (`everynet-train --describe`); empty when none trained
  double training_seconds = 0;  // the personal training, as the trainer timed it; 0: none
};

// The method's name in report.json and the SR's algorithm parameters, as on the command line:
// "personal-wgan" or "registration-subtraction".
const char* methodKey(engine::ChangeMethod method);

// The report of one analysis (report.json): volumes in mL, change in percent, the modified RANO
// class with its reason ("not assessable" where the automatic baseline estimate cannot be trusted;
// baseline_confidence gives its figures), where the baseline volume came from, new lesions, the
// paper's whole-brain read-out beside the tumour-related one, method, profile, seed, device,
// timings and versions.
nlohmann::json analysisReport(const engine::ChangeAnalysis& analysis, const AnalysisRun& run);

}  // namespace everynet::service
