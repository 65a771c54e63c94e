#include "engine/core/trainer/progress_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <torch/version.h>

#include "engine/core/trainer/json_text.h"

namespace everynet::engine::trainer {

ProgressStream::ProgressStream(const std::filesystem::path& file)
    : file_(file), fd_(::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) {
  if (fd_ < 0) {
    throw std::runtime_error(file.string() + ": cannot open: " + std::strerror(errno));
  }
}

ProgressStream::~ProgressStream() {
  ::close(fd_);
}

void ProgressStream::started(const TrainingStart& start) {
  writeLine("{\"event\":\"started\",\"device\":" + jsonString(start.device) +
            ",\"total\":" + std::to_string(start.total) +
            ",\"resumed_from\":" + std::to_string(start.resumed_from) +
            ",\"libtorch\":" + jsonString(TORCH_VERSION) + "}");
}

void ProgressStream::iteration(const TrainingProgress& p) {
  writeLine("{\"event\":\"iteration\",\"iteration\":" + std::to_string(p.iteration) +
            ",\"total\":" + std::to_string(p.total) + ",\"critic_loss\":" +
            jsonNumber(p.critic_loss) + ",\"generator_loss\":" + jsonNumber(p.generator_loss) +
            ",\"eta_seconds\":" + jsonNumber(p.eta_seconds) + "}");
}

void ProgressStream::finished(double seconds, int iterations_run) {
  writeLine("{\"event\":\"finished\",\"seconds\":" + jsonNumber(seconds) +
            ",\"iterations_run\":" + std::to_string(iterations_run) + "}");
}

void ProgressStream::failed(const std::string& error) {
  writeLine("{\"event\":\"failed\",\"error\":" + jsonString(error) + "}");
}

void ProgressStream::stopped(int iteration) {
  writeLine("{\"event\":\"stopped\",\"iteration\":" + std::to_string(iteration) + "}");
}

void ProgressStream::writeLine(const std::string& json) {
  const std::string line = json + '\n';
  ssize_t written;
  do {
    written = ::write(fd_, line.data(), line.size());
  } while (written < 0 && errno == EINTR);
  if (written != static_cast<ssize_t>(line.size())) {
    throw std::runtime_error(file_.string() + ": cannot write: " + std::strerror(errno));
  }
}

}  // namespace everynet::engine::trainer
