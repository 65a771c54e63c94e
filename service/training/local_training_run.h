#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>

#include "service/training/training_backend.h"

namespace everynet::service {

// One trainer child process (LocalTrainingBackend). Thread-safe: the service may stop it while
// its job polls it.
class LocalTrainingRun final : public TrainingRun {
 public:
  // Where the run's own lines start in OUT/progress.jsonl and OUT/trainer.log, which earlier runs
  // of the same training appended to.
  struct LogOffsets {
    std::uintmax_t progress = 0;
    std::uintmax_t trainer_log = 0;
  };

  LocalTrainingRun(pid_t pid, std::filesystem::path out_dir, LogOffsets offsets,
                   std::chrono::milliseconds stop_grace);

  std::string id() const override;
  TrainingStatus poll() override;
  void cancel() override;
  void stop() override;

 private:
  enum class Request { none, cancel, stop };

  void reap(int wait_status);
  void waitForExit();
  TrainingStatus statusOfExit() const;
  std::string trainerMessage() const;

  const pid_t pid_;
  const std::filesystem::path out_dir_;
  const LogOffsets offsets_;
  const std::chrono::milliseconds stop_grace_;
  std::mutex mutex_;
  Request request_ = Request::none;
  std::optional<int> wait_status_;  // once reaped
};

}  // namespace everynet::service
