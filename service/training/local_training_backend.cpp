#include "service/training/local_training_backend.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "service/training/child_process.h"
#include "service/training/local_training_run.h"
#include "service/training/training_progress.h"

namespace everynet::service {
namespace {

std::vector<std::string> trainerArguments(const std::filesystem::path& trainer,
                                          const TrainingRequest& request) {
  std::vector<std::string> argv{trainer.string(),
                                "--pair",
                                request.pair_dir.string(),
                                "--out",
                                request.out_dir.string(),
                                "--seed",
                                std::to_string(request.seed),
                                "--threads",
                                std::to_string(request.threads),
                                "--device",
                                request.device};
  if (!request.profile.empty()) argv.insert(argv.end(), {"--profile", request.profile});
  for (const auto& setting : request.profile_settings) argv.insert(argv.end(), {"--set", setting});
  return argv;
}

class OpenFile {
 public:
  OpenFile(const std::filesystem::path& path, int flags) : fd_(::open(path.c_str(), flags, 0600)) {
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), path.string());
  }
  ~OpenFile() { ::close(fd_); }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

LocalTrainingBackend::LocalTrainingBackend(std::filesystem::path trainer,
                                           std::chrono::milliseconds stop_grace)
    : trainer_(std::move(trainer)), stop_grace_(stop_grace) {}

std::unique_ptr<TrainingRun> LocalTrainingBackend::submit(const TrainingRequest& request) {
  std::filesystem::create_directories(request.out_dir);
  // A map of an earlier run must not pass for this run's.
  std::filesystem::remove(request.out_dir / "map.vol");
  const auto log_file = request.out_dir / "trainer.log";
  const OpenFile null_output("/dev/null", O_WRONLY | O_CLOEXEC);
  const OpenFile log(log_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC);
  const LocalTrainingRun::LogOffsets offsets{progressFileSize(request.out_dir),
                                             std::filesystem::file_size(log_file)};
  const pid_t pid =
      startChildProcess(trainerArguments(trainer_, request), {null_output.get(), log.get()});
  return std::make_unique<LocalTrainingRun>(pid, request.out_dir, offsets, stop_grace_);
}

std::unique_ptr<TrainingRun> LocalTrainingBackend::reattach(const std::string& /*id*/,
                                                            const TrainingRequest& /*request*/) {
  return nullptr;
}

}  // namespace everynet::service
