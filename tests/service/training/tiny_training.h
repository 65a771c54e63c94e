#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "engine/core/training_pair_files.h"
#include "service/training/training_backend.h"

namespace everynet::service::training_test {

// The test profile made tiny: one critic update per iteration, a checkpoint every second one.
std::vector<std::string> tinySettings(int iterations);

// A bright disc (the baseline's smaller than the follow-up's) in a dimmer ellipse, on the test
// profile's grid, with the ellipse as the brain mask.
engine::PairFiles tinyPair();

// Polls the run until it is no longer running or the time is over; its last status.
TrainingStatus waitForEnd(TrainingRun& run, std::chrono::seconds timeout);

const char* stateName(TrainingState state);

}  // namespace everynet::service::training_test
