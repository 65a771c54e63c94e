#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace everynet::engine::trainer {

// The command line of engine/core/TRAINER.md.
struct TrainerArguments {
  bool describe = false;
  std::filesystem::path pair_dir;
  std::filesystem::path out_dir;
  std::string profile = "cpu";
  std::vector<std::string> settings;  // KEY=VALUE, applied to the profile in order
  std::uint64_t seed = 1;
  int threads = 0;  // 0: one per core
  std::string device = "auto";
};

extern const char* const kTrainerUsage;

// Throws std::invalid_argument, saying what is wrong, for an unknown flag, a flag without its
// value, a number that is not one, a device that is none of auto, cpu, cuda, cuda:N, or a
// training without --pair or --out.
TrainerArguments parseTrainerArguments(int argc, const char* const* argv);

}  // namespace everynet::engine::trainer
