#include "service/worker/personal_training.h"

#include <stdexcept>
#include <string>
#include <thread>

namespace everynet::service {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kPollInterval = std::chrono::milliseconds(250);
constexpr auto kCancelCheckInterval = std::chrono::seconds(1);

// The run an earlier service process recorded, where this backend made it and still has it;
// else a new submission (which resumes from the checkpoint), recorded at once. A run recorded by
// another backend (the service was configured anew) is not this backend's to reattach. Returns
// the run and where its progress lines start.
std::pair<std::unique_ptr<TrainingRun>, std::uintmax_t> startOrReattach(
    TrainingBackend& backend, const TrainingRequest& request, const TrainingWatch& watch) {
  const std::string prefix = backend.name() + ":";
  const std::string recorded = watch.recorded_run ? watch.recorded_run() : std::string();
  if (recorded.starts_with(prefix)) {
    // Its own "started" line is somewhere in the file: read it all, the last run's lines count.
    if (auto run = backend.reattach(recorded.substr(prefix.size()), request)) {
      return {std::move(run), 0};
    }
  }
  const auto progress_offset = progressFileSize(request.out_dir);
  auto run = backend.submit(request);
  if (watch.record_run) watch.record_run(prefix + run->id());
  return {std::move(run), progress_offset};
}

// Passes on what the trainer newly reported: its start, then each new iteration.
class ProgressRelay {
 public:
  explicit ProgressRelay(const TrainingWatch& watch) : watch_(watch) {}

  // True when the trainer wrote anything since the last call.
  bool relay(const TrainerProgress& progress) {
    const auto last_written = progress.last_written.value_or(kNeverWritten);
    const bool written = last_written != last_written_;
    last_written_ = last_written;
    if (!progress.started) return written;
    if (!started_reported_) {
      watch_.started(progress);
      started_reported_ = true;
    }
    for (const auto& iteration : progress.new_iterations) watch_.iteration(iteration);
    return written;
  }

 private:
  static constexpr auto kNeverWritten = std::filesystem::file_time_type::min();
  const TrainingWatch& watch_;
  std::filesystem::file_time_type last_written_ = kNeverWritten;
  bool started_reported_ = false;
};

// Passes on why the training waits, each time that changes ("" once it runs).
class WaitRelay {
 public:
  explicit WaitRelay(const TrainingWatch& watch) : watch_(watch) {}

  // True while the training waits.
  bool relay(const std::string& waiting) {
    if (waiting != reported_) {
      reported_ = waiting;
      if (watch_.waiting) watch_.waiting(waiting);
    }
    return !waiting.empty();
  }

 private:
  const TrainingWatch& watch_;
  std::string reported_;  // nothing reported yet reads as "it runs"
};

}  // namespace

TrainingOutcome followTraining(TrainingBackend& backend, const TrainingRequest& request,
                               const TrainingWatch& watch) {
  auto [run, progress_offset] = startOrReattach(backend, request, watch);
  TrainerProgressReader reader(request.out_dir, progress_offset);
  ProgressRelay relay(watch);
  WaitRelay wait_relay(watch);
  auto last_activity = Clock::now();
  auto next_cancel_check = Clock::now();
  while (true) {
    const TrainingStatus status = run->poll();
    const TrainerProgress& progress = reader.read();
    if (relay.relay(progress)) last_activity = Clock::now();
    switch (status.state) {
      case TrainingState::finished:
        return {TrainingEnd::finished, progress};
      case TrainingState::stopped:
        if (watch.stopping()) return {TrainingEnd::stopped, progress};
        throw std::runtime_error("the trainer was stopped from outside the service");
      case TrainingState::failed:
        throw std::runtime_error(status.error);
      case TrainingState::running:
        break;
    }
    // A training in a cluster's queue writes no progress: its silence is not a hang.
    if (wait_relay.relay(status.waiting)) last_activity = Clock::now();
    if (watch.stopping()) {
      run->stop();
      // What it reported until it stopped: the iterations up to its checkpoint are not repeated.
      const TrainerProgress& last = reader.read();
      relay.relay(last);
      return {TrainingEnd::stopped, last};
    }
    const auto now = Clock::now();
    if (now >= next_cancel_check) {
      next_cancel_check = now + kCancelCheckInterval;
      if (watch.cancel_requested()) {
        run->cancel();
        return {TrainingEnd::cancelled, progress};
      }
    }
    if (now - last_activity > watch.silent_limit) {
      run->cancel();
      throw std::runtime_error("the trainer wrote no progress for " +
                               std::to_string(watch.silent_limit.count()) +
                               " s and was taken for hung; it was killed");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

}  // namespace everynet::service
