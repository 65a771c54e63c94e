#include "service/cli/personal_training.h"

#include <atomic>
#include <stdexcept>
#include <thread>

#include "engine/core/training_pair_files.h"
#include "service/cli/progress_display.h"
#include "service/stop_signals.h"
#include "service/training/local_training_backend.h"
#include "service/training/training_progress.h"

namespace everynet::service {
namespace {

using namespace std::chrono_literals;

// A stop signal noted for the polling loop; the watching thread ends with the object.
class StopRequests {
 public:
  StopRequests() : watcher_([this] { asked_ = signals_.wait() != 0; }) {}
  ~StopRequests() {
    signals_.interrupt();
    watcher_.join();
  }
  bool asked() const { return asked_; }

 private:
  StopSignals signals_;
  std::atomic<bool> asked_{false};
  std::thread watcher_;
};

// Polls the run to its end, a few times a second, showing each new iteration.
TrainingStatus followToItsEnd(TrainingRun& run, TrainerProgressReader& progress,
                              const StopRequests& stop_requests) {
  ProgressDisplay display;
  int shown_iteration = -1;
  bool stopping = false;
  for (;;) {
    const auto status = run.poll();
    if (const auto& latest = progress.read().last_iteration;
        latest && latest->iteration != shown_iteration) {
      display.show(*latest);
      shown_iteration = latest->iteration;
    }
    if (status.state != TrainingState::running) {
      display.finish();
      return status;
    }
    if (stop_requests.asked() && !stopping) {
      stopping = true;
      run.stop();
      continue;
    }
    std::this_thread::sleep_for(250ms);
  }
}

}  // namespace

std::optional<TrainedMap> trainWithLocalTrainer(const std::filesystem::path& trainer,
                                                const TrainingRequest& request) {
  const StopRequests stop_requests;
  LocalTrainingBackend backend(trainer);
  TrainerProgressReader progress(request.out_dir, progressFileSize(request.out_dir));
  const auto run = backend.submit(request);
  const auto status = followToItsEnd(*run, progress, stop_requests);
  switch (status.state) {
    case TrainingState::finished: {
      const auto& last = progress.read();
      return TrainedMap{engine::readVolumeFile(request.out_dir / "map.vol"), last.device,
                        last.seconds};
    }
    case TrainingState::stopped:
      return std::nullopt;
    case TrainingState::failed:
    case TrainingState::running:
      break;
  }
  throw std::runtime_error(status.error);
}

}  // namespace everynet::service
