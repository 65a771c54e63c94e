#include "service/worker/worker_pool.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "service/unix_time.h"
#include "service/worker/job_runner.h"
#include "storage/job_queue.h"

namespace everynet::service {
namespace {

// How often an idle slot looks for queued jobs when nobody wakes it.
constexpr auto kPollInterval = std::chrono::seconds(3);

}  // namespace

std::vector<std::string> workerSlots(const Config::Engine& engine, int cuda_devices) {
  std::vector<std::string> slots;
  if (engine.device != ComputeDevice::cpu && cuda_devices > 0) {
    for (int gpu = 0; gpu < cuda_devices; ++gpu) {
      for (int k = 0; k < engine.gpu_slots_per_device; ++k) {
        slots.push_back("cuda:" + std::to_string(gpu));
      }
    }
    return slots;
  }
  // engine.device = cuda without a GPU is not turned into CPU work: the job fails saying so.
  const std::string device = engine.device == ComputeDevice::cuda ? "cuda" : "cpu";
  slots.assign(static_cast<std::size_t>(engine.cpu_slots), device);
  return slots;
}

int cpuThreadsPerTraining(int configured, int trainings) {
  if (configured > 0) return configured;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, cores / std::max(1, trainings));
}

WorkerPool::WorkerPool(std::vector<std::string> slots, std::vector<AnalysisMethod> methods,
                       storage::JobQueue& jobs, JobRunner& runner,
                       std::function<bool()> may_start_jobs)
    : slots_(std::move(slots)),
      jobs_(jobs),
      runner_(runner),
      may_start_jobs_(std::move(may_start_jobs)) {
  for (const auto method : methods) methods_.emplace_back(toString(method));
}

WorkerPool::~WorkerPool() {
  stop();
}

void WorkerPool::start() {
  for (const auto& device : slots_) threads_.emplace_back([this, device] { serve(device); });
}

void WorkerPool::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wake_count_;
  }
  wake_.notify_all();
}

void WorkerPool::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

bool WorkerPool::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void WorkerPool::serve(const std::string& device) {
  while (!stopping()) {
    std::optional<storage::JobRecord> job;
    try {
      if (may_start_jobs_()) job = jobs_.claimNext(unixNow(), methods_);
    } catch (const std::exception& error) {
      spdlog::error("cannot claim a queued job: {}", error.what());
    }
    if (job) {
      spdlog::info("job {} ({}) started on {} (attempt {})", job->id, job->method, device,
                   job->attempts);
      try {
        if (runner_.run(*job, device, [this] { return stopping(); }) == JobEnd::stopped) {
          jobs_.requeue(job->id, unixNow());
          jobs_.addEvent(job->id, storage::JobEventLevel::info,
                         "stopped with the service; it resumes from its checkpoint", unixNow());
          spdlog::info("job {} stopped with the service; it resumes from its checkpoint", job->id);
        }
      } catch (const std::exception& error) {
        // The index itself failed: the job stays 'running' and is queued again at next start.
        spdlog::error("job {}: cannot record its outcome: {}", job->id, error.what());
      }
      continue;
    }
    std::unique_lock lock(mutex_);
    const unsigned seen = wake_count_;
    wake_.wait_for(lock, kPollInterval, [&] { return stopping_ || wake_count_ != seen; });
  }
}

}  // namespace everynet::service
