#include "service/training/slurm_training_run.h"

#include <thread>

namespace everynet::service {
namespace {

// A controller that does not answer for this long fails the training; shorter outages are
// waited out (the job goes on meanwhile).
constexpr auto kUnansweredLimit = std::chrono::minutes(15);
constexpr auto kCancelWait = std::chrono::seconds(60);

bool isWaitingState(const std::string& state) {
  return state == "PENDING" || state == "CONFIGURING" || state == "REQUEUED" ||
         state == "REQUEUE_HOLD" || state == "REQUEUE_FED" || state == "RESV_DEL_HOLD" ||
         state == "SUSPENDED" || state == "STOPPED";
}

}  // namespace

SlurmTrainingRun::SlurmTrainingRun(const SlurmCommands& commands, const Config::Slurm& settings,
                                   std::string job_id, SlurmTrainingFolder folder,
                                   std::filesystem::path out_dir)
    : commands_(commands),
      settings_(settings),
      job_id_(std::move(job_id)),
      folder_(std::move(folder)),
      out_dir_(std::move(out_dir)) {}

TrainingStatus SlurmTrainingRun::poll() {
  std::lock_guard lock(mutex_);
  if (ended_) return *ended_;
  folder_.mirrorProgress(out_dir_);
  const auto now = Clock::now();
  if (now < next_query_) return last_;
  next_query_ = now + std::chrono::seconds(settings_.poll_seconds);
  std::optional<SlurmJob> job;
  try {
    job = commands_.job(job_id_);
  } catch (const std::runtime_error& error) {
    if (now - last_answer_ < kUnansweredLimit) return last_;
    return end(failedSaying(std::string("Slurm has not answered for 15 minutes: ") + error.what()));
  }
  last_answer_ = now;
  last_ = statusOf(job);
  if (last_.state != TrainingState::running) return end(last_);
  return last_;
}

TrainingStatus SlurmTrainingRun::statusOf(const std::optional<SlurmJob>& job) const {
  if (!job) {
    // Forgotten by Slurm (MinJobAge after its end, or a controller that lost its state).
    if (folder_.hasMap()) return {TrainingState::finished, {}, {}};
    return failedSaying("Slurm no longer knows job " + job_id_ + ", and it left no map");
  }
  if (isWaitingState(job->state)) {
    const std::string why = job->state == "PENDING" ? "pending" : job->state;
    const bool has_reason = !job->reason.empty() && job->reason != "None";
    return {TrainingState::running,
            {},
            "Slurm job " + job_id_ + " is " + why + (has_reason ? ": " + job->reason : "")};
  }
  if (!isFinalSlurmState(job->state)) return {TrainingState::running, {}, {}};
  return statusOfEnd(*job);
}

TrainingStatus SlurmTrainingRun::statusOfEnd(const SlurmJob& job) const {
  if (job.state == "COMPLETED" && folder_.hasMap()) return {TrainingState::finished, {}, {}};
  if (job.state == "CANCELLED" && cancelled_here_) return {TrainingState::failed, "cancelled", {}};
  return failedSaying(howSlurmJobEnded(job, settings_));
}

TrainingStatus SlurmTrainingRun::failedSaying(const std::string& what) const {
  const auto tail = folder_.jobOutputTail();
  return {TrainingState::failed, tail.empty() ? what : what + "; its output ends: " + tail, {}};
}

TrainingStatus SlurmTrainingRun::end(TrainingStatus status) {
  folder_.bringBack(out_dir_);
  folder_.remove();
  ended_ = std::move(status);
  return *ended_;
}

void SlurmTrainingRun::cancel() {
  std::lock_guard lock(mutex_);
  if (ended_) return;
  cancelled_here_ = true;
  // scancel refuses a job that has just ended; whether it has is what the loop below asks.
  std::string refused;
  try {
    commands_.cancel(job_id_);
  } catch (const std::runtime_error& error) {
    refused = error.what();
  }
  const auto deadline = Clock::now() + kCancelWait;
  while (Clock::now() < deadline) {
    std::optional<SlurmJob> job;
    bool answered = true;
    try {
      job = commands_.job(job_id_);
    } catch (const std::runtime_error&) {
      answered = false;  // the controller may answer before the deadline
    }
    if (answered && (!job || isFinalSlurmState(job->state))) {
      end({TrainingState::failed, "cancelled", {}});
      return;
    }
    if (answered && !refused.empty()) throw std::runtime_error(refused);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  throw std::runtime_error("Slurm job " + job_id_ + " did not end within a minute of scancel");
}

}  // namespace everynet::service
