#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "service/config/config.h"
#include "service/worker/job_stage.h"
#include "storage/job_records.h"

namespace everynet::storage {
class FileStore;
class JobQueue;
}  // namespace everynet::storage

namespace everynet::service {

class InstanceStore;

// Where a job's work files live (see JobRunner).
std::filesystem::path jobWorkDirectory(const storage::FileStore& files, std::int64_t job_id);

// stopped: the service is stopping (the job resumes from its checkpoint at the next start);
// cancelled: someone asked the job to stop (its work files are gone, it is 'cancelled').
enum class JobEnd { succeeded, failed, stopped, cancelled };

// Runs one claimed job: reads its two series from the store, trains the patient's model (or
// resumes it from the job's checkpoint), writes the DICOM results, stores and indexes them like
// received instances, queues their export and marks the job succeeded, in that order; a restart
// at any point repeats only what had not finished (results once written are reused, never
// written anew). A failure records its reason and leaves nothing exported or indexed. A cancel
// request (storage::JobQueue::requestCancel) is seen at each training iteration and at each stage
// until the results are written: the job's work files, its model with them, are deleted and it
// ends 'cancelled'. Each start, stage, resume and end is a line of the job's log (job_events).
//
// Work files live in <data dir>/jobs/<id>/: the checkpoint (the model, deleted or moved to
// models/job-<id> as engine.model_retention says, once the results are stored), the results
// before they are stored, and afterwards report.json and previews/ for the admin page.
class JobRunner {
 public:
  // Queues the export of a job's stored results (by SOP Instance UID) to every destination.
  using QueueExport = std::function<void(std::int64_t job_id, const std::vector<std::string>&)>;

  // `cpu_threads`: the CPU threads each training uses (engine.threads resolved for the slots).
  JobRunner(const Config& config, int cpu_threads, storage::FileStore& files,
            storage::JobQueue& jobs, InstanceStore& store, QueueExport queue_export);

  // `device`: "cpu" or "cuda:N". Returns stopped when `stopping` turned true during training
  // (within a second or so; the next start resumes from the last checkpoint: the caller puts the
  // job back in the queue), cancelled when the job
  // was cancelled on request (already recorded).
  JobEnd run(const storage::JobRecord& job, const std::string& device,
             const std::function<bool()>& stopping);

 private:
  // One run of one job; several run at once with several slots.
  struct Run {
    const storage::JobRecord& job;
    std::filesystem::path work;
    JobStage stage;  // what it is doing, for its failure reason
  };
  JobEnd analyse(Run& run, const std::function<bool()>& stopping);
  void storeResults(Run& run);
  void enterStage(Run& run, JobStage stage);
  bool cancelRequested(const Run& run);
  void cancel(Run& run);

  const Config& config_;
  int cpu_threads_;
  storage::FileStore& files_;
  storage::JobQueue& jobs_;
  InstanceStore& store_;
  QueueExport queue_export_;
};

}  // namespace everynet::service
