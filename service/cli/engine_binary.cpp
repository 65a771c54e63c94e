#include "service/cli/engine_binary.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace everynet::service {

const std::vector<EngineCommand>& engineCommands() {
  static const std::vector<EngineCommand> commands{
      {"serve", "Run the service: DICOM node, series tracking, job queue"},
      {"analyze", "Train a personal change model on two T1ce series and write its results"},
      {"phantom", "Write a phantom patient (two MR studies on Colin27) as DICOM, with the truth"}};
  return commands;
}

bool isEngineCommand(std::string_view name) {
  for (const auto& command : engineCommands()) {
    if (command.name == name) return true;
  }
  return false;
}

std::string_view engineCommandSummary(std::string_view name) {
  for (const auto& command : engineCommands()) {
    if (command.name == name) return command.summary;
  }
  throw std::logic_error("not an engine command: " + std::string(name));
}

void runEngineBinary(char** argv) {
  // EVERYNET_ENGINE_RELATIVE_PATH: from the bin directory to libexec/everynet/everynet-engine.
  const auto self = std::filesystem::read_symlink("/proc/self/exe");
  const auto engine = (self.parent_path() / EVERYNET_ENGINE_RELATIVE_PATH).lexically_normal();
  ::execv(engine.c_str(), argv);
  throw std::runtime_error("cannot start " + engine.string() + ": " + std::strerror(errno));
}

}  // namespace everynet::service
