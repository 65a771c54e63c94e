#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace everynet::service {

// How a short command ended and what it printed.
struct CommandOutput {
  bool timed_out = false;  // killed at the time limit; status and output are what there was
  int wait_status = 0;     // as waitpid reports it
  std::string out;         // stdout, at most kMaxCommandOutput bytes
  std::string err;         // stderr, the same
};

inline constexpr std::size_t kMaxCommandOutput = 64 * 1024;

// Runs argv as startChildProcess does and collects its output until it ends, or kills it (its
// whole process group) at the time limit. Throws std::runtime_error when it cannot be started.
CommandOutput runCommandForOutput(const std::vector<std::string>& argv,
                                  std::chrono::milliseconds time_limit);

}  // namespace everynet::service
