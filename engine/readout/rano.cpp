#include "engine/readout/rano.h"

#include <cstdio>

namespace everynet::engine {

const char* toString(RanoClass rano_class) {
  switch (rano_class) {
    case RanoClass::response:
      return "response";
    case RanoClass::stable_disease:
      return "stable disease";
    case RanoClass::progression:
      return "progression";
    case RanoClass::not_assessable:
      return "not assessable";
  }
  return "unknown";
}

RanoAssessment assessRano(double baseline_ml, double followup_ml, bool new_lesion,
                          const RanoRules& rules) {
  RanoAssessment a;
  if (baseline_ml <= 0) {
    const bool appeared = new_lesion || followup_ml > 0;
    a.rano_class = appeared ? RanoClass::progression : RanoClass::stable_disease;
    a.reason = appeared ? "enhancing tumour where there was none"
                        : "no enhancing tumour at either timepoint";
    return a;
  }
  const double ratio = followup_ml / baseline_ml;
  a.change_percent = (ratio - 1.0) * 100.0;
  char text[96];
  std::snprintf(text, sizeof text, "volume ratio %.3f (%+.1f%%)", ratio, a.change_percent);
  a.reason = text;
  if (new_lesion) {
    a.rano_class = RanoClass::progression;
    a.reason += "; new enhancing lesion";
  } else if (ratio <= rules.response_ratio) {
    a.rano_class = RanoClass::response;
  } else if (ratio >= rules.progression_ratio) {
    a.rano_class = RanoClass::progression;
  }
  return a;
}

}  // namespace everynet::engine
