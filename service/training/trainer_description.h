#pragma once

#include <chrono>
#include <filesystem>
#include <string>

namespace everynet::service {

// What `everynet-train --describe` says of itself (engine/core/TRAINER.md).
struct TrainerDescription {
  std::string version;
  int pair_format = 0;
  std::string libtorch;  // the LibTorch version it was built with
  int cuda_devices = 0;  // GPUs it can train on; 0: the CPU only
  std::string blas;      // the BLAS LibTorch calls on the CPU
};

// Runs `trainer --describe` and reads its answer. Throws std::runtime_error, naming the trainer
// and the reason, when the file is missing or not executable, when it fails, does not answer
// within the time limit or answers what is not a description, and when it reads another pair
// format than this service writes (the message names both). The limit leaves room for LibTorch
// to load and a CUDA driver to initialise to count the GPUs.
TrainerDescription describeTrainer(const std::filesystem::path& trainer,
                                   std::chrono::milliseconds time_limit = std::chrono::seconds(20));

// everynet-train beside the running executable: everynet-engine and everynet-train both live in
// libexec/everynet, in the build tree and in an installation.
std::filesystem::path defaultTrainerPath();

}  // namespace everynet::service
