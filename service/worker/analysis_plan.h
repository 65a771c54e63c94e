#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "service/config/config_words.h"
#include "service/training/trainer_description.h"

namespace everynet::service {

// The analyses this service runs on each pair, settled once at start from engine.methods and
// what the trainer says of itself.
struct AnalysisPlan {
  std::vector<AnalysisMethod> methods;  // registration-subtraction first: its answer comes first
  std::filesystem::path trainer;        // everynet-train, when the personal WGAN runs here
  std::optional<TrainerDescription> trainer_description;  // of `trainer`; none on a cluster
  // Why the personal WGAN is not run under engine.methods = "auto", in words; empty otherwise.
  std::string personal_wgan_left_out;

  bool runs(AnalysisMethod method) const;
};

// engine.methods = "auto": registration and subtraction always, and the personal WGAN when the
// trainer is usable and sees a GPU that engine.device allows, or trains on a cluster
// (engine.backend = "slurm", whose trainer is not checked here). A list: those methods; one that
// lists personal-wgan with an unusable trainer throws std::runtime_error with the reason, so that
// the service does not start and accept pairs it cannot analyse as configured.
AnalysisPlan planAnalyses(const Config::Engine& engine);

}  // namespace everynet::service
