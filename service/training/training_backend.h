#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace everynet::service {

// One personal training as the trainer runs it (engine/core/TRAINER.md): the prepared pair in,
// progress, checkpoint and map out.
struct TrainingRequest {
  std::filesystem::path pair_dir;  // a prepared pair (pair format 2)
  std::filesystem::path out_dir;   // progress.jsonl, checkpoint/, map.vol; created when missing
  std::string profile;             // paper | cpu | test
  std::vector<std::string> profile_settings;  // KEY=VALUE, as `everynet analyze --set`
  std::uint64_t seed = 1;
  int threads = 0;             // CPU threads; 0: one per core
  std::string device = "cpu";  // cpu | cuda | cuda:N
  std::string name;            // e.g. "job-17": names a cluster's job and folder; no patient data
};

enum class TrainingState {
  running,   // submitted and not ended (a cluster's queue counts as running)
  finished,  // map.vol is there
  stopped,   // ended at a stop request; a new submission with the same out_dir resumes it
  failed,    // ended without a map; `error` says why
};

struct TrainingStatus {
  TrainingState state = TrainingState::running;
  std::string error;  // failed: why, in words (the trainer's own message, or how it ended)
  // running and not yet started: why it waits, in words (a cluster's queue and its reason, e.g.
  // "Slurm job 42 is pending: Resources"); a training that waits writes no progress and is not
  // taken for hung. Empty: it runs.
  std::string waiting;
};

// A submitted training. Destroying the handle leaves the training as it is.
class TrainingRun {
 public:
  virtual ~TrainingRun() = default;
  // What reattach() takes after a restart: a process ID, a cluster job ID.
  virtual std::string id() const = 0;
  // Does not wait.
  virtual TrainingStatus poll() = 0;
  // Ends the training at once (cancel, a trainer that hangs); its files stay for the caller.
  virtual void cancel() = 0;
  // The service is stopping: a training that would die with it is stopped so that it can resume
  // from its checkpoint (local: SIGTERM, then SIGKILL after a grace period); one that runs
  // elsewhere (a cluster) goes on and is reattached after the restart. Waits until it is so.
  virtual void stop() = 0;
};

// Where personal trainings run: `local` (child processes of the service) now, a cluster later.
class TrainingBackend {
 public:
  virtual ~TrainingBackend() = default;
  virtual std::string name() const = 0;
  // Starts a training; throws std::runtime_error when it cannot be started, saying why.
  virtual std::unique_ptr<TrainingRun> submit(const TrainingRequest& request) = 0;
  // A training submitted before a restart, by its id(); nothing when it is no longer there (the
  // caller then submits it again, which resumes from its checkpoint).
  virtual std::unique_ptr<TrainingRun> reattach(const std::string& id,
                                                const TrainingRequest& request) = 0;
};

}  // namespace everynet::service
