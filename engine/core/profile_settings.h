#pragma once

#include <string>
#include <vector>

#include "engine/core/training_profile.h"

namespace everynet::engine {

// Changes one field of a named profile from "key=value", the key being the field's name (for
// example "generator_iterations=1000"), so that a tuning run or a measurement of another
// schedule uses the released binary and names what it changed. Throws std::invalid_argument,
// saying why, for an unknown key, a value that is not a number or one out of the field's range.
// The grid cannot be changed: the pipeline around it assumes it. The network widths can only be
// divided ("width_divisor=2" halves every generator and critic width).
void applyProfileSetting(TrainingProfile& profile, const std::string& assignment);

// The named profile with each "key=value" applied in order. Throws std::invalid_argument, saying
// why, for an unknown profile or a setting applyProfileSetting refuses.
TrainingProfile profileWithSettings(const std::string& name,
                                    const std::vector<std::string>& assignments);

// The keys applyProfileSetting knows, for messages and help texts.
std::vector<std::string> profileSettingKeys();

}  // namespace everynet::engine
