#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "engine/geometry/volume.h"
#include "service/training/training_backend.h"

namespace everynet::service {

// The personal network's map as the trainer made it.
struct TrainedMap {
  geometry::Volume map;  // on the profile's working grid
  std::string device;    // where it trained: "cpu", "cuda"
  double seconds = 0;    // the trainer's training time in its last run
};

// Trains the prepared pair with the trainer as a child process (LocalTrainingBackend), showing
// its progress on stderr; SIGINT or SIGTERM (Ctrl-C) stops it at its checkpoint. Returns nothing
// when stopped so (the same request resumes it); throws std::runtime_error with the trainer's
// reason when the training fails.
std::optional<TrainedMap> trainWithLocalTrainer(const std::filesystem::path& trainer,
                                                const TrainingRequest& request);

}  // namespace everynet::service
