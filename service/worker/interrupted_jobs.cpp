#include "service/worker/interrupted_jobs.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "service/unix_time.h"
#include "service/worker/job_runner.h"
#include "storage/job_queue.h"

namespace everynet::service {

void recoverInterruptedJobs(int max_interruptions, storage::JobQueue& jobs,
                            const storage::FileStore& files) {
  const auto recovered = jobs.recoverInterrupted(max_interruptions, unixNow());
  for (const auto& job : recovered.requeued) spdlog::warn("job {}: {}", job.job_id, job.message);
  for (const auto& job : recovered.failed) {
    spdlog::error("job {} failed: {}", job.job_id, job.message);
    std::error_code ignored;
    std::filesystem::remove_all(jobWorkDirectory(files, job.job_id), ignored);
  }
}

}  // namespace everynet::service
