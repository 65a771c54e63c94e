#include "service/training/trainer_description.h"

#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "engine/core/training_pair_files.h"
#include "service/training/child_process.h"
#include "service/training/command_output.h"

namespace everynet::service {
namespace {

std::runtime_error refused(const std::filesystem::path& trainer, const std::string& reason) {
  return std::runtime_error("trainer " + trainer.string() + ": " + reason);
}

// The last line of what it printed on stderr, which says why it failed.
std::string lastLine(const std::string& text) {
  auto end = text.find_last_not_of("\r\n");
  if (end == std::string::npos) return "";
  const auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1,
                     end - (start == std::string::npos ? 0 : start + 1) + 1);
}

std::string howItEnded(const CommandOutput& output) {
  std::string how =
      WIFSIGNALED(output.wait_status)
          ? "--describe was killed by " + describeSignal(WTERMSIG(output.wait_status))
          : "--describe ended with exit status " + std::to_string(WEXITSTATUS(output.wait_status));
  if (const auto message = lastLine(output.err); !message.empty()) how += ": " + message;
  return how;
}

TrainerDescription parseDescription(const std::filesystem::path& trainer, const std::string& out) {
  const auto json = nlohmann::json::parse(out, nullptr, false);
  const auto not_a_description = [&] {
    return refused(trainer, "--describe did not print a trainer's description (got \"" +
                                lastLine(out).substr(0, 200) + "\")");
  };
  if (!json.is_object() || json.value("trainer", "") != "everynet-train") throw not_a_description();
  try {
    return {json.at("version").get<std::string>(), json.at("pair_format").get<int>(),
            json.at("libtorch").get<std::string>(), json.at("cuda_devices").get<int>(),
            json.at("blas").get<std::string>()};
  } catch (const nlohmann::json::exception&) {
    throw not_a_description();
  }
}

}  // namespace

TrainerDescription describeTrainer(const std::filesystem::path& trainer,
                                   std::chrono::milliseconds time_limit) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(trainer, error)) {
    throw refused(trainer, "no such file (engine.trainer names the trainer, everynet-train)");
  }
  if (::access(trainer.c_str(), X_OK) != 0) throw refused(trainer, "not executable");
  const auto output = runCommandForOutput({trainer.string(), "--describe"}, time_limit);
  if (output.timed_out) {
    throw refused(trainer,
                  "--describe did not answer within " + std::to_string(time_limit.count()) + " ms");
  }
  if (!WIFEXITED(output.wait_status) || WEXITSTATUS(output.wait_status) != 0) {
    throw refused(trainer, howItEnded(output));
  }
  auto description = parseDescription(trainer, output.out);
  if (description.pair_format != engine::kPairFormat) {
    throw refused(trainer, "it reads pair format " + std::to_string(description.pair_format) +
                               ", this service writes pair format " +
                               std::to_string(engine::kPairFormat) +
                               " (a trainer of the same version as the service reads it)");
  }
  return description;
}

std::filesystem::path defaultTrainerPath() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path() / "everynet-train";
}

}  // namespace everynet::service
