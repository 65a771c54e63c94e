#include "service/training/local_training_run.h"

#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <fstream>
#include <thread>

#include "service/training/child_process.h"
#include "service/training/training_progress.h"

namespace everynet::service {
namespace {

constexpr std::uintmax_t kLogTailBytes = 4096;

TrainingStatus failed(std::string error) {
  return {TrainingState::failed, std::move(error), {}};
}

// The last non-empty line the trainer wrote to the log from the offset on.
std::string lastLogLine(const std::filesystem::path& log, std::uintmax_t offset) {
  std::error_code error;
  const auto size = std::filesystem::file_size(log, error);
  if (error || size <= offset) return "";
  std::ifstream in(log, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(std::max(offset, size - std::min(size, kLogTailBytes))));
  const std::string tail{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto end = tail.find_last_not_of("\r\n \t");
  if (end == std::string::npos) return "";
  const auto start = tail.rfind('\n', end);
  return tail.substr(start == std::string::npos ? 0 : start + 1,
                     end + 1 - (start == std::string::npos ? 0 : start + 1));
}

}  // namespace

LocalTrainingRun::LocalTrainingRun(pid_t pid, std::filesystem::path out_dir, LogOffsets offsets,
                                   std::chrono::milliseconds stop_grace)
    : pid_(pid), out_dir_(std::move(out_dir)), offsets_(offsets), stop_grace_(stop_grace) {}

std::string LocalTrainingRun::id() const {
  return std::to_string(pid_);
}

TrainingStatus LocalTrainingRun::poll() {
  std::lock_guard lock(mutex_);
  if (!wait_status_) {
    int wait_status = 0;
    if (::waitpid(pid_, &wait_status, WNOHANG) == pid_) reap(wait_status);
  }
  if (!wait_status_) return {TrainingState::running, {}, {}};
  return statusOfExit();
}

void LocalTrainingRun::cancel() {
  std::lock_guard lock(mutex_);
  if (wait_status_) return;
  request_ = Request::cancel;
  ::kill(-pid_, SIGKILL);
  waitForExit();
}

void LocalTrainingRun::stop() {
  std::lock_guard lock(mutex_);
  if (wait_status_) return;
  request_ = Request::stop;
  ::kill(-pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + stop_grace_;
  while (std::chrono::steady_clock::now() < deadline) {
    int wait_status = 0;
    if (::waitpid(pid_, &wait_status, WNOHANG) == pid_) {
      reap(wait_status);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(-pid_, SIGKILL);
  waitForExit();
}

void LocalTrainingRun::reap(int wait_status) {
  wait_status_ = wait_status;
}

void LocalTrainingRun::waitForExit() {
  int wait_status = 0;
  while (::waitpid(pid_, &wait_status, 0) < 0 && errno == EINTR) {
  }
  reap(wait_status);
}

TrainingStatus LocalTrainingRun::statusOfExit() const {
  const int status = *wait_status_;
  if (WIFEXITED(status)) {
    switch (const int code = WEXITSTATUS(status)) {
      case 0:
        if (std::filesystem::exists(out_dir_ / "map.vol")) return {TrainingState::finished, {}, {}};
        return failed("the trainer ended without writing " + (out_dir_ / "map.vol").string());
      case 3:
        return {TrainingState::stopped, {}, {}};
      case 1:
        return failed("the training failed: " + trainerMessage());
      case 2:
        return failed("the trainer refused the training: " + trainerMessage());
      default:
        return failed("the trainer ended with exit status " + std::to_string(code) + ": " +
                      trainerMessage());
    }
  }
  if (request_ == Request::cancel) return failed("cancelled");
  // Killed at a stop, by our SIGTERM before it could handle it or our SIGKILL after the grace:
  // its last checkpoint is there to resume from.
  if (request_ == Request::stop) return {TrainingState::stopped, {}, {}};
  const int signal_number = WTERMSIG(status);
  std::string error = "the trainer was killed by " + describeSignal(signal_number);
  if (signal_number == SIGKILL) error += "; the kernel's out-of-memory killer sends it too";
  return failed(error);
}

std::string LocalTrainingRun::trainerMessage() const {
  const auto progress = TrainerProgressReader(out_dir_, offsets_.progress).read();
  if (progress.end == TrainerEnd::failed && !progress.error.empty()) return progress.error;
  if (auto line = lastLogLine(out_dir_ / "trainer.log", offsets_.trainer_log); !line.empty()) {
    return line;
  }
  return "it gave no reason (" + (out_dir_ / "trainer.log").string() + ")";
}

}  // namespace everynet::service
