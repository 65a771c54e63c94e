#pragma once

#include <string>
#include <vector>

#include "engine/analysis/change_analysis.h"

namespace everynet::engine {

// What a reader should check before trusting an analysis of this baseline, in words that name no
// patient: empty when there is nothing to add.
std::vector<std::string> analysisCautions(const PatientVolume& baseline,
                                          BaselineVolumeSource source);

}  // namespace everynet::engine
