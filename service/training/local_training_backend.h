#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "service/training/training_backend.h"

namespace everynet::service {

// Trainings as child processes of this process: the trainer (everynet-train) run on the request,
// stderr appended to OUT/trainer.log. A child dies with the thread that submitted it
// (PR_SET_PDEATHSIG, see startChildProcess), so submit from a thread that outlives the training;
// after a restart there is nothing to reattach, and a new submission resumes from the checkpoint.
// A run's handle destroyed while the child runs leaves it running and unreaped: stop or cancel
// it first. The runs reap their children themselves: SIGCHLD must keep its default disposition
// (not SIG_IGN, which would reap them unread).
class LocalTrainingBackend final : public TrainingBackend {
 public:
  // stop_grace: how long stop() waits after SIGTERM, for the trainer to save its checkpoint and
  // exit, before it kills it.
  explicit LocalTrainingBackend(std::filesystem::path trainer,
                                std::chrono::milliseconds stop_grace = std::chrono::seconds(10));

  std::string name() const override { return "local"; }
  // Creates out_dir and starts the trainer; throws std::runtime_error when it cannot be started.
  std::unique_ptr<TrainingRun> submit(const TrainingRequest& request) override;
  // Always nothing: a child of an earlier process died with it.
  std::unique_ptr<TrainingRun> reattach(const std::string& id,
                                        const TrainingRequest& request) override;

 private:
  std::filesystem::path trainer_;
  std::chrono::milliseconds stop_grace_;
};

}  // namespace everynet::service
