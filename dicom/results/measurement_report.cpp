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
  char cautions[64] = "";
  if (!values.cautions.empty()) {
    std::snprintf(cautions, sizeof(cautions), " Check the %zu caution%s in this report's comments.",
                  values.cautions.size(), values.cautions.size() == 1 ? "" : "s");
  }
  char text[320];
  std::snprintf(text, sizeof(text),
                "Enhancing tumour %.1f -> %.1f cm3 (%s): %s (modified RANO).%s Research use, not "
                "for diagnostic use.",
                values.baseline_ml, values.followup_ml, change, values.rano_class.c_str(),
                cautions);
  return text;
}

}  // namespace everynet::dicom
