#include "dicom/results/measurement_report.h"

#include <cmath>
#include <cstdio>

namespace everynet::dicom {

std::string reportSummary(const ChangeReportValues& values) {
  char change[32];
  if (values.change_percent) {
    std::snprintf(change, sizeof(change), "%+.0f%%", *values.change_percent);
  } else {
    std::snprintf(change, sizeof(change), "new enhancement");
  }
  char text[256];
  std::snprintf(text, sizeof(text),
                "Enhancing tumour %.1f -> %.1f cm3 (%s): %s (modified RANO). Research use, not for "
                "diagnostic use.",
                values.baseline_ml, values.followup_ml, change, values.rano_class.c_str());
  return text;
}

}  // namespace everynet::dicom
