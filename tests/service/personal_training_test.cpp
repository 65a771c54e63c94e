// How a job follows its personal training (followTraining) and how the service settles its
// methods at start (planAnalyses), with trainers that are shell scripts standing in for
// everynet-train where the real one cannot be made to: one that falls silent, one that sees a
// GPU, one of another pair format; and a fake cluster backend for what the local one never does
// (reattach, wait in a queue). The real trainer through the same backend: tests/service/training/.
#include "service/worker/personal_training.h"

#include <gtest/gtest.h>

#include <deque>
#include <fstream>

#include "service/training/local_training_backend.h"
#include "service/worker/analysis_plan.h"
#include "tests/support/temp_dir.h"

namespace everynet::service {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// A cluster's run as a script of statuses, one per poll; the last one repeats.
class ScriptedRun : public TrainingRun {
 public:
  ScriptedRun(std::string id, std::deque<TrainingStatus> statuses)
      : id_(std::move(id)), statuses_(std::move(statuses)) {}
  std::string id() const override { return id_; }
  TrainingStatus poll() override {
    const auto status = statuses_.front();
    if (statuses_.size() > 1) statuses_.pop_front();
    return status;
  }
  void cancel() override {}
  void stop() override {}

 private:
  std::string id_;
  std::deque<TrainingStatus> statuses_;
};

// A cluster backend that knows one run, "7", and submits runs that play `statuses`.
class ScriptedBackend : public TrainingBackend {
 public:
  explicit ScriptedBackend(std::deque<TrainingStatus> statuses) : statuses_(std::move(statuses)) {}
  std::string name() const override { return "cluster"; }
  std::unique_ptr<TrainingRun> submit(const TrainingRequest&) override {
    ++submissions;
    return std::make_unique<ScriptedRun>(std::to_string(100 + submissions), statuses_);
  }
  std::unique_ptr<TrainingRun> reattach(const std::string& id, const TrainingRequest&) override {
    reattached.push_back(id);
    if (id != "7") return nullptr;
    return std::make_unique<ScriptedRun>(id, statuses_);
  }

  int submissions = 0;
  std::vector<std::string> reattached;

 private:
  std::deque<TrainingStatus> statuses_;
};

TrainingStatus waitingFor(const std::string& why) {
  return {TrainingState::running, "", why};
}
const TrainingStatus kRunning{TrainingState::running, "", ""};
const TrainingStatus kFinished{TrainingState::finished, "", ""};

class PersonalTrainingTest : public ::testing::Test {
 protected:
  // A trainer script: `body` runs with OUT set to the --out directory.
  fs::path trainer(const std::string& body) {
    const auto path = dir_.path() / "everynet-train";
    std::ofstream(path) << "#!/bin/sh\n"
                           "while [ $# -gt 0 ]; do [ \"$1\" = --out ] && OUT=$2; shift; done\n"
                        << body;
    fs::permissions(path, fs::perms::owner_all);
    return path;
  }

  // A trainer that answers --describe as a trainer of this pair format with these GPUs.
  fs::path describingTrainer(int pair_format, int cuda_devices) {
    const auto path = dir_.path() / "described-train";
    std::ofstream(path) << "#!/bin/sh\necho '{\"trainer\":\"everynet-train\",\"version\":\"0.1.0\","
                           "\"pair_format\":"
                        << pair_format
                        << ",\"libtorch\":\"1.13.1\",\"cuda_devices\":" << cuda_devices
                        << ",\"blas\":\"OpenBLAS\"}'\n";
    fs::permissions(path, fs::perms::owner_all);
    return path;
  }

  TrainingRequest request() const {
    TrainingRequest r;
    r.pair_dir = dir_.path() / "pair";
    r.out_dir = dir_.path() / "training";
    r.profile = "test";
    return r;
  }

  // What the job sees: the iterations reported, and a cancel request or a stop when asked for;
  // the run recorded in the index and why it waits.
  TrainingWatch watch(std::chrono::seconds silent_limit) {
    TrainingWatch w;
    w.recorded_run = [this] { return recorded_run_; };
    w.record_run = [this](const std::string& run) { recorded_run_ = run; };
    w.waiting = [this](const std::string& why) { waits_.push_back(why); };
    w.started = [this](const TrainerProgress& p) { started_on_ = p.device; };
    w.iteration = [this](const TrainerIteration& i) { reported_.push_back(i.iteration); };
    w.cancel_requested = [this] { return cancel_; };
    w.stopping = [this] { return stopping_; };
    w.silent_limit = silent_limit;
    return w;
  }

  test::TempDir dir_;
  std::string started_on_;
  std::vector<int> reported_;
  std::string recorded_run_;
  std::vector<std::string> waits_;
  bool cancel_ = false;
  bool stopping_ = false;
};

// Three iterations at once: faster than the follower polls.
const std::string kThreeIterations =
    "mkdir -p \"$OUT\"\n"
    "echo '{\"event\":\"started\",\"device\":\"cpu\",\"total\":3,\"resumed_from\":0}' "
    ">> \"$OUT/progress.jsonl\"\n"
    "for i in 1 2 3; do echo '{\"event\":\"iteration\",\"iteration\":'$i',\"total\":3,"
    "\"critic_loss\":0,\"generator_loss\":0,\"eta_seconds\":0}' >> \"$OUT/progress.jsonl\"; "
    "done\n";

TEST_F(PersonalTrainingTest, EachIterationIsReportedAndTheMapEndsIt) {
  LocalTrainingBackend backend(trainer(kThreeIterations + "echo map > \"$OUT/map.vol\"\n"));
  EXPECT_EQ(followTraining(backend, request(), watch(10s)).end, TrainingEnd::finished);
  EXPECT_EQ(started_on_, "cpu");
  EXPECT_EQ(reported_, (std::vector<int>{1, 2, 3})) << "each iteration once, in order";
  ASSERT_TRUE(recorded_run_.starts_with("local:")) << recorded_run_;
  EXPECT_GT(std::stoi(recorded_run_.substr(6)), 0)
      << "the trainer's PID is recorded for a reattach after a restart";
  EXPECT_TRUE(waits_.empty()) << "a local training never waits";
}

TEST_F(PersonalTrainingTest, TheRunRecordedByAnEarlierProcessIsReattachedNotSubmittedAgain) {
  ScriptedBackend backend({kRunning, kFinished});
  recorded_run_ = "cluster:7";
  EXPECT_EQ(followTraining(backend, request(), watch(10s)).end, TrainingEnd::finished);
  EXPECT_EQ(backend.reattached, std::vector<std::string>{"7"}) << "the ID without its backend";
  EXPECT_EQ(backend.submissions, 0);
  EXPECT_EQ(recorded_run_, "cluster:7");
}

TEST_F(PersonalTrainingTest, ARecordedRunThatIsGoneIsSubmittedAgainAndTheNewOneRecorded) {
  ScriptedBackend backend({kFinished});
  recorded_run_ = "cluster:8";
  EXPECT_EQ(followTraining(backend, request(), watch(10s)).end, TrainingEnd::finished);
  EXPECT_EQ(backend.reattached, std::vector<std::string>{"8"});
  EXPECT_EQ(backend.submissions, 1);
  EXPECT_EQ(recorded_run_, "cluster:101");
}

TEST_F(PersonalTrainingTest, ARunRecordedByAnotherBackendIsNotReattached) {
  ScriptedBackend backend({kFinished});
  recorded_run_ = "local:7";
  EXPECT_EQ(followTraining(backend, request(), watch(10s)).end, TrainingEnd::finished);
  EXPECT_TRUE(backend.reattached.empty()) << "local:7 is not the cluster's job 7";
  EXPECT_EQ(backend.submissions, 1);
  EXPECT_EQ(recorded_run_, "cluster:101");

  LocalTrainingBackend local(trainer("mkdir -p \"$OUT\"\necho map > \"$OUT/map.vol\"\n"));
  recorded_run_ = "cluster:7";
  EXPECT_EQ(followTraining(local, request(), watch(10s)).end, TrainingEnd::finished);
  EXPECT_TRUE(recorded_run_.starts_with("local:")) << recorded_run_;
}

TEST_F(PersonalTrainingTest, AQueuedTrainingSaysWhyItWaitsOnceEachAndIsNotTakenForHung) {
  // About 2 s in the queue (a poll every 250 ms) against a silence limit of 1 s, then it runs.
  std::deque<TrainingStatus> statuses(4, waitingFor("Slurm job 101 is pending: Priority"));
  statuses.insert(statuses.end(), 4, waitingFor("Slurm job 101 is pending: Resources"));
  statuses.insert(statuses.end(), {kRunning, kFinished});
  ScriptedBackend backend(statuses);
  EXPECT_EQ(followTraining(backend, request(), watch(1s)).end, TrainingEnd::finished);
  EXPECT_EQ(waits_, (std::vector<std::string>{"Slurm job 101 is pending: Priority",
                                              "Slurm job 101 is pending: Resources", ""}));
}

TEST_F(PersonalTrainingTest, ATrainingThatRunsButWritesNothingIsStillTakenForHung) {
  ScriptedBackend backend({waitingFor("Slurm job 101 is pending: Resources"), kRunning});
  EXPECT_THROW(followTraining(backend, request(), watch(1s)), std::runtime_error);
  EXPECT_EQ(waits_, (std::vector<std::string>{"Slurm job 101 is pending: Resources", ""}));
}

TEST_F(PersonalTrainingTest, TheWatchsIndexCallbacksMayBeLeftUnset) {
  ScriptedBackend backend({waitingFor("pending"), kFinished});
  recorded_run_ = "cluster:7";
  auto unset = watch(10s);
  unset.recorded_run = nullptr;
  unset.record_run = nullptr;
  unset.waiting = nullptr;
  EXPECT_EQ(followTraining(backend, request(), unset).end, TrainingEnd::finished);
  EXPECT_EQ(backend.submissions, 1) << "nothing recorded: nothing to reattach";
}

TEST_F(PersonalTrainingTest, ATrainerThatFallsSilentIsKilledAndFailsSayingSo) {
  LocalTrainingBackend backend(trainer(kThreeIterations + "sleep 60\n"));
  const auto started = std::chrono::steady_clock::now();
  try {
    followTraining(backend, request(), watch(2s));
    FAIL() << "a silent trainer was waited for";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("wrote no progress for 2 s"), std::string::npos)
        << error.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST_F(PersonalTrainingTest, ACancelRequestOrAStopEndsTheTrainingAsAsked) {
  LocalTrainingBackend backend(trainer(kThreeIterations + "sleep 60\n"), 200ms);
  cancel_ = true;
  EXPECT_EQ(followTraining(backend, request(), watch(30s)).end, TrainingEnd::cancelled);
  cancel_ = false;
  stopping_ = true;
  EXPECT_EQ(followTraining(backend, request(), watch(30s)).end, TrainingEnd::stopped);
}

TEST_F(PersonalTrainingTest, ATrainerThatFailsFailsTheTrainingWithItsReason) {
  LocalTrainingBackend backend(
      trainer("mkdir -p \"$OUT\"\necho 'the pair is not on the grid' >&2\nexit 1\n"));
  try {
    followTraining(backend, request(), watch(10s));
    FAIL() << "a failed training finished";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("not on the grid"), std::string::npos) << error.what();
  }
}

TEST_F(PersonalTrainingTest, AutoAddsThePersonalWganOnlyWhereTheTrainerSeesAGpu) {
  Config::Engine engine;
  engine.trainer = describingTrainer(2, 1);
  auto plan = planAnalyses(engine);
  EXPECT_EQ(plan.methods,
            (std::vector{AnalysisMethod::registration_subtraction, AnalysisMethod::personal_wgan}));
  ASSERT_TRUE(plan.trainer_description);
  EXPECT_EQ(plan.trainer_description->cuda_devices, 1);

  engine.trainer = describingTrainer(2, 0);
  plan = planAnalyses(engine);
  EXPECT_EQ(plan.methods, (std::vector{AnalysisMethod::registration_subtraction}));
  EXPECT_NE(plan.personal_wgan_left_out.find("sees no GPU"), std::string::npos);

  engine.trainer = describingTrainer(2, 1);
  engine.device = ComputeDevice::cpu;
  plan = planAnalyses(engine);
  EXPECT_EQ(plan.methods, (std::vector{AnalysisMethod::registration_subtraction}));
  EXPECT_NE(plan.personal_wgan_left_out.find("engine.device"), std::string::npos);
}

TEST_F(PersonalTrainingTest, AListRunsItsMethodsClassicalFirstAndRefusesAnUnusableTrainer) {
  Config::Engine engine;
  engine.methods = {AnalysisMethod::personal_wgan, AnalysisMethod::registration_subtraction};
  engine.trainer = describingTrainer(2, 0);
  const auto plan = planAnalyses(engine);
  EXPECT_EQ(plan.methods,
            (std::vector{AnalysisMethod::registration_subtraction, AnalysisMethod::personal_wgan}))
      << "listed, the personal WGAN runs on the CPU too";

  engine.trainer = describingTrainer(1, 1);
  try {
    planAnalyses(engine);
    FAIL() << "a trainer of pair format 1 was accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("personal-wgan is listed"), std::string::npos)
        << error.what();
  }
  engine.methods = {AnalysisMethod::registration_subtraction};
  EXPECT_NO_THROW(planAnalyses(engine)) << "the trainer is not asked when it is not used";
}

}  // namespace
}  // namespace everynet::service
