// The local training backend with the real trainer (everynet-train) as its child process: the
// map it trains is the map trained in process; a kill, a stop, a cancel and a refusal end as
// engine/core/TRAINER.md and service/training/training_backend.h say.
#include "service/training/local_training_backend.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "engine/core/change_model_trainer.h"
#include "engine/core/profile_settings.h"
#include "engine/core/training_pair_files.h"
#include "service/training/trainer_description.h"
#include "service/training/training_progress.h"
#include "tests/service/training/tiny_training.h"
#include "tests/support/temp_dir.h"

namespace everynet::service {
namespace {

using namespace std::chrono_literals;
using training_test::stateName;
using training_test::tinySettings;
using training_test::waitForEnd;
namespace fs = std::filesystem;

// Waits until the run has reported the iteration; false when it ended or the time is over first.
bool waitForIteration(TrainingRun& run, const fs::path& out_dir, int iteration) {
  TrainerProgressReader progress(out_dir);
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto& latest = progress.read().last_iteration;
    if (latest && latest->iteration >= iteration) return true;
    if (run.poll().state != TrainingState::running) return false;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

class LocalTrainingBackendTest : public ::testing::Test {
 protected:
  void SetUp() override { engine::writePairFiles(pair_dir_, training_test::tinyPair()); }

  TrainingRequest request(const std::string& out, int iterations) const {
    return {pair_dir_, dir_.path() / out, "test", tinySettings(iterations), 5, 1, "cpu", out};
  }

  // The map trained here, in this process, as the trainer is asked to train it.
  static std::vector<float> mapTrainedHere(int iterations) {
    engine::TrainingOptions options;
    options.profile = engine::profileWithSettings("test", tinySettings(iterations));
    options.seed = 5;
    options.device = "cpu";
    options.threads = 1;
    const auto outcome = engine::trainChangeModel(training_test::tinyPair().pair, options);
    EXPECT_TRUE(outcome.finished);
    return outcome.change_map.voxels;
  }

  test::TempDir dir_;
  fs::path pair_dir_ = dir_.path() / "pair";
  LocalTrainingBackend backend_{EVERYNET_TRAIN_BINARY, 5s};
};

TEST_F(LocalTrainingBackendTest, DescribesTheTrainerBuiltHere) {
  const auto description = describeTrainer(EVERYNET_TRAIN_BINARY);
  EXPECT_EQ(description.pair_format, engine::kPairFormat);
  EXPECT_FALSE(description.libtorch.empty());
  EXPECT_FALSE(description.version.empty());
  EXPECT_EQ(fs::path(EVERYNET_TRAIN_BINARY).filename(), "everynet-train");
}

TEST_F(LocalTrainingBackendTest, TheMapTrainedByTheChildProcessIsTheMapTrainedInProcess) {
  EXPECT_EQ(backend_.name(), "local");
  const auto run = backend_.submit(request("training", 4));
  const auto status = waitForEnd(*run, 300s);
  ASSERT_EQ(status.state, TrainingState::finished)
      << stateName(status.state) << ": " << status.error;
  const auto out = dir_.path() / "training";
  EXPECT_EQ(engine::readVolumeFile(out / "map.vol").voxels, mapTrainedHere(4));

  TrainerProgressReader reader(out);
  const auto& progress = reader.read();
  EXPECT_TRUE(progress.started);
  EXPECT_EQ(progress.device, "cpu");
  EXPECT_EQ(progress.resumed_from, 0);
  ASSERT_TRUE(progress.last_iteration);
  EXPECT_EQ(progress.last_iteration->iteration, 4);
  EXPECT_EQ(progress.last_iteration->total, 4);
  EXPECT_EQ(progress.end, TrainerEnd::finished);
  EXPECT_TRUE(fs::exists(out / "trainer.log"));
  EXPECT_EQ(backend_.reattach(run->id(), request("training", 4)), nullptr)
      << "a child of an earlier process cannot be reattached";
}

TEST_F(LocalTrainingBackendTest, AKilledTrainerFailsNamingTheSignalAndHadNoDescriptorOfOurs) {
  // A descriptor the trainer must not inherit, as the index's database or a DICOM socket.
  const auto ours = dir_.path() / "index.sqlite";
  const int index_fd = ::open(ours.c_str(), O_WRONLY | O_CREAT, 0600);
  ASSERT_GE(index_fd, 0);
  const auto run = backend_.submit(request("training", 500));
  const pid_t pid = std::stoi(run->id());
  EXPECT_EQ(::getpgid(pid), pid) << "the trainer leads a process group of its own";
  ASSERT_TRUE(waitForIteration(*run, dir_.path() / "training", 1));
  for (const auto& fd : fs::directory_iterator("/proc/" + run->id() + "/fd")) {
    std::error_code unreadable;
    EXPECT_NE(fs::read_symlink(fd.path(), unreadable), ours) << fd.path();
  }
  ::close(index_fd);
  ASSERT_EQ(run->poll().state, TrainingState::running) << "the descriptors were of a live trainer";

  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  const auto status = waitForEnd(*run, 30s);
  EXPECT_EQ(status.state, TrainingState::failed);
  EXPECT_NE(status.error.find("signal 9 (SIGKILL"), std::string::npos) << status.error;
  EXPECT_NE(status.error.find("out-of-memory"), std::string::npos) << status.error;
  EXPECT_FALSE(fs::exists(dir_.path() / "training" / "map.vol"));
}

TEST_F(LocalTrainingBackendTest, AStoppedTrainingResumesAndEndsAsAnUninterruptedOne) {
  constexpr int kIterations = 12;
  const auto out = dir_.path() / "training";
  {
    const auto run = backend_.submit(request("training", kIterations));
    ASSERT_TRUE(waitForIteration(*run, out, 3)) << "ended before it could be stopped";
    run->stop();
    const auto status = run->poll();
    ASSERT_EQ(status.state, TrainingState::stopped)
        << stateName(status.state) << ": " << status.error;
    EXPECT_FALSE(fs::exists(out / "map.vol"));
  }
  TrainerProgressReader resumed(out, progressFileSize(out));
  const auto run = backend_.submit(request("training", kIterations));
  const auto status = waitForEnd(*run, 300s);
  ASSERT_EQ(status.state, TrainingState::finished)
      << stateName(status.state) << ": " << status.error;
  EXPECT_GT(resumed.read().resumed_from, 0);
  EXPECT_EQ(resumed.read().end, TrainerEnd::finished);
  EXPECT_EQ(engine::readVolumeFile(out / "map.vol").voxels, mapTrainedHere(kIterations));
}

TEST_F(LocalTrainingBackendTest, ACancelledTrainingEndsAtOnce) {
  const auto run = backend_.submit(request("training", 500));
  ASSERT_TRUE(waitForIteration(*run, dir_.path() / "training", 1));
  const auto started = std::chrono::steady_clock::now();
  run->cancel();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  const auto status = run->poll();
  EXPECT_EQ(status.state, TrainingState::failed);
  EXPECT_EQ(status.error, "cancelled");
}

TEST_F(LocalTrainingBackendTest, APairTheTrainerRefusesFailsWithTheTrainersReason) {
  fs::remove(pair_dir_ / "FORMAT");  // as a pair of format 1 was
  const auto run = backend_.submit(request("training", 4));
  const auto status = waitForEnd(*run, 60s);
  EXPECT_EQ(status.state, TrainingState::failed);
  EXPECT_NE(status.error.find("refused"), std::string::npos) << status.error;
  EXPECT_NE(status.error.find("format"), std::string::npos) << status.error;
}

TEST_F(LocalTrainingBackendTest, AMissingTrainerCannotBeSubmittedAndSaysWhich) {
  const auto missing = dir_.path() / "bin" / "everynet-train";
  LocalTrainingBackend backend(missing);
  try {
    backend.submit(request("training", 4));
    FAIL() << "submitted a missing trainer";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(missing.string()), std::string::npos) << error.what();
  }
}

// A trainer that hangs and ignores SIGTERM (a script, for want of a real one that does): stop()
// kills it after the grace period, and it counts as stopped, to resume from its last checkpoint.
TEST_F(LocalTrainingBackendTest, AStopThatIsNotHeededKillsTheTrainerAfterTheGracePeriod) {
  const auto trainer = dir_.path() / "everynet-train";
  std::ofstream(trainer) << "#!/bin/sh\ntrap '' TERM\nsleep 60\n";
  fs::permissions(trainer, fs::perms::owner_all);
  LocalTrainingBackend backend(trainer, 300ms);
  const auto run = backend.submit(request("training", 4));
  std::this_thread::sleep_for(200ms);  // the trap is set
  const auto started = std::chrono::steady_clock::now();
  run->stop();
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 5s);
  EXPECT_EQ(run->poll().state, TrainingState::stopped);
}

}  // namespace
}  // namespace everynet::service
