#pragma once

#include <string>
#include <vector>

#include "engine/analysis/change_analysis.h"

namespace everynet::engine {

// What a reader should check before trusting an analysis of this baseline by this method and
// training profile, in words that name no patient: empty when there is nothing to add.
std::vector<std::string> analysisCautions(const geometry::PatientVolume& baseline,
                                          BaselineVolumeSource source, ChangeMethod method,
                                          const std::string& profile_name);

// What the accuracy benchmark says of the personal network trained with this profile: none of
// the profiles has yet shown a read-out to trust unchecked (engine/PROFILES.md#decision-cautions).
std::string personalNetworkCaution(const std::string& profile_name);

}  // namespace everynet::engine
