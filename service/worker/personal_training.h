#pragma once

#include <chrono>
#include <functional>

#include "service/training/training_backend.h"
#include "service/training/training_progress.h"

namespace everynet::service {

// What a job asks of the training it follows, and tells it.
struct TrainingWatch {
  // The trainer's start: its device, the schedule's length, where it resumed from.
  std::function<void(const TrainerProgress&)> started;
  // Each iteration the trainer reports, in order, each once.
  std::function<void(const TrainerIteration&)> iteration;
  // Asked about once a second: a read of the index.
  std::function<bool()> cancel_requested;
  // The run an earlier service process submitted for this training, as record_run recorded it
  // ("BACKEND:ID", e.g. "slurm:42"); empty: none. Read once, at the start.
  std::function<std::string()> recorded_run;
  // Records a new submission ("BACKEND:ID") in the index, right after it is made.
  std::function<void(const std::string&)> record_run;
  // Called each time why the training waits changes (TrainingStatus::waiting; empty: it runs).
  std::function<void(const std::string&)> waiting;
  // Asked at every poll: a flag in memory.
  std::function<bool()> stopping;
  // A trainer that writes no progress for this long is taken for hung: it is killed and the
  // training fails saying so.
  std::chrono::seconds silent_limit{600};
};

enum class TrainingEnd { finished, stopped, cancelled };

struct TrainingOutcome {
  TrainingEnd end = TrainingEnd::finished;
  TrainerProgress progress;  // as the trainer last reported it (device, time taken)
};

// Runs a personal training through the backend until it ends, reattaching to the run of an
// earlier service process where that run is this backend's and the backend still has it
// (watch.recorded_run) and otherwise submitting it anew (recorded through watch.record_run), which
// resumes from its checkpoint. recorded_run, record_run and waiting may be left unset. finished:
// OUT/map.vol is there. stopped: the service is stopping; the training resumes at the next start.
// Throws std::runtime_error with the reason when the training fails or cannot start.
TrainingOutcome followTraining(TrainingBackend& backend, const TrainingRequest& request,
                               const TrainingWatch& watch);

}  // namespace everynet::service
