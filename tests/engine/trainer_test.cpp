// everynet-train as the service runs it: the built binary as a child process on a pair written
// with writePairFiles, its files and exit status against engine/core/TRAINER.md.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/change_model_trainer.h"
#include "engine/core/profile_settings.h"
#include "engine/core/training_pair_files.h"

namespace everynet::engine {
namespace {

namespace fs = std::filesystem;

class ScratchDir {
 public:
  ScratchDir()
      : path_(fs::temp_directory_path() /
              ("everynet-trainer-" + std::to_string(std::random_device{}()))) {
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The test profile made tiny; a checkpoint every second iteration.
std::vector<std::string> tinySettings(int iterations) {
  return {"generator_iterations=" + std::to_string(iterations), "checkpoint_every=2",
          "warmup_iterations=1", "heavy_critic_updates=2", "critic_updates=1"};
}

// A bright disc in a dimmer ellipse on the test profile's grid.
geometry::Volume head(double lesion_radius, std::array<int, 3> size) {
  auto v = geometry::Volume::zeros(size, {1.5, 1.5, 2.5});
  const int xy = size[0];
  for (int k = 0; k < size[2]; ++k)
    for (int j = 0; j < size[1]; ++j)
      for (int i = 0; i < xy; ++i) {
        const double dx = (i - xy / 2.0) / (0.4 * xy), dy = (j - xy / 2.0) / (0.45 * xy);
        float value = dx * dx + dy * dy < 1.0 ? 0.4f : 0.0f;
        if (std::hypot(i - 0.6 * xy, j - 0.5 * xy) < lesion_radius) value = 0.9f;
        v.at(i, j, k) = value;
      }
  return v;
}

PairFiles pairOn(std::array<int, 3> grid) {
  auto mask = head(0, grid);
  for (auto& voxel : mask.voxels) voxel = voxel > 0 ? 1.0f : 0.0f;
  return {{head(6, grid), head(9, grid), {30, 31, 32}}, mask};
}

std::array<int, 3> testGrid() {
  const auto profile = *profileByName("test");
  return {profile.grid_xy, profile.grid_xy, profile.grid_z};
}

std::vector<std::string> trainerCommand(const fs::path& pair, const fs::path& out, int iterations) {
  std::vector<std::string> command{"--pair",    pair.string(), "--out",    out.string(),
                                   "--profile", "test",        "--seed",   "5",
                                   "--threads", "1",           "--device", "cpu"};
  for (const auto& setting : tinySettings(iterations)) {
    command.insert(command.end(), {"--set", setting});
  }
  return command;
}

// Starts the trainer with its output (stdout and stderr) to `log`.
pid_t startTrainer(const std::vector<std::string>& arguments, const fs::path& log) {
  std::vector<std::string> strings{EVERYNET_TRAIN_BINARY};
  strings.insert(strings.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int exitStatusOf(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string textOf(const fs::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Finished {
  int status;
  std::string output;
};

Finished runTrainer(const std::vector<std::string>& arguments, const fs::path& log) {
  const int status = exitStatusOf(startTrainer(arguments, log));
  return {status, textOf(log)};
}

std::vector<std::string> linesOf(const fs::path& file) {
  std::vector<std::string> lines;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The map trained here, in this process, as everynet-train is asked to train it.
std::vector<float> mapTrainedHere(const PairFiles& files, int iterations) {
  TrainingOptions options;
  options.profile = profileWithSettings("test", tinySettings(iterations));
  options.seed = 5;
  options.device = "cpu";
  options.threads = 1;
  const auto outcome = trainChangeModel(files.pair, options);
  EXPECT_TRUE(outcome.finished);
  return outcome.change_map.voxels;
}

TEST(TrainerTest, TrainsTheMapOfTheSameTrainingInProcessAndReportsEachIteration) {
  ScratchDir dir;
  const auto files = pairOn(testGrid());
  writePairFiles(dir.path() / "pair", files);
  const auto out = dir.path() / "out";
  const auto run = runTrainer(trainerCommand(dir.path() / "pair", out, 4), dir.path() / "log");
  ASSERT_EQ(run.status, 0) << run.output;

  EXPECT_EQ(readVolumeFile(out / "map.vol").voxels, mapTrainedHere(files, 4))
      << "the same profile, seed and threads give the same map";
  EXPECT_FALSE(fs::exists(out / "map.vol.partial"));
  const auto lines = linesOf(out / "progress.jsonl");
  ASSERT_EQ(lines.size(), 6u) << textOf(out / "progress.jsonl");
  EXPECT_TRUE(std::regex_match(
      lines[0],
      std::regex(
          R"(\{"event":"started","device":"cpu","total":4,"resumed_from":0,"libtorch":"[^"]+"\})")))
      << lines[0];
  for (int i = 1; i <= 4; ++i) {
    const std::regex iteration(R"(\{"event":"iteration","iteration":)" + std::to_string(i) +
                               R"(,"total":4,"critic_loss":[-0-9.e+]+,"generator_loss":[-0-9.e+]+)"
                               R"(,"eta_seconds":[0-9.e+-]+\})");
    EXPECT_TRUE(std::regex_match(lines[i], iteration)) << lines[i];
  }
  EXPECT_TRUE(std::regex_match(
      lines[5], std::regex(R"(\{"event":"finished","seconds":[0-9.e+-]+,"iterations_run":4\})")))
      << lines[5];
}

TEST(TrainerTest, StopsAtSigtermAndResumesToTheUninterruptedMap) {
  ScratchDir dir;
  const auto files = pairOn(testGrid());
  writePairFiles(dir.path() / "pair", files);
  const auto out = dir.path() / "out";
  const auto command = trainerCommand(dir.path() / "pair", out, 12);
  const pid_t trainer = startTrainer(command, dir.path() / "log");
  // After the second iteration's line, the checkpoint holds at least two iterations.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (textOf(out / "progress.jsonl").find(R"("iteration":2,)") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(trainer, SIGTERM);
  ASSERT_EQ(exitStatusOf(trainer), 3) << textOf(dir.path() / "log");
  auto lines = linesOf(out / "progress.jsonl");
  ASSERT_FALSE(lines.empty());
  EXPECT_TRUE(
      std::regex_match(lines.back(), std::regex(R"(\{"event":"stopped","iteration":\d+\})")))
      << lines.back();
  EXPECT_FALSE(fs::exists(out / "map.vol"));
  const std::size_t first_run_lines = lines.size();

  const auto resumed = runTrainer(command, dir.path() / "log");
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  lines = linesOf(out / "progress.jsonl");
  ASSERT_GT(lines.size(), first_run_lines) << "the resumed run appends";
  std::smatch started;
  ASSERT_TRUE(std::regex_match(
      lines[first_run_lines], started,
      std::regex(
          R"(\{"event":"started","device":"cpu","total":12,"resumed_from":(\d+),"libtorch":"[^"]+"\})")))
      << lines[first_run_lines];
  EXPECT_GE(std::stoi(started[1]), 2);
  EXPECT_EQ(readVolumeFile(out / "map.vol").voxels, mapTrainedHere(files, 12))
      << "a resumed training ends where an uninterrupted one does";
}

TEST(TrainerTest, RefusesAPairOfAnotherFormatNamingBothFormats) {
  ScratchDir dir;
  const auto pair = dir.path() / "pair";
  writePairFiles(pair, pairOn(testGrid()));
  fs::remove(pair / "FORMAT");  // as format 1 wrote it
  auto run = runTrainer(trainerCommand(pair, dir.path() / "out", 4), dir.path() / "log");
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.output.find("format 1"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("format 2"), std::string::npos) << run.output;

  std::ofstream(pair / "FORMAT") << "EVERYNET-PAIR 3\n";
  run = runTrainer(trainerCommand(pair, dir.path() / "out", 4), dir.path() / "log");
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.output.find("format 3"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("format 2"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(dir.path() / "out" / "map.vol"));
}

TEST(TrainerTest, RefusesAPairOffTheProfilesGridAndBadArguments) {
  ScratchDir dir;
  writePairFiles(dir.path() / "pair", pairOn({32, 32, 8}));
  auto run =
      runTrainer(trainerCommand(dir.path() / "pair", dir.path() / "out", 4), dir.path() / "log");
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.output.find("working grid"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(dir.path() / "out" / "map.vol"));

  EXPECT_EQ(runTrainer({"--pair", "x", "--out", "y", "--bogus", "1"}, dir.path() / "log").status,
            2);
  EXPECT_EQ(runTrainer({"--pair", "x"}, dir.path() / "log").status, 2);
  EXPECT_EQ(runTrainer({"--pair", "x", "--out", "y", "--device", "gpu"}, dir.path() / "log").status,
            2);
  EXPECT_EQ(
      runTrainer({"--pair", "x", "--out", "y", "--threads", "two"}, dir.path() / "log").status, 2);
}

TEST(TrainerTest, DescribesItselfInOneLineOfJson) {
  ScratchDir dir;
  const auto run = runTrainer({"--describe"}, dir.path() / "log");
  ASSERT_EQ(run.status, 0) << run.output;
  const std::regex description(
      R"re(\{"trainer":"everynet-train","version":"[0-9.]+","pair_format":2,"libtorch":"[^"]+",)re"
      R"re("cuda_devices":\d+,"blas":"(MKL|OpenBLAS|unknown)"\}\n)re");
  EXPECT_TRUE(std::regex_match(run.output, description)) << run.output;
}

}  // namespace
}  // namespace everynet::engine
