#include "dicom/results/measurement_report.h"

#include <cstdio>

namespace everynet::dicom {

std::string reportSummary(const ChangeReportValues& values) {
  char change[32];
  if (values.change_percent) {
    std::snprintf(change, sizeof(change), "%+.0f%%", *values.change_percent);
  } else {
    std::snprintf(change, sizeof(change), "new enhancement");
  }
  char cautions[64] = "";
  if (!values.cautions.empty()) {
    std::snprintf(cautions, sizeof(cautions), " Check the %zu caution%s in this report's comments.",
                  values.cautions.size(), values.cautions.size() == 1 ? "" : "s");
  }
  char volumes[96];
  std::snprintf(volumes, sizeof(volumes), "Enhancing tumour %.1f -> %.1f cm3 (%s)",
                values.baseline_ml, values.followup_ml, change);
  const std::string finding =
      values.rano_class == "not assessable"
          ? std::string(volumes) + "; modified RANO: not assessable (" +
                values.not_assessable_reason +
                "): a segmentation of the baseline tumour (DICOM SEG) gives a class."
          : std::string(volumes) + ": " + values.rano_class + " (modified RANO).";
  return finding + cautions + " Research use, not for diagnostic use.";
}

}  // namespace everynet::dicom
