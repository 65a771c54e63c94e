// The Slurm backend through a real one-node Slurm cluster (tests/support/slurm_cluster.h) with the
// real trainer under sbatch: the map is the local backend's, a restart reattaches to the job
// without a second submission, and a job that waits, is cancelled, fails, runs over its time
// limit or is refused ends as service/training/slurm_training_backend.h says.
#include "service/training/slurm_training_backend.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <iostream>
#include <set>
#include <thread>

#include "service/training/local_training_backend.h"
#include "service/training/training_progress.h"
#include "tests/service/training/tiny_training.h"
#include "tests/support/slurm_cluster.h"
#include "tests/support/temp_dir.h"

namespace everynet::service {
namespace {

using namespace std::chrono_literals;
using training_test::stateName;
using training_test::tinySettings;
using training_test::waitForEnd;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class SlurmTrainingBackendTest : public ::testing::Test {
 protected:
  SlurmTrainingBackendTest() : cluster_(dir_.path() / "cluster") {
    // Slurm's commands, run by the backend with this process's environment, find the cluster.
    ::setenv("SLURM_CONF", cluster_.slurmConf().c_str(), 1);
    engine::writePairFiles(pair_dir_, training_test::tinyPair());
    fs::create_directories(shared_dir_);
    settings_.partition = test::SlurmCluster::kPartition;
    settings_.cpus = 1;
    settings_.memory = "512M";
    settings_.time_limit_minutes = 5;
    settings_.shared_dir = shared_dir_;
    settings_.trainer = EVERYNET_TRAIN_BINARY;
    settings_.device = "cpu";
    settings_.poll_seconds = 1;
  }
  ~SlurmTrainingBackendTest() override { ::unsetenv("SLURM_CONF"); }

  TrainingRequest request(const std::string& name, int iterations) const {
    return {pair_dir_, dir_.path() / name, "test", tinySettings(iterations), 5, 1, "cpu", name};
  }

  // Waits until the run's trainer has reported this iteration; false if it ended first.
  static bool waitUntilIteration(TrainingRun& run, TrainerProgressReader& progress, int iteration) {
    const auto deadline = Clock::now() + 120s;
    while (Clock::now() < deadline) {
      if (run.poll().state != TrainingState::running) return false;
      const auto& latest = progress.read().last_iteration;
      if (latest && latest->iteration >= iteration) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  // Waits until the run's trainer has reported an iteration; false if it ended first.
  static bool waitForIteration(TrainingRun& run, const fs::path& out_dir) {
    TrainerProgressReader progress(out_dir);
    const auto deadline = Clock::now() + 120s;
    while (Clock::now() < deadline) {
      if (run.poll().state != TrainingState::running) return false;
      if (progress.read().last_iteration) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  test::TempDir dir_{"everynet-slurm-training"};
  test::SlurmCluster cluster_;
  fs::path pair_dir_ = dir_.path() / "pair";
  fs::path shared_dir_ = dir_.path() / "shared";
  Config::Slurm settings_;
};

// No one but the service's user may read or enter anything in the folder.
void expectPrivate(const fs::path& folder) {
  ASSERT_TRUE(fs::exists(folder));
  EXPECT_EQ(fs::status(folder).permissions() & fs::perms::all, fs::perms::owner_all);
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    EXPECT_EQ(entry.status().permissions() & (fs::perms::group_all | fs::perms::others_all),
              fs::perms::none)
        << entry.path();
  }
}

// How long a training took to show its first iteration, and from its last iteration to the
// map being back in out_dir, as a job following it sees them.
struct Overheads {
  TrainingStatus status;
  double to_first_iteration = -1;
  double last_iteration_to_map = -1;
};

Overheads followTimed(TrainingBackend& backend, const TrainingRequest& request, int iterations) {
  const auto submitted = Clock::now();
  const auto run = backend.submit(request);
  TrainerProgressReader progress(request.out_dir);
  Overheads timed;
  std::optional<Clock::time_point> last_iteration;
  timed.status = run->poll();
  while (timed.status.state == TrainingState::running && secondsSince(submitted) < 120) {
    const auto& latest = progress.read().last_iteration;
    if (latest && timed.to_first_iteration < 0) timed.to_first_iteration = secondsSince(submitted);
    if (latest && latest->iteration == iterations && !last_iteration) last_iteration = Clock::now();
    std::this_thread::sleep_for(20ms);
    timed.status = run->poll();
  }
  if (last_iteration) timed.last_iteration_to_map = secondsSince(*last_iteration);
  return timed;
}

TEST_F(SlurmTrainingBackendTest, TheMapTrainedUnderSbatchIsTheLocalBackendsMap) {
  SlurmTrainingBackend backend(settings_);
  EXPECT_EQ(backend.name(), "slurm");
  const auto slurm = followTimed(backend, request("job-1", 4), 4);
  ASSERT_EQ(slurm.status.state, TrainingState::finished)
      << stateName(slurm.status.state) << ": " << slurm.status.error;
  LocalTrainingBackend local_backend(EVERYNET_TRAIN_BINARY);
  const auto local = followTimed(local_backend, request("local", 4), 4);
  ASSERT_EQ(local.status.state, TrainingState::finished) << local.status.error;
  std::cout << "[ timing ] submission to first iteration: slurm " << slurm.to_first_iteration
            << " s, local " << local.to_first_iteration
            << " s; last iteration to the map back: slurm " << slurm.last_iteration_to_map
            << " s, local " << local.last_iteration_to_map << " s (poll_seconds = 1)\n";

  const auto out = dir_.path() / "job-1";
  EXPECT_EQ(engine::readVolumeFile(out / "map.vol").voxels,
            engine::readVolumeFile(dir_.path() / "local" / "map.vol").voxels)
      << "the same seed and threads give the same map under sbatch as in a child process";
  EXPECT_EQ(TrainerProgressReader(out).read().end, TrainerEnd::finished);
  EXPECT_TRUE(fs::exists(out / "checkpoint")) << "brought back for model_retention = \"keep\"";
  EXPECT_FALSE(fs::exists(shared_dir_ / "job-1")) << "the job's folder is deleted afterwards";
  const auto jobs = cluster_.jobsNamed("everynet-job-1");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(cluster_.jobState(jobs[0]), "COMPLETED");
}

// The pair on the shared file system is the service user's alone (and what the trainer writes
// there: ARestartedServiceReattaches...).
TEST_F(SlurmTrainingBackendTest, TheFolderInTheSharedDirectoryIsTheServiceUsersAlone) {
  settings_.extra_arguments = {"--begin=now+3600"};  // held back while the test looks
  SlurmTrainingBackend held_back(settings_);
  const auto run = held_back.submit(request("job-9", 4));
  expectPrivate(shared_dir_ / "job-9");
  run->cancel();
}

TEST_F(SlurmTrainingBackendTest, ARestartedServiceReattachesToTheJobWithoutSubmittingAgain) {
  auto request_2 = request("job-2", 12);
  std::string id;
  {
    SlurmTrainingBackend before(settings_);
    const auto run = before.submit(request_2);
    id = run->id();
    ASSERT_TRUE(waitForIteration(*run, request_2.out_dir));
    expectPrivate(shared_dir_ / "job-2");
    run->stop();  // the service stops; the job goes on
  }
  EXPECT_EQ(cluster_.jobState(id), "RUNNING");

  SlurmTrainingBackend after(settings_);
  const auto other = cluster_.run({"sbatch", "--parsable", "--wrap", "sleep 30"});
  EXPECT_EQ(after.reattach(other.output.substr(0, other.output.find('\n')), request_2), nullptr)
      << "a job of another name is not this training's";
  const auto run = after.reattach(id, request_2);
  ASSERT_NE(run, nullptr);
  const auto status = waitForEnd(*run, 120s);
  ASSERT_EQ(status.state, TrainingState::finished) << status.error;
  EXPECT_TRUE(fs::exists(request_2.out_dir / "map.vol"));
  EXPECT_EQ(cluster_.jobsNamed("everynet-job-2").size(), 1u) << "exactly one submission";
}

// What a preemption that requeues does: Slurm ends the job (SIGTERM: the trainer saves its
// checkpoint), queues it again under the same ID, and its next run resumes from the checkpoint.
TEST_F(SlurmTrainingBackendTest, ARequeuedJobResumesFromItsCheckpointUnderTheSameId) {
  SlurmTrainingBackend backend(settings_);
  auto requeued = request("job-10", 40);
  const auto run = backend.submit(requeued);
  TrainerProgressReader progress(requeued.out_dir);
  ASSERT_TRUE(waitUntilIteration(*run, progress, 4));
  const auto asked = cluster_.run({"scontrol", "requeue", run->id()});
  ASSERT_EQ(asked.exit_code, 0) << asked.output;
  std::set<std::string> waits;
  TrainingStatus status = run->poll();
  const auto deadline = Clock::now() + 120s;
  while (status.state == TrainingState::running && Clock::now() < deadline) {
    if (!status.waiting.empty() && waits.insert(status.waiting).second) {
      // Slurm holds a requeued job back a while (BeginTime); the test needs it no longer.
      cluster_.run({"scontrol", "update", "JobId=" + run->id(), "StartTime=now"});
    }
    std::this_thread::sleep_for(100ms);
    status = run->poll();
  }
  ASSERT_EQ(status.state, TrainingState::finished) << status.error;
  EXPECT_FALSE(waits.empty()) << "it waited in the queue again";
  for (const auto& wait : waits) std::cout << "[ waited ] " << wait << "\n";
  EXPECT_GT(progress.read().resumed_from, 0) << "the second run resumed from the checkpoint";
  EXPECT_EQ(cluster_.jobsNamed("everynet-job-10"), std::vector<std::string>{run->id()});
}

TEST_F(SlurmTrainingBackendTest, APendingJobSaysWhyAndACancelEndsItInSlurm) {
  settings_.extra_arguments = {"--begin=now+3600"};
  SlurmTrainingBackend backend(settings_);
  const auto run = backend.submit(request("job-3", 4));
  const auto deadline = Clock::now() + 30s;
  TrainingStatus status = run->poll();
  while (status.waiting.empty() && Clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
    status = run->poll();
  }
  EXPECT_EQ(status.state, TrainingState::running);
  EXPECT_EQ(status.waiting, "Slurm job " + run->id() + " is pending: BeginTime");

  run->cancel();
  EXPECT_EQ(run->poll().error, "cancelled");
  EXPECT_EQ(cluster_.jobState(run->id()), "CANCELLED");
  EXPECT_FALSE(fs::exists(shared_dir_ / "job-3"));
}

TEST_F(SlurmTrainingBackendTest, AJobCancelledInSlurmBySomeoneElseFailsSayingSo) {
  SlurmTrainingBackend backend(settings_);
  const auto run = backend.submit(request("job-4", 200));
  ASSERT_TRUE(waitForIteration(*run, dir_.path() / "job-4"));
  ASSERT_EQ(cluster_.run({"scancel", run->id()}).exit_code, 0);
  const auto status = waitForEnd(*run, 60s);
  EXPECT_EQ(status.state, TrainingState::failed);
  EXPECT_NE(status.error.find("cancelled in Slurm, not by this service"), std::string::npos)
      << status.error;
}

TEST_F(SlurmTrainingBackendTest, ATrainerMissingOnTheNodeFailsNamingTheKey) {
  settings_.trainer = dir_.path() / "not-installed" / "everynet-train";
  SlurmTrainingBackend backend(settings_);
  const auto run = backend.submit(request("job-5", 4));
  const auto status = waitForEnd(*run, 60s);
  EXPECT_EQ(status.state, TrainingState::failed);
  EXPECT_NE(status.error.find("failed with exit status 2"), std::string::npos) << status.error;
  EXPECT_NE(status.error.find("slurm.trainer: " + settings_.trainer.string() +
                              " is not an executable file on node"),
            std::string::npos)
      << status.error;
  EXPECT_FALSE(fs::exists(shared_dir_ / "job-5"));
}

TEST_F(SlurmTrainingBackendTest, ATrainerThatExitsNonZeroFailsWithItsMessage) {
  fs::remove(pair_dir_ / "FORMAT");  // as a pair of format 1 was: the trainer refuses it
  SlurmTrainingBackend backend(settings_);
  const auto run = backend.submit(request("job-6", 4));
  const auto status = waitForEnd(*run, 60s);
  EXPECT_EQ(status.state, TrainingState::failed);
  EXPECT_NE(status.error.find("failed with exit status 2"), std::string::npos) << status.error;
  EXPECT_NE(status.error.find("format"), std::string::npos) << status.error;
  EXPECT_NE(fs::file_size(dir_.path() / "job-6" / "trainer.log"), 0u)
      << "the job's output is kept beside the training";
}

// Slurm ends a job over its limit within a minute or so after it (the test cluster's KillWait
// is 5 s): about 90 s in all.
TEST_F(SlurmTrainingBackendTest, AJobOverItsTimeLimitFailsAndLeavesItsCheckpointForARetry) {
  settings_.time_limit_minutes = 1;
  SlurmTrainingBackend backend(settings_);
  const auto run = backend.submit(request("job-7", 100000));
  const auto status = waitForEnd(*run, 180s);
  EXPECT_EQ(status.state, TrainingState::failed);
  EXPECT_NE(status.error.find("reached its time limit of 1 minutes (slurm.time_limit_minutes)"),
            std::string::npos)
      << status.error;
  EXPECT_EQ(cluster_.jobState(run->id()), "TIMEOUT");
  EXPECT_TRUE(fs::exists(dir_.path() / "job-7" / "checkpoint"));
}

TEST_F(SlurmTrainingBackendTest, AnUnknownPartitionIsRefusedAtSubmissionNamingTheKey) {
  settings_.partition = "no-such-partition";
  SlurmTrainingBackend backend(settings_);
  try {
    backend.submit(request("job-8", 4));
    FAIL() << "submitted to a partition the cluster does not have";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("slurm.partition = \"no-such-partition\""),
              std::string::npos)
        << error.what();
  }
  EXPECT_FALSE(fs::exists(shared_dir_ / "job-8")) << "nothing of the pair is left behind";
}

}  // namespace
}  // namespace everynet::service
