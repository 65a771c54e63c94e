// The trainer's check: a trainer that is missing, broken, hangs or reads another pair format is
// refused with the reason. The scripts stand in for trainers built elsewhere; the real trainer's
// description is checked in local_training_backend_test.cpp.
#include "service/training/trainer_description.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/temp_dir.h"

namespace everynet::service {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class TrainerDescriptionTest : public ::testing::Test {
 protected:
  fs::path script(const std::string& name, const std::string& body) {
    const auto file = dir_.path() / name;
    std::ofstream(file) << "#!/bin/sh\n" << body << '\n';
    fs::permissions(file, fs::perms::owner_all);
    return file;
  }
  // The message describeTrainer throws, or "" when it does not.
  static std::string refusal(const fs::path& trainer, std::chrono::milliseconds time_limit = 10s) {
    try {
      describeTrainer(trainer, time_limit);
    } catch (const std::runtime_error& error) {
      return error.what();
    }
    return "";
  }
  static bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
  test::TempDir dir_;
};

TEST_F(TrainerDescriptionTest, ReadsTheDescriptionOfATrainerOfThisPairFormat) {
  const auto trainer = script(
      "everynet-train",
      R"(echo '{"trainer":"everynet-train","version":"0.1.0","pair_format":2,"libtorch":"1.13.1","cuda_devices":2,"blas":"OpenBLAS"}')");
  const auto description = describeTrainer(trainer);
  EXPECT_EQ(description.version, "0.1.0");
  EXPECT_EQ(description.pair_format, 2);
  EXPECT_EQ(description.libtorch, "1.13.1");
  EXPECT_EQ(description.cuda_devices, 2);
  EXPECT_EQ(description.blas, "OpenBLAS");
}

TEST_F(TrainerDescriptionTest, RefusesAMissingTrainerNamingItsPath) {
  const auto missing = dir_.path() / "nowhere" / "everynet-train";
  const auto message = refusal(missing);
  EXPECT_TRUE(has(message, missing.string())) << message;
  EXPECT_TRUE(has(message, "no such file")) << message;
}

TEST_F(TrainerDescriptionTest, RefusesAFileThatIsNotExecutable) {
  const auto file = dir_.path() / "everynet-train";
  std::ofstream(file) << "not a program\n";
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_TRUE(has(refusal(file), "not executable")) << refusal(file);
}

TEST_F(TrainerDescriptionTest, RefusesATrainerOfAnotherPairFormatNamingBoth) {
  const auto trainer = script(
      "everynet-train",
      R"(echo '{"trainer":"everynet-train","version":"0.0.9","pair_format":1,"libtorch":"1.13.1","cuda_devices":0,"blas":"OpenBLAS"}')");
  const auto message = refusal(trainer);
  EXPECT_TRUE(has(message, trainer.string())) << message;
  EXPECT_TRUE(has(message, "pair format 1")) << message;
  EXPECT_TRUE(has(message, "pair format 2")) << message;
}

TEST_F(TrainerDescriptionTest, RefusesATrainerThatFailsWithItsMessage) {
  const auto trainer = script(
      "everynet-train", "echo 'error while loading shared libraries: libtorch.so' >&2\nexit 127");
  const auto message = refusal(trainer);
  EXPECT_TRUE(has(message, "exit status 127")) << message;
  EXPECT_TRUE(has(message, "libtorch.so")) << message;
}

TEST_F(TrainerDescriptionTest, RefusesAProgramThatPrintsSomethingElse) {
  const auto message = refusal(script("everynet-train", "echo 'usage: something'"));
  EXPECT_TRUE(has(message, "did not print a trainer's description")) << message;
  EXPECT_TRUE(has(message, "usage: something")) << message;
  EXPECT_TRUE(has(refusal(script("other", R"(echo '{"trainer":"other","pair_format":2}')")),
                  "did not print"));
}

TEST_F(TrainerDescriptionTest, RefusesATrainerThatDoesNotAnswerInTime) {
  // The shell's sleep is a child of its own: the whole process group goes at the limit.
  const auto trainer = script("everynet-train", "sleep 30\necho '{}'");
  const auto started = std::chrono::steady_clock::now();
  const auto message = refusal(trainer, 300ms);
  EXPECT_TRUE(has(message, "did not answer within 300 ms")) << message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

}  // namespace
}  // namespace everynet::service
