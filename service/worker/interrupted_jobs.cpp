#include "service/worker/interrupted_jobs.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "service/unix_time.h"
#include "service/worker/job_runner.h"
#include "storage/index.h"

namespace everynet::service {

void recoverInterruptedJobs(int max_interruptions, storage::Index& index,
                            const storage::FileStore& files) {
  const auto recovered = index.recoverInterruptedJobs(max_interruptions, unixNow());
  for (const auto job_id : recovered.requeued) {
    const auto job = index.job(job_id);
    spdlog::warn(
        "job {} was running when the service last ended ({} of {} such ends allowed); queued "
        "again, to resume from its last checkpoint",
        job_id, job ? job->interruptions : 0, max_interruptions);
  }
  for (const auto job_id : recovered.failed) {
    const auto job = index.job(job_id);
    spdlog::error("job {} failed: {}", job_id, job && job->error ? *job->error : "interrupted");
    std::error_code ignored;
    std::filesystem::remove_all(jobWorkDirectory(files, job_id), ignored);
  }
}

}  // namespace everynet::service
