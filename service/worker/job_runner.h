#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/training_profile.h"
#include "engine/geometry/volume.h"
#include "service/config/config.h"
#include "service/training/training_backend.h"
#include "service/worker/analysis_plan.h"
#include "service/worker/job_stage.h"
#include "storage/job_records.h"

namespace everynet::engine {
struct ChangeAnalysis;
}

namespace everynet::storage {
class FileStore;
class JobQueue;
}  // namespace everynet::storage

namespace everynet::service {

class TrainingBackend;

// Where a job's work files live (see JobRunner).
std::filesystem::path jobWorkDirectory(const storage::FileStore& files, std::int64_t job_id);

// stopped: the service is stopping (the job resumes from its checkpoint at the next start);
// cancelled: someone asked the job to stop (its work files are gone, it is 'cancelled').
enum class JobEnd { succeeded, failed, stopped, cancelled };

// Runs one claimed job, which is one method's analysis of one pair: reads its two series from
// the store, makes the change map (registration and subtraction here; the personal WGAN trained
// by everynet-train through the training backend, or resumed from its checkpoint), writes the
// DICOM results, then stores their files and, in one commit, indexes them like received instances,
// queues their export and marks the job succeeded: its results are seen with its success or not at
// all. A restart at any point repeats only what had not finished (results once written are reused,
// never written anew; their files, once stored, are overwritten with the same bytes). A failure
// records its reason and leaves nothing exported or indexed. A cancel request
// (storage::JobQueue::requestCancel) is seen about once a second during a training and at each
// stage until the results are written: the job's work files, its model with them, are deleted and
// it ends 'cancelled'. Each start, stage, resume and end is a line of the job's log (job_events).
//
// Work files live in <data dir>/jobs/<id>/: the prepared pair (pair/) and the training (training/:
// progress, the checkpoint, which is the model, deleted or moved to models/job-<id> as
// engine.model_retention says once the results are stored, and the map), the results before they
// are stored, and afterwards the analysis files and previews for the admin page.
class JobRunner {
 public:
  // Called after a job's results were committed with their exports queued (to every destination
  // in the configuration): wakes the senders.
  using WakeExports = std::function<void()>;

  // `cpu_threads`: the CPU threads each training uses (engine.threads resolved for the slots).
  // `training`: where personal trainings run; null when the plan does not run the personal WGAN
  // (its jobs then fail saying so).
  JobRunner(const Config& config, const AnalysisPlan& plan, int cpu_threads,
            storage::FileStore& files, storage::JobQueue& jobs, TrainingBackend* training,
            WakeExports wake_exports);

  // `device`: where a personal training runs, "cpu" or "cuda:N". Returns stopped when `stopping`
  // turned true during training (within a second or so; the next start resumes from the last
  // checkpoint: the caller puts the job back in the queue), cancelled when the job was cancelled
  // on request (already recorded).
  JobEnd run(const storage::JobRecord& job, const std::string& device,
             const std::function<bool()>& stopping);

 private:
  // One run of one job; several run at once with several slots.
  struct Run {
    const storage::JobRecord& job;
    std::filesystem::path work;
    JobStage stage;  // what it is doing, for its failure reason
  };
  // What a job reads from the store: its scans and what the results copy from their series.
  struct JobInputs;
  JobEnd analyse(Run& run, const std::string& device, const std::function<bool()>& stopping);
  JobInputs readInputs(Run& run);
  // How the personal network was trained, as its trainer reported it.
  struct TrainingRecord {
    std::string device;
    double seconds = 0;
    std::string libtorch;
  };
  // The personal network's map from everynet-train and how it was trained; no map when the
  // training ended otherwise (stopped or cancelled: `end` says which).
  struct PersonalMap {
    JobEnd end = JobEnd::succeeded;
    std::optional<geometry::Volume> map;
    TrainingRecord training;
  };
  TrainingRequest trainingRequest(const Run& run, const std::string& device) const;
  // Cancels the training an earlier service process left running for the job, if any.
  void endRecordedTraining(const Run& run, const std::string& device);
  PersonalMap trainPersonalNetwork(Run& run, const JobInputs& inputs, const std::string& device,
                                   const std::function<bool()>& stopping);
  void writeResults(Run& run, const engine::ChangeAnalysis& analysis, const JobInputs& inputs,
                    double started, const TrainingRecord& training);
  // The LibTorch the personal network was trained on; "" for the classical method.
  std::string libTorchOf(const TrainingRecord& training) const;
  void storeResults(Run& run);
  void enterStage(Run& run, JobStage stage);
  bool cancelRequested(const Run& run);
  void cancel(Run& run);

  const Config& config_;
  const AnalysisPlan& plan_;
  engine::TrainingProfile profile_;  // sets the working grid of either method
  int cpu_threads_;
  storage::FileStore& files_;
  storage::JobQueue& jobs_;
  TrainingBackend* training_;
  WakeExports wake_exports_;
};

}  // namespace everynet::service
