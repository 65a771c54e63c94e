#pragma once

#include <string_view>
#include <vector>

namespace everynet::service {

// The commands that load the engine (LibTorch, ITK), which the everynet-engine binary runs, with
// the line `everynet --help` shows for each. Loading LibTorch alone costs about a second of CPU,
// which the other commands (jobs, export, config check, ...) need not pay.
struct EngineCommand {
  std::string_view name;
  std::string_view summary;
};
const std::vector<EngineCommand>& engineCommands();
bool isEngineCommand(std::string_view name);
// The help line of one of them.
std::string_view engineCommandSummary(std::string_view name);

// Replaces this process by everynet-engine with the same arguments, so that the command runs in
// the same process (PID, signals, standard streams, environment: what systemd and a shell see).
// It lies in ../libexec/everynet beside this binary's directory, installed and in the build
// tree alike. Throws, with the reason, when it cannot be started.
[[noreturn]] void runEngineBinary(char** argv);

}  // namespace everynet::service
