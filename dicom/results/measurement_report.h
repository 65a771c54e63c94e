#pragma once

#include <optional>
#include <string>
#include <vector>

namespace everynet::dicom {

// The numbers and words of one change analysis as the SR carries them. Volumes in mL (= cm3).
struct ChangeReportValues {
  double baseline_ml = 0;  // enhancing tumour at baseline
  double followup_ml = 0;  // enhancing tumour at follow-up
  double growth_ml = 0;
  double reduction_ml = 0;
  // (follow-up - baseline) / baseline * 100; none when the baseline volume is 0.
  std::optional<double> change_percent;
  // modified RANO: "response", "stable disease", "progression" or "not assessable" (no class:
  // the baseline volume cannot be trusted; the SR then has no Response Evaluation)
  std::string rano_class;
  std::string not_assessable_reason;  // why, where rano_class is "not assessable"; else empty
  std::string baseline_source;  // "supplied segmentation", "earlier job" or "automatic estimate"
  std::string algorithm_name;
  std::string algorithm_version;
  std::string algorithm_parameters;  // free text, e.g. "profile=cpu threshold=0.15"
  // What to check before trusting the figures, one sentence each (engine's analysis cautions).
  std::vector<std::string> cautions;

  double change_ml() const { return followup_ml - baseline_ml; }
};

// The one-line summary for a radiologist, e.g. "Enhancing tumour 6.6 -> 12.9 cm3 (+95%):
// progression (modified RANO). Research use, not for diagnostic use.", pointing to the cautions
// where there are any, since a viewer may show the summary alone. A class not assessable reads
// "...; modified RANO: not assessable (reason)." and asks for a baseline segmentation.
std::string reportSummary(const ChangeReportValues& values);

}  // namespace everynet::dicom
