// Reading a trainer's progress.jsonl as it grows (engine/core/TRAINER.md).
#include "service/training/training_progress.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/temp_dir.h"

namespace everynet::service {
namespace {

class TrainingProgressTest : public ::testing::Test {
 protected:
  void append(const std::string& text) {
    std::ofstream(dir_.path() / "progress.jsonl", std::ios::app) << text;
  }
  test::TempDir dir_;
};

constexpr const char* kStarted =
    R"({"event":"started","device":"cpu","total":40,"resumed_from":0,"libtorch":"1.13.0"})"
    "\n";
constexpr const char* kIteration1 =
    R"({"event":"iteration","iteration":1,"total":40,"critic_loss":-0.8,"generator_loss":0.3,"eta_seconds":12.5})"
    "\n";

TEST_F(TrainingProgressTest, NoFileIsNothingYet) {
  TrainerProgressReader reader(dir_.path());
  const auto& progress = reader.read();
  EXPECT_FALSE(progress.started);
  EXPECT_FALSE(progress.last_iteration);
  EXPECT_FALSE(progress.last_written);
  EXPECT_EQ(progress.end, TrainerEnd::none);
  EXPECT_EQ(progressFileSize(dir_.path()), 0u);
}

TEST_F(TrainingProgressTest, ReadsTheStartTheLastIterationAndTheEnd) {
  TrainerProgressReader reader(dir_.path());
  append(kStarted);
  append(kIteration1);
  append(
      R"({"event":"iteration","iteration":2,"total":40,"critic_loss":-0.5,"generator_loss":0.25,"eta_seconds":11})"
      "\n");
  auto progress = reader.read();
  EXPECT_TRUE(progress.started);
  EXPECT_EQ(progress.device, "cpu");
  EXPECT_EQ(progress.total, 40);
  EXPECT_EQ(progress.resumed_from, 0);
  EXPECT_EQ(progress.libtorch, "1.13.0");
  ASSERT_TRUE(progress.last_iteration);
  EXPECT_EQ(progress.last_iteration->iteration, 2);
  EXPECT_EQ(progress.last_iteration->total, 40);
  EXPECT_DOUBLE_EQ(progress.last_iteration->critic_loss, -0.5);
  EXPECT_DOUBLE_EQ(progress.last_iteration->generator_loss, 0.25);
  EXPECT_DOUBLE_EQ(progress.last_iteration->eta_seconds, 11);
  EXPECT_EQ(progress.end, TrainerEnd::none);
  EXPECT_TRUE(progress.last_written);

  append(R"({"event":"finished","seconds":14.2,"iterations_run":40})"
         "\n");
  progress = reader.read();
  EXPECT_EQ(progress.end, TrainerEnd::finished);
  EXPECT_DOUBLE_EQ(progress.seconds, 14.2);
  EXPECT_EQ(progress.last_iteration->iteration, 2);
}

TEST_F(TrainingProgressTest, IgnoresALastLineCutShortUntilItIsWhole) {
  TrainerProgressReader reader(dir_.path());
  append(kStarted);
  append(kIteration1);
  append(R"({"event":"iteration","iteration":2,"total":40,"crit)");
  EXPECT_EQ(reader.read().last_iteration->iteration, 1);
  append(R"(ic_loss":-0.5,"generator_loss":0.25,"eta_seconds":11})"
         "\n");
  EXPECT_EQ(reader.read().last_iteration->iteration, 2);
}

TEST_F(TrainingProgressTest, AResumedRunCountsFromItsStartEvenAfterALineCutShortByAKill) {
  append(kStarted);
  append(kIteration1);
  append(R"({"event":"iteration","iteration":2,"tot)");  // killed while writing
  append(R"({"event":"started","device":"cpu","total":40,"resumed_from":1})"
         "\n");
  TrainerProgressReader reader(dir_.path());
  const auto& progress = reader.read();
  EXPECT_TRUE(progress.started);
  EXPECT_EQ(progress.resumed_from, 1);
  EXPECT_FALSE(progress.last_iteration) << "the iteration was of the run before";
}

TEST_F(TrainingProgressTest, AReaderFromAnOffsetSeesOnlyTheLinesOfItsRun) {
  append(kStarted);
  append(R"({"event":"stopped","iteration":17})"
         "\n");
  TrainerProgressReader reader(dir_.path(), progressFileSize(dir_.path()));
  EXPECT_FALSE(reader.read().started);
  EXPECT_EQ(reader.read().end, TrainerEnd::none);
  append(R"({"event":"failed","error":"out of memory"})"
         "\n");
  EXPECT_EQ(reader.read().end, TrainerEnd::failed);
  EXPECT_EQ(reader.read().error, "out of memory");
}

TEST_F(TrainingProgressTest, SkipsLinesOfAnotherShape) {
  append("not json\n");
  append(R"({"event":"iteration","iteration":"two"})"
         "\n");
  append(kIteration1);
  append("[1,2]\n");
  TrainerProgressReader reader(dir_.path());
  ASSERT_TRUE(reader.read().last_iteration);
  EXPECT_EQ(reader.read().last_iteration->iteration, 1);
}

}  // namespace
}  // namespace everynet::service
