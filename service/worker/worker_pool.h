#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "service/config/config.h"

namespace everynet::storage {
class JobQueue;
}

namespace everynet::service {

class JobRunner;

// The devices jobs are trained on, one entry per slot: gpu_slots_per_device per GPU ("cuda:N")
// when the engine uses GPUs and there are any, else cpu_slots times "cpu".
std::vector<std::string> workerSlots(const Config::Engine& engine, int cuda_devices);

// CPU threads for each of `trainings` trainings that may run at once on this machine:
// `configured` when above 0, else the machine's cores shared out among them (at least one each).
// Threads of two trainings that outnumber the cores wait on each other
// (engine/PROFILES.md#decision-cpu-threads).
int cpuThreadsPerTraining(int configured, int trainings);

// Runs queued jobs of its methods, one per slot at a time, oldest first. stop() lets running
// trainings save a checkpoint and puts their jobs back in the queue, where the next start resumes
// them. The classical method has a pool of its own, so that its answer never waits for a
// personal training. A job starts only while `may_start_jobs` says so (there is room for its
// results); until then it stays queued, and running jobs go on.
class WorkerPool {
 public:
  WorkerPool(std::vector<std::string> slots, std::vector<AnalysisMethod> methods,
             storage::JobQueue& jobs, JobRunner& runner, std::function<bool()> may_start_jobs);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void start();
  // Wakes idle slots to look for queued jobs at once (they also look every few seconds).
  void wake();
  void stop();

 private:
  void serve(const std::string& device);
  bool stopping();

  std::vector<std::string> slots_;
  std::vector<std::string> methods_;  // as the index names them
  storage::JobQueue& jobs_;
  JobRunner& runner_;
  std::function<bool()> may_start_jobs_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  unsigned wake_count_ = 0;  // wake() calls, so an idle slot notices one
  std::vector<std::thread> threads_;
};

}  // namespace everynet::service
