#pragma once

#include <string>

namespace everynet::engine {

// Modified RANO on enhancing-tumour volume: follow-up / baseline <= 0.5 is response, >= 1.25 is
// progression, otherwise stable disease; a new enhancing lesion is progression whatever the ratio.
// Not assessable: the baseline volume the ratio needs cannot be trusted (assessRano never gives
// it; see engine/analysis/baseline_confidence.h), so no class is given.
enum class RanoClass { response, stable_disease, progression, not_assessable };

struct RanoRules {
  double response_ratio = 0.5;
  double progression_ratio = 1.25;
};

struct RanoAssessment {
  RanoClass rano_class = RanoClass::stable_disease;
  double change_percent = 0;  // (follow-up - baseline) / baseline * 100; 0 when baseline is 0
  std::string reason;
};

// Volumes in mL. A baseline of 0 with any follow-up enhancement counts as a new lesion.
RanoAssessment assessRano(double baseline_ml, double followup_ml, bool new_lesion,
                          const RanoRules& rules = {});

const char* toString(RanoClass rano_class);

}  // namespace everynet::engine
